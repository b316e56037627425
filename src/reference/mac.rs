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
pub fn mac(a: u8, fmt_a: Format, b: u8, fmt_b: Format, c: f16, rounding: Rounding) -> f16 {
    f16::from_bits(mac_bits(fmt_a.decode(a), fmt_b.decode(b), c.to_bits(), rounding))
}

/// The MAC on decoded operands and FP16 bits (the form sweeps call in their inner loop).
pub fn mac_bits(a: Decoded, b: Decoded, c: u16, rounding: Rounding) -> u16 {
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
