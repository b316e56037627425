//! The one rounder: an exact magnitude `mag * 2^lsb` onto a format's grid, RNE or stochastic.

use crate::format::FloatFormat;

/// How to round an inexact result.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rounding {
    /// Round to nearest, ties to even.
    NearestEven,
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

impl Rounding {
    /// Whether the magnitude `q + rem/2^shift` (in grid steps) rounds up to `q + 1`.
    fn rounds_up(self, q: u64, rem: u64, shift: u32) -> bool {
        if shift == 0 {
            return false;
        }
        match self {
            Rounding::NearestEven => {
                // rem < 2^64: past that shift it cannot reach half a step.
                let Some(half) = 1u64.checked_shl(shift - 1) else { return false };
                rem > half || (rem == half && q & 1 == 1)
            }
            Rounding::Stochastic { bits, rnd } => {
                // F = floor(rem * 2^bits / 2^shift), in u128 so no shift can overflow.
                let f = (((rem as u128) << bits).checked_shr(shift)).unwrap_or(0);
                f + rnd as u128 >= 1u128 << bits
            }
        }
    }
}

/// Rounds the non-negative value `mag * 2^lsb` onto `fmt`'s grid with the exponent range
/// unbounded above, and returns the magnitude code (exponent field and mantissa, no sign).
/// The code may exceed `fmt.max_finite()`: overflow is the caller's to handle, because FP16
/// results, saturating and non-saturating conversions treat it differently. Codes are
/// monotonic in value, so `code > max_finite()` is exactly "above the largest finite value".
pub fn round_magnitude(mag: u64, lsb: i32, fmt: &FloatFormat, mode: Rounding) -> u32 {
    if mag == 0 {
        return 0;
    }
    let man = fmt.man_bits as i32;
    let msb = 63 - mag.leading_zeros() as i32;
    // Grid step at this magnitude: 2^(e - man) for value exponent e, never below the subnormal step.
    let ulp = (msb + lsb - man).max(fmt.emin() - man);
    // Every caller rounds onto a grid at least as coarse as its input's.
    debug_assert!(ulp >= lsb, "rounding to a finer grid than the input's");
    let shift = (ulp - lsb) as u32;
    // A shift past the top leaves no integer part (tiny FP32 inputs to E4M3 reach 140).
    let mut q = mag.checked_shr(shift).unwrap_or(0);
    let rem = mag - q.checked_shl(shift).unwrap_or(0);
    q += mode.rounds_up(q, rem, shift) as u64;
    let hidden = 1u64 << man;
    let mut ulp = ulp;
    if q == hidden << 1 {
        // Rounding carried into the next binade.
        q >>= 1;
        ulp += 1;
    }
    if q < hidden {
        q as u32 // subnormal (or zero): exponent field 0
    } else {
        let field_e = (ulp + man + fmt.bias) as u32;
        (field_e << man) | (q - hidden) as u32
    }
}
