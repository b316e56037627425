//! The software reference model: the spec written as exact arithmetic.
//!
//! Independent of the hardware by construction: operands are decoded to integers times powers
//! of two, summed exactly, and rounded once by one rounder. Two fast routes keep the same
//! bits where a proof makes floating point exact: an RNE MAC in binary32 (the product is
//! exact, a two-sum rounds the sum to odd, then one rounding to FP16), and the rounding of a
//! block's exact sum plus the accumulator through float64 the same way. Nothing here mirrors
//! the RTL's stages, so agreement between the two means something.

mod block;
mod convert;
mod exact;
mod gemm;
mod mac;
mod mx;
pub mod presets;
mod round;

pub use block::{gemm_blocks, Align, BlockRounding, BlockScales, Blocks, E8M0_BIAS, E8M0_NAN, MAX_ALIGN_BITS};
pub use convert::{amax_overflows, amax_scale_exp, encode_f16, encode_f16_scaled, encode_f32, encode_f32_scaled, map_in_order};
pub use exact::{
    gemm_exact, gemm_exact_f16, gemm_exact_f32, gemm_exact_with_progress, round_f32, round_once, Exact, ExactError, OutFormat,
    UnknownOutFormat, MAX_SCALE_EXP,
};
pub use gemm::{check_codes, check_operands, check_shapes, gemm, gemm_with_progress, OperandError, SrConfig, DEFAULT_MAX_OUTPUTS};
pub use mac::{mac, mac_bits};
pub use mx::{mx_dequantize, mx_quantize, mx_scale_code, MxError, MxLayout, ScaleRule};
pub use round::Rounding;
