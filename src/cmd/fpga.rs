//! `fp8mac synth` and `fpga-report`: Yosys and nextpnr on a design, and the README's table.

use super::*;

#[derive(Args, Debug)]
pub(super) struct SynthArgs {
    #[arg(long, value_enum)]
    target: crate::fpga::Target,
    #[arg(long, value_enum)]
    design: crate::fpga::Design,
    /// The array (--design array or engine; --design pe takes only --pipeline).
    #[command(flatten)]
    shape: ShapeArgs,
    /// Random bits of stochastic rounding.
    #[arg(long, default_value_t = 8)]
    sr_bits: u32,
    #[command(flatten)]
    acc: AccumulateArgs,
    /// With --accumulate exact --design array: the format of C and Y (fp16, bf16, fp32: the
    /// rounders into it).
    #[arg(long, value_parser = parse_out_format, default_value = "fp16")]
    out_format: OutFormat,
    /// Print one JSON object as the last line.
    #[arg(long)]
    json: bool,
    /// Keep the flow's files (netlist, logs, nextpnr's timing report) in this folder.
    #[arg(long)]
    keep: Option<PathBuf>,
    /// nextpnr's router: router2 for designs near the device's capacity.
    #[arg(long, value_enum, default_value_t = Router::Router1)]
    router: Router,
    /// With --target ecp5: after the figures, the logic cells charged to the registers whose
    /// input cones hold them (docs/spec.md section 7), largest first.
    #[arg(long)]
    breakdown: bool,
}

#[derive(Args, Debug)]
pub(super) struct FpgaReportArgs {
    /// Pipeline depth of the arrays measured (the PE is measured at every depth).
    #[arg(long, default_value_t = MAX_PIPELINE)]
    pipeline: usize,
    /// Square array sizes, comma-separated (the 8x8 on its own: --sizes 8 --pipeline 6 --update).
    #[arg(long, value_delimiter = ',', default_value = "2,4")]
    sizes: Vec<usize>,
    /// Folder of results.json and fpga.svg.
    #[arg(long, default_value = "docs/fpga")]
    out: PathBuf,
    /// README whose table (between its fpga-report markers) is replaced.
    #[arg(long, default_value = "README.md")]
    readme: PathBuf,
    /// Do not synthesise: redraw the table and plot from the folder's results.json.
    #[arg(long)]
    from_json: bool,
    /// With --accumulate exact: the exact element and exact arrays of --sizes (with --update,
    /// merged into the table beside the FP16 rows).
    #[command(flatten)]
    acc: AccumulateArgs,
    /// With --accumulate exact: the arrays' C and Y format (bf16, fp32: rounders into it, `-bf16` and `-fp32` rows).
    #[arg(long, value_parser = parse_out_format, default_value = "fp16")]
    out_format: OutFormat,
    /// Synthesise only the arrays of --sizes and merge them into the folder's results.json,
    /// keeping its other rows (e.g. the 8x8 alone, after a run with --sizes 2,4).
    #[arg(long, conflicts_with = "from_json")]
    update: bool,
    /// nextpnr's router for the designs measured (router2 rows are marked in the table).
    #[arg(long, value_enum, default_value_t = Router::Router1, conflicts_with = "from_json")]
    router: Router,
    /// With --update: the GEMM engines around the arrays of --sizes.
    #[arg(long, requires = "update")]
    engine: bool,
    /// Keep each design's flow files (netlist, logs, nextpnr's timing report) in a folder of
    /// its name inside this one.
    #[arg(long, conflicts_with = "from_json")]
    keep: Option<PathBuf>,
}

pub(super) fn run_synth(args: SynthArgs) -> Result<()> {
    let cfg = args.shape.config(args.sr_bits)?;
    let acc = args.acc.accumulator(args.out_format, "--out-format")?;
    let name = crate::fpga::name(args.design, &cfg, acc);
    ensure!(!args.breakdown || args.target == crate::fpga::Target::Ecp5, "--breakdown reads the ECP5 netlist: it goes with --target ecp5");
    let scratch = tempfile::tempdir()?;
    let dir = args.keep.as_deref().unwrap_or(scratch.path());
    let r = crate::fpga::synth(args.target, args.design, &cfg, acc, args.router, Some(dir))?;
    let netlist = if args.breakdown { Some(std::fs::read_to_string(dir.join("netlist.json"))?) } else { None };
    // gone before anything is printed: a closed stdout ends the process at the print
    scratch.close()?;
    let fmax = match (&r.overflow, r.fmax_mhz) {
        (Some(cells), _) => format!("-: does not fit the device ({cells} after packing; not placed)"),
        (None, f) => f.map_or("-".to_string(), |f| format!("{f:.1} MHz")),
    };
    println!("{name} on {}: {} LUT, {} FF, {} DSP, {} block RAM, Fmax {fmax}", args.target, r.lut, r.ff, r.dsp, r.bram);
    if args.json {
        /// docs/spec.md section 6: `{"design", "target", "lut", "ff", "dsp", "bram", "fmax_mhz"}`,
        /// and `"overflow"` for a design that does not fit (section 7).
        #[derive(serde::Serialize)]
        struct Line<'a> {
            design: &'a str,
            target: crate::fpga::Target,
            #[serde(flatten)]
            report: &'a crate::fpga::Report,
        }
        println!("{}", serde_json::to_string(&Line { design: &name, target: args.target, report: &r })?);
    }
    if let Some(netlist) = netlist {
        print_breakdown(&netlist)?;
    }
    Ok(())
}

/// The breakdown's table: groups of at least 1 % of the cells, then the rest in one line, then
/// the modules kept whole with their instances.
fn print_breakdown(netlist: &str) -> Result<()> {
    let (shares, kept) = crate::fpga::breakdown::breakdown(netlist)?;
    let total: f64 = shares.iter().map(|s| s.cells).sum();
    let percent = |cells: f64| 100.0 * cells / total.max(1.0);
    println!("logic cells (LUT4 = 1, CCU2C = 2) by the registers they feed, of {total:.0} before packing:");
    let (shown, rest): (Vec<_>, Vec<_>) = shares.iter().partition(|s| s.cells >= total / 100.0);
    for s in shown {
        println!("{:>10.1} {:>5.1} %  {}", s.cells, percent(s.cells), s.group);
    }
    let other: f64 = rest.iter().map(|s| s.cells).sum();
    println!("{other:>10.1} {:>5.1} %  {} smaller groups", percent(other), rest.len());
    for k in kept {
        let share = percent(k.cells * k.instances as f64);
        println!("module {}: {} x {:.1} cells, {share:.1} %", k.module, k.instances, k.cells);
    }
    Ok(())
}

pub(super) fn run_fpga_report(args: FpgaReportArgs) -> Result<()> {
    use crate::fpga::report;
    let json = args.out.join("results.json");
    let rows = if args.from_json {
        report::read_json(&json)?
    } else {
        let acc = args.acc.accumulator(args.out_format, "--out-format")?;
        let plan = report::plan(args.pipeline, &args.sizes, !args.update, acc, args.engine);
        // Exact rows join the table beside the FP16 ones.
        let merge = args.update || acc != Accumulator::FP16;
        for (_, _, cfg, _) in &plan {
            cfg.validate()?;
        }
        if merge {
            report::read_json(&json)?; // fail now rather than after the place and route
        }
        let new = report::measure(&plan, args.router, args.keep.as_deref())?;
        // Read the saved rows only now: another run may have rewritten them meanwhile.
        let old = if merge { report::read_json(&json)? } else { Vec::new() };
        let rows = report::merge(old, new);
        std::fs::create_dir_all(&args.out).with_context(|| format!("cannot create {}", args.out.display()))?;
        report::write_json(&rows, &json)?;
        rows
    };
    let table = report::table(&rows);
    report::plot(&rows, &args.out.join("fpga.svg"))?;
    report::update_readme(&args.readme, &table)?;
    print!("{table}");
    println!("wrote {}, {} and the table in {}", json.display(), args.out.join("fpga.svg").display(), args.readme.display());
    Ok(())
}
