//! Hostile inputs and interrupted writes: each fault a user or a tester found, as a test.
//! Every bad input gets one `error:` line, a failing exit code and no file left behind.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::Instant;

use ndarray::Array2;
use ndarray_npy::{read_npy, write_npy};

fn fp8mac(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_fp8mac")).args(args).output().expect("binary runs")
}

fn p(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// Asserts one clear error line mentioning `mentions`, a failing exit code (not an abort:
/// 1, or clap's 2) and no file at `no_file`.
fn assert_clean_error(out: &Output, mentions: &str, no_file: &Path) {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(matches!(out.status.code(), Some(1 | 2)), "exit {:?}: {stderr}", out.status);
    assert!(stderr.contains(mentions), "error should mention '{mentions}': {stderr}");
    assert!(!stderr.contains("panicked") && !stderr.contains("memory allocation"), "{stderr}");
    assert!(!no_file.exists(), "{} left behind", no_file.display());
}

/// An .npy file whose header claims `shape` of `descr` but which holds `data` bytes.
fn lying_npy(path: &Path, descr: &str, shape: &str, fortran: bool, data: &[u8]) {
    let mut header = format!("{{'descr': '{descr}', 'fortran_order': {}, 'shape': {shape}, }}", if fortran { "True" } else { "False" });
    while (10 + header.len() + 1) % 64 != 0 {
        header.push(' ');
    }
    header.push('\n');
    let mut f = std::fs::File::create(path).unwrap();
    f.write_all(b"\x93NUMPY\x01\x00").unwrap();
    f.write_all(&(header.len() as u16).to_le_bytes()).unwrap();
    f.write_all(header.as_bytes()).unwrap();
    f.write_all(data).unwrap();
}

/// Leftover temporary files (`.tmpXXXXXX`) in a folder.
fn leftovers(dir: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().unwrap().to_string_lossy().starts_with(".tmp"))
        .collect()
}

/// Fault 1: sizes read from a file are checked against the data present before allocating.
#[test]
fn header_claiming_more_data_than_the_file_holds_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let x = dir.path().join("x.npy");
    let q = dir.path().join("q.npy");
    lying_npy(&x, "<f4", "(100000, 100000)", false, &[0u8; 48]);
    let out = fp8mac(&["quantize", "--input", p(&x), "--fmt", "e4m3", "--output", p(&q)]);
    assert_clean_error(&out, "header declares shape [100000, 100000] (40000000000 bytes of data), but the file holds 48", &q);
    let a = dir.path().join("a.npy");
    lying_npy(&a, "|u1", "(200000, 200000)", false, &[0u8; 16]);
    let y = dir.path().join("y.npy");
    let out = fp8mac(&["gemm", "--a", p(&a), "--b", p(&a), "--fmt-a", "e4m3", "--fmt-b", "e4m3", "--output", p(&y)]);
    assert_clean_error(&out, "the file holds 16", &y);
    lying_npy(&a, "|u1", "(4294967296, 4294967296, 4294967296)", false, &[0u8; 16]);
    let out = fp8mac(&["gemm", "--a", p(&a), "--b", p(&a), "--fmt-a", "e4m3", "--fmt-b", "e4m3", "--output", p(&y)]);
    assert_clean_error(&out, "more data than any file holds", &y);
}

/// Fault 2: the output size is checked against a limit before computing.
#[test]
fn gemm_output_larger_than_the_limit_is_refused_before_work() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b, y) = (dir.path().join("a.npy"), dir.path().join("b.npy"), dir.path().join("y.npy"));
    write_npy(&a, &Array2::<u8>::zeros((100_000, 1))).unwrap();
    write_npy(&b, &Array2::<u8>::zeros((1, 100_000))).unwrap();
    let args = ["gemm", "--a", p(&a), "--b", p(&b), "--fmt-a", "e4m3", "--fmt-b", "e4m3", "--output", p(&y)];
    let out = fp8mac(&args);
    assert_clean_error(&out, "Y would be 100000 x 100000 = 10000000000 outputs, more than --max-outputs 67108864", &y);
    let out = fp8mac(&[&args[..], &["--accumulate", "exact"]].concat());
    assert_clean_error(&out, "--max-outputs", &y);
    // Overridable: a small limit refuses a small GEMM too.
    write_npy(&b, &Array2::<u8>::zeros((1, 3))).unwrap();
    let out = fp8mac(&[&args[..], &["--max-outputs", "1000"]].concat());
    assert_clean_error(&out, "300000 outputs, more than --max-outputs 1000", &y);
}

/// Fault 3: SR quantisation draws its stream in logical row-major order, whatever the file's
/// memory order.
#[test]
fn sr_quantize_of_fortran_order_equals_c_order() {
    let dir = tempfile::tempdir().unwrap();
    let (rows, cols) = (37, 53);
    let x = Array2::from_shape_fn((rows, cols), |(i, j)| ((i * cols + j) as f32 * 0.731).sin() * 3.0);
    let (c_in, f_in) = (dir.path().join("c.npy"), dir.path().join("f.npy"));
    write_npy(&c_in, &x).unwrap();
    // The same logical array stored column by column.
    let column_major: Vec<u8> = x.t().iter().flat_map(|v| v.to_le_bytes()).collect();
    lying_npy(&f_in, "<f4", &format!("({rows}, {cols})"), true, &column_major);
    let (qc, qf) = (dir.path().join("qc.npy"), dir.path().join("qf.npy"));
    for (input, output) in [(&c_in, &qc), (&f_in, &qf)] {
        let out = fp8mac(&["quantize", "--input", p(input), "--fmt", "e4m3", "--sr", "--seed", "5", "--output", p(output), "--quiet"]);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    }
    let (c, f): (Array2<u8>, Array2<u8>) = (read_npy(&qc).unwrap(), read_npy(&qf).unwrap());
    assert_eq!(c, f);
}

/// Fault 4: SIGINT or SIGTERM at any moment, the output write included, leaves no temporary
/// file and no partial output (the whole output if the signal came after its rename), and
/// exits with 130.
#[test]
fn interrupted_write_leaves_no_temporary_file() {
    let dir = tempfile::tempdir().unwrap();
    let x = dir.path().join("x.npy");
    // 16 M float16 values: a 32 MB input, a 16 MB output, about a second of work.
    let raw: Vec<u8> = (0..1u32 << 24).flat_map(|i| ((i.wrapping_mul(2654435761) >> 16) as u16 & 0x5BFF).to_le_bytes()).collect();
    lying_npy(&x, "<f2", "(4096, 4096)", false, &raw);
    let q = dir.path().join("q.npy");
    let started = Instant::now();
    let full = fp8mac(&["quantize", "--input", p(&x), "--fmt", "e5m2", "--sr", "--output", p(&q), "--quiet"]);
    assert!(full.status.success());
    let whole = started.elapsed();
    std::fs::remove_file(&q).unwrap();
    // Signals spread over the whole run, so that some land while the output is written.
    for step in 0..24u32 {
        let child = Command::new(env!("CARGO_BIN_EXE_fp8mac"))
            .args(["quantize", "--input", p(&x), "--fmt", "e5m2", "--sr", "--output", p(&q), "--quiet"])
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(whole.mul_f64(0.4 + 0.03 * step as f64));
        let signal = if step % 2 == 0 { "-INT" } else { "-TERM" };
        Command::new("kill").args([signal, &child.id().to_string()]).status().unwrap();
        let status = child.wait_with_output().unwrap().status;
        assert!(leftovers(dir.path()).is_empty(), "step {step}: {:?} left behind", leftovers(dir.path()));
        match status.code() {
            Some(0) => std::fs::remove_file(&q).unwrap(), // finished before the signal
            Some(130) if q.exists() => {
                // Interrupted after the rename: the output is whole.
                let whole: Array2<u8> = read_npy(&q).unwrap();
                assert_eq!(whole.dim(), (4096, 4096));
                std::fs::remove_file(&q).unwrap();
            }
            Some(130) => {}
            other => panic!("step {step}: exit {other:?}"),
        }
    }
}

/// Fault 5: an output that exists and is not a regular file is refused, never replaced.
#[cfg(unix)]
#[test]
fn output_that_is_not_a_regular_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let x = dir.path().join("x.npy");
    write_npy(&x, &Array2::<f32>::ones((2, 2))).unwrap();
    let target = dir.path().join("target.txt");
    std::fs::write(&target, "keep me").unwrap();
    let link = dir.path().join("link.npy");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    let sub = dir.path().join("sub");
    std::fs::create_dir(&sub).unwrap();
    for (output, what) in [(&link, "is a symbolic link"), (&sub, "is a directory"), (&PathBuf::from("/dev/null"), "not a regular file")] {
        let out = fp8mac(&["quantize", "--input", p(&x), "--fmt", "e4m3", "--output", p(output)]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{stderr}");
        assert!(stderr.contains(what) && stderr.contains("refusing to replace"), "{stderr}");
    }
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "keep me");
    assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
    use std::os::unix::fs::FileTypeExt;
    assert!(std::fs::metadata("/dev/null").unwrap().file_type().is_char_device());
}

/// Fault 6: output paths are validated before any work: a missing output folder is reported
/// even when the inputs are missing too.
#[test]
fn output_path_is_checked_before_the_inputs_are_read() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing.npy");
    let y = dir.path().join("no_such_dir").join("y.npy");
    let out = fp8mac(&["gemm", "--a", p(&missing), "--b", p(&missing), "--fmt-a", "e4m3", "--fmt-b", "e4m3", "--output", p(&y)]);
    assert_clean_error(&out, "no such directory", &y);
    let out = fp8mac(&["quantize", "--input", p(&missing), "--fmt", "e4m3", "--output", p(&y)]);
    assert_clean_error(&out, "no such directory", &y);
    let vcd = dir.path().join("no_such_dir").join("t.vcd");
    let ok = dir.path().join("y.npy");
    let out = fp8mac(&[
        "gemm",
        "--a",
        p(&missing),
        "--b",
        p(&missing),
        "--fmt-a",
        "e4m3",
        "--fmt-b",
        "e4m3",
        "--engine",
        "rtl-sim",
        "--vcd",
        p(&vcd),
        "--output",
        p(&ok),
    ]);
    assert_clean_error(&out, "no such directory", &vcd);
}

/// Fault 7: no silent defaults: SR needs its random bits, a seed needs SR, codes are written
/// in hex with 0x.
#[test]
fn ambiguous_or_incomplete_flags_are_refused() {
    let none = Path::new("/nonexistent/never");
    let mac = ["mac", "--fmt-a", "e4m3", "--fmt-b", "e4m3", "--b", "0x38"];
    let out = fp8mac(&[&mac[..], &["--a", "0x38", "--sr"]].concat());
    assert_clean_error(&out, "--sr needs --rnd", none);
    let out = fp8mac(&[&mac[..], &["--a", "60"]].concat());
    assert_clean_error(&out, "write operand codes in hex with 0x", none);
    let out = fp8mac(&["mac", "--a", "0x38", "--fmt-a", "e4m3", "--b", "0x38", "--fmt-b", "e4m3", "--c", "15360"]);
    assert_clean_error(&out, "write FP16 codes in hex with 0x", none);
    let out = fp8mac(&["quantize", "--input", "x.npy", "--fmt", "e4m3", "--seed", "3", "--output", "q.npy"]);
    assert_clean_error(&out, "--sr", none);
    let out = fp8mac(&["gemm", "--a", "a.npy", "--b", "b.npy", "--fmt-a", "e4m3", "--fmt-b", "e4m3", "--seed", "3", "--output", "y.npy"]);
    assert_clean_error(&out, "--sr", none);
    // With the value given, SR works and rnd = 0 means "round toward zero" explicitly.
    let out = fp8mac(&[&mac[..], &["--a", "0x38", "--c", "0x3c01", "--sr", "--rnd", "0"]].concat());
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

/// Fault 8: long runs show progress on a terminal and stay quiet otherwise: with stderr a
/// pipe, a gemm prints nothing but its result file.
#[test]
fn progress_is_silent_without_a_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b, y) = (dir.path().join("a.npy"), dir.path().join("b.npy"), dir.path().join("y.npy"));
    write_npy(&a, &Array2::from_elem((64, 256), 0x38u8)).unwrap();
    write_npy(&b, &Array2::from_elem((256, 64), 0x38u8)).unwrap();
    let out = fp8mac(&["gemm", "--a", p(&a), "--b", p(&b), "--fmt-a", "e4m3", "--fmt-b", "e4m3", "--output", p(&y)]);
    assert!(out.status.success());
    assert!(out.stderr.is_empty() && out.stdout.is_empty(), "{}", String::from_utf8_lossy(&out.stderr));
}

/// Fault 9: quantisation says what it could not keep: values that overflowed and values that
/// flushed to zero, on one line of stderr (none with --quiet).
#[test]
fn quantize_reports_overflow_and_flush_to_zero() {
    let dir = tempfile::tempdir().unwrap();
    let (x, q) = (dir.path().join("x.npy"), dir.path().join("q.npy"));
    // 1000 values: 10 beyond E4M3's range, 20 below half its smallest subnormal, 970 fine.
    let v = Array2::from_shape_fn((10, 100), |(i, j)| match i * 100 + j {
        n if n < 10 => 1000.0,
        n if n < 30 => -1e-4,
        _ => 1.5,
    });
    write_npy(&x, &v.mapv(|f: f64| f as f32)).unwrap();
    let out = fp8mac(&["quantize", "--input", p(&x), "--fmt", "e4m3", "--output", p(&q)]);
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("1000 values; 10 overflowed (became NaN") && stderr.contains("20 flushed to zero"), "{stderr}");
    let out = fp8mac(&["quantize", "--input", p(&x), "--fmt", "e4m3", "--saturate", "--output", p(&q)]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("10 overflowed (saturated to +-448)"));
    let out = fp8mac(&["quantize", "--input", p(&x), "--fmt", "e4m3", "--output", p(&q), "--quiet"]);
    assert!(out.status.success() && out.stderr.is_empty());
}

/// Round 2, fault 8: SIGINT or SIGTERM during a Verilator build kills Verilator, make and g++
/// (they run in a process group of their own) and removes the scratch folder in the cache.
#[test]
fn a_signal_during_a_verilator_build_leaves_no_scratch_and_no_process() {
    let dir = tempfile::tempdir().unwrap();
    let cache = dir.path().join("cache");
    let (a, y) = (dir.path().join("a.npy"), dir.path().join("y.npy"));
    write_npy(&a, &Array2::from_elem((4, 4), 0x38u8)).unwrap();
    for signal in ["-INT", "-TERM"] {
        let child = Command::new(env!("CARGO_BIN_EXE_fp8mac"))
            .args(["gemm", "--a", p(&a), "--b", p(&a), "--fmt-a", "e4m3", "--fmt-b", "e4m3", "--engine", "verilator"])
            .args(["--rows", "4", "--cols", "4", "--output", p(&y)])
            .env("FP8MAC_CACHE", &cache)
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // Wait for the build's scratch folder, then for Verilator's C++ compiler to be busy in it.
        let started = Instant::now();
        while !cache.exists() || leftovers(&cache).is_empty() || processes_in(&cache).len() < 2 {
            assert!(started.elapsed().as_secs() < 60, "no build started");
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        Command::new("kill").args([signal, &child.id().to_string()]).status().unwrap();
        let out = child.wait_with_output().unwrap();
        assert_eq!(out.status.code(), Some(130), "{}", String::from_utf8_lossy(&out.stderr));
        std::thread::sleep(std::time::Duration::from_millis(300));
        assert!(leftovers(&cache).is_empty(), "{signal}: {:?} left in the cache", leftovers(&cache));
        assert!(processes_in(&cache).is_empty(), "{signal}: still running: {:?}", processes_in(&cache));
        assert!(!y.exists());
    }
}

/// Live processes (not zombies) whose working folder is below `dir`.
fn processes_in(dir: &Path) -> Vec<String> {
    let dir = dir.canonicalize().unwrap();
    std::fs::read_dir("/proc")
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().chars().all(|c| c.is_ascii_digit()))
        .filter(|e| std::fs::read_link(e.path().join("cwd")).is_ok_and(|cwd| cwd.starts_with(&dir)))
        .filter(|e| std::fs::read_to_string(e.path().join("stat")).is_ok_and(|s| !s.contains(") Z ")))
        .filter_map(|e| std::fs::read_to_string(e.path().join("comm")).ok())
        .collect()
}

/// Round 2, misleading words: each refusal names the file and what is wrong with it.
#[test]
fn unusable_paths_and_dtypes_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let (x, q) = (dir.path().join("x.npy"), dir.path().join("q.npy"));
    write_npy(&x, &Array2::<f32>::ones((2, 2))).unwrap();
    let strings = dir.path().join("s.npy");
    lying_npy(&strings, "<U3", "(2,)", false, &[0u8; 24]);
    let out = fp8mac(&["quantize", "--input", p(&strings), "--fmt", "e4m3", "--output", p(&q)]);
    assert_clean_error(&out, "has dtype '<U3' (strings), expected float32 or float16", &q);
    let raw = dir.path().join("v.npy");
    lying_npy(&raw, "|V1", "(2, 2)", false, &[0u8; 4]);
    let out = fp8mac(&["gemm", "--a", p(&raw), "--b", p(&raw), "--fmt-a", "e4m3", "--fmt-b", "e4m3", "--output", p(&q)]);
    assert_clean_error(&out, "save x.view(np.uint8) instead", &q);
    // A pipe is not a file.
    let mut child = Command::new(env!("CARGO_BIN_EXE_fp8mac"))
        .args(["quantize", "--input", "/dev/stdin", "--fmt", "e4m3", "--output", p(&q)])
        .stdin(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(&std::fs::read(&x).unwrap()).unwrap();
    assert_clean_error(&child.wait_with_output().unwrap(), "/dev/stdin: cannot read it as a .npy file", &q);
    // "-" is not standard output, and a name too long says so.
    let out = fp8mac(&["quantize", "--input", p(&x), "--fmt", "e4m3", "--output", "-"]);
    assert_clean_error(&out, "writing to standard output is not supported", Path::new("-"));
    let long = dir.path().join("x".repeat(300));
    let out = fp8mac(&["quantize", "--input", p(&x), "--fmt", "e4m3", "--output", p(&long)]);
    assert_clean_error(&out, "File name too long", &long);
    let deep = dir.path().join(format!("{}/y.npy", "d".repeat(4100)));
    let out = fp8mac(&["quantize", "--input", p(&x), "--fmt", "e4m3", "--output", p(&deep)]);
    assert_clean_error(&out, "too long", &deep);
}

/// Round 2, misleading words: `--amax` says when its clamped scale still overflows, and the
/// summary counts the infinities that became NaN.
#[test]
fn quantize_reports_the_amax_clamp_and_lost_infinities() {
    let dir = tempfile::tempdir().unwrap();
    let (x, q) = (dir.path().join("x.npy"), dir.path().join("q.npy"));
    write_npy(&x, &ndarray::arr1(&[f32::INFINITY, f32::NEG_INFINITY, 1.0, 1e30])).unwrap();
    let out = fp8mac(&["quantize", "--input", p(&x), "--fmt", "e4m3", "--amax", "--output", p(&q)]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains("clamped at -64, so the largest values still overflow"), "{stderr}");
    assert!(stderr.contains("4 values; 1 overflowed") && stderr.contains("2 infinite inputs became NaN"), "{stderr}");
    let out = fp8mac(&["quantize", "--input", p(&x), "--fmt", "e5m2", "--output", p(&q)]);
    assert!(!String::from_utf8_lossy(&out.stderr).contains("infinite inputs"), "E5M2 keeps its infinities");
    write_npy(&x, &ndarray::arr1(&[1.0f32, 400.0])).unwrap();
    let out = fp8mac(&["quantize", "--input", p(&x), "--fmt", "e4m3", "--amax", "--output", p(&q)]);
    assert!(!String::from_utf8_lossy(&out.stderr).contains("clamped"));
}

/// Round 2, fault 7: an array too large to build in reasonable time is refused before any
/// work, with the way to insist (a 64 x 64 Verilator model took over 6.4 GB and was still
/// compiling after two minutes).
#[test]
fn arrays_too_large_to_simulate_or_generate_are_refused_first() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b, y) = (dir.path().join("a.npy"), dir.path().join("b.npy"), dir.path().join("y.npy"));
    write_npy(&a, &Array2::from_elem((6, 5), 0x38u8)).unwrap();
    write_npy(&b, &Array2::from_elem((5, 7), 0x38u8)).unwrap();
    for engine in ["verilator", "rtl-sim"] {
        for acc in ["fp16", "exact"] {
            let started = Instant::now();
            let out = fp8mac(&[
                "gemm",
                "--a",
                p(&a),
                "--b",
                p(&b),
                "--fmt-a",
                "e4m3",
                "--fmt-b",
                "e4m3",
                "--engine",
                engine,
                "--accumulate",
                acc,
                "--rows",
                "64",
                "--cols",
                "64",
                "--output",
                p(&y),
            ]);
            assert_clean_error(
                &out,
                "a 64 x 64 array has 4096 elements, more than the 256 allowed for simulation without --allow-large",
                &y,
            );
            assert!(started.elapsed().as_secs() < 5, "refused only after {:?}", started.elapsed());
        }
    }
    // 16 x 16 is within the bound; the reference model takes any --rows.
    let out = fp8mac(&[
        "gemm",
        "--a",
        p(&a),
        "--b",
        p(&b),
        "--fmt-a",
        "e4m3",
        "--fmt-b",
        "e4m3",
        "--rows",
        "64",
        "--cols",
        "64",
        "--output",
        p(&y),
    ]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let out = fp8mac(&["generate", "--rows", "64", "--cols", "33", "--out", p(&dir.path().join("rtl"))]);
    assert_clean_error(&out, "more than the 1024 allowed for generate without --allow-large", &dir.path().join("rtl"));
}
