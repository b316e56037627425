//! The systolic array against the reference model: rust-hdl's simulator and Verilator.

mod common;

use common::*;
use fp8mac::sim::array;
use fp8mac::sim::rtl::sim_array;
use fp8mac::{gemm, Fp8Format, SrConfig};
use half::f16;
use ndarray::Array2;
use proptest::prelude::*;

fn matrix<T: std::fmt::Debug>(rows: usize, cols: usize, elem: impl Strategy<Value = T>) -> impl Strategy<Value = Array2<T>> {
    prop::collection::vec(elem, rows * cols).prop_map(move |v| Array2::from_shape_vec((rows, cols), v).unwrap())
}

type Case = (Array2<u8>, Array2<u8>, Array2<f16>, Fp8Format, Fp8Format, Option<SrConfig>);

/// Random GEMMs: shapes around the array size (tiling, ragged edges), K from 1 to 9.
fn gemm_case() -> impl Strategy<Value = Case> {
    (1usize..6, 1usize..10, 1usize..6)
        .prop_flat_map(|(m, k, n)| (matrix(m, k, fp8_code()), matrix(k, n, fp8_code()), matrix(m, n, fp16_code())))
        .prop_flat_map(|abc| (Just(abc), formats(), formats(), prop::option::of(any::<u64>())))
        .prop_map(|((a, b, c), fa, fb, seed)| (a, b, c.mapv(f16::from_bits), fa, fb, seed.map(|seed| SrConfig { bits: 8, seed })))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(40))]

    #[test]
    fn rtl_sim_array_equals_reference((a, b, c, fa, fb, sr) in gemm_case()) {
        let want = gemm(a.view(), fa, b.view(), fb, c.view(), sr).unwrap();
        let mut engine = sim_array(2, 3, 8);
        let got = array::gemm(engine.as_mut(), a.view(), fa, b.view(), fb, c.view(), sr).unwrap();
        prop_assert_eq!(got.mapv(f16::to_bits), want.mapv(f16::to_bits));
    }
}
