//! fp8mac: FP8 multiply-accumulate hardware, generated with rust-hdl, and the bit-exact software
//! model it is proven against. Modules in the order the data flows:
//!
//! * [`mod@format`]: E4M3, E5M2 and FP16 as constants of one descriptor type.
//! * [`mod@reference`]: the reference model (MAC, FP16 -> FP8 conversion, GEMM), exact arithmetic.
//! * [`accuracy`]: the numerics study: what each accumulation mode does to FP8 dot products.
//! * [`rng`]: the random-bit streams of stochastic rounding, shared with the hardware.
//! * [`config`]: the one validated configuration of the generated hardware.
//! * [`hdl`]: the hardware in rust-hdl.
//! * [`emit`]: Verilog generation.
//! * [`sim`]: the engines that run the hardware: rust-hdl's simulator and Verilator.
//! * [`verify`]: sweeps of a model against another (reference, SoftFloat, the engines).
//! * [`fpga`]: the Yosys / nextpnr flow behind `fp8mac synth` and the README's FPGA table.
//! * [`io`]: .npy files, whole-or-nothing writes, clean-up on signals.
//! * [`progress`]: progress bars and the cancellation of long work.
//! * [`cmd`]: the command line and its subcommands (`demo`, `bench`, ...).

#![warn(missing_docs)]

pub mod accuracy;
pub mod format;
pub mod reference;
pub mod rng;

pub mod config;
pub mod emit;
pub mod engine;
pub mod hdl;
pub mod sim;

pub mod fpga;
pub mod verify;

pub mod cmd;
pub mod io;
pub mod progress;

pub use config::Config;
pub use format::Format;
pub use reference::{encode_f16, gemm, gemm_exact, gemm_exact_f16, gemm_exact_f32, mac, Exact, OutFormat, Rounding, SrConfig};
