//! The hardware, described in rust-hdl.

pub mod convert;
pub mod mac;
pub mod pe;
pub mod pipe;
pub mod skew;
pub mod systolic;
