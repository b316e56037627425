//! File handling of the command line and the Python package: .npy arrays in and out, and
//! writes that leave a whole file or none, and what a signal must not leave behind.

pub mod atomic;
pub mod cleanup;
pub mod npy;
