//! File handling of the command line and the Python package: .npy arrays in and out, and
//! writes that leave a whole file or none.

pub mod atomic;
pub mod npy;
