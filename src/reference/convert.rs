//! FP16 (or FP32) -> FP8 conversion (docs/spec.md section 3), through the shared rounder.

use half::f16;
use ndarray::{ArrayD, ArrayViewD};

use super::gemm::SrConfig;
use super::round::{round_magnitude, Rounding};
use crate::format::{Class, Decoded, Fp8Format, Specials, FP16, FP32};
use crate::rng::{stream_seed, SrStream};

/// Converts an FP16 value to an FP8 code of `fmt`, rounding once.
///
/// NaN gives 0x7F (E4M3) or 0x7E (E5M2). A magnitude above the largest finite value (after
/// rounding with an unbounded exponent) and infinity give +-max finite when `saturate`, else
/// E5M2 +-infinity or E4M3 NaN with the sign kept. Zeros and underflow keep their sign.
///
/// ```
/// use fp8mac::{to_fp8, Fp8Format::E4M3, Rounding::NearestEven};
/// use half::f16;
/// assert_eq!(to_fp8(f16::from_f32(464.0), E4M3, NearestEven, false), 0x7E); // tie to even: 448
/// assert_eq!(to_fp8(f16::from_f32(465.0), E4M3, NearestEven, false), 0x7F); // overflow: NaN
/// assert_eq!(to_fp8(f16::from_f32(465.0), E4M3, NearestEven, true), 0x7E); // saturate: 448
/// ```
pub fn to_fp8(x: f16, fmt: Fp8Format, rounding: Rounding, saturate: bool) -> u8 {
    convert(FP16.decode(x.to_bits() as u32), fmt, rounding, saturate)
}

/// Converts an FP32 value to an FP8 code with a single rounding and the rules of [`to_fp8`]
/// (no double rounding through FP16).
pub fn f32_to_fp8(x: f32, fmt: Fp8Format, rounding: Rounding, saturate: bool) -> u8 {
    convert(FP32.decode(x.to_bits()), fmt, rounding, saturate)
}

/// [`to_fp8`] of `x * 2^scale_exp`, the scaling exact (per-tensor power-of-two scaling
/// before quantisation; docs/spec.md section 6, `quantize --scale-exp`).
pub fn to_fp8_scaled(x: f16, fmt: Fp8Format, rounding: Rounding, saturate: bool, scale_exp: i32) -> u8 {
    convert(scaled(FP16.decode(x.to_bits() as u32), scale_exp), fmt, rounding, saturate)
}

/// [`f32_to_fp8`] of `x * 2^scale_exp`, the scaling exact.
pub fn f32_to_fp8_scaled(x: f32, fmt: Fp8Format, rounding: Rounding, saturate: bool, scale_exp: i32) -> u8 {
    convert(scaled(FP32.decode(x.to_bits()), scale_exp), fmt, rounding, saturate)
}

/// The largest power-of-two scale S in -64..=64 with `amax * 2^S` at most `fmt`'s largest
/// finite value, so that no value of magnitude at most `amax` overflows, whatever the
/// rounding (per-tensor amax scaling, `quantize --amax`). 0 for an `amax` of 0 or not finite.
/// S is clamped at -64: an `amax` above 2^64 times the largest finite value still overflows
/// ([`amax_overflows`] tells).
pub fn amax_scale_exp(amax: f64, fmt: Fp8Format) -> i32 {
    if !(amax.is_finite() && amax > 0.0) {
        return 0;
    }
    let max = fmt.to_f64(fmt.spec().max_finite() as u8);
    // Powers of two scale f64 values exactly (no overflow or underflow in this range).
    (-64..=64).rev().find(|&s| amax * 2f64.powi(s) <= max).unwrap_or(-64)
}

/// Whether values of magnitude `amax` still overflow `fmt` at the scale of
/// [`amax_scale_exp`] (S clamped at -64).
pub fn amax_overflows(amax: f64, fmt: Fp8Format) -> bool {
    let max = fmt.to_f64(fmt.spec().max_finite() as u8);
    amax.is_finite() && amax * 2f64.powi(amax_scale_exp(amax, fmt)) > max
}

/// `f(value, rounding)` of every element of `x` in logical row-major order, whatever its
/// memory order, the roundings those of one SR stream seeded with `stream_seed(seed, 0, 0)`
/// and stepped once per element (RNE without `sr`): the documented order of `quantize`.
pub fn map_in_order<T: Copy>(x: ArrayViewD<T>, sr: Option<SrConfig>, mut f: impl FnMut(T, Rounding) -> u8) -> ArrayD<u8> {
    let mut stream = sr.map(|s| SrStream::new(stream_seed(s.seed, 0, 0), s.bits));
    let codes = x.iter().map(|&v| f(v, stream.as_mut().map_or(Rounding::NearestEven, SrStream::next_rounding))).collect();
    ArrayD::from_shape_vec(x.shape(), codes).expect("one code per element")
}

/// `x * 2^s`, exactly: only a finite value's exponent moves.
fn scaled(x: Decoded, s: i32) -> Decoded {
    match x.class {
        Class::Finite { sig, exp } => Decoded { class: Class::Finite { sig, exp: exp + s }, ..x },
        _ => x,
    }
}

fn convert(x: Decoded, fmt: Fp8Format, rounding: Rounding, saturate: bool) -> u8 {
    let spec = fmt.spec();
    let sign = if x.sign { spec.sign_bit() } else { 0 };
    let overflow = || {
        if saturate {
            sign | spec.max_finite()
        } else {
            match spec.specials {
                Specials::Ieee => sign | (spec.max_finite() + 1), // infinity follows max finite
                Specials::NanOnlyAllOnes => sign | spec.canonical_nan(),
            }
        }
    };
    let code = match x.class {
        Class::Nan => spec.canonical_nan(),
        Class::Inf => overflow(),
        Class::Zero => sign,
        Class::Finite { sig, exp } => {
            let mag = round_magnitude(sig as u64, exp, spec, rounding);
            if mag > spec.max_finite() {
                overflow()
            } else {
                sign | mag
            }
        }
    };
    code as u8
}
