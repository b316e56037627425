//! The exact array with OCP MX block scales in its elements (`--scale-bits D`, docs/spec.md
//! section 12 with n = all, exact) in rust-hdl's simulator and in Verilator against the
//! reference model's block family (`gemm_blocks`): random shapes, block lengths that do and do
//! not divide K, every code of the operands, NaN scales, blocks of zeros under any scale,
//! MXINT8, RNE and SR, FP16 and binary32 out; and the errors for scales the array cannot take.

use std::num::NonZeroUsize;

use fp8mac::config::Config;
use fp8mac::config::{Accumulator, ConfigError, ExactArray};
use fp8mac::format::Format::{self, E4M3, E5M2, INT8};
use fp8mac::format::FormatSet;
use fp8mac::progress::Progress;
use fp8mac::reference::{gemm_blocks, BlockRounding, BlockScales, Blocks, OutFormat, SrConfig, E8M0_NAN};
use fp8mac::sim::array::{gemm_exact, ArrayEngine};
use fp8mac::sim::rtl::sim_array_exact;
use fp8mac::sim::verilator::VerilatorArray;
use ndarray::Array2;
use rand::{rngs::StdRng, Rng, SeedableRng};

fn array(formats: &[Format], out: OutFormat, scale_bits: u32) -> ExactArray {
    ExactArray { max_k_log2: 16, formats: FormatSet::new(formats.iter().copied()).unwrap(), out, scale_bits }
}

/// A GEMM with block scales.
struct Mx {
    a: Array2<u8>,
    b: Array2<u8>,
    c: Array2<u32>,
    xa: Array2<u8>,
    xb: Array2<u8>,
    g: NonZeroUsize,
    fa: Format,
    fb: Format,
    s: i32,
    sr: Option<SrConfig>,
    out: OutFormat,
}

impl Mx {
    /// Random codes, C and s; scales of A (and B) within `room` of a random least, some of them
    /// NaN; some blocks all zeros under a scale far outside that room.
    fn random(rng: &mut StdRng, case: usize, (fa, fb): (Format, Format), room: u8, out: OutFormat) -> Mx {
        let (m, k, n): (usize, usize, usize) = (rng.random_range(1..=5), rng.random_range(1..=70), rng.random_range(1..=4));
        let g = NonZeroUsize::new([1, 3, 8, 32][case % 4]).unwrap();
        let groups = k.div_ceil(g.get());
        let code = |rng: &mut StdRng, fmt: Format| loop {
            let x: u8 = rng.random();
            if fmt.is_code(x) {
                break x;
            }
        };
        let mut a = Array2::from_shape_fn((m, k), |_| code(rng, fa));
        let mut b = Array2::from_shape_fn((k, n), |_| code(rng, fb));
        let (least_a, least_b) = (rng.random_range(110..140), rng.random_range(110..140));
        let scale = |rng: &mut StdRng, least: u8| match rng.random_range(0..40) {
            0 => E8M0_NAN,
            _ => least + rng.random_range(0..=room),
        };
        let mut xa = Array2::from_shape_fn((m, groups), |_| scale(rng, least_a));
        let mut xb = Array2::from_shape_fn((groups, n), |_| scale(rng, least_b));
        // a block of zeros takes no part in the spread: give it a scale far away
        if rng.random_bool(0.5) {
            let (i, q) = (rng.random_range(0..m), rng.random_range(0..groups));
            xa[(i, q)] = rng.random_range(0..=254);
            for kk in q * g.get()..((q + 1) * g.get()).min(k) {
                a[(i, kk)] = 0;
            }
        }
        if rng.random_bool(0.5) {
            let (q, j) = (rng.random_range(0..groups), rng.random_range(0..n));
            xb[(q, j)] = rng.random_range(0..=254);
            for kk in q * g.get()..((q + 1) * g.get()).min(k) {
                b[(kk, j)] = if fb.to_f64(0x80) == 0.0 { 0x80 } else { 0 }; // a negative zero where there is one
            }
        }
        Mx {
            c: Array2::from_shape_fn((m, n), |_| rng.random::<u32>() >> (32 - out.bits())),
            a,
            b,
            xa,
            xb,
            g,
            fa,
            fb,
            s: rng.random_range(-20..=20),
            sr: case.is_multiple_of(3).then_some(SrConfig { bits: 8, seed: case as u64 }),
            out,
        }
    }

    /// One output of K = 4 E4M3 products, A all 1.0 and B `b`, in two blocks of 2 with A's
    /// scales `xa` and B's 2^0.
    fn one_output(b: [u8; 4], xa: [u8; 2], out: OutFormat) -> Mx {
        Mx {
            a: Array2::from_elem((1, 4), 0x38),
            b: Array2::from_shape_vec((4, 1), b.to_vec()).unwrap(),
            c: Array2::zeros((1, 1)),
            xa: Array2::from_shape_vec((1, 2), xa.to_vec()).unwrap(),
            xb: Array2::from_elem((2, 1), 127),
            g: NonZeroUsize::new(2).unwrap(),
            fa: E4M3,
            fb: E4M3,
            s: 0,
            sr: None,
            out,
        }
    }

    fn scales(&self) -> BlockScales<'_> {
        BlockScales { a: self.xa.view(), b: self.xb.view(), g: self.g }
    }

    /// The reference model: one block of all K products, summed exactly, rounded once.
    fn want(&self) -> Array2<u32> {
        let rounding = self.sr.map_or(BlockRounding::NearestEven, BlockRounding::Stochastic);
        let blocks = Blocks { rounding, scale_exp: self.s, ..Blocks::new(None, self.out) };
        let (a, b, c) = (self.a.view(), self.b.view(), self.c.view());
        gemm_blocks(a, self.fa, b, self.fb, c, &blocks, Some(&self.scales()), &Progress::hidden()).unwrap()
    }

    fn run(&self, engine: &mut dyn ArrayEngine) -> anyhow::Result<Array2<u32>> {
        let (a, b, c) = (self.a.view(), self.b.view(), self.c.view());
        gemm_exact(engine, a, self.fa, b, self.fb, c, self.s, Some(&self.scales()), self.sr, &Progress::hidden())
    }

    fn check(&self, engine: &mut dyn ArrayEngine, case: usize) {
        let (got, want) = (self.run(engine).unwrap(), self.want());
        let Mx { fa, fb, s, sr, g, .. } = self;
        for ((i, j), w) in want.indexed_iter() {
            let y = got[(i, j)];
            assert_eq!(
                y,
                *w,
                "case {case}: Y[{i}][{j}], K = {}, g = {g}, {fa}x{fb}, s = {s}, {sr:?}: got {y:#x}, want {w:#x}",
                self.a.ncols()
            );
        }
    }
}

#[test]
fn rtl_sim_block_scaled_gemms_equal_the_reference() {
    let cfg = Config { rows: 2, cols: 3, ..Config::default() };
    let exact = array(&[E4M3], OutFormat::Fp16, 3);
    let mut engine = sim_array_exact(&cfg, &exact);
    let mut rng = StdRng::seed_from_u64(21);
    for case in 0..24 {
        Mx::random(&mut rng, case, (E4M3, E4M3), 7, OutFormat::Fp16).check(engine.as_mut(), case);
    }
}

#[test]
fn verilator_block_scaled_gemms_equal_the_reference() {
    let pairs = [(E4M3, E5M2), (E5M2, E5M2), (E5M2, E4M3), (E4M3, E4M3)];
    let cfg = Config { rows: 3, cols: 2, ..Config::default() };
    let mut engine = VerilatorArray::exact(&cfg, &array(&[E4M3, E5M2], OutFormat::Fp32, 2)).unwrap();
    let mut rng = StdRng::seed_from_u64(22);
    for case in 0..32 {
        Mx::random(&mut rng, case, pairs[case % 4], 3, OutFormat::Fp32).check(&mut engine, case);
    }
    // MXINT8 (x / 64 per operand) beside MXFP8, into BF16
    let cfg = Config { rows: 2, cols: 2, ..Config::default() };
    let mut engine = VerilatorArray::exact(&cfg, &array(&[E4M3, INT8], OutFormat::Bf16, 3)).unwrap();
    let pairs = [(INT8, INT8), (E4M3, INT8), (INT8, E4M3)];
    for case in 0..24 {
        Mx::random(&mut rng, case, pairs[case % 3], 7, OutFormat::Bf16).check(&mut engine, case);
    }
}

/// The offsets do move the products: the same GEMM with each block's scale swapped for
/// another gives other sums, and scales one step up in every block of A give Y of 2x the sum.
#[test]
fn the_offsets_scale_each_block() {
    let cfg = Config { rows: 1, cols: 1, ..Config::default() };
    let mut engine = sim_array_exact(&cfg, &array(&[E4M3], OutFormat::Fp32, 2));
    let b = [0x38, 0x38, 0x40, 0x40]; // 1, 1, 2, 2
    let mut y = |xa| f32::from_bits(Mx::one_output(b, xa, OutFormat::Fp32).run(engine.as_mut()).unwrap()[(0, 0)]);
    assert_eq!(y([127, 127]), 6.0); // 1 + 1 + 2 + 2
    assert_eq!(y([128, 127]), 8.0); // 2 (1 + 1) + 2 + 2
    assert_eq!(y([127, 130]), 34.0); // 1 + 1 + 8 (2 + 2)
    assert_eq!(y([125, 126]), 2.5); // (1 + 1) / 4 + (2 + 2) / 2
    assert!(y([127, E8M0_NAN]).is_nan());
}

#[test]
fn scales_the_array_cannot_take_are_refused_before_it_runs() {
    let cfg = Config { rows: 1, cols: 1, ..Config::default() };
    let mut scaled = sim_array_exact(&cfg, &array(&[E4M3], OutFormat::Fp16, 2));
    let mut plain = sim_array_exact(&cfg, &array(&[E4M3], OutFormat::Fp16, 0));
    let base = Mx::one_output([0x38; 4], [120, 123], OutFormat::Fp16);
    let err = |mx: &Mx, engine: &mut dyn ArrayEngine| format!("{:#}", mx.run(engine).unwrap_err());
    assert!(base.run(scaled.as_mut()).is_ok(), "a spread of 2^3 fits 2-bit offsets");
    let wide = Mx { xa: Array2::from_shape_vec((1, 2), vec![120, 124]).unwrap(), ..base };
    assert!(err(&wide, scaled.as_mut()).contains("span 2^4"), "{}", err(&wide, scaled.as_mut()));
    let far = Mx { xa: Array2::from_shape_vec((1, 2), vec![40, 41]).unwrap(), ..wide };
    assert!(err(&far, scaled.as_mut()).contains("beyond the rounder"), "{}", err(&far, scaled.as_mut()));
    let bad_shape = Mx { xa: Array2::from_elem((1, 3), 127), ..far };
    assert!(err(&bad_shape, scaled.as_mut()).contains("scale A"), "{}", err(&bad_shape, scaled.as_mut()));
    let fine = Mx { xa: Array2::from_elem((1, 2), 127), ..bad_shape };
    assert!(err(&fine, plain.as_mut()).contains("--scale-bits"), "{}", err(&fine, plain.as_mut()));
    let (a, b, c) = (fine.a.view(), fine.b.view(), fine.c.view());
    let none = gemm_exact(scaled.as_mut(), a, E4M3, b, E4M3, c, 0, None, None, &Progress::hidden()).unwrap_err();
    assert!(format!("{none:#}").contains("give them"), "{none:#}");
}

#[test]
fn offsets_share_the_grid_with_max_k() {
    let pair = |h, scale_bits| ExactArray { max_k_log2: h, ..array(&[E4M3, E5M2], OutFormat::Fp16, scale_bits) };
    assert!(Accumulator::Exact(pair(29, 0)).validate().is_ok());
    assert!(matches!(Accumulator::Exact(pair(29, 1)).validate(), Err(ConfigError::TooWide { bits: 104, .. })));
    assert!(Accumulator::Exact(pair(16, 2)).validate().is_ok());
    // 67 bits of products, 16 of K, 2 x 7 of offsets
    assert!(matches!(Accumulator::Exact(pair(16, 3)).validate(), Err(ConfigError::TooWide { bits: 104, .. })));
    assert!(matches!(Accumulator::Exact(pair(16, 5)).validate(), Err(ConfigError::ScaleBits(5))));
    // E4M3 alone: 37 bits of products (2^-18 .. 448^2 < 2^18), 2^16 of them, 2 x 7 of offsets
    assert_eq!(array(&[E4M3], OutFormat::Fp16, 3).segments(), (37 + 16 + 14usize).div_ceil(8));
    // two segments of the grid lie below E4M3's: 8 x (2 + 11) bits with 2 x 15 of offsets
    assert!(matches!(Accumulator::Exact(array(&[E4M3], OutFormat::Fp16, 4)).validate(), Err(ConfigError::TooWide { bits: 104, .. })));
}

/// A GEMM long enough that the driver runs it as several schedules (bands of A's rows, each
/// from reset): each band's rows take their own scales.
#[test]
fn bands_of_rows_take_their_own_scales() {
    let cfg = Config { rows: 1, cols: 1, ..Config::default() };
    let mut engine = VerilatorArray::exact(&cfg, &array(&[E4M3], OutFormat::Fp32, 2)).unwrap();
    let mut rng = StdRng::seed_from_u64(23);
    // 1 x 1 array, K = 2^16, N = 16: one row of tiles is 2^20 cycles, so each row is a band
    let (m, k, n, g) = (3, 1 << 16, 16, 32);
    let code = |rng: &mut StdRng| rng.random_range(0x08u8..0x70) | if rng.random_bool(0.5) { 0x80 } else { 0 };
    let mx = Mx {
        a: Array2::from_shape_fn((m, k), |_| code(&mut rng)),
        b: Array2::from_shape_fn((k, n), |_| code(&mut rng)),
        c: Array2::zeros((m, n)),
        // each row's scales differ from the others' (120, 121, 122 ..), within 2^3 of A's least
        xa: Array2::from_shape_fn((m, k / g), |(i, q)| 120 + i as u8 + (q % 2) as u8),
        xb: Array2::from_shape_fn((k / g, n), |_| 127),
        g: NonZeroUsize::new(g).unwrap(),
        fa: E4M3,
        fb: E4M3,
        s: 0,
        sr: None,
        out: OutFormat::Fp32,
    };
    mx.check(&mut engine, 0);
}
