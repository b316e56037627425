//! Exact accumulation (docs/spec.md section 8): every output is the exact real value
//! `C[i][j] + 2^s * sum_k A[i][k] * B[k][j]`, rounded once to FP16 or FP32.
//!
//! The dot products are computed exactly, fast, by f64 matrix products (matrixmultiply,
//! through ndarray). Why that is exact:
//! * An FP8 value is an integer times a fixed power of two: `n * 2^-9` for E4M3 (|n| < 2^18),
//!   `n * 2^-16` for E5M2 (|n| < 2^32). E5M2's n is split into two 16-bit digits
//!   (n = hi * 2^16 + lo), so every operand matrix is one or two "slices" of integers of
//!   at most `w` = 18 or 16 bits.
//! * A product of two slices' entries is an integer below 2^(w_a + w_b); a sum of at most
//!   2^(53 - w_a - w_b) of them stays below 2^53. Every integer below 2^53 is an f64, so
//!   every partial sum a matrix product forms, in whatever order and with or without fused
//!   multiply-adds, is exact. K is cut into chunks of that length (2^17 for E4M3 x E4M3).
//! * Each chunk's exact integer result is added into an `i128` in units of
//!   2^-(u_a + u_b), shifted by the digits' weights: exact for any K below 2^63.
//!
//! C and 2^s are then added exactly (`i128`, or a big integer where the two terms' scales are
//! far apart) and the result rounded once by the model's one rounder. Special cases (NaN,
//! infinities, the sign of zero) are decided from the operands, as docs/spec.md section 8 lists them.

use half::f16;
use ndarray::{s, Array2, ArrayView2, Axis, Zip};
use num_bigint::{BigInt, Sign};

use super::block::{gemm_blocks, BlockRounding, Blocks, Grid, MAX_ALIGN_BITS};
use super::gemm::{OperandError, SrConfig};
use super::round::{round_magnitude, sum_to_odd, Rounding};
use crate::format::{Class, Decoded, FloatFormat, Format, BF16, FP16, FP32};
use crate::progress::{Interrupted, Progress};

/// Largest |s| of the power-of-two scale 2^s.
pub const MAX_SCALE_EXP: i32 = 64;

/// The format exact accumulation rounds into.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutFormat {
    /// IEEE binary16.
    Fp16,
    /// bfloat16: binary32's exponent, 7 fraction bits.
    Bf16,
    /// IEEE binary32.
    Fp32,
}

/// Error for an output format name other than `fp16`, `bf16` and `fp32`.
#[derive(Debug, thiserror::Error)]
#[error("unknown output format '{0}' (expected fp16, bf16 or fp32)")]
pub struct UnknownOutFormat(String);

impl std::str::FromStr for OutFormat {
    type Err = UnknownOutFormat;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        OutFormat::ALL.into_iter().find(|o| o.name().eq_ignore_ascii_case(s)).ok_or_else(|| UnknownOutFormat(s.to_string()))
    }
}

impl OutFormat {
    /// Every output format.
    pub const ALL: [OutFormat; 3] = [OutFormat::Fp16, OutFormat::Bf16, OutFormat::Fp32];

    /// The format's descriptor.
    pub const fn spec(self) -> &'static FloatFormat {
        match self {
            OutFormat::Fp16 => &FP16,
            OutFormat::Bf16 => &BF16,
            OutFormat::Fp32 => &FP32,
        }
    }

    /// Its name on the command line and in Python: `fp16`, `bf16`, `fp32`.
    pub const fn name(self) -> &'static str {
        self.spec().name
    }

    /// Its name in prose: `FP16`, `BF16`, `binary32`.
    pub const fn title(self) -> &'static str {
        match self {
            OutFormat::Fp16 => "FP16",
            OutFormat::Bf16 => "BF16",
            OutFormat::Fp32 => "binary32",
        }
    }

    /// Bits of a code (of C and Y).
    pub const fn bits(self) -> usize {
        self.spec().width() as usize
    }
}

impl std::fmt::Display for OutFormat {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// How exact accumulation rounds and scales.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Exact {
    /// The output format (and C's).
    pub out: OutFormat,
    /// s of the scale 2^s applied to the sum of products, in -64..=64.
    pub scale_exp: i32,
    /// Stochastic rounding: output (i, j) rounds with the low R bits of its stream's first
    /// value; RNE without.
    pub sr: Option<SrConfig>,
}

/// Input that exact accumulation refuses.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ExactError {
    /// The operand shapes do not multiply.
    #[error(transparent)]
    Shape(#[from] OperandError),
    /// s out of range.
    #[error("--scale-exp must be -{MAX_SCALE_EXP}..={MAX_SCALE_EXP}, got {0}")]
    ScaleExp(i32),
    /// A block-scale matrix of the wrong shape (docs/spec.md section 12).
    #[error("{matrix} is {}x{} but must be {}x{} for scale blocks of {g} along K", got.0, got.1, want.0, want.1)]
    ScaleShape {
        /// "scale A" or "scale B".
        matrix: &'static str,
        /// Its shape.
        got: (usize, usize),
        /// The shape the operands and g call for.
        want: (usize, usize),
        /// The scale block length.
        g: usize,
    },
    /// More fraction bits kept than the accumulator format has.
    #[error("the accumulator can keep at most {man} fraction bits of {acc}, not {keep}")]
    Keep {
        /// Bits asked for.
        keep: u32,
        /// The accumulator format.
        acc: OutFormat,
        /// Its fraction bits.
        man: u32,
    },
    /// p of align_P out of range.
    #[error("the alignment must keep 1..={MAX_ALIGN_BITS} bits below the largest term, got {0}")]
    AlignBits(u32),
    /// The work was cancelled.
    #[error(transparent)]
    Interrupted(#[from] Interrupted),
}

/// `Y = round(C + 2^s A x B)` with FP16 C and Y (docs/spec.md section 8, `--out fp16`).
pub fn gemm_exact_f16(
    a: ArrayView2<u8>,
    fmt_a: Format,
    b: ArrayView2<u8>,
    fmt_b: Format,
    c: ArrayView2<f16>,
    scale_exp: i32,
    sr: Option<SrConfig>,
) -> Result<Array2<f16>, ExactError> {
    let exact = Exact { out: OutFormat::Fp16, scale_exp, sr };
    let y = gemm_exact(a, fmt_a, b, fmt_b, par_map(c, |x| x.to_bits() as u32).view(), &exact)?;
    Ok(par_map(y.view(), |code| f16::from_bits(code as u16)))
}

/// `Y = round(C + 2^s A x B)` with FP32 C and Y (docs/spec.md section 8, `--out fp32`).
pub fn gemm_exact_f32(
    a: ArrayView2<u8>,
    fmt_a: Format,
    b: ArrayView2<u8>,
    fmt_b: Format,
    c: ArrayView2<f32>,
    scale_exp: i32,
    sr: Option<SrConfig>,
) -> Result<Array2<f32>, ExactError> {
    let exact = Exact { out: OutFormat::Fp32, scale_exp, sr };
    let y = gemm_exact(a, fmt_a, b, fmt_b, par_map(c, f32::to_bits).view(), &exact)?;
    Ok(par_map(y.view(), f32::from_bits))
}

/// `Y = round(C + 2^s A x B)` on codes: A is M x K FP8 codes of `fmt_a`, B is K x N of
/// `fmt_b`, C and Y are M x N codes of `exact.out` (in the low bits of each `u32`).
pub fn gemm_exact(
    a: ArrayView2<u8>,
    fmt_a: Format,
    b: ArrayView2<u8>,
    fmt_b: Format,
    c: ArrayView2<u32>,
    exact: &Exact,
) -> Result<Array2<u32>, ExactError> {
    gemm_exact_with_progress(a, fmt_a, b, fmt_b, c, exact, &Progress::hidden())
}

/// [`gemm_exact`], stopping with [`ExactError::Interrupted`] between its matrix products once
/// `progress` is cancelled. Exact accumulation is the block family's one-block preset
/// (docs/spec.md section 12, n = all).
pub fn gemm_exact_with_progress(
    a: ArrayView2<u8>,
    fmt_a: Format,
    b: ArrayView2<u8>,
    fmt_b: Format,
    c: ArrayView2<u32>,
    exact: &Exact,
    progress: &Progress,
) -> Result<Array2<u32>, ExactError> {
    let rounding = exact.sr.map_or(BlockRounding::NearestEven, BlockRounding::Stochastic);
    let blocks = Blocks { rounding, scale_exp: exact.scale_exp, ..Blocks::new(None, exact.out) };
    gemm_blocks(a, fmt_a, b, fmt_b, c, &blocks, None, progress)
}

/// `round(C + sum 2^lsb)` onto `out`, C a code of `out`: the one rounding of [`gemm_exact`]
/// for an output whose products are all finite and not all -0 (so an exact zero is +0). The
/// exact arrays' rounders are tested against it on their own.
pub fn round_once(out: OutFormat, c: u32, sum: i128, lsb: i32, rounding: Rounding) -> u32 {
    let out = out.spec();
    let cd = out.decode(c);
    match special_with_c(None, cd) {
        Some(special) => special.code(out),
        None => round_sum(out, Grid::of(out), cd, [(sum, lsb)].into_iter(), rounding, || false),
    }
}

/// A binary32 value rounded once onto `out` (FP16, BF16 or binary32): the rounding of an
/// accumulator's update, such as 16-bit master weights updated with SR (Mellempudi et al.
/// 2019). Past the largest finite value to infinity (RZ: to the largest finite value); zeros,
/// infinities keep their sign; a NaN gives the canonical NaN.
///
/// ```
/// use fp8mac::reference::round_f32;
/// use fp8mac::{OutFormat, Rounding};
/// // 1 + 2^-11 is halfway between two FP16 values: RNE picks the even one, 1.0.
/// assert_eq!(round_f32(1.0 + 2f32.powi(-11), OutFormat::Fp16, Rounding::NearestEven), 0x3C00);
/// ```
pub fn round_f32(x: f32, out: OutFormat, rounding: Rounding) -> u32 {
    let spec = out.spec();
    let d = FP32.decode(x.to_bits());
    let sign = if d.sign { spec.sign_bit() } else { 0 };
    match d.class {
        Class::Nan => spec.canonical_nan(),
        Class::Inf => (spec.max_finite() + 1) | sign,
        Class::Zero => sign,
        Class::Finite { sig, exp } => round_total(Grid::of(spec), d.sign, sig as u128, exp, rounding),
    }
}

/// `mapv` on all threads (the model's GEMMs are memory-bound outside the matrix product).
pub(super) fn par_map<T: Copy + Sync, U: Send>(m: ArrayView2<T>, f: impl Fn(T) -> U + Sync + Send) -> Array2<U> {
    Zip::from(m).par_map_collect(|&x| f(x))
}

// ============================================================================================
// The exact dot products

/// One matrix of integer digits in f64 and the power of two it is weighted by.
struct Slice {
    digits: Array2<f64>,
    weight: u32,
    /// Bits of the largest |digit|.
    width: u32,
}

/// The values of a format as `n * 2^-units`: 9 for E4M3FN, 16 for E5M2, 0 for INT8.
fn units(fmt: Format) -> u32 {
    (-fmt.lsb_exp()) as u32
}

/// The integer n of every code's value `n * 2^-units` (0 for NaN and infinities).
fn integers(fmt: Format) -> [i64; 256] {
    let u = units(fmt) as i32;
    std::array::from_fn(|code| {
        let d = fmt.decode(code as u8);
        match d.class {
            Class::Finite { sig, exp } => (if d.sign { -1 } else { 1 }) * ((sig as i64) << (exp + u)),
            _ => 0,
        }
    })
}

/// Widest digit of a slice: two of them multiply below 2^36, so that 2^17 products sum
/// exactly in f64.
const MAX_DIGIT_BITS: u32 = 18;

/// A matrix of codes as slices of signed digits of at most [`MAX_DIGIT_BITS`] bits each
/// (one slice for E4M3FN's 18-bit integers, two of 16 bits for E5M2's 32-bit ones).
fn slices(m: ArrayView2<u8>, fmt: Format) -> Vec<Slice> {
    let n = integers(fmt);
    let bits = n.iter().map(|v| 64 - v.unsigned_abs().leading_zeros()).max().unwrap_or(0).max(1);
    let count = bits.div_ceil(MAX_DIGIT_BITS);
    let width = bits.div_ceil(count);
    (0..count)
        .map(|i| {
            let shift = i * width;
            let mask = (1i64 << width) - 1;
            let d: [f64; 256] = std::array::from_fn(|x| (n[x].signum() * ((n[x].abs() >> shift) & mask)) as f64);
            Slice { digits: par_map(m, |x| d[x as usize]), weight: shift, width }
        })
        .collect()
}

/// The exact sums `sum_k A[i][k] B[k][j]` of the finite products.
pub(super) enum Sums {
    /// One matrix product (one slice each, K within one chunk: E4M3 x E4M3 up to K = 2^17),
    /// read as it is: every entry an integer below 2^53.
    Single(Array2<f64>),
    /// Several, added up.
    Many(Array2<i128>),
}

impl Sums {
    /// The sums plus `part` x 2^`weight` (a matrix product of integers below 2^53).
    fn add(self, part: Array2<f64>, weight: u32) -> Sums {
        let int = |p: f64| (p as i64 as i128) << weight;
        let mut sums = match self {
            Sums::Single(p) => Zip::from(&p).par_map_collect(|&p| p as i64 as i128),
            Sums::Many(s) => s,
        };
        Zip::from(&mut sums).and(&part).par_for_each(|s, &p| *s += int(p));
        Sums::Many(sums)
    }

    /// Row i's sums as float64 integers below 2^53, if they are held so.
    pub(super) fn row_f64(&self, i: usize) -> Option<&[f64]> {
        match self {
            Sums::Single(p) => p.row(i).to_slice(),
            Sums::Many(_) => None,
        }
    }

    /// Output (i, j)'s sum as a float64, if it is one exactly.
    pub(super) fn get_f64(&self, i: usize, j: usize) -> Option<f64> {
        match self {
            Sums::Single(p) => Some(p[(i, j)]),
            Sums::Many(s) => Some(s[(i, j)] as f64).filter(|v| v.abs() < 2f64.powi(53)),
        }
    }

    /// Output (i, j)'s sum.
    pub(super) fn get(&self, i: usize, j: usize) -> i128 {
        match self {
            // An integer below 2^53: `as i64` is exact.
            Sums::Single(p) => p[(i, j)] as i64 as i128,
            Sums::Many(s) => s[(i, j)],
        }
    }
}

/// The exact sums of the finite products, in units of 2^-units (the returned `units`).
pub(super) fn exact_dot(ops: &Operands, progress: &Progress) -> Result<(Sums, i32), Interrupted> {
    let (m, k, n) = (ops.a.nrows(), ops.a.ncols(), ops.b.ncols());
    let mut sums: Option<Sums> = None;
    for sa in slices(ops.a, ops.fmt_a) {
        for sb in slices(ops.b, ops.fmt_b) {
            let chunk = 1usize << (53 - sa.width - sb.width);
            let weight = sa.weight + sb.weight;
            for k0 in (0..k).step_by(chunk) {
                progress.check()?;
                let k1 = (k0 + chunk).min(k);
                let part = sa.digits.slice(s![.., k0..k1]).dot(&sb.digits.slice(s![k0..k1, ..]));
                sums = Some(match sums {
                    None if weight == 0 => Sums::Single(part),
                    None => Sums::Many(Array2::zeros((m, n))).add(part, weight),
                    Some(sums) => sums.add(part, weight),
                });
            }
        }
    }
    let units = (units(ops.fmt_a) + units(ops.fmt_b)) as i32;
    progress.check()?;
    Ok((sums.unwrap_or_else(|| Sums::Many(Array2::zeros((m, n)))), units))
}

// ============================================================================================
// Special cases

/// An output decided by its specials, before any arithmetic.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Special {
    Nan,
    Inf { negative: bool },
}

impl Special {
    /// The output code.
    pub(super) fn code(self, out: &FloatFormat) -> u32 {
        match self {
            Special::Nan => out.canonical_nan(),
            Special::Inf { negative } => (out.max_finite() + 1) | if negative { out.sign_bit() } else { 0 },
        }
    }
}

/// The operands: FP8 codes and their formats.
pub(super) struct Operands<'a> {
    pub(super) a: ArrayView2<'a, u8>,
    pub(super) fmt_a: Format,
    pub(super) b: ArrayView2<'a, u8>,
    pub(super) fmt_b: Format,
}

impl<'a> Operands<'a> {
    /// The decoded pairs (A[i][k], B[k][j]) of output (i, j)'s dot product.
    fn pairs(&self, i: usize, j: usize) -> impl Iterator<Item = (Decoded, Decoded)> + 'a {
        let (fmt_a, fmt_b) = (self.fmt_a, self.fmt_b);
        let (row, col) = (self.a.index_axis_move(Axis(0), i), self.b.index_axis_move(Axis(1), j));
        row.into_iter().zip(col).map(move |(&x, &w)| (fmt_a.decode(x), fmt_b.decode(w)))
    }

    /// Whether every product of output (i, j) is a zero of negative sign (vacuously true
    /// for K = 0).
    pub(super) fn all_negative_zeros(&self, i: usize, j: usize) -> bool {
        self.pairs(i, j).all(|(x, w)| (x.class == Class::Zero || w.class == Class::Zero) && (x.sign ^ w.sign))
    }
}

/// Per row of A and column of B: whether it holds a NaN or an infinity.
pub(super) struct Specials {
    row_nan: Vec<bool>,
    row_inf: Vec<bool>,
    col_nan: Vec<bool>,
    col_inf: Vec<bool>,
}

/// Per code of a format: whether it is a NaN, an infinity.
fn special_codes(fmt: Format) -> ([bool; 256], [bool; 256]) {
    let class = |code: usize| fmt.decode(code as u8).class;
    (std::array::from_fn(|x| class(x) == Class::Nan), std::array::from_fn(|x| class(x) == Class::Inf))
}

impl Specials {
    /// The flags, or None when no operand is a NaN or an infinity (most GEMMs: no output
    /// then needs more than C's class).
    pub(super) fn of(ops: &Operands) -> Option<Self> {
        let (a_nan, a_inf) = special_codes(ops.fmt_a);
        let (b_nan, b_inf) = special_codes(ops.fmt_b);
        // A fold, not an early-exit search: ndarray runs it along contiguous rows of the views.
        let any =
            |m: &ArrayView2<u8>, nan: &[bool; 256], inf: &[bool; 256]| m.fold(false, |any, &x| any | nan[x as usize] | inf[x as usize]);
        if !any(&ops.a, &a_nan, &a_inf) && !any(&ops.b, &b_nan, &b_inf) {
            return None;
        }
        let rows = |table: &[bool; 256]| ops.a.rows().into_iter().map(|r| r.iter().any(|&x| table[x as usize])).collect();
        // Columns row by row, to read B in memory order.
        let cols = |table: &[bool; 256]| {
            let mut flags = vec![false; ops.b.ncols()];
            for r in ops.b.rows() {
                flags.iter_mut().zip(r).for_each(|(f, &x)| *f |= table[x as usize]);
            }
            flags
        };
        Some(Specials { row_nan: rows(&a_nan), row_inf: rows(&a_inf), col_nan: cols(&b_nan), col_inf: cols(&b_inf) })
    }

    /// The special outcome of output (i, j) without C, if any: a NaN operand, a product
    /// inf x 0, infinite products of both signs, or an infinite product.
    pub(super) fn products(&self, ops: &Operands, i: usize, j: usize) -> Option<Special> {
        if self.row_nan[i] || self.col_nan[j] {
            return Some(Special::Nan);
        }
        if !(self.row_inf[i] || self.col_inf[j]) {
            return None;
        }
        let (mut pos, mut neg) = (false, false);
        for (x, w) in ops.pairs(i, j) {
            let inf = x.class == Class::Inf || w.class == Class::Inf;
            let zero = x.class == Class::Zero || w.class == Class::Zero;
            if inf && zero {
                return Some(Special::Nan);
            }
            if inf {
                if x.sign ^ w.sign {
                    neg = true
                } else {
                    pos = true
                }
            }
        }
        match (pos, neg) {
            (true, true) => Some(Special::Nan),
            (true, false) => Some(Special::Inf { negative: false }),
            (false, true) => Some(Special::Inf { negative: true }),
            (false, false) => None,
        }
    }
}

/// The special outcome of an output: the products' (if any) combined with C's class.
pub(super) fn special_with_c(p: Option<Special>, c: Decoded) -> Option<Special> {
    match (c.class, p) {
        (Class::Nan, _) | (_, Some(Special::Nan)) => Some(Special::Nan),
        (Class::Inf, Some(Special::Inf { negative })) if negative != c.sign => Some(Special::Nan),
        (Class::Inf, _) => Some(Special::Inf { negative: c.sign }),
        (_, p) => p,
    }
}

// ============================================================================================
// One rounding

/// Rounds `C + sum of the terms v * 2^lsb` (C decoded, known finite) once onto `out`.
/// `all_neg_zero` tells, when the exact result is zero, whether every product was a -0.
pub(super) fn round_sum(
    out: &FloatFormat,
    grid: Grid,
    cd: Decoded,
    terms: impl Iterator<Item = (i128, i32)> + Clone,
    rounding: Rounding,
    all_neg_zero: impl Fn() -> bool,
) -> u32 {
    let c = match cd.class {
        Class::Finite { sig, exp } => (if cd.sign { -(sig as i128) } else { sig as i128 }, exp),
        _ => (0, 0),
    };
    let (negative, mag, at) = exact_total(std::iter::once(c).chain(terms));
    if mag == 0 {
        // -0 only for -0 + (-0 products); cancellation gives +0.
        let neg = cd.class == Class::Zero && cd.sign && all_neg_zero();
        return if neg { out.sign_bit() } else { 0 };
    }
    round_total(grid, negative, mag, at, rounding)
}

/// `round(C + sum * 2^lsb)` through float64 for one accumulator format and grid: the common
/// case of a block summed exactly, most outputs of most GEMMs.
pub(super) struct Fast<'a> {
    out: &'a FloatFormat,
    grid: Grid,
    /// binary32 kept whole: the hardware's float64 -> float32 conversion rounds RNE.
    binary32: bool,
}

impl<'a> Fast<'a> {
    pub(super) fn new(out: &'a FloatFormat, grid: Grid) -> Self {
        let binary32 = grid.shift == 0 && out.exp_bits == FP32.exp_bits && out.man_bits == FP32.man_bits;
        Fast { out, grid, binary32 }
    }

    /// The code for a finite C (a code of F) and an integer `sum` below 2^53, when the exact
    /// total is not zero; None otherwise (the caller then takes the general path). The exact
    /// total is rounded to odd in float64 (a two-sum tells the sign of what the float64
    /// addition dropped): with 53 bits, at least two more than any grid of F with R <= 27 SR
    /// bits needs, that keeps every RNE tie, RZ truncation and SR fraction of the exact total,
    /// so rounding it again gives the exact total's rounding (Boldo and Melquiond, 2008).
    #[inline]
    pub(super) fn round(&self, c: u32, sum: Option<f64>, lsb: i32, rounding: Rounding) -> Option<u32> {
        if matches!(rounding, Rounding::Stochastic { bits, .. } if bits > 27) || !(-1022..=1023).contains(&lsb) {
            return None;
        }
        let a = if self.binary32 { Some(f32::from_bits(c) as f64).filter(|a| a.is_finite()) } else { self.out.finite_f64(c) }?;
        let x = sum? * f64::from_bits(((lsb + 1023) as u64) << 52); // exact: a power-of-two scale of an integer below 2^53
        let (s, odd) = sum_to_odd(a, x);
        if s == 0.0 || !s.is_finite() {
            return None;
        }
        if self.binary32 && rounding == Rounding::NearestEven {
            return Some((odd as f32).to_bits());
        }
        let field = odd.abs().to_bits();
        let (mag, exp) = ((field & ((1 << 52) - 1)) | 1 << 52, (field >> 52) as i32 - 1075);
        Some(round_total(self.grid, odd < 0.0, mag as u128, exp, rounding))
    }

    /// [`Fast::round`] of a row: C codes in `row` (replaced by Y's), its sums, the row's scale
    /// exponent `lsb` and each column's; `general` gives the outputs the fast path declines.
    /// Into binary32 with RNE the loop has no call and no unpredictable branch.
    pub(super) fn round_row(
        &self,
        row: &mut [u32],
        sums: &[f64],
        lsb: i32,
        cols: &[i32],
        rounding: Rounding,
        mut general: impl FnMut(usize, u32) -> u32,
    ) {
        if !(self.binary32 && rounding == Rounding::NearestEven) {
            for (j, c) in row.iter_mut().enumerate() {
                *c = self.round(*c, Some(sums[j]), lsb + cols[j], rounding).unwrap_or_else(|| general(j, *c));
            }
            return;
        }
        let mut declined = vec![false; row.len()];
        if round_binary32(row, sums, lsb, cols, &mut declined) == 0 {
            return;
        }
        // Pass two: the rare rest (exact zeros, infinities and NaNs of C, scales out of range).
        for (j, c) in row.iter_mut().enumerate().filter(|(j, _)| declined[*j]) {
            *c = general(j, *c);
        }
    }
}

/// Pass one of [`Fast::round_row`] into binary32 with RNE, branch-free so that it vectorises
/// (on AVX2 where the machine has it): every output the float64 route covers, the others left as
/// they are and marked `declined`. Returns how many it declined.
#[multiversion::multiversion(targets("x86_64+avx2"))]
fn round_binary32(row: &mut [u32], sums: &[f64], lsb: i32, cols: &[i32], declined: &mut [bool]) -> usize {
    let mut count = 0;
    for (((c, &sum), &col), declined) in row.iter_mut().zip(sums).zip(cols).zip(declined) {
        let e = lsb + col;
        let a = f32::from_bits(*c) as f64;
        let x = sum * f64::from_bits(((e.clamp(-1022, 1023) + 1023) as u64) << 52);
        let (s, odd) = sum_to_odd(a, x);
        let covered = (-1022..=1023).contains(&e) & (s != 0.0) & s.is_finite() & a.is_finite();
        *c = if covered { (odd as f32).to_bits() } else { *c };
        *declined = !covered;
        count += usize::from(!covered);
    }
    count
}

/// Rounds the non-zero `(-1)^negative mag * 2^at` onto the grid, returning a code of F: past
/// the largest finite value to infinity, or to the largest finite value when rounding toward zero.
pub(super) fn round_total(grid: Grid, negative: bool, mag: u128, at: i32, rounding: Rounding) -> u32 {
    let fmt = &grid.fmt;
    // The narrow type where the magnitude fits: the same rounding, about twice as fast.
    let code = match u64::try_from(mag) {
        Ok(mag) => round_magnitude(mag, at, fmt, rounding),
        Err(_) => round_magnitude(mag, at, fmt, rounding),
    };
    let code = match (code > fmt.max_finite(), rounding) {
        (false, _) => code,
        (true, Rounding::TowardZero) => fmt.max_finite(),
        (true, _) => fmt.max_finite() + 1,
    };
    (code | if negative { fmt.sign_bit() } else { 0 }) << grid.shift
}

/// The exact sum of the terms `v * 2^lsb` as a sign, a magnitude and its lsb: in an `i128`
/// when it fits, else through [`big_sum`] (whose lowest bit is sticky).
fn exact_total(terms: impl Iterator<Item = (i128, i32)> + Clone) -> (bool, u128, i32) {
    let fast = terms.clone().filter(|&(v, _)| v != 0).try_fold(None, |acc, (v, l)| match acc {
        None => Some(Some((v, l))),
        Some((x, lx)) => exact_sum(x, lx, v, l).map(Some),
    });
    match fast {
        Some(Some((total, at))) => (total < 0, total.unsigned_abs(), at),
        Some(None) => (false, 0, 0),
        None => big_sum(terms),
    }
}

/// `x * 2^lx + y * 2^ly` as an `i128` times 2^min(lx, ly), if it fits.
fn exact_sum(x: i128, lx: i32, y: i128, ly: i32) -> Option<(i128, i32)> {
    let at = lx.min(ly);
    let shifted = |v: i128, l: i32| {
        let by = (l - at) as u32;
        if v == 0 {
            Some(0)
        } else if by < 127 && v.unsigned_abs().leading_zeros() > by + 1 {
            Some(v << by)
        } else {
            None
        }
    };
    Some((shifted(x, lx)?.checked_add(shifted(y, ly)?)?, at))
}

/// [`exact_total`] in big integers, returned as a sign and a magnitude below 2^128 whose
/// lowest bit is sticky: the bits shifted out are ORed into it. That keeps every rounding
/// decision, because the rounding position of a 24-bit significand with 16 SR bits lies at
/// least 128 - 1 - 24 - 16 > 1 bits above it.
fn big_sum(terms: impl Iterator<Item = (i128, i32)> + Clone) -> (bool, u128, i32) {
    let at = terms.clone().filter(|&(v, _)| v != 0).map(|(_, l)| l).min().unwrap_or(0);
    let total: BigInt = terms.filter(|&(v, _)| v != 0).map(|(v, l)| BigInt::from(v) << (l - at) as u32).sum();
    let negative = total.sign() == Sign::Minus;
    let mag = total.magnitude();
    let drop = mag.bits().saturating_sub(120);
    let kept = mag >> drop;
    let sticky = drop > 0 && mag.trailing_zeros().is_some_and(|tz| tz < drop);
    let low = u128::try_from(kept).expect("at most 120 bits");
    (negative, low | sticky as u128, at + drop as i32)
}
