//! Simulation engines for the generated hardware: rust-hdl's simulator and Verilator.

pub mod array;
pub mod rtl;
pub mod verilator;

use std::path::Path;

use crate::config::{Accumulator, Config};
use crate::format::{Format, FormatSet};
use crate::reference::Rounding;
use array::ArrayEngine;

/// The engine of the array `acc` selects (`fp8_systolic` or `fp8_systolic_exact`, for its formats): Verilator,
/// or rust-hdl's simulator, which traces the FP16 array into `vcd` if given.
pub fn array_engine(cfg: &Config, acc: Accumulator, verilator: bool, vcd: Option<&Path>) -> anyhow::Result<Box<dyn ArrayEngine>> {
    Ok(match (acc, verilator) {
        (Accumulator::Fp16(set), false) => rtl::sim_array(cfg, set, vcd)?,
        (Accumulator::Fp16(set), true) => Box::new(verilator::VerilatorArray::new(cfg, set)?),
        (Accumulator::Exact(exact), false) => rtl::sim_array_exact(cfg, &exact),
        (Accumulator::Exact(exact), true) => Box::new(verilator::VerilatorArray::exact(cfg, &exact)?),
    })
}

/// Cases of an all-pairs sweep: every (a, b) code pair, or every FP16 input.
pub const ALL_PAIRS: usize = 1 << 16;

/// One MAC case, for engines fed vector by vector.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MacCase {
    /// FP8 code of the first operand.
    pub a: u8,
    /// Its format.
    pub fmt_a: Format,
    /// FP8 code of the second operand.
    pub b: u8,
    /// Its format.
    pub fmt_b: Format,
    /// FP16 bits of the addend.
    pub c: u16,
    /// The rounding.
    pub rounding: Rounding,
}

/// One conversion case, for engines fed vector by vector.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ConvertCase {
    /// FP16 bits of the input.
    pub x: u16,
    /// The target format.
    pub fmt: Format,
    /// The rounding.
    pub rounding: Rounding,
    /// Out-of-range values become +-max finite.
    pub saturate: bool,
}

/// The select bit of an operand format on the combinational MAC (`fp8_mac`), which takes
/// [`FormatSet::DEFAULT`] (E4M3FN = 0, E5M2 = 1).
///
/// # Panics
/// For another format.
pub(crate) fn select_bit(fmt: Format) -> bool {
    FormatSet::DEFAULT.select(fmt).expect("a format the hardware takes") == 1
}

/// Fails unless an array built for `set` takes both formats.
pub fn check_formats(set: FormatSet, fmt_a: Format, fmt_b: Format) -> anyhow::Result<()> {
    for f in [fmt_a, fmt_b] {
        anyhow::ensure!(set.contains(f), "this array takes {set} operands (--formats), not {f}; the reference engine takes every format");
    }
    Ok(())
}

/// A rounding as the hardware's `sr` flag and `rnd` value (0 with RNE). Toward zero is
/// stochastic rounding with a random input of 0, in the hardware as in the model.
pub(crate) fn sr_ports(r: Rounding) -> (bool, u32) {
    match r {
        Rounding::NearestEven => (false, 0),
        Rounding::TowardZero => (true, 0),
        Rounding::Stochastic { rnd, .. } => (true, rnd),
    }
}
