//! The numerics study behind `fp8mac accuracy` (docs/spec.md section 10): what each accumulation mode
//! does to FP8 dot products as K grows.
//!
//! For every data set, format pair and K, one M x K operand A and one K x N operand B are drawn
//! in float32, quantised to FP8 (RNE, saturating, no scaling: the data sets are of unit scale),
//! and multiplied by every [`Mode`] of the reference model. Each result Y is compared with
//! * `Y_exact`, the exact product of the same FP8 inputs, summed in `i128` here (not by the
//!   model's exact GEMM, so that the exact modes are checked too) and rounded once to f64;
//! * `Y_64`, the float64 product of the unquantised inputs,
//!
//! as the Frobenius relative error `||Y - Y_ref|| / ||Y_ref||`.

use std::sync::Arc;

use half::f16;
use indicatif::ProgressBar;
use ndarray::{Array2, ArrayView2};
use rand::{rngs::StdRng, Rng, SeedableRng};
use rand_distr::{Distribution, StandardNormal};
use rayon::prelude::*;
use serde::Serialize;

use crate::config::{Accumulator, ExactArray};
use crate::format::{Format, FormatSet};
use crate::progress::Progress;
use crate::reference::presets::{Preset, PRESETS};
use crate::reference::{self, encode_f32, OutFormat, Rounding, SrConfig};

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
        Mode { acc: How::Array(Accumulator::Exact(ExactArray { max_k_log2: 16, formats: FormatSet::DEFAULT, out })), sr_bits: None }
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

    /// `A x B` (zero C) in this mode, as f64 values. SR streams are seeded with `seed`.
    fn product(self, a: ArrayView2<u8>, fmt_a: Format, b: ArrayView2<u8>, fmt_b: Format, seed: u64) -> Array2<f64> {
        let (m, n) = (a.nrows(), b.ncols());
        let shapes = "the study draws matching shapes";
        let sr = self.sr_bits.map(|bits| SrConfig { bits, seed });
        match self.acc {
            How::Array(Accumulator::Fp16(_)) => {
                let zero = Array2::from_elem((m, n), f16::ZERO);
                reference::gemm(a, fmt_a, b, fmt_b, zero.view(), sr).expect(shapes).mapv(f16::to_f64)
            }
            How::Array(Accumulator::Exact(ExactArray { out, .. })) => {
                let how = reference::Exact { out, scale_exp: 0, sr };
                let y = reference::gemm_exact(a, fmt_a, b, fmt_b, Array2::zeros((m, n)).view(), &how).expect(shapes);
                y.mapv(|code| out.spec().to_f64(code))
            }
            How::Preset(p) => {
                let blocks = p.blocks(None, sr, 0).expect("the study runs each preset as it is");
                let zero = Array2::zeros((m, n));
                let y = reference::gemm_blocks(a, fmt_a, b, fmt_b, zero.view(), &blocks, None, &Progress::hidden()).expect(shapes);
                y.mapv(|code| blocks.acc.spec().to_f64(code))
            }
        }
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
    /// The format pairs (A's, B's).
    pub pairs: Vec<(Format, Format)>,
    /// The data sets.
    pub data: Vec<Data>,
    /// The modes.
    pub modes: Vec<Mode>,
    /// Seed of the data and of the SR streams.
    pub seed: u64,
}

/// One measurement: a mode's relative errors on one data set, format pair and K.
#[derive(Clone, Debug, Serialize)]
pub struct Point {
    /// The data set's name.
    pub data: &'static str,
    /// The formats, e.g. `e5m2xe4m3` (A's first).
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

/// The operands and references of one (data set, format pair, K).
struct Case {
    a: Array2<u8>,
    b: Array2<u8>,
    exact: Array2<f64>,
    f64: Array2<f64>,
}

impl Study {
    /// Multiply-accumulates the study performs per mode summed over K (the progress unit).
    pub fn work(&self) -> u64 {
        let cases = (self.data.len() * self.pairs.len() * self.modes.len()) as u64;
        cases * self.ks.iter().map(|&k| (self.m * k * self.n) as u64).sum::<u64>()
    }

    /// Runs the study on all cores, advancing `progress` by M K N per mode and case, and
    /// returns its points ordered by data set, format pair, K and mode.
    pub fn run(&self, progress: &ProgressBar) -> Vec<Point> {
        let mut grid = Vec::new();
        for (d, data) in self.data.iter().enumerate() {
            for (p, &pair) in self.pairs.iter().enumerate() {
                for &k in &self.ks {
                    grid.push((d, data, p, pair, k));
                }
            }
        }
        grid.par_iter()
            .flat_map_iter(|&(d, data, p, (fmt_a, fmt_b), k)| {
                let mut rng = StdRng::seed_from_u64(self.seed ^ ((d as u64) << 56) ^ ((p as u64) << 48) ^ k as u64);
                let case = self.case(data, &mut rng, fmt_a, fmt_b, k);
                let formats = format!("{fmt_a}x{fmt_b}");
                let points: Vec<Point> = self
                    .modes
                    .iter()
                    .map(|&mode| {
                        let y = mode.product(case.a.view(), fmt_a, case.b.view(), fmt_b, self.seed);
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

    fn case(&self, data: &Data, rng: &mut StdRng, fmt_a: Format, fmt_b: Format, k: usize) -> Case {
        let a32 = data.draw(rng, Operand::A, (self.m, k));
        let b32 = data.draw(rng, Operand::B, (k, self.n));
        let quantise = |x: &Array2<f32>, fmt| x.mapv(|v| encode_f32(v, fmt, Rounding::NearestEven, true));
        let (a, b) = (quantise(&a32, fmt_a), quantise(&b32, fmt_b));
        let exact = exact_product(a.view(), fmt_a, b.view(), fmt_b);
        let f64 = a32.mapv(f64::from).dot(&b32.mapv(f64::from));
        Case { a, b, exact, f64 }
    }
}

/// The exact product of FP8 matrices (finite codes), each entry correctly rounded to f64.
///
/// Every finite FP8 value is an integer times 2^-u (u = 9 for E4M3, 16 for E5M2, the least
/// subnormal's exponent) with |integer| < 2^32, so each product is an integer below 2^64 in
/// units of 2^-(u_a + u_b), and any K < 2^63 of them sum exactly in `i128`; `as f64` then
/// rounds once, to nearest, and the power-of-two unit scales it exactly.
pub fn exact_product(a: ArrayView2<u8>, fmt_a: Format, b: ArrayView2<u8>, fmt_b: Format) -> Array2<f64> {
    let (ua, ub) = (-fmt_a.lsb_exp(), -fmt_b.lsb_exp());
    let int = |code: u8, fmt: Format, u: i32| {
        let v = fmt.to_f64(code);
        assert!(v.is_finite(), "the study quantises with saturation");
        (v * 2f64.powi(u)) as i64 as i128
    };
    let ai = a.mapv(|x| int(x, fmt_a, ua));
    let bt = b.t().mapv(|x| int(x, fmt_b, ub));
    let unit = 2f64.powi(-(ua + ub));
    Array2::from_shape_fn((a.nrows(), b.ncols()), |(i, j)| {
        let sum: i128 = ai.row(i).iter().zip(bt.row(j)).map(|(x, w)| x * w).sum();
        sum as f64 * unit
    })
}

/// `||y - r|| / ||r||` (Frobenius); infinite or NaN when `y` holds an infinity or a NaN.
pub fn relative_error(y: &Array2<f64>, r: &Array2<f64>) -> f64 {
    let num: f64 = y.iter().zip(r).map(|(y, r)| (y - r).powi(2)).sum();
    let den: f64 = r.iter().map(|r| r.powi(2)).sum();
    (num / den).sqrt()
}
