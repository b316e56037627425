//! `fp8mac demo`: the main job. Generates the default arrays (FP16 chain, exact accumulation
//! into FP16 and into binary32), runs FP8 GEMMs of both HFP8 format pairs through their Verilog in Verilator,
//! checks every bit against the reference model, and reports shapes, mismatches, error against
//! float32, cycles and throughput.

use std::time::Instant;

use crate::progress::Progress;
use anyhow::{ensure, Result};
use half::f16;
use ndarray::Array2;
use rand::{rngs::StdRng, SeedableRng};
use rand_distr::{Distribution, Normal};

use crate::accuracy::relative_error;
use crate::config::{Config, ExactArray};
use crate::format::Format::{self, E4M3, E5M2};
use crate::reference::{self, encode_f32, OutFormat, Rounding, SrConfig};
use crate::sim::array::{self, tile_period, ArrayEngine, Schedule, Setup};
use crate::sim::verilator::VerilatorArray;

/// H of the demo's exact array: exact for K up to 2^16 (the generator's default).
const MAX_K_LOG2_DEMO: u32 = 16;

/// One demo workload: float32 operands and the FP8 formats to quantise them to.
struct Workload {
    name: &'static str,
    a: Array2<f32>,
    b: Array2<f32>,
    fmt_a: Format,
    fmt_b: Format,
    sr: Option<SrConfig>,
}

fn normal(rng: &mut StdRng, shape: (usize, usize), sigma: f32) -> Array2<f32> {
    let dist = Normal::new(0.0, sigma).expect("positive sigma");
    Array2::from_shape_fn(shape, |_| dist.sample(rng))
}

fn workloads() -> Vec<Workload> {
    let mut rng = StdRng::seed_from_u64(2026);
    let (m, k, n) = (48, 256, 40);
    let act = normal(&mut rng, (m, k), 1.0);
    let weights = normal(&mut rng, (k, n), 1.0 / (k as f32).sqrt());
    let grads = normal(&mut rng, (m, k), 1e-3);
    // Structured: smooth, low-rank operands (a ramp of phases), the kind of matrix whose
    // rows are strongly correlated.
    let smooth = Array2::from_shape_fn((m, k), |(i, kk)| 4.0 * (0.3 * i as f32).sin() * (0.05 * kk as f32).cos());
    let waves = Array2::from_shape_fn((k, n), |(kk, j)| (0.05 * kk as f32 + 0.4 * j as f32).cos() / (k as f32).sqrt());
    vec![
        Workload { name: "forward  random  ", a: act.clone(), b: weights.clone(), fmt_a: E4M3, fmt_b: E4M3, sr: None },
        Workload { name: "backward random  ", a: grads, b: weights.clone(), fmt_a: E5M2, fmt_b: E4M3, sr: None },
        Workload { name: "forward  random SR", a: act, b: weights, fmt_a: E4M3, fmt_b: E4M3, sr: Some(SrConfig { bits: 8, seed: 7 }) },
        Workload { name: "forward  struct. ", a: smooth, b: waves, fmt_a: E4M3, fmt_b: E4M3, sr: None },
    ]
}

fn quantize(x: &Array2<f32>, fmt: Format) -> Array2<u8> {
    x.mapv(|v| encode_f32(v, fmt, Rounding::NearestEven, true))
}

pub fn run() -> Result<()> {
    let cfg = Config::default();
    println!(
        "fp8mac demo: fp8_systolic, fp8_systolic_exact and fp8_systolic_exact_fp32 {}x{} (sr_bits {}), Verilator vs the reference model",
        cfg.rows, cfg.cols, cfg.sr_bits
    );
    let t = Instant::now();
    let mut engine = VerilatorArray::new(&cfg, crate::format::FormatSet::DEFAULT)?;
    let exact = ExactArray::new(MAX_K_LOG2_DEMO);
    let mut exact_engine = VerilatorArray::exact(&cfg, &exact)?;
    let mut exact32_engine = VerilatorArray::exact(&cfg, &ExactArray { out: OutFormat::Fp32, ..exact })?;
    println!("generated and verilated the three arrays in {:.1} s\n", t.elapsed().as_secs_f64());
    println!(
        "{:<18} {:>12} {:>10} {:>10} {:>9} {:>9} {:>9} {:>9} {:>9} {:>7} {:>11}",
        "workload", "M x K x N", "formats", "mismatch", "fp16", "exact16", "exact32", "mxdotp", "cycles", "util.", "MAC/s"
    );
    let mxdotp = reference::presets::preset("mxdotp")?.blocks(Some(OutFormat::Fp32), None, 0)?;
    let mut mismatches = 0;
    for w in workloads() {
        let (a, b) = (quantize(&w.a, w.fmt_a), quantize(&w.b, w.fmt_b));
        let (m, k, n) = (a.nrows(), a.ncols(), b.ncols());
        let c = Array2::from_elem((m, n), f16::ZERO);
        let want = reference::gemm(a.view(), w.fmt_a, b.view(), w.fmt_b, c.view(), w.sr)?;
        let schedule = Schedule::gemm(a.view(), b.view(), c.mapv(f16::to_bits).view(), w.sr, &cfg);
        let setup = Setup { fmt_a: w.fmt_a, fmt_b: w.fmt_b, sr: w.sr.is_some(), scale_exp: 0 };
        let t = Instant::now();
        let y = engine.run(setup, &schedule.frames)?;
        let secs = t.elapsed().as_secs_f64();
        let got = schedule.collect(&y, m, n).mapv(|code| f16::from_bits(code as u16));
        let exact16 = reference::gemm_exact_f16(a.view(), w.fmt_a, b.view(), w.fmt_b, c.view(), 0, w.sr)?;
        let hidden = Progress::hidden();
        let c_codes = c.mapv(|x| u32::from(x.to_bits()));
        let exact16_hw =
            array::gemm_exact(&mut exact_engine, a.view(), w.fmt_a, b.view(), w.fmt_b, c_codes.view(), 0, None, w.sr, &hidden)?;
        let zeros = Array2::zeros((m, n));
        let exact32_hw =
            array::gemm_exact(&mut exact32_engine, a.view(), w.fmt_a, b.view(), w.fmt_b, zeros.view(), 0, None, w.sr, &hidden)?;
        let exact32 = reference::gemm_exact_f32(a.view(), w.fmt_a, b.view(), w.fmt_b, Array2::zeros((m, n)).view(), 0, w.sr)?;
        // MXDOTP's blocks of 8 into binary32, through the same array's block store
        let (a_, b_) = (a.view(), b.view());
        let blocks_hw = array::gemm_blocks(&mut exact32_engine, a_, w.fmt_a, b_, w.fmt_b, zeros.view(), &mxdotp, None, &hidden)?;
        let blocks = reference::gemm_blocks(a_, w.fmt_a, b_, w.fmt_b, zeros.view(), &mxdotp, None, &hidden)?;
        let bad = got.iter().zip(&want).filter(|(g, w)| g.to_bits() != w.to_bits()).count()
            + exact16_hw.iter().zip(&exact16).filter(|(g, w)| **g != u32::from(w.to_bits())).count()
            + exact32_hw.iter().zip(&exact32).filter(|(g, w)| **g != w.to_bits()).count()
            + blocks_hw.iter().zip(&blocks).filter(|(g, w)| g != w).count();
        mismatches += bad;
        let cycles = schedule.frames.len();
        let util = schedule.mac_slots as f64 / (cycles * cfg.rows * cfg.cols) as f64;
        let y64 = w.a.dot(&w.b).mapv(f64::from);
        println!(
            "{:<18} {:>12} {:>10} {:>10} {:>9.2e} {:>9.2e} {:>9.2e} {:>9.2e} {:>9} {:>6.1}% {:>10.1}M",
            w.name,
            format!("{m}x{k}x{n}"),
            format!("{}x{}", w.fmt_a, w.fmt_b),
            format!("{bad}/{}", 4 * m * n),
            relative_error(&got.mapv(f16::to_f64), &y64),
            relative_error(&exact16.mapv(f16::to_f64), &y64),
            relative_error(&exact32.mapv(f64::from), &y64),
            relative_error(&blocks.mapv(|x| f64::from(f32::from_bits(x))), &y64),
            cycles,
            100.0 * util,
            (m * k * n) as f64 / secs / 1e6
        );
    }
    println!(
        "\nfp16, exact16, exact32, mxdotp: ||Y - A32 B32|| / ||A32 B32|| against float32 on the unquantised inputs, of\n\
         the FP16 chain (fp8_systolic), exact accumulation to FP16 (fp8_systolic_exact) and to binary32\n\
         (fp8_systolic_exact_fp32), and MXDOTP's blocks of 8 into binary32 (fp8_systolic_exact_fp32 with its block\n\
         store), all in Verilator on the same FP8 inputs, every result checked against the reference model\n\
         (mismatch counts the four runs).\n\
         util.: MAC slots / (cycles x {} elements), including fill, drain and the least tile period \
         ({} cycles for K = 256).",
        cfg.rows * cfg.cols,
        tile_period(256, &cfg, array::Accumulator::FP16)
    );
    ensure!(mismatches == 0, "{mismatches} results differ from the reference model");
    println!("every result bit-exact with the reference model");
    Ok(())
}
