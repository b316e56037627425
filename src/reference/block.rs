//! Block accumulation (docs/spec.md section 12): the K products of an output, each scaled by
//! 2^(s + xa + xb), are cut into blocks of n; each block's terms are summed (exactly, or after
//! truncating every term to p bits below the largest one, accumulator included) and the
//! accumulator is rounded into its format F once per block:
//!
//! ```text
//! acc_0 = C;  acc_(b+1) = round_F(align_P(acc_b, the scaled products of block b));  Y = the last acc
//! ```
//!
//! n = 1 with F = FP16 is the FP16 chain of section 4 (HFP8's datapath), n = K is exact
//! accumulation (section 8); between them are the block dot-product units of MX hardware and the
//! published models of GPU tensor cores.
//!
//! Exactly aligned blocks reuse exact accumulation's integer matrix products, one per stretch of
//! a block that shares its block scales; where a block is one stretch, the accumulator plus its
//! sum is rounded to odd in float64 and then rounded once more, which gives the exact total's
//! rounding ([`super::exact`]'s `Fast`), else in 128-bit or big integers. n = 1 into FP16
//! (s = 0, no scales) runs the FP16 chain's engine, the same bits K times faster. Truncated
//! alignment needs every term's exponent, so it runs term by term.

use std::num::NonZeroUsize;

use half::f16;
use ndarray::parallel::prelude::*;
use ndarray::{s, Array2, ArrayView2, Axis, Zip};

use super::exact::{
    exact_dot, round_sum, round_total, special_with_c, ExactError, Fast, Operands, OutFormat, Special, Specials, MAX_SCALE_EXP,
};
use super::gemm::{chain, chain_values, check_operands, SrConfig};
use super::round::Rounding;
use crate::format::{Class, Decoded, FloatFormat, Format};
use crate::progress::{Interrupted, Progress};
use crate::rng::{stream_seed, SrStream};

/// Largest p of align_P: a block's truncated terms then sum in an `i128` for any n below 2^60.
pub const MAX_ALIGN_BITS: u32 = 64;

/// The E8M0 code of a NaN scale (OCP MX v1.0, section 5.4).
pub const E8M0_NAN: u8 = 0xFF;

/// The exponent bias of E8M0: code x is 2^(x - 127).
pub const E8M0_BIAS: i32 = 127;

/// How a block's terms are aligned before they are summed (align_P of section 12).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Align {
    /// Summed exactly (P = exact).
    Exact,
    /// Every term, accumulator included, truncated toward zero to a multiple of 2^(E - p), E the
    /// weight of the largest term's leading bit: the largest keeps its leading bit and p more.
    Bits(u32),
    /// As `Bits`, with E the largest of the terms' exponents rather than of their leading bits:
    /// a product's exponent is the sum of its operands' (each the exponent of its leading bit,
    /// the format's smallest normal exponent for a subnormal), its significand in [1, 4) not
    /// normalised; the accumulator's is its own. This is how the tensor-core models of Fasi et
    /// al. (2021) and Khattak and Mikaitis (2025) align ("extra alignment bits" p - 23).
    Exponent(u32),
}

impl Align {
    /// p, if the terms are truncated.
    fn bits(self) -> Option<u32> {
        match self {
            Align::Exact => None,
            Align::Bits(p) | Align::Exponent(p) => Some(p),
        }
    }
}

/// How the accumulator rounds once per block.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BlockRounding {
    /// Round to nearest, ties to even.
    NearestEven,
    /// Toward zero; past the largest finite value it stays there.
    TowardZero,
    /// Stochastic rounding: output (i, j)'s stream ([`crate::rng`]) steps once per block.
    Stochastic(SrConfig),
}

/// A block accumulator (docs/spec.md section 12).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Blocks {
    /// Products per block; `None`: the whole dot product in one block (section 8: one rounding
    /// even for K = 0, which makes a NaN C canonical), where n = K would round no block then.
    pub n: Option<NonZeroUsize>,
    /// The accumulator's format F (also C's and Y's).
    pub acc: OutFormat,
    /// How a block's terms are aligned.
    pub align: Align,
    /// How the accumulator rounds.
    pub rounding: BlockRounding,
    /// s of the scale 2^s applied to every product, in -64..=64.
    pub scale_exp: i32,
    /// Fraction bits the accumulator keeps, if fewer than F's: it rounds onto F's exponent
    /// range with this many (H100's FP8 accumulation keeps 13 of binary32's 23: Khattak and
    /// Mikaitis 2025, DeepSeek-V3's report section 3.5.2).
    pub keep: Option<u32>,
    /// Promotion (DeepSeek-V3's report, section 3.3.2): every this many products, a partial
    /// accumulator started at +0 is added into the output's accumulator of F, one RNE rounding
    /// at F's full precision; the blocks run inside each partial.
    pub promote: Option<NonZeroUsize>,
}

impl Blocks {
    /// n products per block into `acc`, exactly aligned, RNE, no scaling, no promotion.
    pub fn new(n: Option<NonZeroUsize>, acc: OutFormat) -> Blocks {
        Blocks { n, acc, align: Align::Exact, rounding: BlockRounding::NearestEven, scale_exp: 0, keep: None, promote: None }
    }
}

/// Block scales along K (OCP MX): product k of output (i, j) is scaled by
/// `2^(a[i][k / g] - 127) 2^(b[k / g][j] - 127)`, E8M0 codes, 0xFF a NaN. With them, an INT8
/// operand is an MXINT8 element: code x reads as x / 64 ([`Format::mx_unit_exp`]).
#[derive(Clone, Copy, Debug)]
pub struct BlockScales<'a> {
    /// A's scales, M x ceil(K / g).
    pub a: ArrayView2<'a, u8>,
    /// B's scales, ceil(K / g) x N.
    pub b: ArrayView2<'a, u8>,
    /// The scale block length g along K (32 in OCP MX).
    pub g: NonZeroUsize,
}

impl BlockScales<'_> {
    /// The scale exponent xa + xb of group q for output (i, j) (NaN codes excluded by the caller).
    fn exp(&self, i: usize, q: usize, j: usize) -> i32 {
        self.a[(i, q)] as i32 + self.b[(q, j)] as i32 - 2 * E8M0_BIAS
    }

    /// Whether output (i, j) meets a NaN scale in groups `qs`.
    fn nan(&self, i: usize, j: usize, qs: std::ops::Range<usize>) -> bool {
        qs.into_iter().any(|q| self.a[(i, q)] == E8M0_NAN || self.b[(q, j)] == E8M0_NAN)
    }

    pub(crate) fn check(&self, m: usize, k: usize, n: usize) -> Result<(), ExactError> {
        let (g, groups) = (self.g.get(), k.div_ceil(self.g.get()));
        let shape = |matrix, got: &[usize], want| match got {
            [r, c] if (*r, *c) == want => Ok(()),
            _ => Err(ExactError::ScaleShape { matrix, got: (got[0], got[1]), want, g }),
        };
        shape("scale A", self.a.shape(), (m, groups))?;
        shape("scale B", self.b.shape(), (groups, n))
    }
}

/// `Y` of section 12 on codes: A is M x K codes of `fmt_a`, B is K x N of `fmt_b`, C and Y are
/// M x N codes of `blocks.acc` (in the low bits of each `u32`), `scales` optional block scales.
///
/// # Errors
/// Shapes that do not multiply or a code outside its format ([`ExactError::Shape`]), scales of
/// the wrong shape, s or p out of range, or an interrupt.
#[allow(clippy::too_many_arguments)]
pub fn gemm_blocks(
    a: ArrayView2<u8>,
    fmt_a: Format,
    b: ArrayView2<u8>,
    fmt_b: Format,
    c: ArrayView2<u32>,
    blocks: &Blocks,
    scales: Option<&BlockScales>,
    progress: &Progress,
) -> Result<Array2<u32>, ExactError> {
    check_operands(a, fmt_a, b, fmt_b, c.dim())?;
    if blocks.scale_exp.abs() > MAX_SCALE_EXP {
        return Err(ExactError::ScaleExp(blocks.scale_exp));
    }
    if let Some(p) = blocks.align.bits() {
        if !(1..=MAX_ALIGN_BITS).contains(&p) {
            return Err(ExactError::AlignBits(p));
        }
    }
    let man = blocks.acc.spec().man_bits;
    if let Some(keep) = blocks.keep.filter(|&k| k > man) {
        return Err(ExactError::Keep { keep, acc: blocks.acc, man });
    }
    if let Some(sc) = scales {
        sc.check(a.nrows(), a.ncols(), b.ncols())?;
    }
    let sr = match blocks.rounding {
        BlockRounding::Stochastic(sr) => Some(sr),
        _ => None,
    };
    let chain_like = blocks.n == NonZeroUsize::new(1)
        && blocks.acc == OutFormat::Fp16
        && blocks.align == Align::Exact
        && blocks.keep.is_none()
        && blocks.promote.is_none()
        && blocks.rounding != BlockRounding::TowardZero;
    if chain_like {
        // The FP16 chain: the same roundings, one fused MAC each, K times faster than K block
        // steps; scales fold into the operands (2^(s + xa) a times 2^xb b is the scaled product).
        let c = c.mapv(|x| f16::from_bits(x as u16));
        let y = match (scales, blocks.scale_exp) {
            (None, 0) => chain(a, fmt_a, b, fmt_b, c.view(), sr, progress)?,
            _ => {
                let (va, vb) = scaled_operands(a, fmt_a, b, fmt_b, scales, blocks.scale_exp);
                chain_values(va, vb, c.view(), sr, progress)?
            }
        };
        return Ok(y.mapv(|x| u32::from(x.to_bits())));
    }
    // Tiles of outputs, each taken through all its blocks while its sums and accumulators stay
    // in cache. Outputs are independent: SR streams are seeded by their place in the whole Y.
    // One block (exact accumulation) reuses nothing across blocks: one tile, the widest products.
    let (m, n) = c.dim();
    let (th, tw) = if blocks.n.is_some_and(|n| n.get() < a.ncols()) { (TILE_ROWS, TILE_COLS) } else { (m.max(1), n.max(1)) };
    let tiles: Vec<_> =
        (0..m).step_by(th).flat_map(|i0| (0..n).step_by(tw).map(move |j0| (i0..(i0 + th).min(m), j0..(j0 + tw).min(n)))).collect();
    let outputs = tiles
        .par_iter()
        .map(|(rows, cols)| {
            let tile_scales =
                scales.map(|sc| BlockScales { a: sc.a.slice(s![rows.clone(), ..]), b: sc.b.slice(s![.., cols.clone()]), g: sc.g });
            let streams = sr.map(|s| {
                let seed = |i, j| stream_seed(s.seed, rows.start + i, cols.start + j);
                Array2::from_shape_fn((rows.len(), cols.len()), |(i, j)| SrStream::new(seed(i, j), s.bits))
            });
            let (a, b) = (a.slice(s![rows.clone(), ..]), b.slice(s![.., cols.clone()]));
            let mut run = Run { a, fmt_a, b, fmt_b, blocks, scales: tile_scales.as_ref(), streams, progress };
            run.all(c.slice(s![rows.clone(), cols.clone()]))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let mut y = Array2::zeros(c.dim());
    for ((rows, cols), tile) in tiles.into_iter().zip(outputs) {
        y.slice_mut(s![rows, cols]).assign(&tile);
    }
    Ok(y)
}

/// The operands' values with the scales folded in: A[i][k] 2^(s + xa) and B[k][j] 2^xb, of
/// A's and B's scale of k's group (a NaN scale gives a NaN), MXINT8's 2^-6 included. Exact in
/// float64: the exponents stay within +-(127 + 64 + 24).
fn scaled_operands(
    a: ArrayView2<u8>,
    fmt_a: Format,
    b: ArrayView2<u8>,
    fmt_b: Format,
    scales: Option<&BlockScales>,
    scale_exp: i32,
) -> (Array2<f64>, Array2<f64>) {
    let pow2 = |e: i32| f64::from_bits(((e + 1023) as u64) << 52);
    let scale = |code: u8, unit: i32| if code == E8M0_NAN { f64::NAN } else { pow2(code as i32 - E8M0_BIAS + unit) };
    let va = Array2::from_shape_fn(a.dim(), |(i, k)| {
        let x = scales.map_or(1.0, |sc| scale(sc.a[(i, k / sc.g.get())], fmt_a.mx_unit_exp()));
        fmt_a.to_f64(a[(i, k)]) * x * pow2(scale_exp)
    });
    let vb = Array2::from_shape_fn(b.dim(), |(k, j)| {
        let x = scales.map_or(1.0, |sc| scale(sc.b[(k / sc.g.get(), j)], fmt_b.mx_unit_exp()));
        fmt_b.to_f64(b[(k, j)]) * x
    });
    (va, vb)
}

/// Outputs per tile of [`gemm_blocks`]: a tile's float64 sums and accumulators (12 bytes an
/// output) fit in a core's L2 cache.
const TILE_ROWS: usize = 128;
const TILE_COLS: usize = 256;

/// One GEMM of the family: its operands and the state that persists across blocks.
struct Run<'a, 'b, 'c> {
    a: ArrayView2<'a, u8>,
    fmt_a: Format,
    b: ArrayView2<'a, u8>,
    fmt_b: Format,
    blocks: &'b Blocks,
    scales: Option<&'b BlockScales<'c>>,
    streams: Option<Array2<SrStream>>,
    progress: &'b Progress,
}

impl Run<'_, '_, '_> {
    /// Y from C: every block, with promotion every m products if the accumulator has it.
    fn all(&mut self, c: ArrayView2<u32>) -> Result<Array2<u32>, Interrupted> {
        let (k, acc) = (self.a.ncols(), c.as_standard_layout().into_owned());
        let Some(every) = self.blocks.promote else { return self.accumulate(acc, 0..k) };
        (0..k).step_by(every.get()).try_fold(acc, |acc, k0| {
            let partial = self.accumulate(Array2::zeros(c.dim()), k0..(k0 + every.get()).min(k))?;
            Ok(add_rounded(acc.view(), partial.view(), self.blocks.acc.spec()))
        })
    }

    /// `acc` after the blocks of products `ks`: one rounding per block.
    fn accumulate(&mut self, mut acc: Array2<u32>, ks: std::ops::Range<usize>) -> Result<Array2<u32>, Interrupted> {
        let blocks = self.blocks;
        let bounds: Vec<(usize, usize)> = match blocks.n {
            None => vec![(ks.start, ks.end)],
            Some(n) => ks.clone().step_by(n.get()).map(|k0| (k0, (k0 + n.get()).min(ks.end))).collect(),
        };
        let units = self.scales.map_or(0, |_| self.fmt_a.mx_unit_exp() + self.fmt_b.mx_unit_exp());
        let out = blocks.acc.spec();
        let grid = Grid::new(out, blocks.keep);
        for (k0, k1) in bounds {
            self.progress.check()?;
            let ops = Operands { a: self.a.slice(s![.., k0..k1]), fmt_a: self.fmt_a, b: self.b.slice(s![k0..k1, ..]), fmt_b: self.fmt_b };
            let block = Block { ops, k0, out, grid, scale_exp: blocks.scale_exp + units, scales: self.scales };
            let roundings = match self.streams.as_mut() {
                Some(streams) => Roundings::Drawn(Zip::from(streams).par_map_collect(SrStream::next_rounding)),
                None => Roundings::Fixed(default_rounding(blocks.rounding)),
            };
            acc = match blocks.align {
                Align::Exact => block.round_exact(acc, &roundings, self.progress)?,
                Align::Bits(p) => block.round_aligned(acc.view(), &roundings, p, false),
                Align::Exponent(p) => block.round_aligned(acc.view(), &roundings, p, true),
            };
        }
        Ok(acc)
    }
}

/// `round(acc + partial)` in `out`, RNE, element by element: the promotion step.
fn add_rounded(acc: ArrayView2<u32>, partial: ArrayView2<u32>, out: &'static FloatFormat) -> Array2<u32> {
    Zip::from(acc).and(partial).par_map_collect(|&acc, &p| {
        let (cd, pd) = (out.decode(acc), out.decode(p));
        let special = match pd.class {
            Class::Nan => Some(Special::Nan),
            Class::Inf => Some(Special::Inf { negative: pd.sign }),
            _ => None,
        };
        match special_with_c(special, cd) {
            Some(special) => special.code(out),
            None => {
                let term = match pd.class {
                    Class::Finite { sig, exp } => (if pd.sign { -(sig as i128) } else { sig as i128 }, exp),
                    _ => (0, 0),
                };
                let negative_zero = pd.class == Class::Zero && pd.sign;
                round_sum(out, Grid::of(out), cd, [term].into_iter(), Rounding::NearestEven, || negative_zero)
            }
        }
    })
}

/// The grid the accumulator rounds onto: F, or F with fewer fraction bits (then codes of the
/// narrow format, shifted left into F's layout).
#[derive(Clone, Copy, Debug)]
pub(super) struct Grid {
    /// The format rounded onto.
    pub(super) fmt: FloatFormat,
    /// Bits a code of `fmt` moves left to be a code of F.
    pub(super) shift: u32,
}

impl Grid {
    fn new(out: &FloatFormat, keep: Option<u32>) -> Grid {
        let man = keep.unwrap_or(out.man_bits);
        Grid { fmt: FloatFormat { man_bits: man, ..*out }, shift: out.man_bits - man }
    }

    /// F itself.
    pub(super) fn of(out: &FloatFormat) -> Grid {
        Grid::new(out, None)
    }
}

/// A scale exponent standing for a NaN scale in [`Block::round_exact`]: beyond the fast path's
/// range whatever it is added to, so that such outputs take the general path.
const NAN_EXP: i32 = 1 << 20;

/// The rounding of each output in one block.
enum Roundings {
    /// The same for every output (RNE or RZ).
    Fixed(Rounding),
    /// Drawn from each output's SR stream.
    Drawn(Array2<Rounding>),
}

impl Roundings {
    fn get(&self, i: usize, j: usize) -> Rounding {
        match self {
            Roundings::Fixed(r) => *r,
            Roundings::Drawn(r) => r[(i, j)],
        }
    }
}

/// The rounding of every output when no stream draws one.
fn default_rounding(r: BlockRounding) -> Rounding {
    match r {
        BlockRounding::TowardZero => Rounding::TowardZero,
        _ => Rounding::NearestEven,
    }
}

/// One block of every output: its operands, where it starts along K, and what scales it.
struct Block<'a, 'b, 'c> {
    ops: Operands<'a>,
    k0: usize,
    out: &'static FloatFormat,
    grid: Grid,
    scale_exp: i32,
    scales: Option<&'b BlockScales<'c>>,
}

impl Block<'_, '_, '_> {
    /// The block's stretches that share one scale group: (start, end) within the block and
    /// the group (0 without scales).
    fn stretches(&self) -> Vec<(usize, usize, usize)> {
        let len = self.ops.a.ncols();
        let Some(sc) = self.scales else { return vec![(0, len, 0)] };
        let g = sc.g.get();
        let mut out = Vec::new();
        let mut k = self.k0;
        while k < self.k0 + len {
            let end = ((k / g + 1) * g).min(self.k0 + len);
            out.push((k - self.k0, end - self.k0, k / g));
            k = end;
        }
        out
    }

    /// The scale groups the block meets.
    fn groups(&self) -> std::ops::Range<usize> {
        let len = self.ops.a.ncols();
        match self.scales {
            Some(sc) if len > 0 => self.k0 / sc.g.get()..(self.k0 + len - 1) / sc.g.get() + 1,
            _ => 0..0,
        }
    }

    /// `round(acc + sum of the block's scaled products)` with exact alignment: one exact
    /// integer matrix product per stretch, then one rounding per output, in place.
    fn round_exact(&self, mut acc: Array2<u32>, roundings: &Roundings, progress: &Progress) -> Result<Array2<u32>, Interrupted> {
        let parts = self
            .stretches()
            .into_iter()
            .map(|(k0, k1, q)| {
                let ops = Operands { a: self.ops.a.slice(s![.., k0..k1]), b: self.ops.b.slice(s![k0..k1, ..]), ..self.ops };
                exact_dot(&ops, progress).map(|(sums, units)| (sums, self.scale_exp - units, q))
            })
            .collect::<Result<Vec<_>, _>>()?;
        let specials = Specials::of(&self.ops);
        let (out, groups) = (self.out, self.groups());
        let scale = |i, q, j| self.scales.map_or(0, |sc| sc.exp(i, q, j));
        // The general path: specials, several stretches, exact zeros, R > 27.
        let general = |i: usize, j: usize, acc: u32| {
            let cd = out.decode(acc);
            let mut products = specials.as_ref().and_then(|sp| sp.products(&self.ops, i, j));
            if self.scales.is_some_and(|sc| sc.nan(i, j, groups.clone())) {
                products = Some(Special::Nan);
            }
            match special_with_c(products, cd) {
                Some(special) => special.code(out),
                None => {
                    let terms = parts.iter().map(|(sums, lsb, q)| (sums.get(i, j), lsb + scale(i, *q, j)));
                    round_sum(out, self.grid, cd, terms, roundings.get(i, j), || self.ops.all_negative_zeros(i, j))
                }
            }
        };
        // One stretch and no special operand: outputs round through float64 ([`Fast`]), each
        // row's and column's scale exponent read once (a NaN scale: out of Fast's range).
        let single = match parts.as_slice() {
            [(sums, lsb, q)] if specials.is_none() => {
                let exps = |codes: Vec<u8>| codes.into_iter().map(|x| if x == E8M0_NAN { NAN_EXP } else { x as i32 - E8M0_BIAS }).collect();
                let (rows, cols): (Vec<i32>, Vec<i32>) = match self.scales {
                    Some(sc) => (exps(sc.a.column(*q).to_vec()), exps(sc.b.row(*q).to_vec())),
                    None => (vec![0; acc.nrows()], vec![0; acc.ncols()]),
                };
                Some((sums, *lsb, rows, cols))
            }
            _ => None,
        };
        let fast = Fast::new(out, self.grid);
        acc.axis_iter_mut(Axis(0)).into_par_iter().enumerate().for_each(|(i, mut row)| {
            let row = row.as_slice_mut().expect("an owned, standard-layout accumulator");
            match &single {
                Some((sums, lsb, rows, cols)) => match (sums.row_f64(i), roundings) {
                    (Some(sums), Roundings::Fixed(r)) => fast.round_row(row, sums, lsb + rows[i], cols, *r, |j, c| general(i, j, c)),
                    _ => row.iter_mut().enumerate().for_each(|(j, c)| {
                        *c = fast
                            .round(*c, sums.get_f64(i, j), lsb + rows[i] + cols[j], roundings.get(i, j))
                            .unwrap_or_else(|| general(i, j, *c))
                    }),
                },
                None => row.iter_mut().enumerate().for_each(|(j, c)| *c = general(i, j, *c)),
            }
        });
        Ok(acc)
    }

    /// `round(align_p(acc, the block's scaled products))`, term by term; with `by_exponent` the
    /// terms align to the largest exponent ([`Align::Exponent`]) rather than leading bit.
    fn round_aligned(&self, acc: ArrayView2<u32>, roundings: &Roundings, p: u32, by_exponent: bool) -> Array2<u32> {
        let (da, db) = (Operand::table(self.ops.fmt_a), Operand::table(self.ops.fmt_b));
        let (out, grid, groups) = (self.out, self.grid, self.groups());
        let mut y = Array2::zeros(acc.dim());
        Zip::indexed(&mut y).and(&acc).par_for_each(|(i, j), y, &acc| {
            let rounding = roundings.get(i, j);
            let cd = out.decode(acc);
            let terms = (0..self.ops.a.ncols()).map(|k| {
                let scale = self.scales.map_or(0, |sc| sc.exp(i, (self.k0 + k) / sc.g.get(), j));
                Term::product(da[self.ops.a[(i, k)] as usize], db[self.ops.b[(k, j)] as usize], self.scale_exp + scale)
            });
            let nan_scale = self.scales.is_some_and(|sc| sc.nan(i, j, groups.clone()));
            *y = match special_with_c(if nan_scale { Some(Special::Nan) } else { Term::specials(terms.clone()) }, cd) {
                Some(special) => special.code(out),
                None => round_truncated(out, grid, Term::accumulator(cd, out), terms, p, by_exponent, rounding),
            };
        });
        y
    }
}

/// An operand decoded, with its exponent for [`Align::Exponent`]: that of its leading bit, or
/// the format's smallest normal exponent for a subnormal (an integer's leading bit).
#[derive(Clone, Copy, Debug)]
struct Operand {
    value: Decoded,
    exponent: i32,
}

impl Operand {
    /// Every code of `fmt`, decoded.
    fn table(fmt: Format) -> [Operand; 256] {
        std::array::from_fn(|x| {
            let value = fmt.decode(x as u8);
            let exponent = match (value.class, fmt.float()) {
                (Class::Finite { exp, .. }, Some(f)) => exp + f.man_bits as i32,
                (Class::Finite { sig, exp }, None) => exp + 31 - sig.leading_zeros() as i32,
                _ => 0,
            };
            Operand { value, exponent }
        })
    }
}

/// One term of a block: an exact scaled product or the accumulator.
#[derive(Clone, Copy, Debug)]
enum Term {
    Zero {
        negative: bool,
    },
    /// `(-1)^negative sig * 2^exp`, sig > 0; `exponent` the term's exponent for
    /// [`Align::Exponent`].
    Finite {
        negative: bool,
        sig: u64,
        exp: i32,
        exponent: i32,
    },
    Inf {
        negative: bool,
    },
    Nan,
}

impl Term {
    /// The product x w scaled by 2^scale.
    fn product(x: Operand, w: Operand, scale: i32) -> Term {
        let negative = x.value.sign ^ w.value.sign;
        match (x.value.class, w.value.class) {
            (Class::Nan, _) | (_, Class::Nan) => Term::Nan,
            (Class::Inf, Class::Zero) | (Class::Zero, Class::Inf) => Term::Nan,
            (Class::Inf, _) | (_, Class::Inf) => Term::Inf { negative },
            (Class::Zero, _) | (_, Class::Zero) => Term::Zero { negative },
            (Class::Finite { sig: sx, exp: ex }, Class::Finite { sig: sw, exp: ew }) => {
                Term::Finite { negative, sig: sx as u64 * sw as u64, exp: ex + ew + scale, exponent: x.exponent + w.exponent + scale }
            }
        }
    }

    /// The accumulator, a decoded code of `out`.
    fn accumulator(d: Decoded, out: &FloatFormat) -> Term {
        let negative = d.sign;
        match d.class {
            Class::Zero => Term::Zero { negative },
            Class::Finite { sig, exp } => Term::Finite { negative, sig: sig as u64, exp, exponent: exp + out.man_bits as i32 },
            Class::Inf => Term::Inf { negative },
            Class::Nan => Term::Nan,
        }
    }

    /// The products' special outcome (section 8's rules), if any.
    fn specials(terms: impl Iterator<Item = Term>) -> Option<Special> {
        let (mut pos, mut neg) = (false, false);
        for t in terms {
            match t {
                Term::Nan => return Some(Special::Nan),
                Term::Inf { negative } => {
                    pos |= !negative;
                    neg |= negative
                }
                _ => {}
            }
        }
        match (pos, neg) {
            (true, true) => Some(Special::Nan),
            (true, false) => Some(Special::Inf { negative: false }),
            (false, true) => Some(Special::Inf { negative: true }),
            (false, false) => None,
        }
    }

    /// Weight of the leading bit of a non-zero finite term, or with `by_exponent` its exponent.
    fn top(self, by_exponent: bool) -> Option<i32> {
        match self {
            Term::Finite { exponent, .. } if by_exponent => Some(exponent),
            Term::Finite { sig, exp, .. } => Some(exp + 63 - sig.leading_zeros() as i32),
            _ => None,
        }
    }

    /// The term truncated toward zero to a multiple of 2^lsb, in units of 2^lsb (below
    /// 2^(p + 1) when lsb = E - p).
    fn truncated(self, lsb: i32) -> i128 {
        let Term::Finite { negative, sig, exp, .. } = self else { return 0 };
        let mag = if exp >= lsb { (sig as i128) << (exp - lsb) } else { sig.checked_shr((lsb - exp) as u32).unwrap_or(0) as i128 };
        if negative {
            -mag
        } else {
            mag
        }
    }

    fn is_negative_zero(self) -> bool {
        matches!(self, Term::Zero { negative: true })
    }
}

/// `round(align_p(acc, terms))` for finite terms: each truncated to a multiple of 2^(E - p),
/// summed exactly, rounded once. A zero sum is -0 only when the accumulator and every term
/// are zeros of negative sign.
fn round_truncated(
    out: &FloatFormat,
    grid: Grid,
    acc: Term,
    terms: impl Iterator<Item = Term> + Clone,
    p: u32,
    by_exponent: bool,
    rounding: Rounding,
) -> u32 {
    let Some(top) = std::iter::once(acc).chain(terms.clone()).filter_map(|t| t.top(by_exponent)).max() else {
        let negative = acc.is_negative_zero() && terms.clone().all(Term::is_negative_zero);
        return if negative { out.sign_bit() } else { 0 };
    };
    let lsb = top - p as i32;
    let sum: i128 = std::iter::once(acc).chain(terms).map(|t| t.truncated(lsb)).sum();
    if sum == 0 {
        return 0;
    }
    round_total(grid, sum < 0, sum.unsigned_abs(), lsb, rounding)
}
