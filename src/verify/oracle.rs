//! Berkeley SoftFloat's `f16_mulAdd` (RISC-V NaN convention, round to nearest even) on FP8
//! operands widened exactly to FP16: the independent yardstick of docs/spec.md section 2.

use softfloat_sys::{f16_mulAdd, float16_t, softfloat_round_near_even, softfloat_roundingMode_write_helper};

use crate::format::Fp8Format;

/// FP8 -> FP16 widening through the `float8` crate, not through our own decoder.
pub fn widen(fmt: Fp8Format, code: u8) -> u16 {
    let x = match fmt {
        Fp8Format::E4M3 => float8::F8E4M3::from_bits(code).to_f32(),
        Fp8Format::E5M2 => float8::F8E5M2::from_bits(code).to_f32(),
    };
    half::f16::from_f32(x).to_bits()
}

/// `f16_mulAdd(a, b, c)` with RNE on FP16 bit patterns.
pub fn f16_mul_add(a: u16, b: u16, c: u16) -> u16 {
    // SAFETY: plain C functions on values; the rounding mode is SoftFloat's thread-local state.
    unsafe {
        softfloat_roundingMode_write_helper(softfloat_round_near_even);
        f16_mulAdd(float16_t { v: a }, float16_t { v: b }, float16_t { v: c }).v
    }
}

/// Widening tables for both formats, indexed by the select bit then the code.
pub fn widen_tables() -> [[u16; 256]; 2] {
    Fp8Format::ALL.map(|f| std::array::from_fn(|code| widen(f, code as u8)))
}
