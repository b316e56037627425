//! The systolic array against the reference model: rust-hdl's simulator and Verilator, cycle
//! lockstep between the two, utilisation counted in simulation, and reset in mid-GEMM; every
//! pipeline depth offered.

mod common;

use common::*;
use fp8mac::config::MAX_PIPELINE;
use fp8mac::format::FormatSet;
use fp8mac::sim::array::{self, ArrayEngine, Schedule, Setup};
use fp8mac::sim::rtl::{sim_array, SimArray};
use fp8mac::sim::verilator::VerilatorArray;
use fp8mac::Config;
use fp8mac::{gemm, Format, SrConfig};
use half::f16;
use ndarray::Array2;
use proptest::prelude::*;
use rand::{rngs::StdRng, Rng, SeedableRng};

fn matrix<T: std::fmt::Debug>(rows: usize, cols: usize, elem: impl Strategy<Value = T>) -> impl Strategy<Value = Array2<T>> {
    prop::collection::vec(elem, rows * cols).prop_map(move |v| Array2::from_shape_vec((rows, cols), v).unwrap())
}

type Case = (Array2<u8>, Array2<u8>, Array2<f16>, Format, Format, Option<SrConfig>);

/// Random GEMMs: shapes around the array size (tiling, ragged edges), K from 0 to 9.
fn gemm_case() -> impl Strategy<Value = Case> {
    (1usize..8, 0usize..10, 1usize..8)
        .prop_flat_map(|(m, k, n)| (matrix(m, k, fp8_code()), matrix(k, n, fp8_code()), matrix(m, n, fp16_code())))
        .prop_flat_map(|abc| (Just(abc), formats(), formats(), prop::option::of(any::<u64>())))
        .prop_map(|((a, b, c), fa, fb, seed)| (a, b, c.mapv(f16::from_bits), fa, fb, seed.map(|seed| SrConfig { bits: 8, seed })))
}

fn check(engine: &mut dyn ArrayEngine, (a, b, c, fa, fb, sr): &Case) -> Result<(), TestCaseError> {
    let want = gemm(a.view(), *fa, b.view(), *fb, c.view(), *sr).unwrap();
    let got = array::gemm(engine, a.view(), *fa, b.view(), *fb, c.view(), *sr).unwrap();
    prop_assert_eq!(got.mapv(f16::to_bits), want.mapv(f16::to_bits), "{}x{}x{} {} {} {:?}", a.nrows(), a.ncols(), b.ncols(), fa, fb, sr);
    Ok(())
}

/// The 3 x 2 array most tests use, at pipeline depth `depth`.
fn shape(depth: usize) -> Config {
    Config { rows: 3, cols: 2, pipeline: depth, ..Config::default() }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(80))]

    #[test]
    fn rtl_sim_array_equals_reference(case in gemm_case(), depth in 1..=MAX_PIPELINE) {
        check(sim_array(&shape(depth), FormatSet::DEFAULT, None).unwrap().as_mut(), &case)?;
    }
}

#[test]
fn verilator_array_equals_reference() {
    for depth in 1..=MAX_PIPELINE {
        let engine = std::cell::RefCell::new(VerilatorArray::new(&shape(depth), FormatSet::DEFAULT).unwrap());
        let mut runner = proptest::test_runner::TestRunner::new(ProptestConfig::with_cases(100));
        runner.run(&gemm_case(), |case| check(&mut *engine.borrow_mut(), &case)).unwrap();
    }
}

/// Random operands with mostly finite, moderate values (so results are not all NaN/inf).
fn moderate(rng: &mut StdRng, m: usize, k: usize, n: usize) -> (Array2<u8>, Array2<u8>, Array2<u16>) {
    let code = |rng: &mut StdRng| rng.random_range(0x10u8..0x58) | (rng.random::<u8>() & 0x80);
    let a = Array2::from_shape_fn((m, k), |_| code(rng));
    let b = Array2::from_shape_fn((k, n), |_| code(rng));
    let c = Array2::from_shape_fn((m, n), |_| rng.random_range(0u16..0x5800) | (rng.random::<u16>() & 0x8000));
    (a, b, c)
}

/// rust-hdl's simulation and Verilator produce the same y on every cycle of a schedule.
#[test]
fn rtl_sim_and_verilator_agree_every_cycle() {
    let mut rng = StdRng::seed_from_u64(3);
    let (a, b, c) = moderate(&mut rng, 7, 11, 5);
    let sr = Some(SrConfig { bits: 8, seed: 9 });
    let setup = Setup { fmt_a: Format::E5M2, fmt_b: Format::E4M3, sr: true, scale_exp: 0 };
    for depth in 1..=MAX_PIPELINE {
        let schedule = Schedule::gemm(a.view(), b.view(), c.view(), sr, &shape(depth));
        let sim = sim_array(&shape(depth), FormatSet::DEFAULT, None).unwrap().run(setup, &schedule.frames).unwrap();
        let ver = VerilatorArray::new(&shape(depth), FormatSet::DEFAULT).unwrap().run(setup, &schedule.frames).unwrap();
        assert_eq!(sim.len(), schedule.frames.len());
        for (cycle, (s, v)) in sim.iter().zip(&ver).enumerate() {
            assert_eq!(s, v, "depth {depth}, cycle {cycle}");
        }
    }
}

/// Back-to-back tiles with K >= 2 rows keep every element busy, at every pipeline depth:
/// counted per cycle in the simulation, the longest run of cycles with all rows x cols
/// elements doing a MAC spans every tile but the skew at the ends, and the total equals
/// M x N x K.
#[test]
fn array_completes_rows_times_cols_macs_per_cycle() {
    for depth in 1..=MAX_PIPELINE {
        let cfg = Config { rows: 2, cols: 3, pipeline: depth, ..Config::default() };
        let k = 16;
        let (m, n) = (2 * cfg.rows, 2 * cfg.cols * depth); // four tiles
        let (a, b, c) = moderate(&mut StdRng::seed_from_u64(4), m, k, n);
        let schedule = Schedule::gemm(a.view(), b.view(), c.view(), None, &cfg);
        let mut sim = SimArray::<8, 1>::new(&cfg, FormatSet::DEFAULT);
        sim.count_busy();
        let setup = Setup { fmt_a: Format::E4M3, fmt_b: Format::E4M3, sr: false, scale_exp: 0 };
        sim.run(setup, &schedule.frames).unwrap();
        let busy = sim.busy().unwrap();
        let total: usize = busy.iter().sum();
        assert_eq!(total, m * n * k);
        let full_run = busy.split(|&b| b != cfg.rows * cfg.cols).map(<[usize]>::len).max().unwrap();
        assert_eq!(full_run, 4 * k * depth - (cfg.rows - 1) - (cfg.cols - 1), "depth {depth}, busy per cycle: {busy:?}");
    }
}

/// A GEMM cut off by reset in its middle, then a new GEMM: the new results are exact. The
/// Verilator model starts from random register contents where rust-hdl leaves them open.
#[test]
fn reset_in_mid_gemm_then_new_gemm_is_exact() {
    for depth in [1, MAX_PIPELINE] {
        let cfg = shape(depth);
        let mut engine = VerilatorArray::with_random_init(&cfg, 77).unwrap();
        let mut rng = StdRng::seed_from_u64(5);
        let (a1, b1, c1) = moderate(&mut rng, 6, 9, 4);
        let (a2, b2, c2) = moderate(&mut rng, 5, 7, 3);
        let sr = Some(SrConfig { bits: 8, seed: 1 });
        let first = Schedule::gemm(a1.view(), b1.view(), c1.view(), sr, &cfg);
        let second = Schedule::gemm(a2.view(), b2.view(), c2.view(), sr, &cfg);
        let cut = first.frames.len() / 2;
        let frames: Vec<_> = first.frames[..cut].iter().chain(&second.frames).cloned().collect();
        let setup = Setup { fmt_a: Format::E4M3, fmt_b: Format::E5M2, sr: true, scale_exp: 0 };
        let y = engine.run(setup, &frames).unwrap();
        let got = second.collect(&y[cut..], 5, 3);
        let want = gemm(a2.view(), Format::E4M3, b2.view(), Format::E5M2, c2.mapv(f16::from_bits).view(), sr).unwrap();
        assert_eq!(got, want.mapv(|x| u32::from(x.to_bits())), "depth {depth}");
    }
}

/// FP16-chain arrays for other sets (`--formats`): every format the chain takes (enumerated
/// from the table, E5M2FNUZ's bias of 16 and FP4 among them), the FNUZ pair, and FP4 alone,
/// pipelined and not: random GEMMs of random pairs of each set's formats, codes of every value,
/// in rust-hdl's simulator and Verilator against the reference model.
#[test]
fn arrays_of_other_sets_equal_reference() {
    use fp8mac::config::{chain_takes, Accumulator};
    let chain = FormatSet::new(Format::ALL.into_iter().filter(|&f| chain_takes(f))).unwrap();
    assert!(chain.contains(Format::E5M2FNUZ) && !chain.contains(Format::E3M4) && !chain.contains(Format::INT8), "{chain}");
    let sets = [chain, FormatSet::new([Format::E4M3FNUZ, Format::E5M2FNUZ]).unwrap(), FormatSet::new([Format::E2M1]).unwrap()];
    let mut rng = StdRng::seed_from_u64(12);
    for (n, set) in sets.into_iter().enumerate() {
        assert!(Accumulator::Fp16(set).validate().is_ok(), "{set}");
        let formats: Vec<Format> = set.formats().collect();
        let case = |rng: &mut StdRng| {
            let (m, k, n) = (rng.random_range(1..7), rng.random_range(1..12), rng.random_range(1..6));
            let (fa, fb) = (formats[rng.random_range(0..formats.len())], formats[rng.random_range(0..formats.len())]);
            let a = Array2::from_shape_fn((m, k), |_| rng.random::<u8>() & (u8::MAX >> (8 - fa.bits())));
            let b = Array2::from_shape_fn((k, n), |_| rng.random::<u8>() & (u8::MAX >> (8 - fb.bits())));
            let c = Array2::from_shape_fn((m, n), |_| f16::from_bits(rng.random()));
            (a, b, c, fa, fb, rng.random::<bool>().then(|| SrConfig { bits: 8, seed: rng.random() }))
        };
        let depth = 1 + 2 * n;
        let mut sim = sim_array(&shape(depth), set, None).unwrap();
        for _ in 0..10 {
            check(sim.as_mut(), &case(&mut rng)).unwrap();
        }
        let mut ver = VerilatorArray::new(&shape(depth), set).unwrap();
        for _ in 0..60 {
            check(&mut ver, &case(&mut rng)).unwrap();
        }
    }
    let refused =
        Accumulator::Fp16(FormatSet::new([Format::E4M3, Format::E3M4, Format::INT8]).unwrap()).validate().unwrap_err().to_string();
    assert!(refused.contains("(not float8_e3m4, int8)"), "{refused}");
}

/// Degenerate arrays (one element, one row, one column) run the same protocol exactly.
#[test]
fn rtl_sim_thin_arrays_equal_reference() {
    let mut rng = StdRng::seed_from_u64(6);
    for (rows, cols, depth) in [(1, 1, 1), (1, 3, 1), (4, 1, 1), (1, 1, 3), (4, 1, 2)] {
        let (a, b, c) = moderate(&mut rng, 5, 6, 4);
        let case = (a, b, c.mapv(f16::from_bits), Format::E5M2, Format::E4M3, Some(SrConfig { bits: 8, seed: 2 }));
        let cfg = Config { rows, cols, pipeline: depth, ..Config::default() };
        check(sim_array(&cfg, FormatSet::DEFAULT, None).unwrap().as_mut(), &case).unwrap();
    }
}

/// A GEMM of more than 2^20 cycles runs as schedules of bands of A's rows, each from reset:
/// every output, its SR stream (chosen by its row over the whole matrix) included, is the
/// reference's, across the bands' seams; and a one-band prefix agrees too.
#[test]
fn long_gemms_run_in_bands_with_the_whole_matrix_streams() {
    let cfg = Config { rows: 2, cols: 2, pipeline: 2, ..Config::default() };
    let mut rng = StdRng::seed_from_u64(31);
    // 2 lanes x 2 columns: one tile covers Y's 4 columns in 2 x 300 = 600 frames, so bands of
    // 2 x 1747 = 3494 rows, and 3600 rows make two.
    let (m, k, n) = (3600, 300, 4);
    let a = Array2::from_shape_fn((m, k), |_| rng.random_range(0x20..0x48u8));
    let b = Array2::from_shape_fn((k, n), |_| rng.random_range(0xa0..0xc8u8));
    let c = Array2::from_shape_fn((m, n), |_| f16::from_f32(rng.random_range(-4.0..4.0)));
    let sr = Some(SrConfig { bits: 8, seed: 77 });
    let want = gemm(a.view(), Format::E4M3, b.view(), Format::E5M2, c.view(), sr).unwrap();
    let mut engine = VerilatorArray::new(&cfg, FormatSet::DEFAULT).unwrap();
    let got = array::gemm(&mut engine, a.view(), Format::E4M3, b.view(), Format::E5M2, c.view(), sr).unwrap();
    let diff = (0..m).flat_map(|i| (0..n).map(move |j| (i, j))).find(|&(i, j)| got[(i, j)].to_bits() != want[(i, j)].to_bits());
    assert_eq!(diff, None, "first mismatch (row, col)");
}
