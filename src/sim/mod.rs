//! Simulation engines for the generated hardware: rust-hdl's simulator and Verilator.

pub mod rtl;
pub mod verilator;
pub mod array;
