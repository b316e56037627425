//! The one rounder: an exact magnitude `mag * 2^lsb` onto a format's grid, RNE, stochastic or
//! toward zero.

use num_traits::{AsPrimitive, CheckedShl, CheckedShr, PrimInt, Unsigned};

use crate::format::FloatFormat;

/// How to round an inexact result.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rounding {
    /// Round to nearest, ties to even.
    NearestEven,
    /// Round toward zero (truncate the magnitude): the block accumulators of docs/spec.md
    /// section 12 that model hardware without a rounding step. Stochastic rounding with a
    /// random input of 0 gives the same magnitudes.
    TowardZero,
    /// Stochastic rounding with `bits` random bits `rnd` (`rnd < 2^bits`): with `F` the
    /// discarded fraction of one grid step scaled to `bits` bits (truncated), the magnitude
    /// rounds away from zero exactly when `F + rnd >= 2^bits`.
    Stochastic {
        /// R, the random bits per rounding.
        bits: u32,
        /// The random input, below 2^R.
        rnd: u32,
    },
}

/// An unsigned magnitude the rounder works on: `u64` for the MAC (its sums fit, and the
/// narrow type keeps the model fast), `u128` for exact accumulation.
pub trait Magnitude: PrimInt + Unsigned + CheckedShl + CheckedShr + From<bool> + AsPrimitive<u32> + AsPrimitive<u64> {}
impl Magnitude for u64 {}
impl Magnitude for u128 {}

impl Rounding {
    /// Whether the magnitude `q + rem/2^shift` (in grid steps) rounds up to `q + 1`.
    #[inline]
    fn rounds_up<T: Magnitude>(self, q: T, rem: T, shift: u32) -> bool {
        if shift == 0 {
            return false;
        }
        match self {
            Rounding::NearestEven => {
                // rem < 2^bits of T: past that shift it cannot reach half a step.
                let Some(half) = T::one().checked_shl(shift - 1) else { return false };
                rem > half || (rem == half && q & T::one() == T::one())
            }
            Rounding::TowardZero => false,
            Rounding::Stochastic { bits, rnd } => {
                // F = floor(rem * 2^bits / 2^shift) < 2^bits, without shifting rem out of T.
                let f = if shift >= bits { rem.checked_shr(shift - bits).unwrap_or(T::zero()) } else { rem << (bits - shift) as usize };
                AsPrimitive::<u64>::as_(f) + rnd as u64 >= 1u64 << bits
            }
        }
    }
}

/// Rounds the non-negative value `mag * 2^lsb` onto `fmt`'s grid with the exponent range
/// unbounded above, and returns the magnitude code (exponent field and mantissa, no sign).
/// The code may exceed `fmt.max_finite()`: overflow is the caller's to handle, because FP16
/// results, saturating and non-saturating conversions treat it differently. Codes are
/// monotonic in value, so `code > max_finite()` is exactly "above the largest finite value".
#[inline]
pub fn round_magnitude<T: Magnitude>(mag: T, lsb: i32, fmt: &FloatFormat, mode: Rounding) -> u32 {
    if mag.is_zero() {
        return 0;
    }
    let man = fmt.man_bits as i32;
    let msb = (T::zero().count_zeros() - 1 - mag.leading_zeros()) as i32;
    // Grid step at this magnitude: 2^(e - man) for value exponent e, never below the subnormal step.
    let ulp = (msb + lsb - man).max(fmt.emin() - man);
    // Where the grid is finer than the input's (a small integer times a large power of two),
    // restate the value on the grid, exactly (mag < 2^man there, so the shift fits).
    let (mag, lsb) = if ulp < lsb { (mag << (lsb - ulp) as usize, ulp) } else { (mag, lsb) };
    let shift = (ulp - lsb) as u32;
    // A shift past the top leaves no integer part (tiny FP32 inputs to E4M3 reach 140).
    let mut q = mag.checked_shr(shift).unwrap_or(T::zero());
    let rem = mag - q.checked_shl(shift).unwrap_or(T::zero());
    q = q + <T as From<bool>>::from(mode.rounds_up(q, rem, shift));
    let hidden = T::one() << man as usize;
    let mut ulp = ulp;
    if q == hidden << 1usize {
        // Rounding carried into the next binade.
        q = q >> 1usize;
        ulp += 1;
    }
    let q: u32 = q.as_(); // a significand of at most 24 bits
    let hidden = 1u32 << man;
    if q < hidden {
        q // subnormal (or zero): exponent field 0
    } else {
        let field_e = (ulp + man + fmt.bias) as u32;
        (field_e << man) | (q - hidden)
    }
}

/// Rounds the non-negative value `mag * 2^lsb` to an integer (an integer format's grid),
/// saturating at `u64::MAX` (callers clip far below).
pub fn round_to_int(mag: u64, lsb: i32, mode: Rounding) -> u64 {
    if lsb >= 0 {
        return mag.checked_shl(lsb as u32).filter(|v| v >> lsb == mag).unwrap_or(u64::MAX);
    }
    let shift = lsb.unsigned_abs();
    let q = mag.checked_shr(shift).unwrap_or(0);
    let rem = mag - q.checked_shl(shift).unwrap_or(0);
    q + mode.rounds_up(q, rem, shift) as u64
}

/// `a + x` rounded to nearest, and rounded to odd (finite non-zero sums; branch-free): a
/// two-sum (Knuth) gives what the nearest dropped, whose sign picks the neighbour with an odd
/// last bit when the nearest's is even.
#[inline(always)]
pub(super) fn sum_to_odd(a: f64, x: f64) -> (f64, f64) {
    let s = a + x;
    let bb = s - a;
    let err = (a - (s - bb)) + (x - bb);
    let bits = s.to_bits();
    let away = if (err > 0.0) == (s > 0.0) { bits.wrapping_add(1) } else { bits.wrapping_sub(1) };
    (s, f64::from_bits(if err != 0.0 && bits & 1 == 0 { away } else { bits }))
}
