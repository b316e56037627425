//! Simulation engines for the generated hardware: rust-hdl's simulator and Verilator.

pub mod rtl;
pub mod verilator;
pub mod array;

use crate::reference::Rounding;

/// A rounding as the hardware's `sr` flag and `rnd` value (0 with RNE).
pub(crate) fn sr_ports(r: Rounding) -> (bool, u32) {
    match r {
        Rounding::NearestEven => (false, 0),
        Rounding::Stochastic { rnd, .. } => (true, rnd),
    }
}
