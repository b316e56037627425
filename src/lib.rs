//! fp8mac: FP8 multiply-accumulate hardware, generated with rust-hdl, and the bit-exact software
//! model it is proven against. Modules in the order the data flows:
//!
//! * [`format`]: E4M3, E5M2 and FP16 as constants of one descriptor type.
//! * [`reference`]: the reference model (MAC, FP16 -> FP8 conversion, GEMM), exact arithmetic.
//! * [`rng`]: the random-bit streams of stochastic rounding, shared with the hardware.
//! * [`hdl`]: the hardware in rust-hdl.
//! * [`emit`]: Verilog generation.
//! * [`sim`]: the engines that run the hardware: rust-hdl's simulator and Verilator.
//! * [`verify`], [`oracle`], [`bench`], [`demo`]: sweeps against oracles, throughput, the demo.
//! * [`fpga`], [`report`]: the Yosys / nextpnr flow behind `fp8mac synth`, and the README's
//!   table and plot of its results (`fp8mac fpga-report`).
//! * [`cli`], [`npy`], [`atomic`]: the command line and its file handling.

pub mod format;
pub mod reference;
pub mod rng;

pub mod emit;
pub mod hdl;
pub mod sim;

pub mod bench;
pub mod demo;
pub mod fpga;
pub mod report;
pub mod oracle;
pub mod verify;

pub mod atomic;
pub mod cli;
pub mod npy;

pub use format::Fp8Format;
pub use reference::{gemm, mac, to_fp8, Rounding, SrConfig};
