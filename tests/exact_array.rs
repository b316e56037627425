//! The exact-accumulation array (rust-hdl simulation and Verilator) against the reference model.

use half::f16;
use indicatif::ProgressBar;
use ndarray::Array2;
use rand::{rngs::StdRng, Rng, SeedableRng};

use fp8mac::config::Config;
use fp8mac::format::Fp8Format::{self, E4M3, E5M2};
use fp8mac::reference::{gemm_exact_f16, SrConfig};
use fp8mac::sim::array::{gemm_exact, ArrayEngine};
use fp8mac::sim::rtl::sim_array_exact;

#[allow(clippy::too_many_arguments)]
fn check(
    engine: &mut dyn ArrayEngine,
    a: &Array2<u8>,
    fa: Fp8Format,
    b: &Array2<u8>,
    fb: Fp8Format,
    c: &Array2<f16>,
    s: i32,
    sr: Option<SrConfig>,
) {
    let want = gemm_exact_f16(a.view(), fa, b.view(), fb, c.view(), s, sr).unwrap();
    let got = gemm_exact(engine, a.view(), fa, b.view(), fb, c.view(), s, sr, &ProgressBar::hidden()).unwrap();
    for ((i, j), w) in want.indexed_iter() {
        assert_eq!(
            got[(i, j)].to_bits(),
            w.to_bits(),
            "Y[{i}][{j}] (K = {}, {fa}x{fb}, s = {s}, sr {sr:?}): got {:#06x}, want {:#06x}",
            a.ncols(),
            got[(i, j)].to_bits(),
            w.to_bits()
        );
    }
}

#[test]
fn random_gemms_equal_the_reference() {
    let cfg = Config { rows: 2, cols: 3, ..Config::default() };
    let mut engine = sim_array_exact(&cfg, 16);
    let mut rng = StdRng::seed_from_u64(1);
    for case in 0..40 {
        let (m, k, n) = (rng.random_range(1..5), rng.random_range(1..9), rng.random_range(1..7));
        let (fa, fb) = ([E4M3, E5M2][case % 2], [E4M3, E5M2][case / 2 % 2]);
        let a = Array2::from_shape_fn((m, k), |_| rng.random::<u8>());
        let b = Array2::from_shape_fn((k, n), |_| rng.random::<u8>());
        let c = Array2::from_shape_fn((m, n), |_| f16::from_bits(rng.random::<u16>()));
        let s = rng.random_range(-64..=64);
        let sr = (case % 3 == 0).then(|| SrConfig { bits: 8, seed: case as u64 });
        check(engine.as_mut(), &a, fa, &b, fb, &c, s, sr);
    }
}
