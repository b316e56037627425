//! fp8mac: FP8 multiply-accumulate hardware, generated with rust-hdl, and the bit-exact software
//! model it is proven against.
//!
//! * [`format`]: E4M3, E5M2 and FP16 as constants of one descriptor type.
//! * [`reference`]: the reference model (MAC, FP16 -> FP8 conversion, GEMM).
//! * [`rng`]: the random-bit streams of stochastic rounding, shared with the hardware.

pub mod bench;
pub mod cli;
pub mod format;
pub mod reference;
pub mod rng;

pub use format::Fp8Format;
pub use reference::{gemm, mac, to_fp8, Rounding, SrConfig};
pub mod npy;
pub mod oracle;
pub mod verify;
pub mod hdl;
pub mod sim;
pub mod emit;
