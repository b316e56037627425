//! GEMM of the reference model: the sequential MAC chain of docs/spec.md section 4, for every shape.

mod common;

use common::*;
use fp8mac::rng::{stream_seed, SrStream};
use fp8mac::{gemm, mac, Rounding, SrConfig};
use half::f16;
use ndarray::Array2;
use proptest::prelude::*;

fn matrix<T: std::fmt::Debug>(rows: usize, cols: usize, elem: impl Strategy<Value = T>) -> impl Strategy<Value = Array2<T>> {
    prop::collection::vec(elem, rows * cols).prop_map(move |v| Array2::from_shape_vec((rows, cols), v).unwrap())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn gemm_equals_sequential_mac_chain(
        ((a, b, c), fa, fb) in (1usize..7, 0usize..9, 1usize..7).prop_flat_map(|(m, k, n)| {
            (matrix(m, k, fp8_code()), matrix(k, n, fp8_code()), matrix(m, n, fp16_code()))
        }).prop_flat_map(|abc| (Just(abc), formats(), formats())),
        sr in prop::option::of((1u32..=12, any::<u64>())),
    ) {
        let c = c.mapv(f16::from_bits);
        let sr = sr.map(|(bits, seed)| SrConfig { bits, seed });
        let y = gemm(a.view(), fa, b.view(), fb, c.view(), sr).unwrap();
        for ((i, j), got) in y.indexed_iter() {
            let mut stream = sr.map(|s| SrStream::new(stream_seed(s.seed, i, j), s.bits));
            let mut acc = c[(i, j)];
            for k in 0..a.ncols() {
                let r = stream.as_mut().map_or(Rounding::NearestEven, |s| s.next_rounding());
                acc = mac(a[(i, k)], fa, b[(k, j)], fb, acc, r);
            }
            prop_assert_eq!(got.to_bits(), acc.to_bits(), "output ({}, {})", i, j);
        }
    }
}

#[test]
fn gemm_rejects_mismatched_shapes() {
    let a = Array2::<u8>::zeros((2, 3));
    let b = Array2::<u8>::zeros((4, 2));
    let c = Array2::from_elem((2, 2), f16::ZERO);
    assert!(gemm(a.view(), fp8mac::Format::E4M3, b.view(), fp8mac::Format::E4M3, c.view(), None).is_err());
}
