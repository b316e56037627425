//! The hardware, described in rust-hdl.

pub mod convert;
pub mod mac;
