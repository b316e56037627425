//! The fused MAC, `y = a*b + c` rounded once to FP16 (docs/spec.md section 2), exactly.

use half::f16;

use super::round::{round_magnitude, sum_to_odd, Rounding};
use crate::format::{Decoded, Format, FP16, FP16_INF, FP16_NAN};

/// Fused multiply-add of two operands of any table format and an FP16 addend, rounded once
/// to FP16 (docs/spec.md sections 2 and 11).
///
/// NaN in, inf*0, or inf-inf give the canonical NaN 0x7E00; an exact zero sum is -0 only when
/// the product is an exact zero and both it and `c` are -0; underflow keeps the exact sign.
///
/// ```
/// use fp8mac::{mac, Format::*, Rounding};
/// use half::f16;
/// // 1.5 (E4M3 0x3C) * 2.0 (E5M2 0x40) + 0.25 = 3.25
/// let y = mac(0x3C, E4M3, 0x40, E5M2, f16::from_f32(0.25), Rounding::NearestEven);
/// assert_eq!(y, f16::from_f32(3.25));
/// ```
#[inline]
pub fn mac(a: u8, fmt_a: Format, b: u8, fmt_b: Format, c: f16, rounding: Rounding) -> f16 {
    f16::from_bits(match rounding {
        Rounding::NearestEven => mac_nearest(fmt_a.to_f32(a), fmt_b.to_f32(b), c.to_bits()),
        _ => mac_wide(fmt_a.to_f64(a), fmt_b.to_f64(b), c.to_bits(), rounding),
    })
}

/// The MAC on decoded operands and FP16 bits (the form sweeps call in their inner loop): RNE
/// through binary32, the other roundings through float64 (a two-sum rounds the sum to odd in
/// each, then one rounding to FP16).
#[inline]
pub fn mac_bits(a: Decoded, b: Decoded, c: u16, rounding: Rounding) -> u16 {
    match rounding {
        Rounding::NearestEven => mac_nearest(a.to_f32(), b.to_f32(), c),
        _ => mac_wide(a.to_f64(), b.to_f64(), c, rounding),
    }
}

/// The MAC with RNE on the exact values of two operands (any table format, as binary32) and FP16
/// bits: the same bits as [`mac_wide`], faster.
///
/// Why it is exact: a product of two table operands (significands of at most 8 bits, exponents
/// within binary32's normal range) is exact in binary32; a two-sum (Knuth) gives the sum's
/// rounding error exactly, which rounds the sum to odd at 24 bits; and a value rounded to odd
/// with at least two more bits than the target rounds to nearest as the exact value would
/// (Boldo and Melquiond, 2008). The last step is binary32 -> FP16 in RNE, with FP16's subnormals
/// and overflow to infinity. IEEE's signed zeros are docs/spec.md section 2's.
#[inline]
pub(crate) fn mac_nearest(a: f32, b: f32, c: u16) -> u16 {
    let p = a * b;
    let c = f16::from_bits(c).to_f32();
    let s = p + c;
    if !s.is_finite() {
        // Finite terms cannot overflow binary32: an infinity or a NaN came in, or inf - inf.
        return if s.is_nan() { FP16_NAN } else { f16::from_f32(s).to_bits() };
    }
    let bb = s - p;
    let err = (p - (s - bb)) + (c - bb);
    // Selects, not branches: the operands are data, their error's sign is a coin toss.
    let bits = s.to_bits();
    let away = if (err > 0.0) == (s > 0.0) { bits.wrapping_add(1) } else { bits.wrapping_sub(1) };
    let odd = if err != 0.0 && bits & 1 == 0 { away } else { bits };
    f16::from_f32(f32::from_bits(odd)).to_bits()
}

/// The MAC with any rounding on the exact values of two operands as float64 (codes of table
/// formats, each possibly times a power of two such as an MX block scale, 2^-127 ..= 2^127)
/// and FP16 bits.
///
/// Why it is exact: the product (significands of at most 8 bits, exponents within +-300) is
/// exact in float64; a two-sum rounds the sum to odd at 53 bits, at least two more than FP16's
/// 11 plus SR's R random bits need (R <= 40), so the one rounding of the rounded-to-odd sum by
/// the model's rounder is the exact sum's (Boldo and Melquiond, 2008). Past FP16's largest
/// finite value the result is infinite in every rounding, as the FP16 chain's MAC defines.
pub(crate) fn mac_wide(a: f64, b: f64, c: u16, rounding: Rounding) -> u16 {
    let p = a * b;
    let (s, odd) = sum_to_odd(p, f16::from_bits(c).to_f64());
    if !s.is_finite() {
        return if s.is_nan() { FP16_NAN } else { f16::from_f64(s).to_bits() };
    }
    if s == 0.0 {
        // IEEE's signed zero of an exact sum: -0 only for -0 + -0, docs/spec.md section 2.
        return (s.is_sign_negative() as u16) << 15;
    }
    let field = odd.abs().to_bits();
    let (mag, exp) = ((field & ((1 << 52) - 1)) | 1 << 52, (field >> 52) as i32 - 1075);
    let code = round_magnitude(mag, exp, &FP16, rounding);
    let mag = if code > FP16.max_finite() { FP16_INF } else { code as u16 };
    mag | ((odd < 0.0) as u16) << 15
}
