//! Throughput figures (docs/spec.md section 7): single-threaded MAC rates and all-thread GEMM rates,
//! the median of several runs.

use std::hint::black_box;
use std::time::Instant;

use anyhow::Result;
use clap::Args;
use half::f16;
use ndarray::Array2;
use rand::{rngs::StdRng, Rng, SeedableRng};

use crate::config::Config;
use crate::emit;
use crate::format::{Format, FormatSet};
use crate::progress::Progress;
use crate::reference::{gemm, gemm_blocks, gemm_exact_f32, mac, BlockScales, Blocks, OutFormat, Rounding};
use crate::sim::array::{ArrayEngine, Schedule, Setup};
use crate::sim::verilator::{VerilatorArray, VerilatorMac};
use crate::verify::oracle;
use crate::verify::{self, BatchModel};

const CASES: usize = 1 << 20;
const RUNS: usize = 7;

/// Random MAC operands: FP8 codes with their formats, and finite FP16 addends.
struct Cases {
    a: Vec<(u8, Format)>,
    b: Vec<(u8, Format)>,
    c: Vec<u16>,
}

fn cases() -> Cases {
    let mut rng = StdRng::seed_from_u64(42);
    let fp8 = |rng: &mut StdRng| (rng.random::<u8>(), FormatSet::DEFAULT.format(rng.random::<bool>() as u32).expect("a pair"));
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
            acc ^= mac(a, fa, b, fb, f16::from_bits(k.c[i]), Rounding::NearestEven).to_bits();
        }
        acc
    })
}

/// SoftFloat's f16_mulAdd rate on the same operands, widened to FP16 by table look-up.
pub fn softfloat_rate() -> f64 {
    let k = cases();
    rate(|| {
        let mut acc = 0u16;
        for i in 0..CASES {
            let (a, fa) = k.a[i];
            let (b, fb) = k.b[i];
            let (a16, b16) = (oracle::widen(fa, a), oracle::widen(fb, b));
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
    let mut engine = VerilatorArray::new(&cfg, FormatSet::DEFAULT)?;
    let mut rng = StdRng::seed_from_u64(8);
    let a = Array2::from_shape_fn((m, k), |_| rng.random_range(0x20u8..0x50));
    let b = Array2::from_shape_fn((k, n), |_| rng.random_range(0x20u8..0x50));
    let c = Array2::zeros((m, n));
    let schedule = Schedule::gemm(a.view(), b.view(), c.view(), None, &cfg);
    let setup = Setup { fmt_a: Format::E4M3, fmt_b: Format::E4M3, sr: false, scale_exp: 0 };
    let mut rates = Vec::new();
    for _ in 0..3 {
        let t = Instant::now();
        black_box(engine.run(setup, &schedule.frames)?);
        rates.push((m * k * n) as f64 / t.elapsed().as_secs_f64());
    }
    rates.sort_by(f64::total_cmp);
    Ok(rates[1])
}

/// Median over `RUNS` runs, after one unmeasured run (threads started, memory mapped), of a
/// GEMM's MACs per second.
fn gemm_rate(macs: usize, mut f: impl FnMut()) -> f64 {
    f();
    let mut rates: Vec<f64> = (0..RUNS)
        .map(|_| {
            let t = Instant::now();
            f();
            macs as f64 / t.elapsed().as_secs_f64()
        })
        .collect();
    rates.sort_by(f64::total_cmp);
    rates[RUNS / 2]
}

/// Random FP8 codes, finite in both formats.
fn random_codes(rows: usize, cols: usize, rng: &mut StdRng) -> Array2<u8> {
    Array2::from_shape_fn((rows, cols), |_| rng.random_range(0u8..0x7C) | (rng.random::<u8>() & 0x80))
}

/// GEMM rates of the reference model, all threads, per format pair: exact accumulation to
/// FP32 at 1024^3, and the FP16 chain at 256 x 1024 x 256.
fn reference_gemm_rates() -> Vec<(Format, Format, f64, f64)> {
    let mut rng = StdRng::seed_from_u64(7);
    let (n, m) = (1024, 256);
    let (a, b) = (random_codes(n, n, &mut rng), random_codes(n, n, &mut rng));
    let (a_small, b_small) = (a.slice(ndarray::s![..m, ..]), b.slice(ndarray::s![.., ..m]));
    let pairs = [(Format::E4M3, Format::E4M3), (Format::E5M2, Format::E4M3), (Format::E5M2, Format::E5M2)];
    pairs
        .into_iter()
        .map(|(fa, fb)| {
            let c32 = Array2::<f32>::zeros((n, n));
            let exact = gemm_rate(n * n * n, || {
                black_box(gemm_exact_f32(a.view(), fa, b.view(), fb, c32.view(), 0, None).expect("shapes match"));
            });
            let c16 = Array2::from_elem((m, m), f16::ZERO);
            let chain = gemm_rate(m * n * m, || {
                black_box(gemm(a_small, fa, b_small, fb, c16.view(), None).expect("shapes match"));
            });
            (fa, fb, exact, chain)
        })
        .collect()
}

/// The reference model's MXFP8 GEMM (docs/spec.md section 12) in MACs per second: E4M3 x E4M3
/// at 1024^3 with E8M0 block scales per 32 along K, blocks of n = 32 products summed exactly and
/// rounded into binary32 (RNE) once per block, as MX dot-product units do.
fn mxfp8_gemm_rate() -> f64 {
    let mut rng = StdRng::seed_from_u64(8);
    let n = 1024;
    let (a, b) = (random_codes(n, n, &mut rng), random_codes(n, n, &mut rng));
    let g = std::num::NonZeroUsize::new(32).expect("non-zero");
    let (xa, xb) = (
        Array2::from_shape_fn((n, n / 32), |_| rng.random_range(120u8..135)),
        Array2::from_shape_fn((n / 32, n), |_| rng.random_range(120u8..135)),
    );
    let scales = BlockScales { a: xa.view(), b: xb.view(), g };
    let blocks = Blocks::new(Some(g), OutFormat::Fp32);
    let c = Array2::<u32>::zeros((n, n));
    gemm_rate(n * n * n, || {
        let y = gemm_blocks(a.view(), Format::E4M3, b.view(), Format::E4M3, c.view(), &blocks, Some(&scales), &Progress::hidden());
        black_box(y.expect("shapes match"));
    })
}

/// numpy's float64 matmul of 1024 x 1024 matrices, MACs per second (median of seven, after one
/// unmeasured run, as [`gemm_rate`]), from
/// the project's virtual environment or the system's python3; None without numpy.
fn numpy_f64_rate() -> Option<f64> {
    let script = "import numpy as np, time\n\
a = np.random.rand(1024, 1024); b = np.random.rand(1024, 1024); a @ b\n\
t = []\n\
for _ in range(7):\n    s = time.perf_counter(); a @ b; t.append(time.perf_counter() - s)\n\
print(1024**3 / sorted(t)[3])";
    let venv = std::path::Path::new(".venv/bin/python");
    let python = if venv.exists() { venv.to_str()? } else { "python3" };
    let out = std::process::Command::new(python).args(["-c", script]).output().ok()?;
    String::from_utf8_lossy(&out.stdout).trim().parse().ok()
}

/// The JSON line of `fp8mac bench --json` (docs/spec.md section 6).
#[derive(serde::Serialize)]
struct Figures {
    reference_macs_per_s: f64,
    softfloat_macs_per_s: f64,
    verilator_mac_evals_per_s: f64,
    verilator_array_macs_per_s: f64,
    reference_exact_macs_per_s: f64,
    reference_mxfp8_macs_per_s: f64,
    numpy_f64_macs_per_s: Option<f64>,
}

/// `fp8mac bench`: prints the figures, then with `json` one JSON object as the last line.
pub fn run(json: bool) -> Result<()> {
    // Each figure is printed as soon as it is measured; a spinner on a terminal says what runs.
    let spinner = indicatif::ProgressBar::new_spinner();
    spinner.enable_steady_tick(std::time::Duration::from_millis(200));
    spinner.set_message("reference model and SoftFloat");
    let reference = reference_rate();
    let softfloat = softfloat_rate();
    spinner.suspend(|| {
        println!("reference model      {:>8.1} M MAC/s (one thread, median of {RUNS} runs)", reference / 1e6);
        println!("softfloat f16_mulAdd {:>8.1} M MAC/s (same operands, same run)", softfloat / 1e6);
        println!("  reference / softfloat = {:.2}x", reference / softfloat);
    });
    spinner.set_message("Verilator models (a first build takes about a minute)");
    let verilator_mac = verilator_mac_rate()?;
    let verilator_array = verilator_array_rate()?;
    spinner.suspend(|| {
        println!("verilator fp8_mac    {:>8.1} M evaluations/s (one harness process)", verilator_mac / 1e6);
        println!("verilator 8x8 array  {:>8.1} M MAC/s (64x512x64 GEMM, median of 3)", verilator_array / 1e6);
    });
    spinner.set_message("reference GEMMs and numpy");
    let gemms = reference_gemm_rates();
    for (fa, fb, exact, chain) in &gemms {
        println!(
            "reference GEMM {fa} x {fb}: exact -> fp32 {:>8.1} M MAC/s (1024^3), fp16 chain {:>6.1} M MAC/s (256x1024x256): {:.0}x",
            exact / 1e6,
            chain / 1e6,
            exact / chain
        );
    }
    let mxfp8 = mxfp8_gemm_rate();
    println!("reference GEMM MXFP8 e4m3, blocks of 32 -> fp32: {:>8.1} M MAC/s (1024^3)", mxfp8 / 1e6);
    let numpy = numpy_f64_rate();
    spinner.finish_and_clear();
    let exact = gemms[0].2;
    match numpy {
        Some(np) => println!(
            "numpy float64 matmul {:>8.1} M MAC/s (1024^3): exact e4m3 / numpy = {:.2}, MXFP8 blocks / numpy = {:.2}",
            np / 1e6,
            exact / np,
            mxfp8 / np
        ),
        None => println!("numpy float64 matmul: numpy not found (make setup installs it into .venv)"),
    }
    if json {
        let figures = Figures {
            reference_macs_per_s: reference.round(),
            softfloat_macs_per_s: softfloat.round(),
            verilator_mac_evals_per_s: verilator_mac.round(),
            verilator_array_macs_per_s: verilator_array.round(),
            reference_exact_macs_per_s: exact.round(),
            reference_mxfp8_macs_per_s: mxfp8.round(),
            numpy_f64_macs_per_s: numpy.map(f64::round),
        };
        println!("{}", serde_json::to_string(&figures)?);
    }
    Ok(())
}

/// `fp8mac bench`'s options.
#[derive(Args, Debug)]
pub(super) struct BenchArgs {
    /// Print one JSON object as the last line.
    #[arg(long)]
    pub(super) json: bool,
}
