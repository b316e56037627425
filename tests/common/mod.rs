//! Helpers shared by the integration tests: an oracle independent of the crate's own decoders
//! (the `float8` crate and Berkeley SoftFloat via softfloat-wrapper), and biased strategies.
#![allow(dead_code)] // each test binary uses its own subset

use fp8mac::Fp8Format;
use proptest::prelude::*;
use softfloat_wrapper::{Float, RoundingMode, F16};

/// The exact value of an FP8 code, decoded by the `float8` crate.
pub fn fp8_value(code: u8, fmt: Fp8Format) -> f64 {
    match fmt {
        Fp8Format::E4M3 => float8::F8E4M3::from_bits(code).to_f64(),
        Fp8Format::E5M2 => float8::F8E5M2::from_bits(code).to_f64(),
    }
}

/// FP8 -> FP16 bits, exactly, through `float8` and `half`.
pub fn fp8_to_f16_bits(code: u8, fmt: Fp8Format) -> u16 {
    half::f16::from_f64(fp8_value(code, fmt)).to_bits()
}

/// SoftFloat's f16_mulAdd on FP8 operands widened to FP16, in the given rounding mode.
pub fn softfloat_mac(a: u8, fa: Fp8Format, b: u8, fb: Fp8Format, c: u16, mode: RoundingMode) -> u16 {
    let (a, b) = (F16::from_bits(fp8_to_f16_bits(a, fa)), F16::from_bits(fp8_to_f16_bits(b, fb)));
    a.fused_mul_add(b, F16::from_bits(c), mode).to_bits()
}

pub fn formats() -> impl Strategy<Value = Fp8Format> {
    prop_oneof![Just(Fp8Format::E4M3), Just(Fp8Format::E5M2)]
}

/// FP8 codes, biased toward zeros, subnormals, the largest finite values, infinity and NaN.
pub fn fp8_code() -> impl Strategy<Value = u8> {
    let edges = prop::sample::select(vec![0x00, 0x01, 0x02, 0x03, 0x04, 0x07, 0x08, 0x38, 0x3C, 0x77, 0x78, 0x7B, 0x7C, 0x7D, 0x7E, 0x7F]);
    let signed_edge = (edges, any::<bool>()).prop_map(|(c, s)| c | ((s as u8) << 7));
    prop_oneof![2 => signed_edge, 3 => any::<u8>()]
}

/// Finite FP8 codes of `fmt` (no NaN, no infinity), biased like [`fp8_code`].
pub fn finite_fp8_code(fmt: Fp8Format) -> impl Strategy<Value = u8> {
    fp8_code().prop_filter("finite", move |&c| fp8_value(c, fmt).is_finite())
}

/// FP16 codes, biased toward signed zeros, subnormals, extremes, infinities, NaNs.
pub fn fp16_code() -> impl Strategy<Value = u16> {
    let edges = prop::sample::select(vec![
        0x0000u16, 0x0001, 0x03FF, 0x0400, 0x3C00, 0x3C01, 0x7BFF, 0x7BFE, 0x7C00, 0x7E00, 0x7C01, 0x5BF0, 0x0200,
    ]);
    let signed_edge = (edges, any::<bool>()).prop_map(|(c, s)| c | ((s as u16) << 15));
    prop_oneof![2 => signed_edge, 3 => any::<u16>()]
}

/// Finite FP16 codes, biased like [`fp16_code`].
pub fn finite_fp16_code() -> impl Strategy<Value = u16> {
    fp16_code().prop_filter("finite", |&c| half::f16::from_bits(c).is_finite())
}
