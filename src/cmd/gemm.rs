//! `fp8mac gemm`: Y = A x B + C on a chosen engine, with either accumulation (docs/spec.md
//! sections 4 and 8).

use std::num::NonZeroUsize;

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
    /// Format of A: a name of docs/spec.md section 11's table; the hardware engines take those of
    /// --formats (the FP16 array its floats of at most three mantissa bits).
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
    /// The format of C and Y with --accumulate exact or block accumulation: fp16 (default),
    /// bf16 or fp32 (on the hardware engines the array with its rounder into it,
    /// fp8_systolic_exact, _bf16 or _fp32). A preset's default is its own (fp32 for mxdotp).
    #[arg(long = "out-format", visible_alias = "out", value_parser = parse_out_format)]
    out: Option<OutFormat>,
    /// A published accumulator of docs/spec.md section 12: fp16-chain, exact, mxdotp, h100-fp8
    /// or deepseek-v3 (the README's table gives each one's source). The hardware engines run
    /// the first three on the exact array of its accumulator format; the GPU models run on
    /// the reference engine.
    #[arg(long, conflicts_with_all = ["accumulate", "block", "align", "rz"])]
    preset: Option<String>,
    /// Block accumulation (docs/spec.md section 12): the accumulator, of --out-format, rounds
    /// once per block of N products; "all" is one block (exact accumulation). The hardware
    /// engines run it on the exact array (its block store), without --align and --rz.
    #[arg(long, value_parser = parse_block_len, conflicts_with = "accumulate")]
    block: Option<BlockLen>,
    /// With --block: every term (the accumulator included) is truncated toward zero to P bits
    /// below the largest term's leading bit before the block is summed (default: summed exactly).
    #[arg(long, requires = "block")]
    align: Option<u32>,
    /// With --block: round toward zero instead of to nearest even.
    #[arg(long, requires = "block", conflicts_with = "sr")]
    rz: bool,
    /// OCP MX block scales of A: uint8 .npy of E8M0 codes, M x ceil(K / G) (as quantize --mx
    /// --axis 1 writes them). Without --preset or --block: exact accumulation, on the reference
    /// engine or, with --accumulate exact, on an exact array of --scale-bits D, whose elements
    /// take each matrix's scales within 2^(2^D - 1) of its least.
    #[arg(long, requires = "scale_b")]
    scale_a: Option<PathBuf>,
    /// OCP MX block scales of B: ceil(K / G) x N E8M0 codes (quantize --mx --axis 0).
    #[arg(long, requires = "scale_a")]
    scale_b: Option<PathBuf>,
    /// The scale block length G along K (OCP MX: 32).
    #[arg(long, default_value_t = 32, requires = "scale_a")]
    scale_block: usize,
    /// With --accumulate exact or block accumulation: every product scaled by 2^S, S in -64..=64.
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
    /// With --engine rtl-sim and the FP16 array: write a VCD trace of every signal of the array to this file, and
    /// beside it (same name, .svg) a picture of the top-level ports over the first 40 cycles.
    #[arg(long)]
    vcd: Option<PathBuf>,
}

/// What every `gemm` checks before it computes: the flags agree, the outputs can be written,
/// the inputs read, and Y is no larger than `--max-outputs`. Returns the array's validated
/// configuration, A and B.
fn gemm_inputs(args: &GemmArgs) -> Result<(Config, ndarray::Array2<u8>, ndarray::Array2<u8>)> {
    let acc = args.acc.accumulator(args.out(), "--out-format")?;
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
    let (a, b) = read_operands(args)?;
    Ok((cfg, a, b))
}

/// Checks the outputs can be written, reads A and B, checks their codes and Y's size.
fn read_operands(args: &GemmArgs) -> Result<(ndarray::Array2<u8>, ndarray::Array2<u8>)> {
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
    Ok((a, b))
}

impl GemmArgs {
    /// C's and Y's format outside block accumulation (FP16 unless given).
    fn out(&self) -> OutFormat {
        self.out.unwrap_or(OutFormat::Fp16)
    }

    /// Whether the block family runs: a preset, --block or block scales.
    fn blocks_mode(&self) -> bool {
        let exact = self.acc.accumulate.is_exact();
        self.preset.is_some() || self.block.is_some() || (self.scale_a.is_some() && !exact)
    }

    /// The block accumulator of --preset, or of --block, --align and --rz.
    fn blocks(&self, sr: Option<SrConfig>) -> Result<reference::Blocks> {
        if let Some(name) = &self.preset {
            return Ok(reference::presets::preset(name)?.blocks(self.out, sr, self.scale_exp)?);
        }
        let rounding = match (self.rz, sr) {
            (true, _) => reference::BlockRounding::TowardZero,
            (false, Some(sr)) => reference::BlockRounding::Stochastic(sr),
            (false, None) => reference::BlockRounding::NearestEven,
        };
        let align = self.align.map_or(reference::Align::Exact, reference::Align::Bits);
        let n = self.block.and_then(|b| b.0);
        Ok(reference::Blocks { align, rounding, scale_exp: self.scale_exp, ..reference::Blocks::new(n, self.out()) })
    }
}

/// `--block N`, or `--block all` (None: one block).
#[derive(Clone, Copy, Debug)]
struct BlockLen(Option<NonZeroUsize>);

fn parse_block_len(s: &str) -> Result<BlockLen, String> {
    if s == "all" {
        return Ok(BlockLen(None));
    }
    s.parse::<NonZeroUsize>()
        .map(|n| BlockLen(Some(n)))
        .map_err(|_| format!("expected a number of products (1, 2, ..) or 'all', got '{s}'"))
}

pub(super) fn run(args: GemmArgs) -> Result<()> {
    ensure!(
        args.acc.scale_bits == 0 || ((args.acc.accumulate.is_exact() || args.blocks_mode()) && args.engine != Engine::Reference),
        "--scale-bits chooses the exact array of the hardware engines: it needs --accumulate exact (or blocks) and --engine rtl-sim or verilator"
    );
    if args.blocks_mode() {
        return run_gemm_blocks(args);
    }
    let (cfg, a, b) = gemm_inputs(&args)?;
    let acc = args.acc.accumulator(args.out(), "--out-format")?;
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
    let c = read_c(&args, args.out(), shape)?;
    reference::check_shapes(a.dim(), b.dim(), c.dim())?;
    let k = a.ncols();
    ensure!(
        args.engine == Engine::Reference || k <= 1 << max_k_log2,
        "K = {k} is beyond the array's exact range, 2^{max_k_log2}: raise --max-k"
    );
    let codes = match (&args.scale_a, &args.scale_b) {
        (Some(pa), Some(pb)) => Some((npy::read_codes(pa)?, npy::read_codes(pb)?)),
        _ => None,
    };
    let g = NonZeroUsize::new(args.scale_block).context("--scale-block must be at least 1")?;
    let scales = codes.as_ref().map(|(xa, xb)| reference::BlockScales { a: xa.view(), b: xb.view(), g });
    let y = match args.engine {
        Engine::Reference if scales.is_none() => {
            let how = reference::Exact { out: args.out(), scale_exp: args.scale_exp, sr };
            reference::gemm_exact(a.view(), args.fmt_a, b.view(), args.fmt_b, c.view(), &how)?
        }
        engine => {
            // one block of every product: the block family's n = all
            let blocks = reference::presets::preset("exact")?.blocks(Some(args.out()), sr, args.scale_exp)?;
            let on = (engine != Engine::Reference).then_some((*cfg, exact, engine == Engine::Verilator));
            gemm_blocks_on(on, &args, (a.view(), b.view(), c.view()), &blocks, scales.as_ref())?
        }
    };
    write_y(&args.output, args.out(), &y)
}

/// C as codes of `out` (all +0 without --c): FP16 as float16 or uint16 bits, BF16 as uint16
/// bits, binary32 as float32.
fn read_c(args: &GemmArgs, out: OutFormat, shape: (usize, usize)) -> Result<ndarray::Array2<u32>> {
    Ok(match (out, &args.c) {
        (_, None) => ndarray::Array2::zeros(shape),
        (OutFormat::Fp16, Some(p)) => npy::read_fp16(p)?.mapv(|x| u32::from(x.to_bits())),
        (OutFormat::Bf16, Some(p)) => npy::read_bf16_bits(p)?.mapv(u32::from),
        (OutFormat::Fp32, Some(p)) => npy::read_f32(p)?.mapv(f32::to_bits),
    })
}

/// Y, codes of `out`, as .npy: uint16 bits for FP16 and BF16, float32 for binary32.
fn write_y(path: &std::path::Path, out: OutFormat, y: &ndarray::Array2<u32>) -> Result<()> {
    match out {
        OutFormat::Fp16 | OutFormat::Bf16 => npy::write_atomic(path, &y.mapv(|code| code as u16)),
        OutFormat::Fp32 => npy::write_atomic(path, &y.mapv(f32::from_bits)),
    }
}

/// `gemm --preset`, `--block` or `--scale-a/--scale-b`: the block family of docs/spec.md
/// section 12 on the reference model, or on the exact array as far as it implements it.
fn run_gemm_blocks(args: GemmArgs) -> Result<()> {
    ensure!(args.vcd.is_none(), "--vcd traces the FP16 array (fp8_systolic) only");
    validate_sr_bits(args.sr.sr_bits)?;
    let sr = args.sr.sr.then_some(SrConfig { bits: args.sr.sr_bits, seed: args.seed.unwrap_or(0) });
    let blocks = args.blocks(sr)?;
    let g = NonZeroUsize::new(args.scale_block).context("--scale-block must be at least 1")?;
    // the array and its configuration checked before anything is read or built
    let hardware = match args.engine {
        Engine::Reference => None,
        engine => {
            let exact = args.acc.exact_array(blocks.acc)?;
            array::check_blocks(&exact, &blocks)?;
            ensure!(
                args.shape.pipeline == 1,
                "--pipeline applies to the FP16 array; blocks run on the exact array, whose element has its own fixed four stages"
            );
            let cfg = args.shape.config(args.sr.sr_bits)?;
            cfg.check_simulation_size(args.allow_large)?;
            crate::sim::check_formats(exact.formats, args.fmt_a, args.fmt_b)?;
            Some((cfg, exact, engine == Engine::Verilator))
        }
    };
    let (a, b) = read_operands(&args)?;
    let scales = match (&args.scale_a, &args.scale_b) {
        (Some(pa), Some(pb)) => Some((npy::read_codes(pa)?, npy::read_codes(pb)?)),
        _ => None,
    };
    let c = read_c(&args, blocks.acc, (a.nrows(), b.ncols()))?;
    reference::check_shapes(a.dim(), b.dim(), c.dim())?;
    let scales = scales.as_ref().map(|(xa, xb)| reference::BlockScales { a: xa.view(), b: xb.view(), g });
    let y = gemm_blocks_on(hardware, &args, (a.view(), b.view(), c.view()), &blocks, scales.as_ref())?;
    write_y(&args.output, blocks.acc, &y)
}

/// Y (codes of the blocks' format) of the block family on the reference model (`on` = None)
/// or on the exact array `on` = (shape, array, Verilator rather than rust-hdl), whose block
/// scales are checked before it is built; with a progress bar.
fn gemm_blocks_on(
    on: Option<(Config, ExactArray, bool)>,
    args: &GemmArgs,
    (a, b, c): (ndarray::ArrayView2<u8>, ndarray::ArrayView2<u8>, ndarray::ArrayView2<u32>),
    blocks: &reference::Blocks,
    scales: Option<&reference::BlockScales>,
) -> Result<ndarray::Array2<u32>> {
    let (fa, fb) = (args.fmt_a, args.fmt_b);
    let Some((cfg, exact, verilator)) = on else {
        let bar = progress_bar(0, "gemm (blocks)");
        let y = reference::gemm_blocks(a, fa, b, fb, c, blocks, scales, &bar)?;
        bar.bar().finish_and_clear();
        return Ok(y);
    };
    array::PortScales::for_array(&exact, scales, a, fa, b, fb, blocks.scale_exp)?;
    let mut engine = array_engine(&cfg, Accumulator::Exact(exact), verilator, None)?;
    let bar = progress_bar(0, "gemm (array cycles)");
    let y = array::gemm_blocks(engine.as_mut(), a, fa, b, fb, c, blocks, scales, &bar)?;
    bar.bar().finish_and_clear();
    Ok(y)
}
