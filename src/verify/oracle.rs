//! Berkeley SoftFloat's `f16_mulAdd` (RISC-V NaN convention, round to nearest even) on
//! operands widened exactly to FP16: the independent yardstick of docs/spec.md sections 2 and
//! 11. Every value of every operand format is an FP16 value; the widening comes from
//! ml_dtypes (`widen.txt`, written by `widen.py`), not from this crate's decoder.

use std::sync::LazyLock;

use softfloat_sys::{f16_mulAdd, float16_t, softfloat_round_near_even, softfloat_roundingMode_write_helper};

use crate::format::Format;

/// ml_dtypes' values of every code of every format, as FP16 bits, by table row.
static WIDENED: LazyLock<Vec<[u16; 256]>> = LazyLock::new(|| {
    let text = include_str!("widen.txt");
    let line = |name: &str| {
        let row = text.lines().find_map(|l| l.strip_prefix(name).and_then(|r| r.strip_prefix(' ')));
        let row = row.unwrap_or_else(|| panic!("widen.txt has no line for {name}: run widen.py"));
        let codes: Vec<u16> = row.split(' ').map(|h| u16::from_str_radix(h, 16).expect("hex FP16 codes")).collect();
        codes.try_into().unwrap_or_else(|_| panic!("widen.txt: {name} needs 256 codes"))
    };
    Format::ALL.iter().map(|f| line(f.name())).collect()
});

/// A code widened to FP16 bits by ml_dtypes' table (NaN as 0x7E00).
pub fn widen(fmt: Format, code: u8) -> u16 {
    WIDENED[fmt as usize][code as usize]
}

/// `f16_mulAdd(a, b, c)` with RNE on FP16 bit patterns.
pub fn f16_mul_add(a: u16, b: u16, c: u16) -> u16 {
    // SAFETY: plain C functions on values; the rounding mode is SoftFloat's thread-local state.
    unsafe {
        softfloat_roundingMode_write_helper(softfloat_round_near_even);
        f16_mulAdd(float16_t { v: a }, float16_t { v: b }, float16_t { v: c }).v
    }
}

/// The widening table of a format, indexed by code.
pub fn widen_table(fmt: Format) -> &'static [u16; 256] {
    &WIDENED[fmt as usize]
}
