//! `fp8mac gemm`: Y = A x B + C on a chosen engine, with either accumulation (docs/spec.md
//! sections 4 and 8).

use super::*;

#[derive(Args, Debug)]
pub(super) struct GemmArgs {
    /// M x K uint8 .npy of codes of --fmt-a.
    #[arg(long)]
    a: PathBuf,
    /// K x N uint8 .npy of codes of --fmt-b.
    #[arg(long)]
    b: PathBuf,
    /// M x N addend (default: all +0): FP16 as uint16 bits or float16; with --out bf16, uint16
    /// BF16 bits; with --out fp32, float32.
    #[arg(long)]
    c: Option<PathBuf>,
    /// Format of A: a name of docs/spec.md section 11's table; the hardware engines take e4m3 and e5m2.
    #[arg(long, value_parser = parse_format)]
    fmt_a: Format,
    /// Format of B (as --fmt-a).
    #[arg(long, value_parser = parse_format)]
    fmt_b: Format,
    #[command(flatten)]
    sr: SrArgs,
    /// With --sr: seed of the per-output SR streams (default 0; see the README, "Stochastic
    /// rounding").
    #[arg(long, value_parser = parse_uint::<u64>, requires = "sr")]
    seed: Option<u64>,
    #[command(flatten)]
    acc: AccumulateArgs,
    /// The format of C and Y with --accumulate exact: fp16, bf16 or fp32 (on the hardware
    /// engines the array with rounders into it, fp8_systolic_exact, _bf16 or _fp32).
    #[arg(long = "out-format", visible_alias = "out", value_parser = parse_out_format, default_value = "fp16")]
    out: OutFormat,
    /// With --accumulate exact: Y = round(C + 2^S A x B), S in -64..=64.
    #[arg(long, default_value_t = 0, allow_negative_numbers = true)]
    scale_exp: i32,
    #[arg(long, value_enum, default_value_t = Engine::Reference)]
    engine: Engine,
    /// The array of the hardware engines.
    #[command(flatten)]
    shape: ShapeArgs,
    /// M x N result: uint16 FP16 bits (uint16 BF16 bits with --out bf16, float32 with --out
    /// fp32).
    #[arg(long)]
    output: PathBuf,
    /// Largest M x N accepted, checked before any work (Y and the model's working arrays take
    /// up to 32 bytes per output).
    #[arg(long, default_value_t = reference::DEFAULT_MAX_OUTPUTS)]
    max_outputs: u64,
    /// Simulate arrays of more than 16 x 16 elements (a Verilator build of minutes to hours).
    #[arg(long)]
    allow_large: bool,
    /// With --engine rtl-sim: write a VCD trace of every signal of the array to this file, and
    /// beside it (same name, .svg) a picture of the top-level ports over the first 40 cycles.
    #[arg(long)]
    vcd: Option<PathBuf>,
}

/// What every `gemm` checks before it computes: the flags agree, the outputs can be written,
/// the inputs read, and Y is no larger than `--max-outputs`. Returns the array's validated
/// configuration, A and B.
fn gemm_inputs(args: &GemmArgs) -> Result<(Config, ndarray::Array2<u8>, ndarray::Array2<u8>)> {
    let acc = args.acc.accumulator(args.out, "--out-format")?;
    let exact = acc.is_exact();
    ensure!(exact || args.scale_exp == 0, "--scale-exp needs --accumulate exact");
    let hardware = args.engine != Engine::Reference;
    ensure!(
        !(exact && hardware) || args.shape.pipeline == 1,
        "--pipeline applies to the FP16 array; the exact array's element has its own fixed four stages"
    );
    ensure!(!exact || args.vcd.is_none(), "--vcd traces the FP16 array (fp8_systolic) only");
    ensure!(args.scale_exp.abs() <= MAX_SCALE_EXP, "--scale-exp must be -{MAX_SCALE_EXP}..={MAX_SCALE_EXP}, got {}", args.scale_exp);
    ensure!(args.vcd.is_none() || args.engine == Engine::RtlSim, "--vcd needs --engine rtl-sim");
    let cfg = args.shape.config(args.sr.sr_bits)?;
    if hardware {
        cfg.check_simulation_size(args.allow_large)?;
        crate::sim::check_formats(acc.formats(), args.fmt_a, args.fmt_b)?;
    }
    atomic::check_output(&args.output)?;
    if let Some(vcd) = &args.vcd {
        atomic::check_output(vcd)?;
    }
    let a = npy::read_codes(&args.a)?;
    let b = npy::read_codes(&args.b)?;
    reference::check_codes(a.view(), args.fmt_a, b.view(), args.fmt_b)?;
    let outputs = a.nrows().saturating_mul(b.ncols());
    ensure!(
        outputs as u64 <= args.max_outputs,
        "Y would be {} x {} = {outputs} outputs, more than --max-outputs {} (raise it if the machine has the memory)",
        a.nrows(),
        b.ncols(),
        args.max_outputs
    );
    Ok((cfg, a, b))
}

pub(super) fn run(args: GemmArgs) -> Result<()> {
    let (cfg, a, b) = gemm_inputs(&args)?;
    let acc = args.acc.accumulator(args.out, "--out-format")?;
    if let Accumulator::Exact(exact) = acc {
        return run_gemm_exact(args, &cfg, exact, a, b);
    }
    let c = match &args.c {
        Some(path) => npy::read_fp16(path)?,
        None => ndarray::Array2::from_elem((a.nrows(), b.ncols()), f16::ZERO),
    };
    reference::check_shapes(a.dim(), b.dim(), c.dim())?;
    let sr = args.sr.sr.then_some(SrConfig { bits: args.sr.sr_bits, seed: args.seed.unwrap_or(0) });
    let mut engine: Box<dyn ArrayEngine> = match args.engine {
        Engine::Reference => {
            let bar = progress_bar(a.nrows() as u64, "gemm (reference)");
            let y = reference::gemm_with_progress(a.view(), args.fmt_a, b.view(), args.fmt_b, c.view(), sr, &bar)?;
            bar.bar().finish_and_clear();
            return npy::write_atomic(&args.output, &y.mapv(f16::to_bits));
        }
        hardware => array_engine(&cfg, acc, hardware == Engine::Verilator, args.vcd.as_deref())?,
    };
    let bar = progress_bar(0, "gemm (array cycles)");
    let y = array::gemm_with_progress(engine.as_mut(), a.view(), args.fmt_a, b.view(), args.fmt_b, c.view(), sr, &bar)?;
    bar.bar().finish_and_clear();
    drop(engine); // closes the trace
    if let Some(vcd) = &args.vcd {
        crate::sim::rtl::draw_ports(vcd, &vcd.with_extension("svg"), cfg.rows, cfg.cols, 40)?;
    }
    npy::write_atomic(&args.output, &y.mapv(f16::to_bits))
}

/// `gemm --accumulate exact`: the reference model, or the exact array of `--out`'s format.
fn run_gemm_exact(args: GemmArgs, cfg: &Config, exact: ExactArray, a: ndarray::Array2<u8>, b: ndarray::Array2<u8>) -> Result<()> {
    let shape = (a.nrows(), b.ncols());
    let max_k_log2 = exact.max_k_log2;
    let sr = args.sr.sr.then_some(SrConfig { bits: args.sr.sr_bits, seed: args.seed.unwrap_or(0) });
    // C and Y as codes of the output format.
    let c: ndarray::Array2<u32> = match (args.out, &args.c) {
        (_, None) => ndarray::Array2::zeros(shape),
        (OutFormat::Fp16, Some(p)) => npy::read_fp16(p)?.mapv(|x| u32::from(x.to_bits())),
        (OutFormat::Bf16, Some(p)) => npy::read_bf16_bits(p)?.mapv(u32::from),
        (OutFormat::Fp32, Some(p)) => npy::read_f32(p)?.mapv(f32::to_bits),
    };
    reference::check_shapes(a.dim(), b.dim(), c.dim())?;
    let k = a.ncols();
    ensure!(
        args.engine == Engine::Reference || k <= 1 << max_k_log2,
        "K = {k} is beyond the array's exact range, 2^{max_k_log2}: raise --max-k"
    );
    let y = match args.engine {
        Engine::Reference => {
            let how = reference::Exact { out: args.out, scale_exp: args.scale_exp, sr };
            reference::gemm_exact(a.view(), args.fmt_a, b.view(), args.fmt_b, c.view(), &how)?
        }
        hardware => {
            let mut engine = array_engine(cfg, Accumulator::Exact(exact), hardware == Engine::Verilator, None)?;
            let bar = progress_bar(0, "gemm (array cycles)");
            let y = array::gemm_exact(engine.as_mut(), a.view(), args.fmt_a, b.view(), args.fmt_b, c.view(), args.scale_exp, sr, &bar)?;
            bar.bar().finish_and_clear();
            y
        }
    };
    match args.out {
        OutFormat::Fp16 | OutFormat::Bf16 => npy::write_atomic(&args.output, &y.mapv(|code| code as u16)),
        OutFormat::Fp32 => npy::write_atomic(&args.output, &y.mapv(f32::from_bits)),
    }
}
