//! Prints the README's timing diagrams from the schedules `fp8mac gemm` drives
//! (`fp8mac::sim::array::Schedule`): the 2 x 2 FP16 array and the 2 x 2 exact array, each
//! running two tiles of K = 4 (M = 4, N = 2), and the exact array running K = 8 in two blocks
//! of 4 (M = N = 2).
//!
//!     cargo run --release --example timing

use fp8mac::config::{Accumulator, Config, ExactArray};
use fp8mac::sim::array::Schedule;
use ndarray::Array2;
use std::num::NonZeroUsize;

fn main() {
    let cfg = Config { rows: 2, cols: 2, ..Config::default() };
    let (a, b, c) = (Array2::zeros((4, 4)), Array2::zeros((4, 2)), Array2::zeros((4, 2)));
    for (name, acc) in [("FP16 array", Accumulator::FP16), ("exact array", Accumulator::Exact(ExactArray::new(16)))] {
        let schedule = Schedule::gemm_on(a.view(), b.view(), c.view(), None, &cfg, acc);
        println!("{name}, 2 x 2, two tiles of K = 4:\n{}", schedule.timing_diagram());
    }
    let (a, b, c) = (Array2::zeros((2, 8)), Array2::zeros((8, 2)), Array2::zeros((2, 2)));
    let schedule = Schedule::blocks_on(a.view(), b.view(), c.view(), None, &cfg, ExactArray::new(16), NonZeroUsize::new(4).unwrap());
    println!("exact array, 2 x 2, K = 8 in two blocks of 4:\n{}", schedule.timing_diagram());
}
