//! Block accumulation on the exact array (docs/spec.md section 12, n < K): each block of n
//! products summed exactly, added to the output's accumulator and rounded once, the
//! accumulator kept in the array's block store between blocks. Checked in rust-hdl's simulator
//! and in Verilator against the reference model's `gemm_blocks`; n = 1 into FP16 against the
//! FP16 chain's own model (section 4); a hand-worked output; K beyond the elements' 2^H; the
//! block accumulators the array refuses.

use std::num::NonZeroUsize;

use fp8mac::config::{Config, ExactArray};
use fp8mac::format::Format::{self, E4M3, E5M2};
use fp8mac::format::FormatSet;
use fp8mac::progress::Progress;
use fp8mac::reference::{self, gemm_blocks, Align, BlockRounding, BlockScales, Blocks, OutFormat, SrConfig};
use fp8mac::sim::array::{self, ArrayEngine};
use fp8mac::sim::rtl::sim_array_exact;
use fp8mac::sim::verilator::VerilatorArray;
use half::f16;
use ndarray::Array2;
use rand::{rngs::StdRng, Rng, SeedableRng};

fn array(formats: &[Format], out: OutFormat, max_k_log2: u32, scale_bits: u32) -> ExactArray {
    ExactArray { max_k_log2, formats: FormatSet::new(formats.iter().copied()).unwrap(), out, scale_bits }
}

fn code(rng: &mut StdRng, fmt: Format) -> u8 {
    loop {
        let x: u8 = rng.random();
        if fmt.is_code(x) {
            return x;
        }
    }
}

/// A random GEMM in blocks: shape, codes, C (any code, specials included), s, n, RNE or SR.
struct Case {
    a: Array2<u8>,
    b: Array2<u8>,
    c: Array2<u32>,
    fa: Format,
    fb: Format,
    blocks: Blocks,
}

impl Case {
    fn random(rng: &mut StdRng, case: usize, (fa, fb): (Format, Format), out: OutFormat, max_k: usize) -> Case {
        let (m, k, n) = (rng.random_range(1..=5), rng.random_range(1..=max_k), rng.random_range(1..=4));
        let n_block = NonZeroUsize::new([1, 2, 3, 5, 8, 16][case % 6]);
        let rounding = match case % 3 {
            0 => BlockRounding::Stochastic(SrConfig { bits: 8, seed: case as u64 }),
            _ => BlockRounding::NearestEven,
        };
        let blocks = Blocks { rounding, scale_exp: rng.random_range(-12..=12), ..Blocks::new(n_block, out) };
        Case {
            a: Array2::from_shape_fn((m, k), |_| code(rng, fa)),
            b: Array2::from_shape_fn((k, n), |_| code(rng, fb)),
            c: Array2::from_shape_fn((m, n), |_| rng.random::<u32>() >> (32 - out.bits())),
            fa,
            fb,
            blocks,
        }
    }

    fn check(&self, engine: &mut dyn ArrayEngine, case: usize, scales: Option<&BlockScales>) {
        let (a, b, c) = (self.a.view(), self.b.view(), self.c.view());
        let want = gemm_blocks(a, self.fa, b, self.fb, c, &self.blocks, scales, &Progress::hidden()).unwrap();
        let got = array::gemm_blocks(engine, a, self.fa, b, self.fb, c, &self.blocks, scales, &Progress::hidden()).unwrap();
        let Blocks { n, rounding, scale_exp, .. } = self.blocks;
        for ((i, j), w) in want.indexed_iter() {
            let y = got[(i, j)];
            assert_eq!(
                y,
                *w,
                "case {case}: Y[{i}][{j}], K = {}, n = {n:?}, {}x{}, s = {scale_exp}, {rounding:?}: got {y:#x}, want {w:#x}",
                self.a.ncols(),
                self.fa,
                self.fb
            );
        }
    }
}

#[test]
fn rtl_sim_blocks_equal_the_reference() {
    let cfg = Config { rows: 2, cols: 3, ..Config::default() };
    let mut engine = sim_array_exact(&cfg, &array(&[E4M3, E5M2], OutFormat::Fp32, 16, 0));
    let mut rng = StdRng::seed_from_u64(31);
    let pairs = [(E4M3, E5M2), (E5M2, E5M2), (E4M3, E4M3)];
    for case in 0..18 {
        Case::random(&mut rng, case, pairs[case % 3], OutFormat::Fp32, 40).check(engine.as_mut(), case, None);
    }
}

#[test]
fn verilator_blocks_equal_the_reference() {
    let pairs = [(E4M3, E5M2), (E5M2, E4M3), (E4M3, E4M3), (E5M2, E5M2)];
    for (out, seed) in [(OutFormat::Fp16, 32), (OutFormat::Bf16, 33)] {
        let cfg = Config { rows: 3, cols: 2, ..Config::default() };
        let mut engine = VerilatorArray::exact(&cfg, &array(&[E4M3, E5M2], out, 16, 0)).unwrap();
        let mut rng = StdRng::seed_from_u64(seed);
        for case in 0..36 {
            Case::random(&mut rng, case, pairs[case % 4], out, 70).check(&mut engine, case, None);
        }
    }
}

/// MXDOTP's accumulator (blocks of 8 into binary32) under OCP MX block scales (g = 32, the
/// array's offsets of 2 bits), on a 4 x 4 array whose 16 outputs pace the blocks.
#[test]
fn verilator_mx_blocks_equal_the_reference() {
    let cfg = Config { rows: 4, cols: 4, ..Config::default() };
    let mut engine = VerilatorArray::exact(&cfg, &array(&[E4M3, E5M2], OutFormat::Fp32, 16, 2)).unwrap();
    let mut rng = StdRng::seed_from_u64(34);
    let preset = reference::presets::preset("mxdotp").unwrap();
    for case in 0..12 {
        let (fa, fb) = [(E4M3, E4M3), (E5M2, E4M3)][case % 2];
        let mut g = Case::random(&mut rng, case, (fa, fb), OutFormat::Fp32, 100);
        g.blocks = preset.blocks(Some(OutFormat::Fp32), None, g.blocks.scale_exp).unwrap();
        let (m, k, n) = (g.a.nrows(), g.a.ncols(), g.b.ncols());
        let (least_a, least_b) = (rng.random_range(115..135), rng.random_range(115..135));
        let xa = Array2::from_shape_fn((m, k.div_ceil(32)), |_| least_a + rng.random_range(0..4));
        let xb = Array2::from_shape_fn((k.div_ceil(32), n), |_| least_b + rng.random_range(0..4));
        let scales = BlockScales { a: xa.view(), b: xb.view(), g: NonZeroUsize::new(32).unwrap() };
        g.check(&mut engine, case, Some(&scales));
    }
}

/// n = 1 into FP16 is the FP16 chain (docs/spec.md section 4), whose reference model is a
/// separate one (a fused MAC per step), RNE and SR.
#[test]
fn blocks_of_one_into_fp16_are_the_fp16_chain() {
    let cfg = Config { rows: 2, cols: 2, ..Config::default() };
    let mut engine = sim_array_exact(&cfg, &array(&[E4M3, E5M2], OutFormat::Fp16, 16, 0));
    let mut rng = StdRng::seed_from_u64(35);
    for case in 0..8 {
        let (m, k, n) = (rng.random_range(1..=3), rng.random_range(1..=24), rng.random_range(1..=3));
        let a = Array2::from_shape_fn((m, k), |_| code(&mut rng, E4M3));
        let b = Array2::from_shape_fn((k, n), |_| code(&mut rng, E5M2));
        let c = Array2::from_shape_fn((m, n), |_| f16::from_bits(rng.random::<u16>() & 0x7bff)); // finite
        let sr = (case % 2 == 1).then_some(SrConfig { bits: 8, seed: case as u64 });
        let want = reference::gemm(a.view(), E4M3, b.view(), E5M2, c.view(), sr).unwrap();
        let rounding = sr.map_or(BlockRounding::NearestEven, BlockRounding::Stochastic);
        let blocks = Blocks { rounding, ..Blocks::new(NonZeroUsize::new(1), OutFormat::Fp16) };
        let codes = c.mapv(|x| u32::from(x.to_bits()));
        let got =
            array::gemm_blocks(engine.as_mut(), a.view(), E4M3, b.view(), E5M2, codes.view(), &blocks, None, &Progress::hidden()).unwrap();
        assert_eq!(got, want.mapv(|x| u32::from(x.to_bits())), "case {case}, {sr:?}");
    }
}

/// One output worked by hand: C = 2048 in FP16 (whose step there is 2) plus 1.0 x 1.0 twice.
/// In blocks of 1 each 2049 ties back to 2048; in one block of 2 the sum is 2050.
#[test]
fn a_block_rounds_once() {
    let cfg = Config { rows: 1, cols: 1, ..Config::default() };
    let mut engine = sim_array_exact(&cfg, &array(&[E4M3], OutFormat::Fp16, 16, 0));
    let (a, b) = (Array2::from_elem((1, 2), 0x38u8), Array2::from_elem((2, 1), 0x38u8));
    let c = Array2::from_elem((1, 1), u32::from(f16::from_f32(2048.0).to_bits()));
    let mut y = |n| {
        let blocks = Blocks::new(NonZeroUsize::new(n), OutFormat::Fp16);
        let got = array::gemm_blocks(engine.as_mut(), a.view(), E4M3, b.view(), E4M3, c.view(), &blocks, None, &Progress::hidden());
        f16::from_bits(got.unwrap()[(0, 0)] as u16).to_f32()
    };
    assert_eq!(y(1), 2048.0);
    assert_eq!(y(2), 2050.0);
}

/// Blocks lift the K bound: an array of 2^4 products (--max-k 16) runs K = 3,000 in blocks of
/// 16, and refuses one block of them (exact accumulation) or blocks of 32.
#[test]
fn blocks_run_k_beyond_the_elements_range() {
    let cfg = Config { rows: 1, cols: 2, ..Config::default() };
    let exact = array(&[E4M3, E5M2], OutFormat::Fp32, 4, 0);
    let mut engine = VerilatorArray::exact(&cfg, &exact).unwrap();
    let mut rng = StdRng::seed_from_u64(36);
    let k = 3000;
    let g = Case {
        a: Array2::from_shape_fn((1, k), |_| code(&mut rng, E4M3)),
        b: Array2::from_shape_fn((k, 2), |_| code(&mut rng, E5M2)),
        c: Array2::zeros((1, 2)),
        fa: E4M3,
        fb: E5M2,
        blocks: Blocks::new(NonZeroUsize::new(16), OutFormat::Fp32),
    };
    g.check(&mut engine, 0, None);
    let (a, b, c) = (g.a.view(), g.b.view(), g.c.view());
    for n in [None, NonZeroUsize::new(32)] {
        let blocks = Blocks::new(n, OutFormat::Fp32);
        let err = array::gemm_blocks(&mut engine, a, E4M3, b, E5M2, c, &blocks, None, &Progress::hidden()).unwrap_err();
        assert!(format!("{err:#}").contains("beyond the array's exact range"), "{err:#}");
    }
}

#[test]
fn block_accumulators_the_array_does_not_build_are_refused() {
    let cfg = Config { rows: 1, cols: 1, ..Config::default() };
    let mut engine = sim_array_exact(&cfg, &array(&[E4M3], OutFormat::Fp32, 16, 0));
    let (a, b, c) = (Array2::from_elem((1, 4), 0x38u8), Array2::from_elem((4, 1), 0x38u8), Array2::zeros((1, 1)));
    let base = Blocks::new(NonZeroUsize::new(2), OutFormat::Fp32);
    let refused = [
        (Blocks { align: Align::Bits(12), ..base }, "--align"),
        (Blocks { rounding: BlockRounding::TowardZero, ..base }, "--rz"),
        (Blocks { keep: Some(13), ..base }, "fewer fraction bits"),
        (Blocks { promote: NonZeroUsize::new(2), ..base }, "promotion"),
        (Blocks { acc: OutFormat::Bf16, ..base }, "rounds into fp32"),
    ];
    for (blocks, says) in refused {
        let err = array::gemm_blocks(engine.as_mut(), a.view(), E4M3, b.view(), E4M3, c.view(), &blocks, None, &Progress::hidden());
        let err = format!("{:#}", err.unwrap_err());
        assert!(err.contains(says), "{blocks:?}: {err}");
    }
    let fine = array::gemm_blocks(engine.as_mut(), a.view(), E4M3, b.view(), E4M3, c.view(), &base, None, &Progress::hidden());
    assert_eq!(f32::from_bits(fine.unwrap()[(0, 0)]), 4.0);
}
