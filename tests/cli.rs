//! The command line as a user runs it: results against independent oracles, and bad input.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::*;
use fp8mac::Format;
use ndarray::Array2;
use ndarray_npy::{read_npy, write_npy};
use rand::{rngs::StdRng, Rng, SeedableRng};
use softfloat_wrapper::RoundingMode;

fn fp8mac(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_fp8mac")).args(args).output().expect("binary runs")
}

fn p(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// Asserts one clear error line, a failing exit code, and no output file.
fn assert_clean_error(out: &Output, mentions: &str, no_file: &Path) {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "should fail: {stderr}");
    assert!(stderr.contains(mentions), "error should mention '{mentions}': {stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(!no_file.exists(), "{} left behind", no_file.display());
}

/// `fp8mac gemm` with every engine (the hardware ones on a 4x4 array) on random matrices of
/// every format pair, with C, equals a chain of SoftFloat f16_mulAdd calls on the FP8 operands
/// widened by ml_dtypes' table (src/verify/widen.txt).
#[test]
fn cli_gemm_every_engine_equals_softfloat_chain() {
    let dir = tempfile::tempdir().unwrap();
    let mut rng = StdRng::seed_from_u64(2024);
    let pairs = [("e4m3", "e4m3"), ("e4m3", "e5m2"), ("e5m2", "e4m3"), ("e5m2", "e5m2")];
    for ((fa, fb), engine) in pairs.into_iter().flat_map(|p| ["reference", "rtl-sim", "verilator"].map(|e| (p, e))) {
        let (m, k, n) = (rng.random_range(1..20), rng.random_range(0..40), rng.random_range(1..20));
        let a = Array2::from_shape_fn((m, k), |_| rng.random::<u8>());
        let b = Array2::from_shape_fn((k, n), |_| rng.random::<u8>());
        let c = Array2::from_shape_fn((m, n), |_| rng.random::<u16>() & 0xBBFF); // finite, mostly
        let path = |name: &str| dir.path().join(format!("{fa}_{fb}_{engine}_{name}.npy"));
        write_npy(path("a"), &a).unwrap();
        write_npy(path("b"), &b).unwrap();
        write_npy(path("c"), &c).unwrap();
        let out = fp8mac(&[
            "gemm",
            "--a",
            p(&path("a")),
            "--b",
            p(&path("b")),
            "--c",
            p(&path("c")),
            "--fmt-a",
            fa,
            "--fmt-b",
            fb,
            "--engine",
            engine,
            "--rows",
            "4",
            "--cols",
            "4",
            "--output",
            p(&path("y")),
        ]);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let y: Array2<u16> = read_npy(path("y")).unwrap();
        let (fa, fb): (Format, Format) = (fa.parse().unwrap(), fb.parse().unwrap());
        for i in 0..m {
            for j in 0..n {
                let acc = (0..k).fold(c[(i, j)], |acc, kk| softfloat_mac(a[(i, kk)], fa, b[(kk, j)], fb, acc, RoundingMode::TiesToEven));
                assert_eq!(y[(i, j)], acc, "{engine}: {fa} x {fb} {m}x{k}x{n} at ({i}, {j})");
            }
        }
    }
}

/// With stochastic rounding all engines give the same bits (the SoftFloat chain has no SR).
#[test]
fn cli_gemm_sr_engines_agree() {
    let dir = tempfile::tempdir().unwrap();
    let mut rng = StdRng::seed_from_u64(77);
    let a = Array2::from_shape_fn((9, 21), |_| rng.random_range(0x20u8..0x50) | (rng.random::<u8>() & 0x80));
    let b = Array2::from_shape_fn((21, 6), |_| rng.random_range(0x20u8..0x50) | (rng.random::<u8>() & 0x80));
    let (pa, pb) = (dir.path().join("a.npy"), dir.path().join("b.npy"));
    write_npy(&pa, &a).unwrap();
    write_npy(&pb, &b).unwrap();
    let run = |engine: &str, seed: &str| -> Array2<u16> {
        let y = dir.path().join(format!("{engine}_{seed}.npy"));
        let out = fp8mac(&[
            "gemm",
            "--a",
            p(&pa),
            "--b",
            p(&pb),
            "--fmt-a",
            "e5m2",
            "--fmt-b",
            "e4m3",
            "--sr",
            "--seed",
            seed,
            "--engine",
            engine,
            "--rows",
            "4",
            "--cols",
            "4",
            "--output",
            p(&y),
        ]);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        read_npy(&y).unwrap()
    };
    let reference = run("reference", "31");
    assert_eq!(run("rtl-sim", "31"), reference);
    assert_eq!(run("verilator", "31"), reference);
    // Another seed rounds some results the other way: the seeds reach the hardware.
    assert_ne!(run("verilator", "32"), reference);
}

/// `fp8mac quantize` on a float16 .npy holding every FP16 bit pattern equals ml_dtypes' casts.
#[test]
fn cli_quantize_float16_equals_ml_dtypes() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("all.npy");
    let all = Array2::from_shape_fn((256, 256), |(i, j)| (i * 256 + j) as u16);
    write_npy(&input, &all).unwrap();
    // Relabel the uint16 payload as float16: same width, same bytes.
    let mut bytes = std::fs::read(&input).unwrap();
    let at = bytes.windows(3).position(|w| w == b"<u2").unwrap();
    bytes[at + 1] = b'f';
    std::fs::write(&input, bytes).unwrap();
    for (fmt, table) in [("e4m3", &include_bytes!("data/f16_to_e4m3fn.bin")[..]), ("e5m2", &include_bytes!("data/f16_to_e5m2.bin")[..])] {
        let output = dir.path().join(format!("{fmt}.npy"));
        let out = fp8mac(&["quantize", "--input", p(&input), "--fmt", fmt, "--output", p(&output)]);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let q: Array2<u8> = read_npy(&output).unwrap();
        for (bits, &code) in q.iter().enumerate() {
            let x = half::f16::from_bits(bits as u16);
            let want = if x.is_nan() { table[bits] & 0x7F } else { table[bits] };
            assert_eq!(code, want, "{fmt} x=0x{bits:04x}");
        }
    }
}

#[test]
fn cli_mac_prints_result() {
    let out = fp8mac(&["mac", "--a", "0x3c", "--fmt-a", "e4m3", "--b", "0x40", "--fmt-b", "e5m2", "--c", "0x3400"]);
    assert!(out.status.success());
    // 1.5 * 2 + 0.25 = 3.25 = FP16 0x4280
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("0x4280"));
}

struct Files {
    dir: tempfile::TempDir,
}

impl Files {
    fn new() -> Self {
        let f = Files { dir: tempfile::tempdir().unwrap() };
        write_npy(f.path("a"), &Array2::<u8>::zeros((2, 3))).unwrap();
        write_npy(f.path("b"), &Array2::<u8>::zeros((3, 4))).unwrap();
        write_npy(f.path("b_bad"), &Array2::<u8>::zeros((5, 4))).unwrap();
        write_npy(f.path("c_bad"), &Array2::<u16>::zeros((4, 2))).unwrap();
        write_npy(f.path("f64"), &Array2::<f64>::zeros((2, 3))).unwrap();
        std::fs::write(f.path("junk"), b"not a numpy file").unwrap();
        f
    }
    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(format!("{name}.npy"))
    }
    fn gemm(&self, a: &str, b: &str, extra: &[&str]) -> (Output, PathBuf) {
        let y = self.path("y");
        let mut args = vec!["gemm", "--fmt-a", "e4m3", "--fmt-b", "e5m2", "--output", p(&y)];
        let (pa, pb) = (self.path(a), self.path(b));
        args.extend(["--a", p(&pa), "--b", p(&pb)]);
        args.extend(extra);
        (fp8mac(&args), y)
    }
}

#[test]
fn cli_rejects_bad_input_cleanly() {
    let f = Files::new();
    let (out, y) = f.gemm("a", "b_bad", &[]);
    assert_clean_error(&out, "inner dimensions", &y);
    let c_bad = f.path("c_bad");
    let (out, y) = f.gemm("a", "b", &["--c", p(&c_bad)]);
    assert_clean_error(&out, "C is 4x2", &y);
    let (out, y) = f.gemm("f64", "b", &[]);
    assert_clean_error(&out, "dtype", &y);
    let (out, y) = f.gemm("missing", "b", &[]);
    assert_clean_error(&out, "does not exist", &y);
    let (out, y) = f.gemm("junk", "b", &[]);
    assert_clean_error(&out, "not a valid .npy", &y);
    let (out, y) = f.gemm("a", "b", &["--engine", "spice"]);
    assert_clean_error(&out, "spice", &y);
    let (out, y) = f.gemm("a", "b", &["--rows", "0"]);
    assert_clean_error(&out, "--rows", &y);
    let out = fp8mac(&["mac", "--a", "0xZZ", "--fmt-a", "e4m3", "--b", "0x00", "--fmt-b", "e4m3"]);
    assert_clean_error(&out, "not a hex operand code", &y);
    let out = fp8mac(&["mac", "--a", "0x100", "--fmt-a", "e4m3", "--b", "0x00", "--fmt-b", "e4m3"]);
    assert_clean_error(&out, "does not fit", &y);
    let out = fp8mac(&["mac", "--a", "0x00", "--fmt-a", "e3m3", "--b", "0x00", "--fmt-b", "e4m3"]);
    assert_clean_error(&out, "unknown format 'e3m3'", &y);
    let out = fp8mac(&["mac", "--a", "0x00", "--fmt-a", "e4m3", "--b", "0x00", "--fmt-b", "e4m3", "--sr", "--rnd", "256"]);
    assert_clean_error(&out, "does not fit", &y);
    let q = f.path("q");
    let junk = f.path("junk");
    let out = fp8mac(&["quantize", "--input", p(&junk), "--fmt", "e4m3", "--output", p(&q)]);
    assert_clean_error(&out, "junk.npy", &q);
    let f64_in = f.path("f64");
    let out = fp8mac(&["quantize", "--input", p(&f64_in), "--fmt", "e4m3", "--output", p(&q)]);
    assert_clean_error(&out, "float32 or float16", &q);
}

/// An output path that cannot be written leaves nothing behind and says why.
#[test]
fn cli_unwritable_output_is_an_error() {
    let f = Files::new();
    let (pa, pb) = (f.path("a"), f.path("b"));
    let y = f.dir.path().join("no_such_dir").join("y.npy");
    let out = fp8mac(&["gemm", "--a", p(&pa), "--b", p(&pb), "--fmt-a", "e4m3", "--fmt-b", "e4m3", "--output", p(&y)]);
    assert_clean_error(&out, "y.npy", &y);
}

/// K = 0: Y = C exactly.
#[test]
fn cli_gemm_k_zero_returns_c() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b, c, y) = (dir.path().join("a.npy"), dir.path().join("b.npy"), dir.path().join("c.npy"), dir.path().join("y.npy"));
    write_npy(&a, &Array2::<u8>::zeros((3, 0))).unwrap();
    write_npy(&b, &Array2::<u8>::zeros((0, 2))).unwrap();
    let c_val = Array2::from_shape_fn((3, 2), |(i, j)| (0x3C00 + i * 7 + j) as u16 | 0x8000);
    write_npy(&c, &c_val).unwrap();
    let out = fp8mac(&["gemm", "--a", p(&a), "--b", p(&b), "--c", p(&c), "--fmt-a", "e5m2", "--fmt-b", "e4m3", "--output", p(&y)]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(read_npy::<_, Array2<u16>>(&y).unwrap(), c_val);
}

/// `gemm --accumulate exact` writes what the library computes: FP16 bits, or float32 with
/// `--out fp32` (C as float32 too), scaled by 2^S and stochastically rounded on request.
#[test]
fn cli_gemm_exact_equals_library() {
    let dir = tempfile::tempdir().unwrap();
    let path = |name: &str| dir.path().join(format!("{name}.npy"));
    let mut rng = StdRng::seed_from_u64(5);
    let a = Array2::from_shape_fn((5, 40), |_| rng.random_range(0u8..0x7C) | (rng.random::<u8>() & 0x80));
    let b = Array2::from_shape_fn((40, 3), |_| rng.random_range(0u8..0x7C) | (rng.random::<u8>() & 0x80));
    let c32 = Array2::from_shape_fn((5, 3), |(i, j)| (i as f32 - j as f32) * 0.37);
    write_npy(path("a"), &a).unwrap();
    write_npy(path("b"), &b).unwrap();
    write_npy(path("c32"), &c32).unwrap();
    let (pa, pb, pc, y) = (path("a"), path("b"), path("c32"), path("y"));
    let args = ["gemm", "--a", p(&pa), "--b", p(&pb), "--fmt-a", "e5m2", "--fmt-b", "e4m3", "--output", p(&y), "--accumulate", "exact"];
    let out = fp8mac(&[&args[..], &["--out", "fp32", "--c", p(&pc), "--scale-exp", "-3", "--sr", "--seed", "9"]].concat());
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let got: Array2<f32> = read_npy(&y).unwrap();
    let sr = Some(fp8mac::SrConfig { bits: 8, seed: 9 });
    let want = fp8mac::gemm_exact_f32(a.view(), Format::E5M2, b.view(), Format::E4M3, c32.view(), -3, sr).unwrap();
    assert_eq!(got.mapv(f32::to_bits), want.mapv(f32::to_bits));
    // The same on the array with binary32 rounders.
    let hw =
        ["--out", "fp32", "--c", p(&pc), "--scale-exp", "-3", "--sr", "--seed", "9", "--engine", "rtl-sim", "--rows", "2", "--cols", "2"];
    let out = fp8mac(&[&args[..], &hw].concat());
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let got: Array2<f32> = read_npy(&y).unwrap();
    assert_eq!(got.mapv(f32::to_bits), want.mapv(f32::to_bits));
    let out = fp8mac(&args);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let got: Array2<u16> = read_npy(&y).unwrap();
    let c16 = Array2::from_elem((5, 3), half::f16::ZERO);
    let want = fp8mac::gemm_exact_f16(a.view(), Format::E5M2, b.view(), Format::E4M3, c16.view(), 0, None).unwrap();
    assert_eq!(got, want.mapv(half::f16::to_bits));
}

/// Exact-mode flags without exact mode, a hardware engine in exact mode and an s out of
/// range are refused before any output is written.
#[test]
fn cli_gemm_exact_refuses_what_it_cannot_do() {
    let f = Files::new();
    let (out, y) = f.gemm("a", "b", &["--out", "fp32"]);
    assert_clean_error(&out, "--out-format fp32 needs --accumulate exact", &y);
    let (out, y) = f.gemm("a", "b", &["--accumulate", "exact", "--pipeline", "2", "--engine", "rtl-sim"]);
    assert_clean_error(&out, "--pipeline applies to the FP16 array", &y);
    let (out, y) = f.gemm("a", "b", &["--accumulate", "exact", "--max-k", "3"]);
    assert_clean_error(&out, "--max-k must be a power of two", &y);
    let (out, y) = f.gemm("a", "b", &["--max-k", "8"]);
    assert_clean_error(&out, "--max-k needs --accumulate exact", &y);
    let (out, y) = f.gemm("a", "b", &["--accumulate", "exact", "--engine", "rtl-sim", "--vcd", "t.vcd"]);
    assert_clean_error(&out, "--vcd traces the FP16 array", &y);
    let (out, y) = f.gemm("a", "b", &["--accumulate", "exact", "--scale-exp", "-65"]);
    assert_clean_error(&out, "--scale-exp must be -64..=64, got -65", &y);
    let (out, y) = f.gemm("a", "b", &["--accumulate", "exact", "--formats", "e4m3", "--engine", "verilator"]);
    assert_clean_error(&out, "this array takes e4m3 operands (--formats), not e5m2", &y);
    let (out, y) = f.gemm("a", "b", &["--formats", "e4m3,int8", "--engine", "rtl-sim"]);
    assert_clean_error(&out, "the FP16-chain array takes e4m3, e5m2, float8_e4m3fnuz", &y);
}

/// `quantize --scale-exp S` quantises x * 2^S exactly; `--amax` picks the largest S keeping
/// max |x| within the format's finite range (by the definition: amax 2^S <= max < amax
/// 2^(S+1)) and prints it; `dequantize` returns the codes' exact values.
#[test]
fn cli_quantize_scales_and_dequantize_inverts() {
    let dir = tempfile::tempdir().unwrap();
    let path = |name: &str| dir.path().join(format!("{name}.npy"));
    let x = Array2::from_shape_fn((20, 30), |(i, j)| ((i * 30 + j) as f32 * 0.37).sin() * 1000.0);
    write_npy(path("x"), &x).unwrap();
    write_npy(path("x8"), &x.mapv(|v| v / 8.0)).unwrap();
    let (px, px8, q, q8) = (path("x"), path("x8"), path("q"), path("q8"));
    let run = |args: &[&str]| {
        let out = fp8mac(args);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        out
    };
    run(&["quantize", "--input", p(&px), "--fmt", "e4m3", "--scale-exp", "-3", "--output", p(&q), "--quiet"]);
    run(&["quantize", "--input", p(&px8), "--fmt", "e4m3", "--output", p(&q8), "--quiet"]);
    assert_eq!(read_npy::<_, Array2<u8>>(&q).unwrap(), read_npy::<_, Array2<u8>>(&q8).unwrap());
    for (fmt, max) in [("e4m3", 448.0f64), ("e5m2", 57344.0)] {
        let out = run(&["quantize", "--input", p(&px), "--fmt", fmt, "--amax", "--output", p(&q), "--quiet"]);
        let stdout = String::from_utf8_lossy(&out.stdout);
        let s: i32 = stdout.split_whitespace().nth(1).unwrap().parse().unwrap();
        let amax = x.iter().fold(0.0f64, |m, v| m.max(v.abs() as f64));
        assert!(amax * 2f64.powi(s) <= max && amax * 2f64.powi(s + 1) > max, "{fmt}: S = {s} for amax {amax}");
        let codes: Array2<u8> = read_npy(&q).unwrap();
        let qs = path("qs");
        run(&["quantize", "--input", p(&px), "--fmt", fmt, "--scale-exp", &s.to_string(), "--output", p(&qs), "--quiet"]);
        assert_eq!(codes, read_npy::<_, Array2<u8>>(&qs).unwrap());
        let back = path("back");
        run(&["dequantize", "--input", p(&q), "--fmt", fmt, "--output", p(&back)]);
        let values: Array2<f32> = read_npy(&back).unwrap();
        let format: Format = fmt.parse().unwrap();
        assert_eq!(values, codes.mapv(|c| format.to_f64(c) as f32));
        assert!(values.iter().all(|v| v.is_finite()), "{fmt}: --amax let a value overflow");
    }
    let out = fp8mac(&["quantize", "--input", p(&px), "--fmt", "e4m3", "--scale-exp", "65", "--output", p(&q8)]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("--scale-exp must be -64..=64, got 65"));
    let out = fp8mac(&["quantize", "--input", p(&px), "--fmt", "e4m3", "--scale-exp", "1", "--amax", "--output", p(&q8)]);
    assert_eq!(out.status.code(), Some(2));
}

/// `--seed` takes decimal or `0x` hex, as the README says: 0x10 and 16 give the same Y, and
/// the seed matters (17 gives another).
#[test]
fn cli_seed_takes_hex() {
    let f = Files::new();
    let mut rng = StdRng::seed_from_u64(11);
    write_npy(f.path("ra"), &Array2::from_shape_fn((8, 40), |_| rng.random_range(0u8..0x70))).unwrap();
    write_npy(f.path("rb"), &Array2::from_shape_fn((40, 8), |_| rng.random_range(0u8..0x70) | (rng.random::<u8>() & 0x80))).unwrap();
    let run = |seed: &str| {
        let (out, y) = f.gemm("ra", "rb", &["--sr", "--seed", seed]);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let y: Array2<u16> = read_npy(y).unwrap();
        y
    };
    let (hex, dec, other) = (run("0x10"), run("16"), run("17"));
    assert_eq!(hex, dec);
    assert_ne!(dec, other);
}

/// `--formats` names a set the exact datapath is generated for; one it cannot build is refused
/// with the list of what it takes, before anything is written.
#[test]
fn cli_generate_formats_builds_a_set_or_says_why_not() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("v");
    let ok = fp8mac(&[
        "generate",
        "--accumulate",
        "exact",
        "--rows",
        "2",
        "--cols",
        "2",
        "--formats",
        "float4_e2m1fn,float6_e2m3fn",
        "--out",
        p(&out),
    ]);
    assert!(ok.status.success(), "{}", String::from_utf8_lossy(&ok.stderr));
    let text = std::fs::read_to_string(out.join("fp8_systolic_exact_e2m3_e2m1.v")).unwrap();
    assert!(text.contains("operand formats (0 = float6_e2m3fn, 1 = float4_e2m1fn)"), "{text:.3000}");
    // The FP16 chain refuses INT8 and E3M4 by name, before writing anything; the exact array
    // takes them, and without --accumulate generate writes it alone and says why.
    let bad = dir.path().join("w");
    let refused = fp8mac(&["generate", "--accumulate", "fp16", "--formats", "e4m3,int8,float8_e3m4", "--out", p(&bad)]);
    assert_clean_error(
        &refused,
        "(not float8_e3m4, int8); the exact array (--accumulate exact) and the reference engine take every format",
        &bad,
    );
    let int8 = dir.path().join("i");
    let ok = fp8mac(&["generate", "--rows", "1", "--cols", "1", "--formats", "e4m3,int8", "--out", p(&int8)]);
    assert!(ok.status.success() && String::from_utf8_lossy(&ok.stderr).contains("note: no FP16-chain array"), "{ok:?}");
    let names: Vec<String> = std::fs::read_dir(&int8).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    assert!(
        names.contains(&"fp8_systolic_exact_e4m3_int8.v".to_string()) && !names.iter().any(|n| n.starts_with("fp8_systolic_e4m3")),
        "{names:?}"
    );
    // Three formats: two-bit select ports, codes in the table's order.
    let three = fp8mac(&[
        "generate",
        "--accumulate",
        "exact",
        "--rows",
        "1",
        "--cols",
        "1",
        "--formats",
        "float4_e2m1fn,e5m2,e4m3",
        "--out",
        p(&out),
    ]);
    assert!(three.status.success(), "{}", String::from_utf8_lossy(&three.stderr));
    let text = std::fs::read_to_string(out.join("fp8_systolic_exact_e4m3_e5m2_e2m1.v")).unwrap();
    assert!(
        text.contains("operand formats (0 = e4m3, 1 = e5m2, 2 = float4_e2m1fn)") && text.contains("input wire  [1:0] fmt_a;"),
        "{text:.3000}"
    );
}
