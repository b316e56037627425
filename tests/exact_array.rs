//! The exact-accumulation array (`fp8_systolic_exact`) in rust-hdl's simulator and in
//! Verilator against the reference model (docs/spec.md section 8, FP16 and binary32 out): random
//! shapes with specials anywhere, every format pair, scales at both ends, RNE and SR, K = 1 =
//! `mac`, cancellation around 2^-32, K = 2^H runs of the largest product, lockstep, reset.

use fp8mac::progress::Progress;
use half::f16;
use ndarray::Array2;
use rand::{rngs::StdRng, Rng, SeedableRng};

use fp8mac::config::{Config, ExactArray};
use fp8mac::format::Format::{self, E4M3, E5M2};
use fp8mac::format::FormatSet;
use fp8mac::reference::{gemm_exact as reference_gemm_exact, mac, Exact, OutFormat, Rounding, SrConfig};
use fp8mac::rng::{stream_seed, SrStream};
use fp8mac::sim::array::{gemm_exact, Accumulator, ArrayEngine, Schedule, Setup};
use fp8mac::sim::rtl::sim_array_exact;
use fp8mac::sim::verilator::VerilatorArray;

const PAIRS: [(Format, Format); 4] = [(E4M3, E4M3), (E4M3, E5M2), (E5M2, E4M3), (E5M2, E5M2)];
/// The full array of the default `--max-k 65536`.
const FULL: ExactArray = ExactArray { max_k_log2: 16, formats: FormatSet::DEFAULT, out: OutFormat::Fp16, scale_bits: 0 };
/// The same with binary32 C and Y (`--out-format fp32`).
const FULL_FP32: ExactArray = ExactArray { out: OutFormat::Fp32, ..FULL };
/// The E4M3-only array (`--formats e4m3`) of `--max-k 2^h`.
fn e4m3_only(h: u32) -> ExactArray {
    ExactArray { max_k_log2: h, formats: FormatSet::new([E4M3]).unwrap(), out: OutFormat::Fp16, scale_bits: 0 }
}

struct Gemm {
    a: Array2<u8>,
    b: Array2<u8>,
    /// C as codes of `out`.
    c: Array2<u32>,
    out: OutFormat,
    fa: Format,
    fb: Format,
    s: i32,
    sr: Option<SrConfig>,
}

impl Gemm {
    /// The reference model's Y.
    fn want(&self) -> Array2<u32> {
        let Gemm { a, b, c, out, fa, fb, s, sr } = self;
        reference_gemm_exact(a.view(), *fa, b.view(), *fb, c.view(), &Exact { out: *out, scale_exp: *s, sr: *sr }).unwrap()
    }

    fn check(&self, engine: &mut dyn ArrayEngine) {
        let Gemm { a, b, c, fa, fb, s, sr, out } = self;
        let want = self.want();
        let got = gemm_exact(engine, a.view(), *fa, b.view(), *fb, c.view(), *s, None, *sr, &Progress::hidden()).unwrap();
        for ((i, j), w) in want.indexed_iter() {
            let g = got[(i, j)];
            let k = a.ncols();
            assert_eq!(g, *w, "Y[{i}][{j}], K = {k}, {fa}x{fb}, s = {s}, {sr:?}, {out:?}: got {g:#x}, want {w:#x}");
        }
    }

    /// The same GEMM with random C of `out` (every code, every class), rounded into `out`.
    fn into_out(self, out: OutFormat, rng: &mut StdRng) -> Gemm {
        let c = self.c.mapv(|_| rng.random::<u32>() >> (32 - out.bits()));
        Gemm { c, out, ..self }
    }
}

/// FP16 values as the codes of `Gemm::c`.
fn fp16(c: Array2<f16>) -> Array2<u32> {
    c.mapv(|x| u32::from(x.to_bits()))
}

/// Random codes (every code, specials included, at the rate they occur), random C and s, the
/// format pair by `case`.
fn random_gemm(rng: &mut StdRng, case: usize, max: (usize, usize, usize), sr_bits: u32) -> Gemm {
    random_gemm_of(rng, case, max, sr_bits, PAIRS[case % 4])
}

fn random_gemm_of(rng: &mut StdRng, case: usize, max: (usize, usize, usize), sr_bits: u32, (fa, fb): (Format, Format)) -> Gemm {
    let (m, k, n) = (rng.random_range(1..=max.0), rng.random_range(1..=max.1), rng.random_range(1..=max.2));
    Gemm {
        a: Array2::from_shape_fn((m, k), |_| rng.random()),
        b: Array2::from_shape_fn((k, n), |_| rng.random()),
        c: Array2::from_shape_fn((m, n), |_| u32::from(rng.random::<u16>())),
        out: OutFormat::Fp16,
        fa,
        fb,
        s: [-64, 64, 0, rng.random_range(-64..=64)][case / 4 % 4],
        sr: case.is_multiple_of(3).then_some(SrConfig { bits: sr_bits, seed: case as u64 }),
    }
}

#[test]
fn rtl_sim_random_gemms_equal_the_reference() {
    let cfg = Config { rows: 2, cols: 3, ..Config::default() };
    let mut engine = sim_array_exact(&cfg, &FULL);
    let mut rng = StdRng::seed_from_u64(1);
    for case in 0..48 {
        random_gemm(&mut rng, case, (5, 9, 7), 8).check(engine.as_mut());
    }
}

#[test]
fn verilator_random_gemms_equal_the_reference() {
    for (cfg, cases) in [
        (Config::default(), 64),
        (Config { rows: 3, cols: 2, sr_bits: 16, ..Config::default() }, 32),
        (Config { rows: 1, cols: 1, sr_bits: 1, ..Config::default() }, 16),
    ] {
        let mut engine = VerilatorArray::exact(&cfg, &FULL).unwrap();
        let mut rng = StdRng::seed_from_u64(2);
        for case in 0..cases {
            random_gemm(&mut rng, case, (9, 40, 9), cfg.sr_bits).check(&mut engine);
        }
    }
}

/// K = 1, s = 0, FP16 out is exactly `mac` (docs/spec.md section 8): every (a, b) of every format
/// pair, each with its own random C, RNE and SR.
#[test]
fn k1_equals_mac_for_every_pair_of_codes() {
    let cfg = Config::default();
    let mut engine = VerilatorArray::exact(&cfg, &FULL).unwrap();
    let mut rng = StdRng::seed_from_u64(3);
    let a = Array2::from_shape_fn((256, 1), |(i, _)| i as u8);
    let b = Array2::from_shape_fn((1, 256), |(_, j)| j as u8);
    for (fa, fb) in PAIRS {
        for sr in [None, Some(SrConfig { bits: 8, seed: 4 })] {
            let c = Array2::from_shape_fn((256, 256), |_| f16::from_bits(rng.random()));
            let got =
                gemm_exact(&mut engine, a.view(), fa, b.view(), fb, fp16(c.clone()).view(), 0, None, sr, &Progress::hidden()).unwrap();
            for ((i, j), y) in got.indexed_iter() {
                let rounding = sr.map_or(Rounding::NearestEven, |s| SrStream::new(stream_seed(s.seed, i, j), s.bits).next_rounding());
                let want = mac(i as u8, fa, j as u8, fb, c[(i, j)], rounding);
                assert_eq!(*y, u32::from(want.to_bits()), "a {i:#04x} {fa}, b {j:#04x} {fb}, c {:?}, {sr:?}", c[(i, j)]);
            }
        }
    }
}

/// One 2^-32 product (E5M2's least subnormal squared) beside +-57344^2 terms that cancel, in
/// several orders, at scales that bring 2^-32 into FP16's range or leave it below.
#[test]
fn a_tiny_product_survives_cancelling_huge_ones() {
    let mut engine = VerilatorArray::exact(&Config::default(), &FULL).unwrap();
    let (tiny, big, neg_big) = (0x01u8, 0x7Bu8, 0xFBu8); // 2^-16, 57344, -57344
    let orders: [Vec<(u8, u8)>; 4] = [
        vec![(big, big), (tiny, tiny), (neg_big, big)],
        vec![(tiny, tiny), (big, big), (neg_big, big)],
        vec![(big, big), (neg_big, big), (tiny, tiny)],
        vec![(big, big), (big, big), (tiny, tiny), (neg_big, big), (big, neg_big)],
    ];
    for order in &orders {
        for s in [0, 8, 20, 40, 64, -64] {
            let k = order.len();
            let a = Array2::from_shape_fn((1, k), |(_, kk)| order[kk].0);
            let b = Array2::from_shape_fn((k, 1), |(kk, _)| order[kk].1);
            for c in [f16::ZERO, f16::NEG_ZERO, f16::from_f32(-0.5), f16::MIN_POSITIVE_SUBNORMAL] {
                let c = Array2::from_elem((1, 1), c);
                Gemm { a: a.clone(), b: b.clone(), c: fp16(c), out: OutFormat::Fp16, fa: E5M2, fb: E5M2, s, sr: None }.check(&mut engine);
            }
        }
    }
}

/// C the larger in a subtraction while 2^s T has bits below the rounder's window (its LSB
/// weighs 2^-41): those bits borrow one window step. T = -(2^-2 + 2^-32) at s = -10 leaves
/// C = 1 minus 2^-12 (a tie of FP16's step 2^-11) minus 2^-42, which RNE rounds down to
/// 1 - 2^-11 (0x3BFF); at s = -20 beside the subnormal C = 2^-20 it leaves 12 steps of 2^-24
/// less 2^-52, which one-bit SR rounds down or up by its random bit.
#[test]
fn a_borrow_from_below_the_window_decides_the_rounding() {
    let gemm = |c: f64, s, sr| Gemm {
        a: Array2::from_shape_vec((1, 2), vec![0xB8u8, 0x81]).unwrap(), // -0.5, -2^-16 (E5M2)
        b: Array2::from_shape_vec((2, 1), vec![0x38u8, 0x01]).unwrap(), // 0.5, 2^-16
        c: fp16(Array2::from_elem((1, 1), f16::from_f64(c))),
        out: OutFormat::Fp16,
        fa: E5M2,
        fb: E5M2,
        s,
        sr,
    };
    let one = gemm(1.0, -10, None);
    assert_eq!(one.want()[(0, 0)], 0x3BFF, "the reference itself");
    let cfg = Config { rows: 1, cols: 1, sr_bits: 1, ..Config::default() };
    let mut sim = sim_array_exact(&cfg, &FULL);
    let mut ver = VerilatorArray::exact(&cfg, &FULL).unwrap();
    for engine in [sim.as_mut(), &mut ver as &mut dyn ArrayEngine] {
        one.check(engine);
        for seed in 0..16 {
            gemm(2f64.powi(-20), -20, Some(SrConfig { bits: 1, seed })).check(engine);
        }
    }
}

/// K = 2^H runs of the largest product (either sign), the accumulator's headroom exactly,
/// on an array generated for H = 6; longer K is refused before running.
#[test]
fn k_of_2_to_the_h_largest_products_is_exact() {
    let h = 6;
    let cfg = Config { rows: 2, cols: 2, ..Config::default() };
    let mut engine = VerilatorArray::exact(&cfg, &ExactArray::new(h)).unwrap();
    let k = 1 << h;
    for (code_a, code_b) in [(0x7Bu8, 0x7Bu8), (0xFB, 0x7B), (0x7B, 0xFB)] {
        for s in [-64, -60, -40] {
            let a = Array2::from_elem((2, k), code_a);
            let mut b = Array2::from_elem((k, 3), code_b);
            b[(0, 2)] = 0x01; // one column with a tiny last-but-k term
            for sr in [None, Some(SrConfig { bits: 8, seed: 5 })] {
                let c = Array2::from_elem((2, 3), f16::from_f32(1.5));
                Gemm { a: a.clone(), b: b.clone(), c: fp16(c), out: OutFormat::Fp16, fa: E5M2, fb: E5M2, s, sr }.check(&mut engine);
            }
        }
    }
    let (a, b, c) = (Array2::zeros((1, k + 1)), Array2::zeros((k + 1, 1)), Array2::zeros((1, 1)));
    let err = gemm_exact(&mut engine, a.view(), E4M3, b.view(), E4M3, c.view(), 0, None, None, &Progress::hidden()).unwrap_err();
    assert!(err.to_string().contains("K = 65 is beyond the array's exact range, 2^6"), "{err}");
}

/// rust-hdl's simulation and Verilator produce the same y on every cycle of a schedule.
#[test]
fn rtl_sim_and_verilator_agree_every_cycle() {
    let cfg = Config { rows: 3, cols: 2, ..Config::default() };
    let g = random_gemm(&mut StdRng::seed_from_u64(6), 3, (7, 11, 5), 8);
    let schedule = Schedule::gemm_on(g.a.view(), g.b.view(), g.c.view(), g.sr, &cfg, Accumulator::Exact(FULL));
    let setup = Setup { fmt_a: g.fa, fmt_b: g.fb, sr: g.sr.is_some(), scale_exp: 13 };
    let sim = sim_array_exact(&cfg, &FULL).run(setup, &schedule.frames).unwrap();
    let ver = VerilatorArray::exact(&cfg, &FULL).unwrap().run(setup, &schedule.frames).unwrap();
    assert_eq!(sim.len(), schedule.frames.len());
    for (cycle, (s, v)) in sim.iter().zip(&ver).enumerate() {
        assert_eq!(s, v, "cycle {cycle}");
    }
}

/// A GEMM cut off by reset in its middle, then a new GEMM, from random register contents:
/// the new results are exact.
#[test]
fn reset_in_mid_gemm_then_new_gemm_is_exact() {
    let cfg = Config::default();
    let mut engine = VerilatorArray::exact_with_random_init(&cfg, &FULL, 77).unwrap();
    let mut rng = StdRng::seed_from_u64(7);
    let (g1, g2) = (random_gemm(&mut rng, 5, (9, 12, 9), 8), random_gemm(&mut rng, 9, (9, 12, 9), 8));
    let acc = Accumulator::Exact(FULL);
    let first = Schedule::gemm_on(g1.a.view(), g1.b.view(), g1.c.view(), g1.sr, &cfg, acc);
    let second = Schedule::gemm_on(g2.a.view(), g2.b.view(), g2.c.view(), g2.sr, &cfg, acc);
    let cut = first.frames.len() / 2;
    let frames: Vec<_> = first.frames[..cut].iter().chain(&second.frames).cloned().collect();
    let setup = Setup { fmt_a: g2.fa, fmt_b: g2.fb, sr: g2.sr.is_some(), scale_exp: g2.s };
    let y = engine.run(setup, &frames).unwrap();
    let got = second.collect(&y[cut..], g2.a.nrows(), g2.b.ncols());
    let how = Exact { out: OutFormat::Fp16, scale_exp: g2.s, sr: g2.sr };
    assert_eq!(got, reference_gemm_exact(g2.a.view(), g2.fa, g2.b.view(), g2.fb, g2.c.view(), &how).unwrap());
}

/// The E4M3-only array (`--formats e4m3`, 30 bits narrower elements) against the reference:
/// random E4M3 GEMMs (every code), scales at both ends, RNE and SR, in rust-hdl and Verilator;
/// K = 2^H runs of +-448^2 with one 2^-18 product (the least) at either end, on an array
/// generated for H = 6, and for H = 19, where the run needs every bit of the 7 segments;
/// E5M2 operands refused.
#[test]
fn e4m3_only_array_equals_the_reference() {
    let cfg = Config { rows: 3, cols: 2, ..Config::default() };
    let mut rng = StdRng::seed_from_u64(8);
    let mut sim = sim_array_exact(&cfg, &e4m3_only(16));
    for case in 0..16 {
        random_gemm_of(&mut rng, case, (5, 9, 4), 8, (E4M3, E4M3)).check(sim.as_mut());
    }
    let mut ver = VerilatorArray::exact(&cfg, &e4m3_only(16)).unwrap();
    for case in 0..48 {
        random_gemm_of(&mut rng, case, (7, 40, 5), 8, (E4M3, E4M3)).check(&mut ver);
    }
    let h = 6;
    let mut ver = VerilatorArray::exact(&cfg, &e4m3_only(h)).unwrap();
    let k = 1 << h;
    let (big, neg_big, tiny) = (0x7Eu8, 0xFEu8, 0x01u8); // 448, -448, 2^-9
    for (code_a, code_b) in [(big, big), (neg_big, big), (big, neg_big)] {
        for s in [-64, -17, 0] {
            let mut a = Array2::from_elem((3, k), code_a);
            let mut b = Array2::from_elem((k, 2), code_b);
            // Column 1 starts with a product +-448 x 2^-9 and, with row 2, ends with
            // 2^-9 x 2^-9 = 2^-18, the least product.
            b[(0, 1)] = tiny;
            b[(k - 1, 1)] = tiny;
            a[(2, k - 1)] = tiny;
            for sr in [None, Some(SrConfig { bits: 8, seed: 9 })] {
                let c = fp16(Array2::from_elem((3, 2), f16::from_f32(-0.75)));
                Gemm { a: a.clone(), b: b.clone(), c, out: OutFormat::Fp16, fa: E4M3, fb: E4M3, s, sr }.check(&mut ver);
            }
        }
    }
    // 2^19 x 448^2 < 2^55.6 steps of 2^-18: 56 bits in two's complement, 7 segments exactly.
    let (h, one) = (19, Config { rows: 1, cols: 1, ..Config::default() });
    assert_eq!(e4m3_only(h).segments(), 7);
    let mut ver = VerilatorArray::exact(&one, &e4m3_only(h)).unwrap();
    for code_a in [big, neg_big] {
        let a = Array2::from_elem((1, 1 << h), code_a);
        let b = Array2::from_elem((1 << h, 1), big);
        let c = fp16(Array2::from_elem((1, 1), f16::from_f32(3.0)));
        Gemm { a, b, c, out: OutFormat::Fp16, fa: E4M3, fb: E4M3, s: -30, sr: None }.check(&mut ver);
    }
    let (a, b, c) = (Array2::zeros((1, 3)), Array2::zeros((3, 1)), Array2::zeros((1, 1)));
    let err = gemm_exact(&mut ver, a.view(), E5M2, b.view(), E4M3, c.view(), 0, None, None, &Progress::hidden()).unwrap_err();
    assert!(err.to_string().contains("this array takes e4m3 operands (--formats), not e5m2"), "{err}");
}

/// Arrays for other sets of formats (`--formats`): the whole table, INT8 alone, INT8 beside
/// E4M3FN, and E3M4 (5-bit significands) with E5M2FNUZ (the least product of the table,
/// 2^-34) and FP4: random GEMMs of random pairs of each set's formats, codes of every value, in
/// rust-hdl's simulator and Verilator; and for INT8 alone K = 2^H products of -128 x -128 and
/// of 127 x -128, the extremes of its accumulator.
#[test]
fn arrays_of_other_sets_equal_the_reference() {
    use Format::{E2M1, E3M4, E5M2FNUZ, INT8};
    let cfg = Config { rows: 2, cols: 3, ..Config::default() };
    let sets = [
        FormatSet::new(Format::ALL).unwrap(),
        FormatSet::new([INT8]).unwrap(),
        FormatSet::new([E4M3, INT8]).unwrap(),
        FormatSet::new([E3M4, E5M2FNUZ, E2M1]).unwrap(),
    ];
    let mut rng = StdRng::seed_from_u64(21);
    for (n, set) in sets.into_iter().enumerate() {
        let exact = ExactArray { max_k_log2: 16, formats: set, out: OutFormat::Fp16, scale_bits: 0 };
        let formats: Vec<Format> = set.formats().collect();
        let gemm = |rng: &mut StdRng, case: usize, max| {
            let pair = (formats[rng.random_range(0..formats.len())], formats[rng.random_range(0..formats.len())]);
            let mut g = random_gemm_of(rng, case, max, 8, pair);
            g.a.mapv_inplace(|x| x & (u8::MAX >> (8 - pair.0.bits())));
            g.b.mapv_inplace(|x| x & (u8::MAX >> (8 - pair.1.bits())));
            g
        };
        let mut sim = sim_array_exact(&cfg, &exact);
        for case in 0..12 {
            gemm(&mut rng, case, (4, 9, 5)).check(sim.as_mut());
        }
        if n < 2 {
            let mut ver = VerilatorArray::exact(&cfg, &exact).unwrap();
            for case in 0..48 {
                gemm(&mut rng, case, (7, 40, 7)).check(&mut ver);
            }
        }
    }
    let h = 12;
    let exact = ExactArray { max_k_log2: h, formats: FormatSet::new([INT8]).unwrap(), out: OutFormat::Fp32, scale_bits: 0 };
    let one = Config { rows: 1, cols: 1, ..Config::default() };
    let mut ver = VerilatorArray::exact(&one, &exact).unwrap();
    for code_a in [0x80u8, 0x7F] {
        let a = Array2::from_elem((1, 1 << h), code_a);
        let b = Array2::from_elem((1 << h, 1), 0x80u8);
        let c = Array2::from_elem((1, 1), 1.5f32.to_bits());
        Gemm { a, b, c, out: OutFormat::Fp32, fa: INT8, fb: INT8, s: 0, sr: None }.check(&mut ver);
    }
}

/// The array with binary32 rounders (`--out-format fp32`) against the reference: random GEMMs
/// with binary32 C of every class, every format pair, scales at both ends, RNE and SR, in
/// rust-hdl and Verilator (R = 8 and 16), into BF16 and binary32; one 2^-32 product beside
/// cancelling +-57344^2 terms, whose sum binary32 holds at every scale; rust-hdl and
/// Verilator in lockstep.
#[test]
fn bf16_and_fp32_out_arrays_equal_the_reference() {
    let mut rng = StdRng::seed_from_u64(10);
    let cfg = Config { rows: 2, cols: 3, ..Config::default() };
    for out in [OutFormat::Bf16, OutFormat::Fp32] {
        let exact = ExactArray { out, ..FULL };
        let mut sim = sim_array_exact(&cfg, &exact);
        for case in 0..24 {
            random_gemm(&mut rng, case, (5, 9, 7), 8).into_out(out, &mut rng).check(sim.as_mut());
        }
        for (cfg, cases) in [(Config::default(), 48), (Config { rows: 1, cols: 2, sr_bits: 16, ..Config::default() }, 24)] {
            let mut ver = VerilatorArray::exact(&cfg, &exact).unwrap();
            for case in 0..cases {
                random_gemm(&mut rng, case, (9, 40, 9), cfg.sr_bits).into_out(out, &mut rng).check(&mut ver);
            }
        }
    }
    let mut ver = VerilatorArray::exact(&Config::default(), &FULL_FP32).unwrap();
    let (tiny, big, neg_big) = (0x01u8, 0x7Bu8, 0xFBu8);
    let (a, b) =
        (Array2::from_shape_vec((1, 3), vec![big, tiny, neg_big]).unwrap(), Array2::from_shape_vec((3, 1), vec![big, tiny, big]).unwrap());
    for s in [-64, -20, 0, 64] {
        for c in [0.0f32, -0.0, 1.0e-45, -3.0e38, 2.0f32.powi(-32)] {
            let c = Array2::from_elem((1, 1), c.to_bits());
            Gemm { a: a.clone(), b: b.clone(), c, out: OutFormat::Fp32, fa: E5M2, fb: E5M2, s, sr: None }.check(&mut ver);
        }
    }
    let g = random_gemm(&mut rng, 7, (7, 11, 5), 8).into_out(OutFormat::Fp32, &mut rng);
    let schedule = Schedule::gemm_on(g.a.view(), g.b.view(), g.c.view(), g.sr, &cfg, Accumulator::Exact(FULL_FP32));
    let setup = Setup { fmt_a: g.fa, fmt_b: g.fb, sr: g.sr.is_some(), scale_exp: -5 };
    let sim = sim_array_exact(&cfg, &FULL_FP32).run(setup, &schedule.frames).unwrap();
    let ver = VerilatorArray::exact(&cfg, &FULL_FP32).unwrap().run(setup, &schedule.frames).unwrap();
    assert_eq!(sim, ver);
}

// ---- The protocol, rule by rule, on hand-made schedules (README, "The exact array"): what
// `Schedule::gemm_on` never drives.

use fp8mac::sim::array::Frame;

/// Where the pops of an exchange go in its window [lo, hi] (lo = t_n + rows + 3, hi =
/// t_(n+1) + 2; the final exchange's hi is `Style::final_late` cycles after its earliest last
/// pop), S = max(cols, 2) cycles apart or more (README, "The exact array", rule 5).
#[derive(Clone, Copy, Debug, PartialEq)]
enum Pick {
    /// `rows` pops S cycles apart from lo.
    Earliest,
    /// `rows` pops S cycles apart ending at hi.
    Latest,
    /// `rows` random cycles of the window, S or more apart.
    Spread,
    /// From lo, S - 1 cycles apart: one cycle too close.
    TooClose,
    /// From lo - 1: one cycle too early.
    TooEarly,
    /// Ending at hi + 1: one cycle too late.
    TooLate,
}

/// How a hand-made schedule places tiles and exchanges; tile 0 starts at cycle 1.
#[derive(Clone, Copy, Debug)]
struct Style {
    /// Least cycles from one start to the next (the next start also follows the last step).
    period: usize,
    /// Random idle cycles (`valid` low) after a start, between steps and between tiles.
    idle: bool,
    pick: Pick,
    /// Random `shift` cycles up to t_1 + 2, before any sums arrive (S or more apart).
    free_shifts: bool,
    /// The final exchange's window is this many cycles longer than `rows`.
    final_late: usize,
}

const LEAST: Style = Style { period: 0, idle: false, pick: Pick::Earliest, free_shifts: false, final_late: 0 };

/// A hand-made schedule: the cycles of starts, steps and pops.
struct Plan {
    /// Each tile's `start`, then the flush's.
    starts: Vec<usize>,
    /// Per tile, the cycle of each step k (`valid` high).
    steps: Vec<Vec<usize>>,
    /// Per tile, the `rows` pops of its sums (bottom row first).
    pops: Vec<Vec<usize>>,
    /// `shift` cycles that pop nothing.
    free_shifts: Vec<usize>,
}

/// The least distance between two pops, rule 5: S = max(cols, 2).
fn spacing(cfg: &Config) -> usize {
    cfg.cols.max(2)
}

/// The least tile period, rule 3: max(rows S, rows + 1 + (rows - 1) S).
fn least_period(cfg: &Config) -> usize {
    let s = spacing(cfg);
    (cfg.rows * s).max(cfg.rows + 1 + (cfg.rows - 1) * s)
}

fn plan(tiles: usize, k: usize, cfg: &Config, st: Style, rng: &mut StdRng) -> Plan {
    let (rows, sp) = (cfg.rows, spacing(cfg));
    let span = (rows - 1) * sp; // from an exchange's first pop to its last, at the closest
    let mut idle = |n: usize| if st.idle { rng.random_range(0..=n) } else { 0 };
    let (mut starts, mut steps) = (vec![1], Vec::new());
    for n in 0..tiles {
        let mut t = starts[n] + idle(2);
        let mut s = Vec::new();
        for _ in 0..k {
            s.push(t);
            t += 1 + idle(1);
        }
        let end = s.last().map_or(starts[n] + 1, |l| l + 1);
        starts.push(end.max(starts[n] + st.period) + idle(3));
        steps.push(s);
    }
    let mut pops: Vec<Vec<usize>> = Vec::new();
    for n in 0..tiles {
        // the window's first cycle, and S after the previous exchange's last pop
        let lo = (starts[n + 1] + rows + 3).max(pops.last().map_or(0, |p| p[rows - 1] + sp));
        let hi = starts.get(n + 2).map_or(lo + span + st.final_late, |t| t + 2);
        let apart = |first: usize, gap: usize| (0..rows).map(|s| first + s * gap).collect::<Vec<_>>();
        pops.push(match st.pick {
            Pick::Earliest => apart(lo, sp),
            Pick::Latest => apart(hi - span, sp),
            Pick::TooEarly => apart(lo - 1, sp),
            Pick::TooLate => apart(hi + 1 - span, sp),
            Pick::TooClose => apart(lo, sp - 1),
            Pick::Spread => {
                // the window's slack shared out at random between the gaps
                let mut extra: Vec<usize> = (0..rows).map(|_| rng.random_range(0..=hi - lo - span)).collect();
                extra.sort();
                (0..rows).map(|s| lo + s * sp + extra[s]).collect()
            }
        });
    }
    // free shifts, S or more apart, the last S or more before the first pop
    let mut free_shifts: Vec<usize> = Vec::new();
    if st.free_shifts {
        for t in 1..=(starts[1] + 2).min(pops[0][0] - sp) {
            if rng.random_bool(0.5) && free_shifts.last().is_none_or(|&l| t >= l + sp) {
                free_shifts.push(t);
            }
        }
    }
    Plan { starts, steps, pops, free_shifts }
}

/// The seed a pop drives for output (i, j) of the GEMM, row r and column j' of its tile.
type SeedOf = fn(u64, (usize, usize), (usize, usize)) -> u32;
const GLOBAL_SEED: SeedOf = |seed, (i, j), _| stream_seed(seed, i, j);

/// Runs `g` on `engine` as `plan` says, every input the protocol leaves free random (operands
/// of idle cycles, of rows past M and of columns past N; C and seed of cycles without a pop;
/// seeds under RNE), and reads each pop's Y `lat` cycles after it.
fn run_plan(engine: &mut dyn ArrayEngine, g: &Gemm, plan: &Plan, lat: usize, seed_of: SeedOf, rng: &mut StdRng) -> Array2<u32> {
    let Config { rows, cols, .. } = engine.config();
    let (m, n) = (g.a.nrows(), g.b.ncols());
    let tiles: Vec<(usize, usize)> =
        (0..m.div_ceil(rows)).flat_map(|ti| (0..n.div_ceil(cols)).map(move |tj| (ti * rows, tj * cols))).collect();
    assert_eq!(plan.steps.len(), tiles.len());
    let mask = u32::MAX >> (32 - g.out.bits());
    let cycles = plan.pops.iter().flatten().max().unwrap() + lat + 1;
    let mut frames: Vec<Frame> = (0..cycles)
        .map(|_| Frame {
            a: (0..rows).map(|_| rng.random()).collect(),
            b: (0..cols).map(|_| rng.random()).collect(),
            c: (0..cols).map(|_| rng.random::<u32>() & mask).collect(),
            seed: (0..cols).map(|_| rng.random()).collect(),
            ..Frame::default()
        })
        .collect();
    frames[0].rst = true;
    for &t in &plan.starts {
        frames[t].start = true;
    }
    for &t in &plan.free_shifts {
        frames[t].shift = true;
    }
    let mut out = Array2::from_elem((m, n), 0xDEAD_BEEF);
    let mut reads = Vec::new();
    for (tile, &(r0, c0)) in tiles.iter().enumerate() {
        for (kk, &t) in plan.steps[tile].iter().enumerate() {
            frames[t].valid = true;
            for i in 0..rows.min(m - r0) {
                frames[t].a[i] = g.a[(r0 + i, kk)];
            }
            for j in 0..cols.min(n - c0) {
                frames[t].b[j] = g.b[(kk, c0 + j)];
            }
        }
        for (s, &t) in plan.pops[tile].iter().enumerate() {
            frames[t].shift = true;
            let row = rows - 1 - s;
            for j in 0..cols.min(n - c0) {
                if r0 + row < m {
                    frames[t].c[j] = g.c[(r0 + row, c0 + j)];
                    if let Some(sr) = g.sr {
                        frames[t].seed[j] = seed_of(sr.seed, (r0 + row, c0 + j), (row, j));
                    }
                    reads.push((t + lat, j, (r0 + row, c0 + j)));
                }
            }
        }
    }
    let setup = Setup { fmt_a: g.fa, fmt_b: g.fb, sr: g.sr.is_some(), scale_exp: g.s };
    let y = engine.run(setup, &frames).unwrap();
    for (t, j, at) in reads {
        out[at] = y[t][j];
    }
    out
}

/// A GEMM whose every Y depends on its sum: finite nonzero E4M3 products, s = 0, RNE, three
/// tile rows and two tile columns of a rows x 2 array.
fn sensitive_gemm(rng: &mut StdRng, rows: usize) -> Gemm {
    let code = |rng: &mut StdRng| rng.random_range(0x30u8..0x50) | if rng.random_bool(0.5) { 0x80 } else { 0 };
    let (m, k, n) = (3 * rows, 4, 3);
    Gemm {
        a: Array2::from_shape_fn((m, k), |_| code(rng)),
        b: Array2::from_shape_fn((k, n), |_| code(rng)),
        c: fp16(Array2::from_shape_fn((m, n), |_| f16::from_f32(rng.random_range(-4.0..4.0)))),
        out: OutFormat::Fp16,
        fa: E4M3,
        fb: E4M3,
        s: 0,
        sr: None,
    }
}

fn tiles_of(g: &Gemm, cfg: &Config) -> usize {
    g.a.nrows().div_ceil(cfg.rows) * g.b.ncols().div_ceil(cfg.cols)
}

/// The exchange that pops tile n-1 may take any `rows` cycles of [t_n + rows + 3, t_(n+1) + 2],
/// S = max(cols, 2) or more apart, at the least tile period max(K, rows S, rows + 1 + (rows - 1) S) from cycle 1,
/// with idle cycles inside tiles, free shifts before tile 0's sums arrive, random values on
/// every input the protocol leaves free, and the final exchange any time after the flush; one
/// cycle earlier or later, or two pops a cycle too close, breaks it. In rust-hdl and Verilator.
#[test]
fn exchange_window_is_t_n_plus_rows_plus_3_to_t_next_plus_2() {
    // one column: pops 2 apart, since a column moves its sums a cycle after its pop
    for cols in [2, 1] {
        let cfg = Config { rows: 3, cols, sr_bits: 16, ..Config::default() };
        let mut sim = sim_array_exact(&cfg, &FULL);
        let mut ver = VerilatorArray::exact(&cfg, &FULL).unwrap();
        let mut rng = StdRng::seed_from_u64(11);
        let (lat, least) = (cfg.cols - 1 + 16, least_period(&cfg));
        let legal = [
            Style { period: least, ..LEAST },
            Style { period: least, pick: Pick::Latest, final_late: 60, ..LEAST },
            Style { period: least + 4, pick: Pick::Latest, ..LEAST },
            Style { period: least + 4, pick: Pick::Spread, free_shifts: true, final_late: 30, ..LEAST },
            Style { period: least, idle: true, pick: Pick::Spread, free_shifts: true, final_late: 30 },
        ];
        for engine in [sim.as_mut(), &mut ver as &mut dyn ArrayEngine] {
            for st in legal {
                for case in 0..6 {
                    let g = random_gemm(&mut rng, case, (8, 7, 5), 16);
                    let p = plan(tiles_of(&g, &cfg), g.a.ncols(), &cfg, st, &mut rng);
                    assert_eq!(run_plan(engine, &g, &p, lat, GLOBAL_SEED, &mut rng), g.want(), "{cfg:?}: {st:?}, case {case}");
                }
            }
            for pick in [Pick::TooEarly, Pick::TooLate, Pick::TooClose] {
                let g = sensitive_gemm(&mut rng, cfg.rows);
                let p = plan(tiles_of(&g, &cfg), g.a.ncols(), &cfg, Style { period: least + 4, pick, ..LEAST }, &mut rng);
                assert_ne!(run_plan(engine, &g, &p, lat, GLOBAL_SEED, &mut rng), g.want(), "{cfg:?}: {pick:?} did not break the GEMM");
            }
        }
    }
}

/// Y of a pop is on `y_j` cols - 1 + 16 cycles later (every output format, both element
/// kinds); a cycle earlier or later is another value.
#[test]
fn y_follows_its_pop_by_cols_plus_15() {
    let cfg = Config { rows: 2, cols: 3, ..Config::default() };
    let mut rng = StdRng::seed_from_u64(12);
    for exact in [FULL, e4m3_only(16), ExactArray { out: OutFormat::Bf16, ..FULL }, FULL_FP32] {
        let mut engine = sim_array_exact(&cfg, &exact);
        let lat = cfg.cols - 1 + 16;
        for (case, pair) in PAIRS.into_iter().enumerate() {
            let pair = if exact.formats.len() == 1 { (E4M3, E4M3) } else { pair };
            let g = random_gemm_of(&mut rng, case, (5, 6, 7), 8, pair);
            let g = g.into_out(exact.out, &mut rng);
            let p = plan(
                tiles_of(&g, &cfg),
                g.a.ncols(),
                &cfg,
                Style { period: least_period(&cfg), pick: Pick::Spread, final_late: 5, ..LEAST },
                &mut rng,
            );
            assert_eq!(run_plan(engine.as_mut(), &g, &p, lat, GLOBAL_SEED, &mut rng), g.want(), "{exact}, case {case}");
        }
        let g = sensitive_gemm(&mut rng, cfg.rows);
        let g = match exact.out {
            OutFormat::Fp16 => g,
            OutFormat::Bf16 => {
                Gemm { c: g.c.mapv(|c| u32::from(half::bf16::from_f32(f16::from_bits(c as u16).to_f32()).to_bits())), out: exact.out, ..g }
            }
            OutFormat::Fp32 => Gemm { c: g.c.mapv(|c| f16::from_bits(c as u16).to_f32().to_bits()), out: exact.out, ..g },
        };
        for wrong in [lat - 1, lat + 1] {
            let p = plan(tiles_of(&g, &cfg), g.a.ncols(), &cfg, Style { period: least_period(&cfg), ..LEAST }, &mut rng);
            assert_ne!(run_plan(engine.as_mut(), &g, &p, wrong, GLOBAL_SEED, &mut rng), g.want(), "{exact}: Y also {wrong} cycles after");
        }
    }
}

/// `seed_j` of a pop is stream_seed(seed, i, j) of its output, i and j counted over the whole
/// matrix, before its xorshift32 step (the rounder steps it): tile-local indices or a stepped
/// state give other Y. The rounder computes C + 2^s T (1 + 2^4 x 1 x 1 = 17, not 2^4 x 2). A
/// tile of no steps (a start alone, as the flush) gives Y = round(C + 2^s x -0), as the
/// reference's K = 0: C, NaNs made canonical.
#[test]
fn seed_j_is_the_global_stream_seed_before_its_step() {
    let cfg = Config { rows: 2, cols: 2, ..Config::default() };
    let mut sim = sim_array_exact(&cfg, &FULL);
    let mut rng = StdRng::seed_from_u64(13);
    let lat = cfg.cols - 1 + 16;
    let st = Style { period: least_period(&cfg), ..LEAST };
    let local: SeedOf = |seed, _, (r, j)| stream_seed(seed, r, j);
    let stepped: SeedOf = |seed, (i, j), _| fp8mac::rng::xorshift32(stream_seed(seed, i, j));
    // Products from 2^-6 to 240 (either sign) beside C in -4 .. 4: inexact sums, where the
    // random bits decide.
    let code = |rng: &mut StdRng| rng.random_range(0x08u8..0x78) | if rng.random_bool(0.5) { 0x80 } else { 0 };
    for case in 0..4 {
        let (m, k, n) = (6, 5, 5);
        let g = Gemm {
            a: Array2::from_shape_fn((m, k), |_| code(&mut rng)),
            b: Array2::from_shape_fn((k, n), |_| code(&mut rng)),
            c: fp16(Array2::from_shape_fn((m, n), |_| f16::from_f32(rng.random_range(-4.0..4.0)))),
            out: OutFormat::Fp16,
            fa: E4M3,
            fb: E4M3,
            s: -3,
            sr: Some(SrConfig { bits: 8, seed: case }),
        };
        let p = plan(tiles_of(&g, &cfg), k, &cfg, st, &mut rng);
        let want = g.want();
        assert_eq!(run_plan(sim.as_mut(), &g, &p, lat, GLOBAL_SEED, &mut rng), want, "case {case}");
        for (name, other) in [("tile-local", local), ("stepped", stepped)] {
            assert_ne!(run_plan(sim.as_mut(), &g, &p, lat, other, &mut rng), want, "{name} seeds gave the same Y");
        }
    }
    let one = |x: f32| fp16(Array2::from_elem((1, 1), f16::from_f32(x)));
    let g = Gemm {
        a: Array2::from_elem((1, 1), 0x38),
        b: Array2::from_elem((1, 1), 0x38),
        c: one(1.0),
        out: OutFormat::Fp16,
        fa: E4M3,
        fb: E4M3,
        s: 4,
        sr: None,
    };
    assert_eq!(run_plan(sim.as_mut(), &g, &plan(1, 1, &cfg, st, &mut rng), lat, GLOBAL_SEED, &mut rng), one(17.0));
    for sr in [None, Some(SrConfig { bits: 8, seed: 1 })] {
        let mut c = Array2::from_shape_fn((3, 3), |_| u32::from(rng.random::<u16>()));
        (c[(0, 0)], c[(1, 2)], c[(2, 1)]) = (0x7C01, 0xFE12, 0x8000); // two NaNs, -0
        let g = Gemm { a: Array2::zeros((3, 0)), b: Array2::zeros((0, 3)), c, out: OutFormat::Fp16, fa: E4M3, fb: E5M2, s: 5, sr };
        let got = run_plan(sim.as_mut(), &g, &plan(4, 0, &cfg, st, &mut rng), lat, GLOBAL_SEED, &mut rng);
        assert_eq!(got, g.want());
        assert_eq!((got[(0, 0)], got[(1, 2)], got[(2, 1)]), (0x7E00, 0x7E00, 0x8000));
    }
}
