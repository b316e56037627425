//! FP16 (or FP32) -> operand-format conversion (docs/spec.md sections 3 and 11), through the
//! shared rounder: quantisation into any format of the table.

use half::f16;
use ndarray::{ArrayD, ArrayViewD};

use super::gemm::SrConfig;
use super::round::{round_magnitude, round_to_int, Rounding};
use crate::format::{Class, Decoded, FloatFormat, Format, Specials, FP16, FP32};
use crate::rng::{stream_seed, SrStream};

/// Converts an FP16 value to a code of `fmt`, rounding once.
///
/// NaN gives the format's NaN (0x7F for E4M3FN, 0x7E for E5M2, 0x80 for the FNUZ formats;
/// a format without NaN gives a zero of the opposite sign, as ml_dtypes does). A magnitude
/// above the largest finite value (after rounding with an unbounded exponent) and infinity
/// give +-max finite when `saturate`, else the format's infinity, else its NaN, else (FP6,
/// FP4) +-max finite. Zeros and underflow keep their sign, except in the FNUZ formats (no
/// -0). INT8 rounds to an integer and clips to -128..=127 (NaN gives 0).
///
/// ```
/// use fp8mac::{encode_f16, Format::E4M3, Rounding::NearestEven};
/// use half::f16;
/// assert_eq!(encode_f16(f16::from_f32(464.0), E4M3, NearestEven, false), 0x7E); // tie to even: 448
/// assert_eq!(encode_f16(f16::from_f32(465.0), E4M3, NearestEven, false), 0x7F); // overflow: NaN
/// assert_eq!(encode_f16(f16::from_f32(465.0), E4M3, NearestEven, true), 0x7E); // saturate: 448
/// ```
pub fn encode_f16(x: f16, fmt: Format, rounding: Rounding, saturate: bool) -> u8 {
    convert(FP16.decode(x.to_bits() as u32), fmt, rounding, saturate)
}

/// Converts an FP32 value to an FP8 code with a single rounding and the rules of [`encode_f16`]
/// (no double rounding through FP16).
pub fn encode_f32(x: f32, fmt: Format, rounding: Rounding, saturate: bool) -> u8 {
    convert(FP32.decode(x.to_bits()), fmt, rounding, saturate)
}

/// [`encode_f16`] of `x * 2^scale_exp`, the scaling exact (per-tensor power-of-two scaling
/// before quantisation; docs/spec.md section 6, `quantize --scale-exp`).
pub fn encode_f16_scaled(x: f16, fmt: Format, rounding: Rounding, saturate: bool, scale_exp: i32) -> u8 {
    convert(scaled(FP16.decode(x.to_bits() as u32), scale_exp), fmt, rounding, saturate)
}

/// [`encode_f32`] of `x * 2^scale_exp`, the scaling exact.
pub fn encode_f32_scaled(x: f32, fmt: Format, rounding: Rounding, saturate: bool, scale_exp: i32) -> u8 {
    convert(scaled(FP32.decode(x.to_bits()), scale_exp), fmt, rounding, saturate)
}

/// The largest power-of-two scale S in -64..=64 with `amax * 2^S` at most `fmt`'s largest
/// finite value, so that no value of magnitude at most `amax` overflows, whatever the
/// rounding (per-tensor amax scaling, `quantize --amax`). 0 for an `amax` of 0 or not finite.
/// S is clamped at -64: an `amax` above 2^64 times the largest finite value still overflows
/// ([`amax_overflows`] tells).
pub fn amax_scale_exp(amax: f64, fmt: Format) -> i32 {
    if !(amax.is_finite() && amax > 0.0) {
        return 0;
    }
    let max = fmt.max_value();
    // Powers of two scale f64 values exactly (no overflow or underflow in this range).
    (-64..=64).rev().find(|&s| amax * 2f64.powi(s) <= max).unwrap_or(-64)
}

/// Whether values of magnitude `amax` still overflow `fmt` at the scale of
/// [`amax_scale_exp`] (S clamped at -64).
pub fn amax_overflows(amax: f64, fmt: Format) -> bool {
    let max = fmt.max_value();
    amax.is_finite() && amax * 2f64.powi(amax_scale_exp(amax, fmt)) > max
}

/// `f(value, rounding)` of every element of `x` in logical row-major order, whatever its
/// memory order, the roundings those of one SR stream seeded with `stream_seed(seed, 0, 0)`
/// and stepped once per element (RNE without `sr`): the documented order of `quantize`.
pub fn map_in_order<T: Copy, U>(x: ArrayViewD<T>, sr: Option<SrConfig>, mut f: impl FnMut(T, Rounding) -> U) -> ArrayD<U> {
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

fn convert(x: Decoded, fmt: Format, rounding: Rounding, saturate: bool) -> u8 {
    match fmt.float() {
        Some(spec) => convert_float(x, spec, rounding, saturate) as u8,
        None => convert_int(x, fmt, rounding),
    }
}

/// docs/spec.md sections 3 and 11: one rounding with the exponent unbounded above, then the
/// format's overflow rule; a format without NaN gives what ml_dtypes' cast gives (a NaN
/// becomes a zero of the opposite sign, an overflow saturates).
fn convert_float(x: Decoded, spec: &FloatFormat, rounding: Rounding, saturate: bool) -> u32 {
    let sign = if x.sign { spec.sign_bit() } else { 0 };
    let overflow = || match spec.specials {
        _ if saturate => sign | spec.max_finite(),
        Specials::Ieee => sign | (spec.max_finite() + 1), // infinity follows max finite
        Specials::NanOnlyAllOnes => sign | spec.canonical_nan(),
        Specials::NanIsNegativeZero => spec.canonical_nan(),
        Specials::Finite => sign | spec.max_finite(),
    };
    // FNUZ formats have no -0: zeros and underflow are +0.
    let zero = if spec.has_negative_zero() { sign } else { 0 };
    match x.class {
        Class::Nan => spec.nan().unwrap_or(spec.sign_bit() ^ sign),
        Class::Inf => overflow(),
        Class::Zero => zero,
        Class::Finite { sig, exp } => match round_magnitude(sig as u64, exp, spec, rounding) {
            0 => zero,
            mag if mag > spec.max_finite() => overflow(),
            mag => sign | mag,
        },
    }
}

/// An integer format: round to an integer (RNE or SR), then clip to its range, whatever
/// `saturate` says (there is no infinity or NaN to overflow to); NaN becomes 0, as numpy's
/// `np.clip(np.rint(x), -128, 127)` does for finite x.
fn convert_int(x: Decoded, fmt: Format, rounding: Rounding) -> u8 {
    let max = fmt.max_code() as u64 + x.sign as u64; // 127, or 128 below zero
    let mag = match x.class {
        Class::Nan | Class::Zero => 0,
        Class::Inf => max,
        Class::Finite { sig, exp } => round_to_int(sig as u64, exp, rounding).min(max),
    };
    let v = if x.sign { (mag as i64).wrapping_neg() } else { mag as i64 };
    (v as u8) & ((1u32 << fmt.bits()) - 1) as u8
}
