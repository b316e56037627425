//! The `fp8mac` command line (docs/spec.md section 6): the commands, one module each, and the
//! options and parsers they share.

mod accuracy;
mod bench;
mod demo;
mod fpga;
mod gemm;
mod generate;
mod mac;
mod quantize;
mod verify;

use std::path::PathBuf;

use anyhow::{bail, ensure, Context, Result};
use clap::{Args, Parser, Subcommand, ValueEnum};
use half::f16;
use indicatif::{ProgressBar, ProgressStyle};

use crate::config::Config;
use crate::config::{validate_sr_bits, Accumulator, ExactArray, MAX_K_LOG2, MAX_PIPELINE};
use crate::emit;
use crate::format::{Class, Format, FormatSet, FP16};
use crate::fpga::Router;
use crate::io::atomic;
use crate::io::npy::{self, Floats};
use crate::progress::Progress;
use crate::reference::{self, OutFormat, Rounding, SrConfig, MAX_SCALE_EXP};
use crate::sim::array::{self, ArrayEngine};
use crate::sim::array_engine;
use crate::sim::verilator::{VerilatorConvert, VerilatorMac};

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
    Generate(generate::GenerateArgs),
    /// One fused MAC, y = a*b + c rounded once to FP16; prints y.
    Mac(mac::MacArgs),
    /// Quantises a float32/float16 .npy to codes (uint8) of any operand format.
    Quantize(quantize::QuantizeArgs),
    /// Codes (uint8) of an operand format back to their exact values (float32).
    Dequantize(quantize::DequantizeArgs),
    /// Y = A x B + C on FP8 (FP6, FP4, INT8) matrices, with a chosen engine.
    Gemm(gemm::GemmArgs),
    /// Checks a model against its oracle and prints counts.
    Verify(verify::VerifyArgs),
    /// Synthesises, places and routes a design; prints LUT, FF, DSP, block RAM and Fmax.
    Synth(fpga::SynthArgs),
    /// Measures throughput (docs/spec.md section 7).
    Bench(bench::BenchArgs),
    /// Synthesises the README's table of designs on the ECP5 and writes the table and a plot.
    FpgaReport(fpga::FpgaReportArgs),
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

/// `--accumulate fp16|exact`: the kind of [`Accumulator`], with the default pair and the
/// default exact array; [`AccumulateArgs::accumulator`] fills in the other flags.
fn accumulate_parser() -> impl clap::builder::TypedValueParser<Value = Accumulator> {
    use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
    PossibleValuesParser::new([
        PossibleValue::new("fp16").help("Every MAC rounds into the FP16 accumulator (the fused FP16 chain)"),
        PossibleValue::new("exact").help("Products summed exactly, one rounding per output"),
    ])
    .map(|s| if s == "exact" { Accumulator::Exact(ExactArray::new(16)) } else { Accumulator::FP16 })
}

/// How the array (or the model) accumulates, shared by the commands that build or run one.
#[derive(Args, Debug, Clone, Copy)]
struct AccumulateArgs {
    /// fp16: every MAC rounds into the FP16 accumulator (docs/spec.md section 4); exact: the dot
    /// product exactly, rounded once per output (docs/spec.md section 8).
    #[arg(long, value_parser = accumulate_parser(), default_value = "fp16")]
    accumulate: Accumulator,
    /// With --accumulate exact (or blocks on the hardware engines): the array is exact for K
    /// up to this power of two (1 ..= 2^29), in blocks for a block up to it, any K; its
    /// elements hold 67 + log2(max-k) bits (37 + log2(max-k) with --formats e4m3). The
    /// reference engine is exact for any K.
    #[arg(long, default_value_t = 65536)]
    max_k: u64,
    /// The operand formats of the array (as generate --formats).
    #[arg(long, value_parser = parse_formats, default_value = "e4m3,e5m2")]
    formats: FormatSet,
    /// With --accumulate exact (or blocks on the hardware engines): the array's elements take
    /// block scales as offsets of this many bits (as generate --scale-bits; needed for
    /// --scale-a/--scale-b on the arrays).
    #[arg(long, default_value_t = 0)]
    scale_bits: u32,
}

impl AccumulateArgs {
    /// The validated accumulator, an exact array rounding into `out` (`flag` names the option
    /// that chose it).
    fn accumulator(self, out: OutFormat, flag: &str) -> Result<Accumulator> {
        max_k_log2(self.max_k)?;
        match self.accumulate {
            Accumulator::Fp16(_) => {
                ensure!(self.max_k == 65536, "--max-k needs --accumulate exact");
                ensure!(self.scale_bits == 0, "--scale-bits needs --accumulate exact");
                ensure!(out == OutFormat::Fp16, "{flag} {out} needs --accumulate exact");
                Ok(Accumulator::Fp16(self.formats).validate()?)
            }
            Accumulator::Exact(_) => Ok(Accumulator::Exact(self.exact_array(out)?)),
        }
    }

    /// The exact array of these options rounding into `out`, validated (whatever
    /// --accumulate says: block accumulation on the hardware engines takes it).
    fn exact_array(self, out: OutFormat) -> Result<ExactArray> {
        let exact = ExactArray { max_k_log2: max_k_log2(self.max_k)?, formats: self.formats, out, scale_bits: self.scale_bits };
        let Accumulator::Exact(exact) = Accumulator::Exact(exact).validate()? else { unreachable!("validate keeps the kind") };
        Ok(exact)
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

/// A set of formats: names of the table, comma-separated (which an array takes is checked
/// with its accumulation, [`Accumulator::validate`]).
fn parse_formats(s: &str) -> Result<FormatSet, String> {
    s.parse().map_err(|e: crate::format::UnknownFormat| e.to_string())
}

fn parse_out_format(s: &str) -> Result<OutFormat, String> {
    s.parse().map_err(|e: crate::reference::UnknownOutFormat| e.to_string())
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
            Command::Generate(args) => generate::run(args),
            Command::Mac(args) => mac::run(args),
            Command::Quantize(args) => quantize::run_quantize(args),
            Command::Dequantize(args) => quantize::run_dequantize(args),
            Command::Gemm(args) => gemm::run(args),
            Command::Verify(args) => verify::run(args),
            Command::Synth(args) => fpga::run_synth(args),
            Command::Bench(args) => bench::run(args.json),
            Command::FpgaReport(args) => fpga::run_fpga_report(args),
            Command::Demo => demo::run(),
            Command::Accuracy(args) => accuracy::run(args),
        }
    }
}

/// A progress bar on stderr (drawn only on a terminal) for `len` steps of `what`.
fn progress_bar(len: u64, what: &str) -> Progress {
    let bar = ProgressBar::new(len);
    bar.set_style(ProgressStyle::with_template("{msg} [{elapsed_precise}] {wide_bar} {percent}%, eta {eta}").expect("static template"));
    bar.set_message(what.to_string());
    Progress::new(bar)
}
