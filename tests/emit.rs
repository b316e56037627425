//! The generated Verilog as a user receives it: committed output up to date, deterministic,
//! lint-clean under Verilator, and free of latches and combinational loops under Yosys.

use std::path::Path;
use std::process::Command;

use rayon::prelude::*;

fn generate(dir: &Path, extra: &[&str]) {
    let out = Command::new(env!("CARGO_BIN_EXE_fp8mac")).args(["generate", "--out", dir.to_str().unwrap()]).args(extra).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut v: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap())
        .map(|e| (e.file_name().to_string_lossy().to_string(), std::fs::read(e.path()).unwrap()))
        .collect();
    v.sort();
    v
}

#[test]
fn rtl_out_matches_fresh_generate() {
    let fresh = tempfile::tempdir().unwrap();
    generate(fresh.path(), &[]);
    let committed = Path::new(env!("CARGO_MANIFEST_DIR")).join("rtl-out");
    let (want, got) = (files(&committed), files(fresh.path()));
    let names = |v: &[(String, Vec<u8>)]| v.iter().map(|f| f.0.clone()).collect::<Vec<_>>();
    assert_eq!(names(&want), names(&got), "rtl-out/ holds other files than `generate` writes");
    for ((name, w), (_, g)) in want.iter().zip(&got) {
        assert!(w == g, "rtl-out/{name} is stale: run `cargo run --release -- generate` and commit");
    }
}

/// `generate --accumulate` writes one array's files; `--max-k` sets the exact array's range,
/// `--formats e4m3` makes it the E4M3-only array, `--out-format fp32` the array with binary32
/// rounders, each in its own file; `--out-format fp32` alone is refused.
#[test]
fn generate_writes_one_array_on_request() {
    let names = |extra: &[&str]| {
        let dir = tempfile::tempdir().unwrap();
        generate(dir.path(), extra);
        let all = files(dir.path());
        let exact = all.iter().find(|(n, _)| n.starts_with("fp8_systolic_exact")).map(|(_, t)| String::from_utf8_lossy(t).into_owned());
        (all.into_iter().map(|(n, _)| n).collect::<Vec<_>>(), exact)
    };
    let (exact_only, text) = names(&["--accumulate", "exact", "--max-k", "1024"]);
    assert_eq!(exact_only, ["fp8_gemm_engine_exact.h", "fp8_gemm_engine_exact.v", "fp8_systolic_exact.v"]);
    assert!(text.unwrap().contains("exact for K <= 2^10"));
    assert_eq!(
        names(&["--accumulate", "fp16"]).0,
        ["fp16_to_fp8.v", "fp8_gemm_engine.h", "fp8_gemm_engine.v", "fp8_mac.v", "fp8_systolic.v"]
    );
    let (e4m3_only, text) = names(&["--accumulate", "exact", "--formats", "e4m3"]);
    assert_eq!(e4m3_only, ["fp8_gemm_engine_exact_e4m3.h", "fp8_gemm_engine_exact_e4m3.v", "fp8_systolic_exact_e4m3.v"]);
    let text = text.unwrap();
    assert!(text.contains("module fp8_systolic_exact_e4m3(") && text.contains("every operand is e4m3: --formats e4m3"), "{text:.2000}");
    assert!(text.contains("of 7 8-bit segments") && text.contains("grid 2^-18"), "{text:.2000}");
    let (fp32, text) = names(&["--accumulate", "exact", "--out-format", "fp32"]);
    assert_eq!(fp32, ["fp8_gemm_engine_exact_fp32.h", "fp8_gemm_engine_exact_fp32.v", "fp8_systolic_exact_fp32.v"]);
    let text = text.unwrap();
    assert!(text.contains("module fp8_systolic_exact_fp32(") && text.contains("input wire  [31:0] c_0;"), "{text:.2000}");
    assert!(text.contains("output reg  [31:0] y_0;") && text.contains("(binary32), 19 cycles after its shift"), "{text:.3000}");
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_fp8mac"))
        .args(["generate", "--out-format", "fp32", "--out", dir.path().to_str().unwrap()])
        .output()
        .unwrap();
    assert!(!out.status.success() && String::from_utf8_lossy(&out.stderr).contains("it needs --accumulate exact"));
    assert!(files(dir.path()).is_empty(), "nothing written");
    // `--out` is the folder: `--out fp32` (meaning the format, as in `gemm`) is refused.
    let out = Command::new(env!("CARGO_BIN_EXE_fp8mac"))
        .current_dir(dir.path())
        .args(["generate", "--accumulate", "exact", "--out", "fp32"])
        .output()
        .unwrap();
    assert!(!out.status.success() && String::from_utf8_lossy(&out.stderr).contains("is --out-format fp32"));
    assert!(files(dir.path()).is_empty(), "nothing written");
}

#[test]
fn generate_is_deterministic() {
    let (one, two) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    generate(one.path(), &["--sr-bits", "5"]);
    generate(two.path(), &["--sr-bits", "5"]);
    assert_eq!(files(one.path()), files(two.path()));
}

/// Module names and ports exactly as docs/spec.md section 5 lists them.
#[test]
fn ports_follow_the_contract() {
    let dir = tempfile::tempdir().unwrap();
    generate(dir.path(), &[]);
    let mac = std::fs::read_to_string(dir.path().join("fp8_mac.v")).unwrap();
    assert!(mac.contains("module fp8_mac(a,fmt_a,b,fmt_b,c,sr,rnd,y);"));
    for decl in [
        "input wire  [7:0] a;",
        "input wire  fmt_a;",
        "input wire  [7:0] b;",
        "input wire  fmt_b;",
        "input wire  [15:0] c;",
        "input wire  sr;",
        "input wire  [7:0] rnd;",
        "output reg  [15:0] y;",
    ] {
        assert!(mac.contains(decl), "fp8_mac.v lacks `{decl}`");
    }
    let conv = std::fs::read_to_string(dir.path().join("fp16_to_fp8.v")).unwrap();
    assert!(conv.contains("module fp16_to_fp8(x,fmt,sr,rnd,sat,y);"));
    for decl in [
        "input wire  [15:0] x;",
        "input wire  fmt;",
        "input wire  sr;",
        "input wire  [7:0] rnd;",
        "input wire  sat;",
        "output reg  [7:0] y;",
    ] {
        assert!(conv.contains(decl), "fp16_to_fp8.v lacks `{decl}`");
    }
}

/// `verilator --lint-only -Wall`, waiving only WIDTH: rust-hdl prints every literal as 32 bits
/// and every `bit_cast` as a mask, so WIDTH fires on nearly every line by construction. The
/// real width hazards (where rust-hdl's simulator and its Verilog differ) are covered by the
/// lockstep tests in rtl_comb.rs and array.rs, which run both on the same vectors.
/// Also waived: DECLFILENAME (each file holds a top module and its parts) and UNUSEDSIGNAL
/// (a stage reads only the fields of a record it needs; the sign bit of the converter's input
/// goes around its aligner; flag outputs of the shared delay-line module that some lines leave
/// unused).
#[test]
fn generated_verilog_lints_clean() {
    let dir = tempfile::tempdir().unwrap();
    generate(dir.path(), &[]);
    generate(dir.path(), &["--accumulate", "exact", "--formats", "e4m3"]);
    generate(dir.path(), &["--accumulate", "exact", "--out-format", "fp32"]);
    generate(dir.path(), &["--accumulate", "exact", "--out-format", "bf16"]);
    verilog_files(dir.path()).par_iter().for_each(|name| {
        let top = name.trim_end_matches(".v");
        let out = Command::new("verilator")
            .current_dir(dir.path())
            .args(["--lint-only", "-Wall", "-Wno-WIDTH", "-Wno-DECLFILENAME", "-Wno-UNUSEDSIGNAL", "--top-module", top, name])
            .args(array_of_engine(name))
            .output()
            .expect("verilator is installed (make setup)");
        assert!(out.status.success(), "{name}: {}", String::from_utf8_lossy(&out.stderr));
    });
}

/// The `.v` files in `dir`, to check one per core.
fn verilog_files(dir: &Path) -> Vec<String> {
    files(dir).into_iter().map(|(n, _)| n).filter(|n| n.ends_with(".v")).collect()
}

/// The array file that an engine's file instantiates (none for other files).
fn array_of_engine(name: &str) -> Vec<String> {
    name.strip_prefix("fp8_gemm_engine").map(|rest| format!("fp8_systolic{rest}")).into_iter().collect()
}

/// The README's register table of the engine is the one the generator prints.
#[test]
fn readme_register_table_is_the_generators() {
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let table = readme.split("<!-- engine-registers -->\n").nth(1).and_then(|t| t.split("<!-- /engine-registers -->").next()).unwrap();
    assert_eq!(table, fp8mac::engine::register_table(), "README's engine register table is stale");
}

/// Yosys synthesises each module with no latch (not even one it then optimises away) and no
/// combinational loop.
#[test]
fn yosys_finds_no_latches_or_loops() {
    let dir = tempfile::tempdir().unwrap();
    generate(dir.path(), &[]);
    generate(dir.path(), &["--accumulate", "exact", "--formats", "e4m3"]);
    generate(dir.path(), &["--accumulate", "exact", "--out-format", "fp32"]);
    generate(dir.path(), &["--accumulate", "exact", "--out-format", "bf16"]);
    let yosys = fp8mac::fpga::yosys().expect("yosys is installed (make setup)");
    verilog_files(dir.path()).par_iter().for_each(|name| {
        let top = name.trim_end_matches(".v");
        let files = [vec![name.clone()], array_of_engine(name)].concat().join(" ");
        let script = format!("read_verilog {files}; synth -top {top}; check -assert; select -assert-none t:$dlatch t:$_DLATCH_*");
        // yowasp tools only see files below the current folder.
        let out = Command::new(yosys).current_dir(dir.path()).args(["-q", "-p", &script]).output().unwrap();
        let log = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
        assert!(out.status.success(), "{name}: {log}");
        // A latch that optimisation removes again still fails the FPGA flow (synth_ecp5).
        assert!(!log.contains("Latch inferred"), "{name}: {log}");
    });
}

/// `fp8mac synth` runs the flow end to end (generic target: Yosys only, a few seconds) and its
/// wrapper registers every port bit of fp8_mac: 43 input and 16 output flip-flops.
#[test]
fn synth_generic_mac_registers_every_port() {
    let out =
        Command::new(env!("CARGO_BIN_EXE_fp8mac")).args(["synth", "--target", "generic", "--design", "mac", "--json"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let last: serde_json::Value = serde_json::from_str(stdout.lines().last().unwrap()).unwrap();
    assert_eq!(last["design"], "mac");
    assert_eq!(last["target"], "generic");
    assert_eq!(last["ff"], 8 + 1 + 8 + 1 + 16 + 1 + 8 + 16);
    assert!(last["lut"].as_u64().unwrap() > 100, "{last}");
    assert!(last["fmax_mhz"].is_null());
}

/// `--breakdown` charges every logic cell of the netlist to some register group: its total is
/// the netlist's LUT4s plus two per CCU2C, counted here from the kept netlist, and the
/// element's accumulator is among its groups. Without the ECP5 it is refused at once.
#[test]
fn synth_breakdown_accounts_for_every_cell() {
    let dir = tempfile::tempdir().unwrap();
    let synth = |target: &str| {
        let args = ["synth", "--target", target, "--design", "pe", "--accumulate", "exact", "--formats", "e4m3", "--breakdown", "--keep"];
        Command::new(env!("CARGO_BIN_EXE_fp8mac")).args(args).arg(dir.path()).output().unwrap()
    };
    let out = synth("ice40");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--breakdown reads the ECP5 netlist"));
    assert!(!dir.path().join("netlist.json").exists(), "refused before the flow");
    let out = synth("ecp5");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let netlist: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(dir.path().join("netlist.json")).unwrap()).unwrap();
    let cells = netlist["modules"]["fpga_top"]["cells"].as_object().unwrap();
    let count = |kind: &str| cells.values().filter(|c| c["type"] == kind).count();
    let want = count("LUT4") + 2 * count("CCU2C");
    assert!(stdout.contains(&format!("of {want} before packing")), "{stdout}");
    let shares: f64 = stdout.lines().filter_map(|l| l.split_whitespace().next()?.parse::<f64>().ok()).sum();
    assert!((shares - want as f64).abs() < 1.0, "the lines add up to {shares}, not {want}");
    assert!(stdout.lines().any(|l| l.ends_with(" acc.q")), "{stdout}");
}
