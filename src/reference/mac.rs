//! The fused MAC, `y = a*b + c` rounded once to FP16 (docs/spec.md section 2), as exact integer arithmetic.

use half::f16;

use super::round::{round_magnitude, Rounding};
use crate::format::{Class, Decoded, Format, FP16, FP16_INF, FP16_NAN};

/// `sig * 2^exp` as a multiple of 2^lsb (exp >= lsb).
fn scaled(sig: u64, exp: i32, lsb: i32) -> u64 {
    sig << (exp - lsb)
}

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
        _ => mac_integer(fmt_a.decode(a), fmt_b.decode(b), c.to_bits(), rounding),
    })
}

/// The MAC on decoded operands and FP16 bits (the form sweeps call in their inner loop): RNE
/// through binary32 (a two-sum rounds the sum to odd), the other roundings on integers.
#[inline]
pub fn mac_bits(a: Decoded, b: Decoded, c: u16, rounding: Rounding) -> u16 {
    match rounding {
        Rounding::NearestEven => mac_nearest(a.to_f32(), b.to_f32(), c),
        _ => mac_integer(a, b, c, rounding),
    }
}

/// The MAC with RNE on the exact values of two operands (any table format, as binary32) and FP16
/// bits: the same bits as [`mac_integer`], several times faster.
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

/// The MAC as exact integer arithmetic, any rounding: the sum on the finer term's grid, then
/// the one rounder of [`round_magnitude`].
pub(crate) fn mac_integer(a: Decoded, b: Decoded, c: u16, rounding: Rounding) -> u16 {
    let c_dec = FP16.decode(c as u32);
    let p_sign = a.sign ^ b.sign;
    let any_nan = [a.class, b.class, c_dec.class].contains(&Class::Nan);
    let p_inf = a.class == Class::Inf || b.class == Class::Inf;
    let p_zero = a.class == Class::Zero || b.class == Class::Zero;
    if any_nan || (p_inf && p_zero) || (p_inf && c_dec.class == Class::Inf && c_dec.sign != p_sign) {
        return FP16_NAN;
    }
    if p_inf {
        return FP16_INF | (p_sign as u16) << 15;
    }
    if c_dec.class == Class::Inf {
        return c;
    }
    let p = match (a.class, b.class) {
        (Class::Finite { sig: sa, exp: ea }, Class::Finite { sig: sb, exp: eb }) => Some((sa as u64 * sb as u64, ea + eb)),
        _ => None,
    };
    let c_fin = match c_dec.class {
        Class::Finite { sig, exp } => Some((sig as u64, exp)),
        _ => None,
    };
    // Both terms on the grid of the finer one, exactly and below 2^57: on a product's grid
    // (2^-34 at the least, every table format) an FP16 addend is below 2^16 * 2^34; on an
    // addend's grid (2^-24 at the least) a product is below 57344^2 * 2^24 < 2^56.
    let lsb = [p, c_fin].iter().flatten().map(|&(_, e)| e).min().unwrap_or(0);
    let product = p.map_or(0, |(sig, exp)| scaled(sig, exp, lsb));
    let addend = c_fin.map_or(0, |(sig, exp)| scaled(sig, exp, lsb));
    // Signed sum as sign and magnitude: same signs add, opposite signs subtract.
    let (sign, sum) = if p_sign == c_dec.sign {
        (p_sign, product + addend)
    } else if product >= addend {
        (p_sign, product - addend)
    } else {
        (c_dec.sign, addend - product)
    };
    if sum == 0 {
        let both_neg_zero = p_zero && c_dec.class == Class::Zero && p_sign && c_dec.sign;
        return (both_neg_zero as u16) << 15;
    }
    let code = round_magnitude(sum, lsb, &FP16, rounding);
    let mag = if code > FP16.max_finite() { FP16_INF } else { code as u16 };
    mag | (sign as u16) << 15
}
