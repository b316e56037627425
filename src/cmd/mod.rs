//! The `fp8mac` command line (docs/spec.md section 6): parsing, and the subcommands too small for a
//! module of their own.

mod accuracy;
mod bench;
mod demo;

use std::path::PathBuf;

use anyhow::{bail, ensure, Context, Result};
use clap::{Args, Parser, Subcommand, ValueEnum};
use half::f16;
use indicatif::{ProgressBar, ProgressStyle};

use crate::config::Config;
use crate::config::{validate_sr_bits, Accumulator, ExactArray, MAX_PIPELINE};
use crate::emit;
use crate::format::{Class, Format, FormatSet, FP16};
use crate::fpga::Router;
use crate::hdl::exact_pe::MAX_K_LOG2;
use crate::io::atomic;
use crate::io::npy::{self, Floats};
use crate::progress::Progress;
use crate::reference::{self, OutFormat, Rounding, SrConfig, MAX_SCALE_EXP};
use crate::sim::array::{self, ArrayEngine};
use crate::sim::array_engine;
use crate::sim::verilator::{VerilatorConvert, VerilatorMac};
use crate::verify;

#[derive(Parser, Debug)]
#[command(name = "fp8mac", version, about = "FP8 multiply-accumulate hardware generator and bit-exact reference model")]
/// The parsed command line.
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Writes the Verilog of the default (or given) configuration.
    Generate(GenerateArgs),
    /// One fused MAC, y = a*b + c rounded once to FP16; prints y.
    Mac(MacArgs),
    /// Quantises a float32/float16 .npy to codes (uint8) of any operand format.
    Quantize(QuantizeArgs),
    /// Codes (uint8) of an operand format back to their exact values (float32).
    Dequantize(DequantizeArgs),
    /// Y = A x B + C on FP8 (FP6, FP4, INT8) matrices, with a chosen engine.
    Gemm(GemmArgs),
    /// Checks a model against its oracle and prints counts.
    Verify(VerifyArgs),
    /// Synthesises, places and routes a design; prints LUT, FF, DSP and Fmax.
    Synth(SynthArgs),
    /// Measures throughput (docs/spec.md section 7).
    Bench(BenchArgs),
    /// Synthesises the README's table of designs on the ECP5 and writes the table and a plot.
    FpgaReport(FpgaReportArgs),
    /// The main job: FP8 GEMMs through the generated array in Verilator, checked bit for bit.
    Demo,
    /// The numerics study: relative error of FP8 dot products against K, per accumulation mode.
    Accuracy(accuracy::AccuracyArgs),
}

/// Stochastic-rounding options shared by the commands that round.
#[derive(Args, Debug, Clone, Copy)]
struct SrArgs {
    /// Stochastic rounding instead of round-to-nearest-even.
    #[arg(long)]
    sr: bool,
    /// Random bits per stochastic rounding (the generator parameter R).
    #[arg(long, default_value_t = 8)]
    sr_bits: u32,
}

/// The array's shape and pipeline depth, shared by the commands that build one.
#[derive(Args, Debug, Clone, Copy)]
struct ShapeArgs {
    /// Array rows (1..=64).
    #[arg(long, default_value_t = 4)]
    rows: usize,
    /// Array columns (1..=64).
    #[arg(long, default_value_t = 4)]
    cols: usize,
    /// Pipeline depth of each element: cycles from operands to accumulator, and the number of
    /// outputs it interleaves (1 = unpipelined; 7 = every stage registered).
    #[arg(long, default_value_t = 1)]
    pipeline: usize,
}

impl ShapeArgs {
    /// The validated configuration of this shape with `sr_bits` random bits.
    fn config(self, sr_bits: u32) -> Result<Config> {
        Ok(Config { sr_bits, rows: self.rows, cols: self.cols, pipeline: self.pipeline }.validate()?)
    }
}

#[derive(Args, Debug)]
struct GenerateArgs {
    /// Random bits of stochastic rounding (the `rnd` port width).
    #[arg(long, default_value_t = 8)]
    sr_bits: u32,
    #[command(flatten)]
    shape: ShapeArgs,
    /// fp8_systolic_exact is exact for K up to this power of two (1 ..= 2^29).
    #[arg(long, default_value_t = 65536)]
    max_k: u64,
    /// With --accumulate exact: the exact array's operand formats, a comma-separated list of
    /// names (docs/spec.md section 11; default e4m3,e5m2). Its unpackers, select codes (in the
    /// table's order) and accumulator widths follow; e4m3 alone writes
    /// fp8_systolic_exact_e4m3.v, whose elements are 30 bits narrower.
    #[arg(long, value_parser = parse_formats, default_value = "e4m3,e5m2")]
    formats: FormatSet,
    /// Only one array: fp16 (fp8_mac.v, fp16_to_fp8.v, fp8_systolic.v) or exact
    /// (fp8_systolic_exact.v). Without it, every module and the FuseSoC core of them all.
    #[arg(long, value_enum)]
    accumulate: Option<Accumulate>,
    /// With --accumulate exact: the format of C and Y; fp32 writes fp8_systolic_exact_fp32.v,
    /// whose column rounders round into binary32.
    #[arg(long, value_enum, default_value_t = OutFormat::Fp16)]
    out_format: OutFormat,
    /// Output folder.
    #[arg(long, default_value = "rtl-out")]
    out: PathBuf,
    /// Generate arrays of more than 32 x 32 elements (minutes and GBs of memory).
    #[arg(long)]
    allow_large: bool,
}

#[derive(Args, Debug)]
struct MacArgs {
    /// First operand, a code in hex with 0x (0x00 .. 0xFF; a 6- or 4-bit format uses the low bits).
    #[arg(long, value_parser = parse_fp8_code)]
    a: u8,
    /// Format of a: a name of docs/spec.md section 11's table (e4m3, e5m2, float8_e4m3fnuz, .., int8).
    #[arg(long, value_parser = parse_format)]
    fmt_a: Format,
    /// Second operand, a code in hex with 0x.
    #[arg(long, value_parser = parse_fp8_code)]
    b: u8,
    /// Format of b (as --fmt-a).
    #[arg(long, value_parser = parse_format)]
    fmt_b: Format,
    /// Addend, FP16 bits in hex with 0x (0x0000 .. 0xFFFF).
    #[arg(long, value_parser = parse_fp16_code, default_value = "0x0000")]
    c: u16,
    #[command(flatten)]
    sr: SrArgs,
    /// With --sr, required: the R random bits of this rounding (decimal or 0x hex), below 2^R.
    #[arg(long, value_parser = parse_uint::<u32>, requires = "sr")]
    rnd: Option<u32>,
}

#[derive(Args, Debug)]
struct QuantizeArgs {
    /// float32 or float16 .npy, any shape.
    #[arg(long)]
    input: PathBuf,
    /// Target format: a name of docs/spec.md section 11's table (e4m3, e5m2, float4_e2m1fn, int8, ..).
    #[arg(long, value_parser = parse_format)]
    fmt: Format,
    #[command(flatten)]
    sr: SrArgs,
    /// With --sr: seed of the SR stream (default 0): one xorshift32 stream seeded with
    /// stream_seed(S, 0, 0), stepped once per element in row-major (C) order whatever the
    /// file's memory order.
    #[arg(long, value_parser = parse_uint::<u64>, requires = "sr")]
    seed: Option<u64>,
    /// Out-of-range values become +-max finite instead of the format's infinity (E5M2) or NaN
    /// (E4M3FN, the FNUZ formats); FP6, FP4 and INT8 clip either way.
    #[arg(long)]
    saturate: bool,
    /// uint8 .npy of codes, same shape as the input.
    #[arg(long)]
    output: PathBuf,
    /// No summary line on stderr (values that overflowed or flushed to zero).
    #[arg(long)]
    quiet: bool,
    /// Quantise x * 2^S (exact), S in -64..=64: per-tensor power-of-two scaling.
    #[arg(long, allow_negative_numbers = true, conflicts_with = "amax")]
    scale_exp: Option<i32>,
    /// Choose S as the largest that keeps max |x| within the format's finite range (for any
    /// rounding), print it, and quantise x * 2^S.
    #[arg(long)]
    amax: bool,
}

#[derive(Args, Debug)]
struct DequantizeArgs {
    /// uint8 .npy of codes, any shape.
    #[arg(long)]
    input: PathBuf,
    /// Their format (as quantize --fmt).
    #[arg(long, value_parser = parse_format)]
    fmt: Format,
    /// float32 .npy of the codes' exact values (NaN for NaN codes), same shape.
    #[arg(long)]
    output: PathBuf,
}

/// How a GEMM accumulates.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum Accumulate {
    /// Every MAC rounds into the FP16 accumulator (the fused FP16 chain).
    Fp16,
    /// Products summed exactly, one rounding per output.
    Exact,
}

/// How the array (or the model) accumulates, shared by the commands that build or run one.
#[derive(Args, Debug, Clone, Copy)]
struct AccumulateArgs {
    /// fp16: every MAC rounds into the FP16 accumulator (docs/spec.md section 4); exact: the dot
    /// product exactly, rounded once per output (docs/spec.md section 8).
    #[arg(long, value_enum, default_value_t = Accumulate::Fp16)]
    accumulate: Accumulate,
    /// With --accumulate exact: the array is exact for K up to this power of two (1 ..=
    /// 2^29); its elements hold 67 + log2(max-k) bits (37 + log2(max-k) with --formats e4m3).
    /// The reference engine is exact for any K.
    #[arg(long, default_value_t = 65536)]
    max_k: u64,
    /// With --accumulate exact: the operand formats of the array (as generate --formats).
    #[arg(long, value_parser = parse_formats, default_value = "e4m3,e5m2")]
    formats: FormatSet,
}

impl AccumulateArgs {
    /// The validated accumulator, an exact array rounding into `out` (`flag` names the option
    /// that chose it).
    fn accumulator(self, out: OutFormat, flag: &str) -> Result<Accumulator> {
        let h = max_k_log2(self.max_k)?;
        match self.accumulate {
            Accumulate::Fp16 => {
                ensure!(self.max_k == 65536, "--max-k needs --accumulate exact");
                ensure!(self.formats == FormatSet::DEFAULT, "--formats needs --accumulate exact");
                ensure!(out == OutFormat::Fp16, "{flag} fp32 needs --accumulate exact");
                Ok(Accumulator::Fp16)
            }
            Accumulate::Exact => Ok(Accumulator::Exact(ExactArray { max_k_log2: h, formats: self.formats, out })),
        }
    }
}

/// H of a valid `--max-k 2^H`.
fn max_k_log2(max_k: u64) -> Result<u32> {
    crate::config::max_k_log2(max_k).with_context(|| format!("--max-k must be a power of two in 1..=2^{MAX_K_LOG2}, got {max_k}"))
}

/// What computes: the model or the generated hardware in one of two simulators.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Engine {
    /// The software reference model.
    Reference,
    /// rust-hdl's simulator running the hardware.
    RtlSim,
    /// Verilator running the generated Verilog.
    Verilator,
}

#[derive(Args, Debug)]
struct GemmArgs {
    /// M x K uint8 .npy of codes of --fmt-a.
    #[arg(long)]
    a: PathBuf,
    /// K x N uint8 .npy of codes of --fmt-b.
    #[arg(long)]
    b: PathBuf,
    /// M x N addend (default: all +0): FP16 as uint16 bits or float16, or float32 with
    /// --out fp32.
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
    /// The format of C and Y with --accumulate exact (on the hardware engines, fp32 runs the
    /// array with binary32 rounders, fp8_systolic_exact_fp32).
    #[arg(long, value_enum, default_value_t = OutFormat::Fp16)]
    out: OutFormat,
    /// With --accumulate exact: Y = round(C + 2^S A x B), S in -64..=64.
    #[arg(long, default_value_t = 0, allow_negative_numbers = true)]
    scale_exp: i32,
    #[arg(long, value_enum, default_value_t = Engine::Reference)]
    engine: Engine,
    /// The array of the hardware engines.
    #[command(flatten)]
    shape: ShapeArgs,
    /// M x N result: uint16 FP16 bits, or float32 with --out fp32.
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

#[derive(Args, Debug)]
struct VerifyArgs {
    /// All 2^34 RNE MAC cases (and SR on every 64th addend) instead of a set of addends.
    #[arg(long)]
    exhaustive: bool,
    /// The engine checked: the reference model against Berkeley SoftFloat's f16_mulAdd (RNE),
    /// rtl-sim (a sample: it is slow) and verilator against the reference model.
    #[arg(long, value_enum, default_value_t = Engine::Verilator)]
    engine: Engine,
    /// Random bits of stochastic rounding of the generated RTL.
    #[arg(long, default_value_t = 8)]
    sr_bits: u32,
    /// Run only part I of N of the exhaustive sweep (addends c with c % N == I), e.g. 0/4.
    #[arg(long, value_parser = parse_shard, requires = "exhaustive")]
    shard: Option<(u32, u32)>,
}

#[derive(Args, Debug)]
struct SynthArgs {
    #[arg(long, value_enum)]
    target: crate::fpga::Target,
    #[arg(long, value_enum)]
    design: crate::fpga::Design,
    /// The array (--design array; --design pe takes only --pipeline).
    #[command(flatten)]
    shape: ShapeArgs,
    /// Random bits of stochastic rounding.
    #[arg(long, default_value_t = 8)]
    sr_bits: u32,
    #[command(flatten)]
    acc: AccumulateArgs,
    /// With --accumulate exact --design array: the format of C and Y (fp32: binary32 rounders).
    #[arg(long, value_enum, default_value_t = OutFormat::Fp16)]
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
}

#[derive(Args, Debug)]
struct FpgaReportArgs {
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
    /// With --accumulate exact: the arrays' C and Y format (fp32: binary32 rounders, `-fp32` rows).
    #[arg(long, value_enum, default_value_t = OutFormat::Fp16)]
    out_format: OutFormat,
    /// Synthesise only the arrays of --sizes and merge them into the folder's results.json,
    /// keeping its other rows (e.g. the 8x8 alone, after a run with --sizes 2,4).
    #[arg(long, conflicts_with = "from_json")]
    update: bool,
    /// nextpnr's router for the designs measured (router2 rows are marked in the table).
    #[arg(long, value_enum, default_value_t = Router::Router1, conflicts_with = "from_json")]
    router: Router,
}

#[derive(Args, Debug)]
struct BenchArgs {
    /// Print one JSON object as the last line.
    #[arg(long)]
    json: bool,
}

/// A code in hex with its `0x` prefix: a bare `60` could mean 0x60 or 60, so it is refused.
fn parse_hex(s: &str, max: u32, what: &str) -> Result<u32, String> {
    let Some(digits) = s.strip_prefix("0x").or_else(|| s.strip_prefix("0X")) else {
        return Err(format!("'{s}': write {what} codes in hex with 0x (like 0x{max:X})"));
    };
    let v = u32::from_str_radix(digits, 16).map_err(|_| format!("'{s}' is not a hex {what} code (like 0x{max:X})"))?;
    if v > max {
        return Err(format!("0x{v:X} does not fit an {what} code (at most 0x{max:X})"));
    }
    Ok(v)
}

fn parse_fp8_code(s: &str) -> Result<u8, String> {
    parse_hex(s, 0xFF, "operand").map(|v| v as u8)
}

fn parse_fp16_code(s: &str) -> Result<u16, String> {
    parse_hex(s, 0xFFFF, "FP16").map(|v| v as u16)
}

/// A set of formats the generated datapath takes: names of the table, comma-separated.
fn parse_formats(s: &str) -> Result<FormatSet, String> {
    let set: FormatSet = s.parse().map_err(|e: crate::format::UnknownFormat| e.to_string())?;
    crate::config::check_datapath_formats(set).map_err(|e| e.to_string())?;
    Ok(set)
}

fn parse_format(s: &str) -> Result<Format, String> {
    s.parse().map_err(|e: crate::format::UnknownFormat| e.to_string())
}

/// An unsigned integer in decimal or `0x` hex.
fn parse_uint<T: num_traits::Unsigned + num_traits::Num>(s: &str) -> Result<T, String> {
    let (digits, radix) = s.strip_prefix("0x").map_or((s, 10), |hex| (hex, 16));
    T::from_str_radix(digits, radix).map_err(|_| format!("'{s}' is not an unsigned integer"))
}

fn parse_shard(s: &str) -> Result<(u32, u32), String> {
    let err = || format!("'{s}' is not a shard I/N with 0 <= I < N");
    let (i, n) = s.split_once('/').ok_or_else(err)?;
    let (i, n): (u32, u32) = (i.parse().map_err(|_| err())?, n.parse().map_err(|_| err())?);
    if i >= n {
        return Err(err());
    }
    Ok((i, n))
}

impl Cli {
    /// Runs the parsed command.
    pub fn run(self) -> Result<()> {
        match self.command {
            Command::Generate(args) => run_generate(args),
            Command::Mac(args) => run_mac(args),
            Command::Quantize(args) => run_quantize(args),
            Command::Dequantize(args) => run_dequantize(args),
            Command::Gemm(args) => run_gemm(args),
            Command::Verify(args) => run_verify(args),
            Command::Synth(args) => run_synth(args),
            Command::Bench(args) => bench::run(args.json),
            Command::FpgaReport(args) => run_fpga_report(args),
            Command::Demo => demo::run(),
            Command::Accuracy(args) => accuracy::run(args),
        }
    }
}

fn run_generate(args: GenerateArgs) -> Result<()> {
    let cfg = args.shape.config(args.sr_bits)?;
    cfg.check_generate_size(args.allow_large)?;
    ensure!(args.accumulate != Some(Accumulate::Fp16) || args.max_k == 65536, "--max-k sets the exact array: not with --accumulate fp16");
    ensure!(
        args.formats == FormatSet::DEFAULT || args.accumulate == Some(Accumulate::Exact),
        "--formats {} generates an exact array for those formats: it needs --accumulate exact",
        args.formats
    );
    ensure!(
        args.out_format == OutFormat::Fp16 || args.accumulate == Some(Accumulate::Exact),
        "--out-format fp32 generates the exact array with binary32 rounders: it needs --accumulate exact"
    );
    let folder = args.out.to_string_lossy();
    ensure!(
        folder != "fp16" && folder != "fp32",
        "--out names the output folder; the format of the exact array's C and Y is --out-format {folder}"
    );
    let exact_array = ExactArray { max_k_log2: max_k_log2(args.max_k)?, formats: args.formats, out: args.out_format };
    let mut files = emit::files(&cfg, &exact_array);
    let exact_file = emit::exact_file(&exact_array);
    let exact = |name: &str| name == exact_file;
    match args.accumulate {
        None => {}
        Some(Accumulate::Fp16) => files.retain(|(name, _)| name.ends_with(".v") && !exact(name)),
        Some(Accumulate::Exact) => files.retain(|(name, _)| exact(name)),
    }
    for path in emit::write_files(&files, &args.out)? {
        println!("wrote {}", path.display());
    }
    Ok(())
}

fn run_mac(args: MacArgs) -> Result<()> {
    validate_sr_bits(args.sr.sr_bits)?;
    let rounding = if args.sr.sr {
        let rnd = args.rnd.context("--sr needs --rnd: the R random bits of this rounding")?;
        ensure!(rnd >> args.sr.sr_bits == 0, "--rnd {rnd} does not fit in --sr-bits {}", args.sr.sr_bits);
        Rounding::Stochastic { bits: args.sr.sr_bits, rnd }
    } else {
        Rounding::NearestEven
    };
    for (flag, code, fmt) in [("--a", args.a, args.fmt_a), ("--b", args.b, args.fmt_b)] {
        ensure!(fmt.is_code(code), "{flag} 0x{code:02X} is not a {fmt} code (a {0}-bit format uses the low {0} bits)", fmt.bits());
    }
    let c = f16::from_bits(args.c);
    let y = reference::mac(args.a, args.fmt_a, args.b, args.fmt_b, c, rounding);
    println!(
        "0x{:04x}    # {} * {} + {} = {}",
        y.to_bits(),
        args.fmt_a.to_f64(args.a),
        args.fmt_b.to_f64(args.b),
        FP16.to_f64(args.c as u32),
        y
    );
    Ok(())
}

fn run_quantize(args: QuantizeArgs) -> Result<()> {
    validate_sr_bits(args.sr.sr_bits)?;
    if let Some(s) = args.scale_exp {
        ensure!(s.abs() <= MAX_SCALE_EXP, "--scale-exp must be -{MAX_SCALE_EXP}..={MAX_SCALE_EXP}, got {s}");
    }
    atomic::check_output(&args.output)?;
    let (fmt, saturate) = (args.fmt, args.saturate);
    let input = npy::read_floats(&args.input)?;
    let scale = match (args.amax, args.scale_exp) {
        (true, _) => {
            let amax = match &input {
                Floats::F32(x) => x.iter().filter(|v| v.is_finite()).fold(0.0f64, |m, v| m.max(v.abs() as f64)),
                Floats::F16(x) => x.iter().filter(|v| v.is_finite()).fold(0.0f64, |m, v| m.max(v.to_f64().abs())),
            };
            let s = reference::amax_scale_exp(amax, fmt);
            println!("scale-exp {s} (amax {amax:e})");
            if reference::amax_overflows(amax, fmt) {
                eprintln!("warning: amax {amax:e} is beyond 2^64 x the largest {fmt} value: --scale-exp is clamped at -{MAX_SCALE_EXP}, so the largest values still overflow");
            }
            s
        }
        (false, s) => s.unwrap_or(0),
    };
    let sr = args.sr.sr.then_some(SrConfig { bits: args.sr.sr_bits, seed: args.seed.unwrap_or(0) });
    let mut tally = QuantizeTally::default();
    // The code, and without saturation the code it would have had (only a saturated code can
    // differ, so the second conversion runs only then).
    let codes = match input {
        Floats::F32(x) => reference::map_in_order(x.view(), sr, |v, r| {
            let code = reference::encode_f32_scaled(v, fmt, r, saturate, scale);
            let unsaturated = if saturate { reference::encode_f32_scaled(v, fmt, r, false, scale) } else { code };
            let beyond = (v.abs() as f64) * 2f64.powi(scale) > fmt.max_value();
            tally.count(Input::of(v.is_finite(), v.is_infinite(), v != 0.0), (code, unsaturated, beyond), fmt)
        }),
        Floats::F16(x) => reference::map_in_order(x.view(), sr, |v, r| {
            let code = reference::encode_f16_scaled(v, fmt, r, saturate, scale);
            let unsaturated = if saturate { reference::encode_f16_scaled(v, fmt, r, false, scale) } else { code };
            let beyond = v.to_f64().abs() * 2f64.powi(scale) > fmt.max_value();
            tally.count(Input::of(v.is_finite(), v.is_infinite(), v.to_bits() & 0x7FFF != 0), (code, unsaturated, beyond), fmt)
        }),
    };
    if !args.quiet {
        eprintln!("{}", tally.summary(fmt, saturate));
    }
    npy::write_atomic(&args.output, &codes)
}

fn run_dequantize(args: DequantizeArgs) -> Result<()> {
    atomic::check_output(&args.output)?;
    let codes = npy::read_codes_any(&args.input)?;
    if let Some((at, &code)) = codes.indexed_iter().find(|(_, &c)| !args.fmt.is_code(c)) {
        bail!(
            "{}: code 0x{code:02X} at {:?} is not a {} code (a {}-bit format uses the low bits)",
            args.input.display(),
            ndarray::Dimension::slice(&at),
            args.fmt,
            args.fmt.bits()
        );
    }
    npy::write_atomic(&args.output, &codes.mapv(|c| args.fmt.to_f64(c) as f32))
}

/// What quantisation did to the values it could not keep.
#[derive(Default)]
struct QuantizeTally {
    values: usize,
    overflowed: usize,
    flushed: usize,
    /// Infinite inputs whose code is not an infinity (E4M3's NaN, or saturated).
    infinities_lost: usize,
}

/// The kind of one input value, as the tally counts it.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Input {
    NonZero,
    Infinite,
    /// A zero or NaN: nothing to lose.
    Other,
}

impl Input {
    fn of(finite: bool, infinite: bool, nonzero: bool) -> Input {
        match (finite, infinite) {
            (true, _) if nonzero => Input::NonZero,
            (_, true) => Input::Infinite,
            _ => Input::Other,
        }
    }
}

impl QuantizeTally {
    /// Counts one input by its kind, its code, the code it would have without saturation and
    /// whether its magnitude is beyond the largest finite value (what tells an overflow in a
    /// format that has neither infinity nor NaN to overflow to); returns the code.
    fn count(&mut self, input: Input, (code, unsaturated, beyond): (u8, u8, bool), fmt: Format) -> u8 {
        self.values += 1;
        match input {
            Input::NonZero => {
                let class = fmt.decode(unsaturated).class;
                let clips = !overflow_code(fmt);
                self.overflowed += usize::from(matches!(class, Class::Nan | Class::Inf) || clips && beyond);
                self.flushed += usize::from(class == Class::Zero);
            }
            Input::Infinite => self.infinities_lost += usize::from(fmt.decode(code).class != Class::Inf),
            Input::Other => {}
        }
        code
    }

    /// One line for stderr.
    fn summary(&self, fmt: Format, saturate: bool) -> String {
        let max = fmt.max_value();
        let to = match fmt.float() {
            _ if saturate => format!("saturated to +-{max}"),
            Some(f) if f.has_inf() => format!("became +-inf; --saturate clips to +-{max}"),
            Some(f) if f.nan().is_some() => format!("became NaN, {fmt} having no infinity; --saturate clips to +-{max}"),
            _ => format!("clipped to +-{max}, {fmt} having neither infinity nor NaN"),
        };
        let mut line =
            format!("quantize {fmt}: {} values; {} overflowed ({to}); {} flushed to zero", self.values, self.overflowed, self.flushed);
        if self.infinities_lost > 0 {
            let became = if saturate || !overflow_code(fmt) { format!("saturated to +-{max}") } else { "became NaN".to_string() };
            line += &format!("; {} infinite inputs {became}", self.infinities_lost);
        }
        line
    }
}

/// Whether a non-saturating overflow in `fmt` gives a code of its own (an infinity or a NaN).
fn overflow_code(fmt: Format) -> bool {
    fmt.float().is_some_and(|f| f.nan().is_some())
}

/// A progress bar on stderr (drawn only on a terminal) for `len` steps of `what`.
fn progress_bar(len: u64, what: &str) -> Progress {
    let bar = ProgressBar::new(len);
    bar.set_style(ProgressStyle::with_template("{msg} [{elapsed_precise}] {wide_bar} {percent}%, eta {eta}").expect("static template"));
    bar.set_message(what.to_string());
    Progress::new(bar)
}

/// What every `gemm` checks before it computes: the flags agree, the outputs can be written,
/// the inputs read, and Y is no larger than `--max-outputs`. Returns the array's validated
/// configuration, A and B.
fn gemm_inputs(args: &GemmArgs) -> Result<(Config, ndarray::Array2<u8>, ndarray::Array2<u8>)> {
    let acc = args.acc.accumulator(args.out, "--out")?;
    let exact = acc != Accumulator::Fp16;
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

fn run_gemm(args: GemmArgs) -> Result<()> {
    let (cfg, a, b) = gemm_inputs(&args)?;
    if let Accumulator::Exact(exact) = args.acc.accumulator(args.out, "--out")? {
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
        hardware => array_engine(&cfg, Accumulator::Fp16, hardware == Engine::Verilator, args.vcd.as_deref())?,
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
        OutFormat::Fp16 => npy::write_atomic(&args.output, &y.mapv(|code| code as u16)),
        OutFormat::Fp32 => npy::write_atomic(&args.output, &y.mapv(f32::from_bits)),
    }
}

fn run_verify(args: VerifyArgs) -> Result<()> {
    let cfg = Config { sr_bits: args.sr_bits, ..Config::default() }.validate()?;
    let all_c = || (0..=u16::MAX).filter(|c| args.shard.is_none_or(|(i, n)| *c as u32 % n == i));
    // The addends of the RNE and SR MAC sweeps.
    let (rne_c, sr_c): (Vec<u16>, Vec<u16>) = match (args.engine, args.exhaustive) {
        (Engine::RtlSim, true) => bail!("--exhaustive needs a fast engine: use --engine verilator"),
        (Engine::RtlSim, false) => (verify::addend_set(0, 1)[..8].to_vec(), verify::addend_set(0, 1)[..4].to_vec()),
        (_, false) => (verify::addend_set(300, 1), verify::addend_set(100, 2)),
        (_, true) => (all_c().collect(), all_c().step_by(64).collect()),
    };
    let mut total = verify::Tally::default();
    let mut report = |what: &str, tally: verify::Tally| {
        println!("{what:<44} {:>12} cases, {} mismatches", tally.cases, tally.mismatches);
        for ex in &tally.examples {
            println!("  MISMATCH {ex}");
        }
        total.cases += tally.cases;
        total.mismatches += tally.mismatches;
    };
    let rne: Vec<_> = verify::batches(&rne_c, None).collect();
    let sr: Vec<_> = verify::batches(&sr_c, Some(SrConfig { bits: args.sr_bits, seed: 7 })).collect();
    let convert = verify::ConvertBatch::all_modes(SrConfig { bits: args.sr_bits, seed: 11 });
    let reference = &verify::ReferenceModel;
    match args.engine {
        Engine::Reference => {
            let t = verify::compare(reference, &verify::SoftFloatModel, &rne, true)?;
            report("mac rne: reference vs softfloat", t);
        }
        Engine::RtlSim => {
            ensure!(args.sr_bits == 8, "the rtl-sim engine is built with --sr-bits 8");
            let dut = &verify::RtlSimModel;
            report("mac rne: rtl-sim vs reference", verify::compare(dut, reference, &rne, true)?);
            report("mac sr: rtl-sim vs reference", verify::compare(dut, reference, &sr, true)?);
            report("fp16_to_fp8, all modes: rtl-sim vs reference", verify::compare(dut, reference, &convert, true)?);
        }
        Engine::Verilator => {
            let mac = VerilatorMac::new(&emit::fp8_mac(&cfg))?;
            report("mac rne: verilator vs reference", verify::compare(&mac, reference, &rne, true)?);
            report("mac sr: verilator vs reference", verify::compare(&mac, reference, &sr, true)?);
            let conv = VerilatorConvert::new(&emit::fp16_to_fp8(&cfg))?;
            report("fp16_to_fp8, all modes: verilator vs reference", verify::compare(&conv, reference, &convert, true)?);
        }
    }
    println!("{} passed, {} failed", total.cases - total.mismatches, total.mismatches);
    ensure!(total.mismatches == 0, "{} mismatches", total.mismatches);
    Ok(())
}

fn run_synth(args: SynthArgs) -> Result<()> {
    let cfg = args.shape.config(args.sr_bits)?;
    let acc = args.acc.accumulator(args.out_format, "--out-format")?;
    let name = crate::fpga::name(args.design, &cfg, acc);
    let r = crate::fpga::synth(args.target, args.design, &cfg, acc, args.router, args.keep.as_deref())?;
    let fmax = r.fmax_mhz.map_or("-".to_string(), |f| format!("{f:.1} MHz"));
    println!("{name} on {}: {} LUT, {} FF, {} DSP, Fmax {fmax}", args.target, r.lut, r.ff, r.dsp);
    if args.json {
        /// docs/spec.md section 6: `{"design", "target", "lut", "ff", "dsp", "fmax_mhz"}`.
        #[derive(serde::Serialize)]
        struct Line<'a> {
            design: &'a str,
            target: crate::fpga::Target,
            #[serde(flatten)]
            report: &'a crate::fpga::Report,
        }
        println!("{}", serde_json::to_string(&Line { design: &name, target: args.target, report: &r })?);
    }
    Ok(())
}

fn run_fpga_report(args: FpgaReportArgs) -> Result<()> {
    use crate::fpga::report;
    let json = args.out.join("results.json");
    let rows = if args.from_json {
        report::read_json(&json)?
    } else {
        let acc = args.acc.accumulator(args.out_format, "--out-format")?;
        let plan = report::plan(args.pipeline, &args.sizes, !args.update, acc);
        // Exact rows join the table beside the FP16 ones.
        let merge = args.update || acc != Accumulator::Fp16;
        for (_, _, cfg, _) in &plan {
            cfg.validate()?;
        }
        if merge {
            report::read_json(&json)?; // fail now rather than after the place and route
        }
        let new = report::measure(&plan, args.router)?;
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
