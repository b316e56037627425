//! Helpers shared by the integration tests: an oracle independent of the crate's own decoders
//! (ml_dtypes' values of every code, `src/verify/widen.txt`, and Berkeley SoftFloat via
//! softfloat-wrapper), and biased strategies.
#![allow(dead_code)] // each test binary uses its own subset

use fp8mac::Format;
use proptest::prelude::*;
use softfloat_wrapper::{Float, RoundingMode, F16};

/// The exact value of a code, as ml_dtypes decodes it.
pub fn fp8_value(code: u8, fmt: Format) -> f64 {
    half::f16::from_bits(fp8_to_f16_bits(code, fmt)).to_f64()
}

/// A code widened exactly to FP16 bits, by ml_dtypes' table.
pub fn fp8_to_f16_bits(code: u8, fmt: Format) -> u16 {
    fp8mac::verify::oracle::widen(fmt, code)
}

/// The valid codes of a format (those without a bit above its width).
pub fn codes(fmt: Format) -> impl Iterator<Item = u8> + Clone {
    (0..=255u8).filter(move |&c| fmt.is_code(c))
}

/// Any format of the table.
pub fn any_format() -> impl Strategy<Value = Format> {
    prop::sample::select(Format::ALL.to_vec())
}

/// A format of the table and a code of it, biased like [`fp8_code`] (codes masked to the width).
pub fn format_and_code() -> impl Strategy<Value = (Format, u8)> {
    (any_format(), fp8_code())
        .prop_map(|(f, c)| (f, if f.bits() == 8 { c } else { c & ((1 << f.bits()) - 1) | (c >> 7) << (f.bits() - 1) }))
}

/// SoftFloat's f16_mulAdd on FP8 operands widened to FP16, in the given rounding mode.
pub fn softfloat_mac(a: u8, fa: Format, b: u8, fb: Format, c: u16, mode: RoundingMode) -> u16 {
    let (a, b) = (F16::from_bits(fp8_to_f16_bits(a, fa)), F16::from_bits(fp8_to_f16_bits(b, fb)));
    a.fused_mul_add(b, F16::from_bits(c), mode).to_bits()
}

/// A format of the generated hardware's default pair.
pub fn formats() -> impl Strategy<Value = Format> {
    prop_oneof![Just(Format::E4M3), Just(Format::E5M2)]
}

/// FP8 codes, biased toward zeros, subnormals, the largest finite values, infinity and NaN.
pub fn fp8_code() -> impl Strategy<Value = u8> {
    let edges = prop::sample::select(vec![0x00, 0x01, 0x02, 0x03, 0x04, 0x07, 0x08, 0x38, 0x3C, 0x77, 0x78, 0x7B, 0x7C, 0x7D, 0x7E, 0x7F]);
    let signed_edge = (edges, any::<bool>()).prop_map(|(c, s)| c | ((s as u8) << 7));
    prop_oneof![2 => signed_edge, 3 => any::<u8>()]
}

/// Finite FP8 codes of `fmt` (no NaN, no infinity), biased like [`fp8_code`].
pub fn finite_fp8_code(fmt: Format) -> impl Strategy<Value = u8> {
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
