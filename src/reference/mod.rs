//! The software reference model: the spec written as exact integer arithmetic.
//!
//! Independent of the hardware by construction: operands are decoded to integers times powers
//! of two, summed exactly as `u64` multiples of 2^-32 (sign apart), and rounded once by one
//! rounder. Nothing here mirrors the RTL's stages, so agreement between the two means
//! something.

mod convert;
mod exact;
mod gemm;
mod mac;
mod round;

pub use convert::{amax_overflows, amax_scale_exp, f32_to_fp8, f32_to_fp8_scaled, map_in_order, to_fp8, to_fp8_scaled};
pub use exact::{
    gemm_exact, gemm_exact_f16, gemm_exact_f32, gemm_exact_with_progress, round_once, Exact, ExactError, OutFormat, MAX_SCALE_EXP,
};
pub use gemm::{check_shapes, gemm, gemm_with_progress, ShapeError, SrConfig, DEFAULT_MAX_OUTPUTS};
pub use mac::{mac, mac_bits};
pub use round::Rounding;
