//! The numerics study behind `fp8mac accuracy` (docs/spec.md section 10): what each accumulation mode
//! does to FP8 dot products as K grows.
//!
//! For every data set, operand scheme and K, one M x K operand A and one K x N operand B are
//! drawn in float32, quantised ([`Scheme`]: to FP8 with RNE, saturating, no scaling, the data
//! sets being of unit scale; or OCP MX, an E8M0 scale per 32 elements along K), and multiplied
//! by every [`Mode`] of the reference model. Each result Y is compared with
//! * `Y_exact`, the exact product of the same quantised inputs, summed in `i128` here (not by
//!   the model's exact GEMM, so that the exact modes are checked too) and rounded once to f64;
//! * `Y_64`, the float64 product of the unquantised inputs,
//!
//! as the Frobenius relative error `||Y - Y_ref|| / ||Y_ref||`.

use std::num::NonZeroUsize;
use std::sync::Arc;

use indicatif::ProgressBar;
use ndarray::{Array2, ArrayView2, Ix2};
use num_bigint::BigInt;
use num_traits::ToPrimitive;
use rand::{rngs::StdRng, Rng, SeedableRng};
use rand_distr::{Distribution, StandardNormal};
use rayon::prelude::*;
use serde::Serialize;

use crate::config::{Accumulator, ExactArray};
use crate::format::{Format, FormatSet};
use crate::progress::Progress;
use crate::reference::presets::{Preset, PRESETS};
use crate::reference::{
    self, encode_f32, mx_quantize, BlockRounding, BlockScales, Blocks, MxLayout, OutFormat, Rounding, ScaleRule, SrConfig,
};
use crate::reference::{E8M0_BIAS, E8M0_NAN};

/// An accumulation mode of the study: one of the arrays' accumulations ([`Accumulator`], whose
/// formats and K bound the reference model ignores), with SR of `sr_bits` random bits or RNE,
/// or a published accumulator of the block family ([`Preset`], docs/spec.md section 12).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Mode {
    /// The FP16 chain (docs/spec.md section 4), exact accumulation into FP16 or FP32 (section
    /// 8), or a preset.
    pub acc: How,
    /// R of stochastic rounding, or None for RNE (a preset's own rounding).
    pub sr_bits: Option<u32>,
}

/// What a [`Mode`] accumulates with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum How {
    /// One of the arrays' accumulations.
    Array(Accumulator),
    /// A preset of the block family, into its first accumulator format.
    Preset(&'static Preset),
}

impl Mode {
    /// Exact accumulation rounded once into binary32, RNE: the study's reference mode.
    pub const EXACT32: Mode = Mode::exact(OutFormat::Fp32);

    const fn exact(out: OutFormat) -> Mode {
        Mode {
            acc: How::Array(Accumulator::Exact(ExactArray { max_k_log2: 16, formats: FormatSet::DEFAULT, out, scale_bits: 0 })),
            sr_bits: None,
        }
    }

    const fn preset(index: usize) -> Mode {
        Mode { acc: How::Preset(&PRESETS[index]), sr_bits: None }
    }

    /// Every mode the study runs, in the order of its table: the FP16 chain with RNE and SR of
    /// 8 and 16 bits, exact into FP16 and into FP32, and the presets between them (mxdotp,
    /// h100-fp8, deepseek-v3; fp16-chain and exact are the first and fifth modes).
    pub const ALL: [Mode; 8] = [
        Mode { acc: How::Array(Accumulator::FP16), sr_bits: None },
        Mode { acc: How::Array(Accumulator::FP16), sr_bits: Some(8) },
        Mode { acc: How::Array(Accumulator::FP16), sr_bits: Some(16) },
        Mode::exact(OutFormat::Fp16),
        Mode::EXACT32,
        Mode::preset(2),
        Mode::preset(3),
        Mode::preset(4),
    ];

    /// The name of the table's column and the JSON's `mode` (`fp16`, `fp16-sr8`, `exact16`, ..).
    pub fn name(self) -> String {
        let sr = self.sr_bits.map_or(String::new(), |bits| format!("-sr{bits}"));
        match self.acc {
            How::Array(Accumulator::Fp16(_)) => format!("fp16{sr}"),
            How::Array(Accumulator::Exact(exact)) => format!("exact{}{sr}", exact.out.spec().width()),
            How::Preset(p) => format!("{}{sr}", p.name),
        }
    }

    /// `A x B` (zero C) in this mode with the MX block scales if any, as f64 values. SR streams
    /// are seeded with `seed`.
    fn product(
        self,
        a: ArrayView2<u8>,
        fmt_a: Format,
        b: ArrayView2<u8>,
        fmt_b: Format,
        scales: Option<&BlockScales>,
        seed: u64,
    ) -> Array2<f64> {
        let sr = self.sr_bits.map(|bits| SrConfig { bits, seed });
        let rounding = sr.map_or(BlockRounding::NearestEven, BlockRounding::Stochastic);
        // Every mode is a member of the block family (docs/spec.md section 12).
        let blocks = match self.acc {
            How::Array(Accumulator::Fp16(_)) => Blocks { rounding, ..Blocks::new(NonZeroUsize::new(1), OutFormat::Fp16) },
            How::Array(Accumulator::Exact(ExactArray { out, .. })) => Blocks { rounding, ..Blocks::new(None, out) },
            How::Preset(p) => p.blocks(None, sr, 0).expect("the study runs each preset as it is"),
        };
        let zero = Array2::zeros((a.nrows(), b.ncols()));
        let y = reference::gemm_blocks(a, fmt_a, b, fmt_b, zero.view(), &blocks, scales, &Progress::hidden());
        y.expect("the study draws matching shapes").mapv(|code| blocks.acc.spec().to_f64(code))
    }
}

/// How a panel's operands are quantised: A's and B's formats, plain (RNE, saturating, no
/// scale) or OCP MX (an E8M0 scale per 32 elements along K, OCP MX v1.0's floor rule; both
/// operands of one format).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Scheme {
    /// A's format.
    pub a: Format,
    /// B's format.
    pub b: Format,
    /// OCP MX block scaling.
    pub mx: bool,
}

/// OCP MX's block length.
const MX_BLOCK: usize = 32;

impl Scheme {
    /// The study's default panels: HFP8's two pairs, then MXFP8 (E4M3), MXFP6 (E2M3), MXFP4
    /// and MXINT8.
    pub const DEFAULT: [Scheme; 6] = [
        Scheme { a: Format::E4M3, b: Format::E4M3, mx: false },
        Scheme { a: Format::E5M2, b: Format::E4M3, mx: false },
        Scheme::mx(Format::E4M3),
        Scheme::mx(Format::E2M3),
        Scheme::mx(Format::E2M1),
        Scheme::mx(Format::INT8),
    ];

    /// Both operands in OCP MX with elements of `fmt`.
    pub const fn mx(fmt: Format) -> Scheme {
        Scheme { a: fmt, b: fmt, mx: true }
    }

    /// The panel's name, the JSON's `formats`: `e5m2xe4m3` (A's first), or OCP MX's name of the
    /// element type (`mxfp8-e4m3`, `mxfp6-e2m3`, `mxfp4-e2m1`, `mxint8`).
    pub fn name(self) -> String {
        match (self.mx, self.a.float()) {
            (false, _) => format!("{}x{}", self.a, self.b),
            (true, Some(f)) => format!("mxfp{}-{}", f.width(), self.a.tag()),
            (true, None) => format!("mx{}", self.a.tag()),
        }
    }

    /// The codes of `x` and, in MX, the E8M0 scales (`axis`: the K axis of the operand).
    fn quantise(self, x: &Array2<f32>, fmt: Format, axis: usize) -> (Array2<u8>, Option<Array2<u8>>) {
        if !self.mx {
            return (x.mapv(|v| encode_f32(v, fmt, Rounding::NearestEven, true)), None);
        }
        let layout = MxLayout { g: NonZeroUsize::new(MX_BLOCK).expect("non-zero"), axis };
        let (codes, scales) = mx_quantize(x.view().into_dyn(), fmt, &layout, ScaleRule::Floor, None).expect("axis 0 or 1 of a matrix");
        let two_d = |m: ndarray::ArrayD<u8>| m.into_dimensionality::<Ix2>().expect("a matrix");
        (two_d(codes), Some(two_d(scales)))
    }
}

/// A scheme name that is none of the table's formats' pairs or MX types.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("unknown operands {0:?}: name two formats as AxB (e4m3xe4m3, e5m2xe4m3, ...) or an OCP MX type (mxfp8-e4m3, mxfp6-e2m3, mxfp4-e2m1, mxint8, ...)")]
pub struct UnknownScheme(String);

impl std::str::FromStr for Scheme {
    type Err = UnknownScheme;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let name = s.trim().to_ascii_lowercase();
        if let Some(mx) = Format::ALL.into_iter().map(Scheme::mx).find(|m| m.name() == name) {
            return Ok(mx);
        }
        let pair = name.split_once('x').and_then(|(a, b)| Some(Scheme { a: a.parse().ok()?, b: b.parse().ok()?, mx: false }));
        pair.ok_or_else(|| UnknownScheme(s.to_string()))
    }
}

/// Where the operands' values come from.
#[derive(Clone, Debug)]
pub enum Data {
    /// Zero-mean: every entry of A and B drawn from N(0, 1).
    Gaussian,
    /// One-signed: |x| with x from N(0, 1) (the half-normal), so nothing cancels.
    OneSigned,
    /// A network's tensors: entries of A drawn uniformly (with replacement) from `a`, of B
    /// from `b`.
    Network(Arc<Network>),
}

impl Data {
    /// The name of the table's heading and the JSON's `data`.
    pub fn name(&self) -> &'static str {
        match self {
            Data::Gaussian => "gaussian",
            Data::OneSigned => "one-signed",
            Data::Network(_) => "network",
        }
    }

    fn draw(&self, rng: &mut StdRng, operand: Operand, shape: (usize, usize)) -> Array2<f32> {
        Array2::from_shape_simple_fn(shape, || match self {
            Data::Gaussian => StandardNormal.sample(rng),
            Data::OneSigned => f32::abs(StandardNormal.sample(rng)),
            Data::Network(net) => {
                let pool = match operand {
                    Operand::A => &net.a,
                    Operand::B => &net.b,
                };
                pool[rng.random_range(0..pool.len())]
            }
        })
    }
}

#[derive(Clone, Copy)]
enum Operand {
    A,
    B,
}

/// The values of a network's A-side (activations, or gradients) and B-side (weights) tensors,
/// each scaled by the power of two that brings its RMS nearest to 1, like the other data sets.
#[derive(Debug)]
pub struct Network {
    a: Vec<f32>,
    b: Vec<f32>,
}

/// A network tensor the study cannot use.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("the network's {0} tensor has no finite nonzero value")]
pub struct EmptyTensor(&'static str);

impl Network {
    /// The study's pools of the A-side and B-side values (finite values only; zeros kept).
    ///
    /// # Errors
    /// [`EmptyTensor`] when a side has no finite nonzero value.
    pub fn new(a: impl IntoIterator<Item = f32>, b: impl IntoIterator<Item = f32>) -> Result<Network, EmptyTensor> {
        Ok(Network { a: unit_rms(a, "A-side")?, b: unit_rms(b, "B-side")? })
    }
}

/// The finite values of `x` times the power of two bringing their RMS nearest to 1 (exact).
fn unit_rms(x: impl IntoIterator<Item = f32>, side: &'static str) -> Result<Vec<f32>, EmptyTensor> {
    let x: Vec<f32> = x.into_iter().filter(|v| v.is_finite()).collect();
    let ms = x.iter().map(|&v| f64::from(v).powi(2)).sum::<f64>() / x.len().max(1) as f64;
    if ms == 0.0 {
        return Err(EmptyTensor(side));
    }
    let scale = 2f32.powi(-(0.5 * ms.log2()).round() as i32);
    Ok(x.into_iter().map(|v| v * scale).collect())
}

/// The grid of a study.
#[derive(Clone, Debug)]
pub struct Study {
    /// Rows of A and Y.
    pub m: usize,
    /// Columns of B and Y.
    pub n: usize,
    /// The dot-product lengths K.
    pub ks: Vec<usize>,
    /// How the operands are quantised, a panel each.
    pub schemes: Vec<Scheme>,
    /// The data sets.
    pub data: Vec<Data>,
    /// The modes.
    pub modes: Vec<Mode>,
    /// Seed of the data and of the SR streams.
    pub seed: u64,
}

/// One measurement: a mode's relative errors on one data set, scheme and K.
#[derive(Clone, Debug, Serialize)]
pub struct Point {
    /// The data set's name.
    pub data: &'static str,
    /// The scheme's name, e.g. `e5m2xe4m3` (A's first) or `mxfp8-e4m3`.
    pub formats: String,
    /// The dot-product length.
    pub k: usize,
    /// The mode's name.
    pub mode: String,
    /// `||Y - Y_exact|| / ||Y_exact||` (null in JSON when Y overflowed to inf or NaN).
    pub err_exact: f64,
    /// `||Y - Y_64|| / ||Y_64||`.
    pub err_f64: f64,
}

/// The operands and references of one (data set, scheme, K).
struct Case {
    a: Array2<u8>,
    b: Array2<u8>,
    /// MX: A's and B's E8M0 scales.
    scales: Option<(Array2<u8>, Array2<u8>)>,
    exact: Array2<f64>,
    f64: Array2<f64>,
}

impl Study {
    /// Multiply-accumulates the study performs per mode summed over K (the progress unit).
    pub fn work(&self) -> u64 {
        let cases = (self.data.len() * self.schemes.len() * self.modes.len()) as u64;
        cases * self.ks.iter().map(|&k| (self.m * k * self.n) as u64).sum::<u64>()
    }

    /// Runs the study on all cores, advancing `progress` by M K N per mode and case, and
    /// returns its points ordered by data set, scheme, K and mode.
    pub fn run(&self, progress: &ProgressBar) -> Vec<Point> {
        let mut grid = Vec::new();
        for (d, data) in self.data.iter().enumerate() {
            for &scheme in &self.schemes {
                for &k in &self.ks {
                    grid.push((d, data, scheme, k));
                }
            }
        }
        grid.par_iter()
            .flat_map_iter(|&(d, data, scheme, k)| {
                // The data of a plain scheme are those of its MX scheme of the same formats.
                let pair = self.schemes.iter().position(|s| (s.a, s.b) == (scheme.a, scheme.b)).unwrap_or(0);
                let mut rng = StdRng::seed_from_u64(self.seed ^ ((d as u64) << 56) ^ ((pair as u64) << 48) ^ k as u64);
                let case = self.case(data, &mut rng, scheme, k);
                let formats = scheme.name();
                let g = NonZeroUsize::new(MX_BLOCK).expect("non-zero");
                let scales = case.scales.as_ref().map(|(xa, xb)| BlockScales { a: xa.view(), b: xb.view(), g });
                let points: Vec<Point> = self
                    .modes
                    .iter()
                    .map(|&mode| {
                        let y = mode.product(case.a.view(), scheme.a, case.b.view(), scheme.b, scales.as_ref(), self.seed);
                        progress.inc((self.m * k * self.n) as u64);
                        Point {
                            data: data.name(),
                            formats: formats.clone(),
                            k,
                            mode: mode.name(),
                            err_exact: relative_error(&y, &case.exact),
                            err_f64: relative_error(&y, &case.f64),
                        }
                    })
                    .collect();
                points
            })
            .collect()
    }

    fn case(&self, data: &Data, rng: &mut StdRng, scheme: Scheme, k: usize) -> Case {
        let a32 = data.draw(rng, Operand::A, (self.m, k));
        let b32 = data.draw(rng, Operand::B, (k, self.n));
        let ((a, xa), (b, xb)) = (scheme.quantise(&a32, scheme.a, 1), scheme.quantise(&b32, scheme.b, 0));
        let scales = xa.zip(xb);
        let exact = exact_product(a.view(), scheme.a, b.view(), scheme.b, scales.as_ref().map(|(xa, xb)| (xa.view(), xb.view())));
        let f64 = a32.mapv(f64::from).dot(&b32.mapv(f64::from));
        Case { a, b, scales, exact, f64 }
    }
}

/// The exact product of quantised matrices (finite codes), each entry correctly rounded to
/// f64; with `scales` (A's and B's E8M0 codes, none NaN), the product of the OCP MX values
/// (an MXINT8 code x meaning x / 64), blocks of 32 along K.
///
/// Every finite value of a table format is an integer times 2^-u (u = 9 for E4M3, 16 for
/// E5M2, the least subnormal's exponent) with |integer| < 2^32, so each product is an integer
/// below 2^64 in units of 2^-(u_a + u_b), and any K < 2^63 of them sum exactly in `i128`;
/// `as f64` then rounds once, to nearest, and the power-of-two unit scales it exactly. With
/// scales, each block's integer sum is scaled by its 2^(xa + xb) and the blocks added as big
/// integers, rounded once to f64 by `num-bigint`.
pub fn exact_product(
    a: ArrayView2<u8>,
    fmt_a: Format,
    b: ArrayView2<u8>,
    fmt_b: Format,
    scales: Option<(ArrayView2<u8>, ArrayView2<u8>)>,
) -> Array2<f64> {
    let (ua, ub) = (-fmt_a.lsb_exp(), -fmt_b.lsb_exp());
    let int = |code: u8, fmt: Format, u: i32| {
        let v = fmt.to_f64(code);
        assert!(v.is_finite(), "the study quantises with saturation");
        (v * 2f64.powi(u)) as i64 as i128
    };
    let ai = a.mapv(|x| int(x, fmt_a, ua));
    let bt = b.t().mapv(|x| int(x, fmt_b, ub));
    let unit = -(ua + ub);
    let k = a.ncols();
    let g = if scales.is_some() { MX_BLOCK } else { k.max(1) };
    Array2::from_shape_fn((a.nrows(), b.ncols()), |(i, j)| {
        let (row, col) = (ai.row(i), bt.row(j));
        // (sum, exponent of its unit) of each block along K.
        let sums = (0..k).step_by(g).map(|k0| {
            let sum: i128 = (k0..(k0 + g).min(k)).map(|k| row[k] * col[k]).sum();
            let exp = scales.map_or(0, |(xa, xb)| {
                let (x, w) = (xa[(i, k0 / g)], xb[(k0 / g, j)]);
                assert!(x != E8M0_NAN && w != E8M0_NAN, "finite data have finite scales");
                x as i32 + w as i32 - 2 * E8M0_BIAS + fmt_a.mx_unit_exp() + fmt_b.mx_unit_exp()
            });
            (sum, exp + unit)
        });
        let sums: Vec<(i128, i32)> = sums.collect();
        let low = sums.iter().map(|&(_, e)| e).min().unwrap_or(0);
        let total: BigInt = sums.iter().map(|&(s, e)| BigInt::from(s) << (e - low) as usize).sum();
        total.to_f64().expect("a finite total") * 2f64.powi(low)
    })
}

/// `||y - r|| / ||r||` (Frobenius); infinite or NaN when `y` holds an infinity or a NaN.
pub fn relative_error(y: &Array2<f64>, r: &Array2<f64>) -> f64 {
    let num: f64 = y.iter().zip(r).map(|(y, r)| (y - r).powi(2)).sum();
    let den: f64 = r.iter().map(|r| r.powi(2)).sum();
    (num / den).sqrt()
}
