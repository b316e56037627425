//! Throughput figures (SPEC section 7): single-threaded rates, the median of several runs.

use std::hint::black_box;
use std::time::Instant;

use anyhow::Result;
use ndarray::Array2;
use rand::{rngs::StdRng, Rng, SeedableRng};

use crate::config::Config;
use crate::emit;
use crate::format::Fp8Format;
use crate::reference::{mac_bits, Rounding};
use crate::sim::array::{ArrayEngine, Schedule, Setup};
use crate::sim::verilator::{VerilatorArray, VerilatorMac};
use crate::verify::oracle;
use crate::verify::{self, BatchModel};

const CASES: usize = 1 << 20;
const RUNS: usize = 7;

/// Random MAC operands: FP8 codes with their formats, and finite FP16 addends.
struct Cases {
    a: Vec<(u8, Fp8Format)>,
    b: Vec<(u8, Fp8Format)>,
    c: Vec<u16>,
}

fn cases() -> Cases {
    let mut rng = StdRng::seed_from_u64(42);
    let fp8 = |rng: &mut StdRng| (rng.random::<u8>(), Fp8Format::from_select_bit(rng.random()));
    Cases {
        a: (0..CASES).map(|_| fp8(&mut rng)).collect(),
        b: (0..CASES).map(|_| fp8(&mut rng)).collect(),
        c: (0..CASES).map(|_| rng.random::<u16>() & 0xBFFF).collect(),
    }
}

/// Median over `RUNS` runs of `f`'s rate, `f` doing `CASES` operations per run.
fn rate(mut f: impl FnMut() -> u16) -> f64 {
    let mut rates: Vec<f64> = (0..RUNS)
        .map(|_| {
            let t = Instant::now();
            black_box(f());
            CASES as f64 / t.elapsed().as_secs_f64()
        })
        .collect();
    rates.sort_by(f64::total_cmp);
    rates[RUNS / 2]
}

/// The reference model's MACs/s, from FP8 codes with run-time formats to FP16 bits.
pub fn reference_rate() -> f64 {
    let k = cases();
    rate(|| {
        let mut acc = 0u16;
        for i in 0..CASES {
            let (a, fa) = k.a[i];
            let (b, fb) = k.b[i];
            acc ^= mac_bits(fa.decode(a), fb.decode(b), k.c[i], Rounding::NearestEven);
        }
        acc
    })
}

/// SoftFloat's f16_mulAdd rate on the same operands, widened to FP16 by table look-up.
pub fn softfloat_rate() -> f64 {
    let k = cases();
    let tables = oracle::widen_tables();
    rate(|| {
        let mut acc = 0u16;
        for i in 0..CASES {
            let (a, fa) = k.a[i];
            let (b, fb) = k.b[i];
            let (a16, b16) = (tables[fa as usize][a as usize], tables[fb as usize][b as usize]);
            acc ^= oracle::f16_mul_add(a16, b16, k.c[i]);
        }
        acc
    })
}

/// Verilator's fp8_mac evaluations per second: whole batches of 65536 (a, b) pairs through one
/// harness process, so the figure is the model's, not the pipe's.
pub fn verilator_mac_rate() -> Result<f64> {
    let mac = VerilatorMac::new(&emit::fp8_mac(&Config::default()))?;
    let batches: Vec<_> = verify::batches(&[0x3C00, 0x0001, 0xC500, 0x7BFF], None).collect();
    mac.eval(&batches[0])?; // start the harness
    let mut rates = Vec::new();
    for _ in 0..RUNS {
        let t = Instant::now();
        for b in &batches {
            black_box(mac.eval(b)?);
        }
        rates.push((batches.len() * verify::BATCH) as f64 / t.elapsed().as_secs_f64());
    }
    rates.sort_by(f64::total_cmp);
    Ok(rates[RUNS / 2])
}

/// Verilator's 8x8 array: MACs of a 64 x 512 x 64 GEMM per second of simulation (the whole
/// schedule, fill and drain included; schedule building not timed).
pub fn verilator_array_rate() -> Result<f64> {
    let (rows, cols, m, k, n) = (8, 8, 64, 512, 64);
    let cfg = Config { rows, cols, ..Config::default() };
    let mut engine = VerilatorArray::new(&cfg)?;
    let mut rng = StdRng::seed_from_u64(8);
    let a = Array2::from_shape_fn((m, k), |_| rng.random_range(0x20u8..0x50));
    let b = Array2::from_shape_fn((k, n), |_| rng.random_range(0x20u8..0x50));
    let c = Array2::zeros((m, n));
    let schedule = Schedule::gemm(a.view(), b.view(), c.view(), None, &cfg);
    let setup = Setup { fmt_a: Fp8Format::E4M3, fmt_b: Fp8Format::E4M3, sr: false };
    let mut rates = Vec::new();
    for _ in 0..3 {
        let t = Instant::now();
        black_box(engine.run(setup, &schedule.frames)?);
        rates.push((m * k * n) as f64 / t.elapsed().as_secs_f64());
    }
    rates.sort_by(f64::total_cmp);
    Ok(rates[1])
}

/// The JSON line of `fp8mac bench --json` (SPEC section 6).
#[derive(serde::Serialize)]
struct Figures {
    reference_macs_per_s: f64,
    softfloat_macs_per_s: f64,
    verilator_mac_evals_per_s: f64,
    verilator_array_macs_per_s: f64,
}

/// `fp8mac bench`: prints the figures, then with `json` one JSON object as the last line.
pub fn run(json: bool) -> Result<()> {
    let reference = reference_rate();
    let softfloat = softfloat_rate();
    let verilator_mac = verilator_mac_rate()?;
    let verilator_array = verilator_array_rate()?;
    println!("reference model      {:>8.1} M MAC/s (one thread, median of {RUNS} runs)", reference / 1e6);
    println!("softfloat f16_mulAdd {:>8.1} M MAC/s (same operands, same run)", softfloat / 1e6);
    println!("  reference / softfloat = {:.2}x", reference / softfloat);
    println!("verilator fp8_mac    {:>8.1} M evaluations/s (one harness process)", verilator_mac / 1e6);
    println!("verilator 8x8 array  {:>8.1} M MAC/s (64x512x64 GEMM, median of 3)", verilator_array / 1e6);
    if json {
        let figures = Figures {
            reference_macs_per_s: reference.round(),
            softfloat_macs_per_s: softfloat.round(),
            verilator_mac_evals_per_s: verilator_mac.round(),
            verilator_array_macs_per_s: verilator_array.round(),
        };
        println!("{}", serde_json::to_string(&figures)?);
    }
    Ok(())
}
