//! `fp8mac quantize` and `dequantize`: float arrays to codes of any operand format and back
//! (docs/spec.md sections 3 and 11), with the tally of what quantisation lost.

use std::num::NonZeroUsize;

use super::*;
use crate::reference::{MxLayout, ScaleRule};

#[derive(Args, Debug)]
pub(super) struct QuantizeArgs {
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
    /// OCP MX block quantisation (docs/spec.md section 12): blocks of --block elements along
    /// --axis share one E8M0 scale, written to --scales; elements saturate.
    #[arg(long, requires = "scales", conflicts_with_all = ["amax", "scale_exp"])]
    mx: bool,
    #[command(flatten)]
    blocks: MxArgs,
    /// With --mx: how a block's scale follows from its largest magnitude amax: floor (OCP:
    /// 2^(floor(log2 amax) - emax)) or rceil (the smallest power of two that keeps every
    /// element unsaturated, as NVIDIA's and torchao's MXFP8 conversion).
    #[arg(long, default_value = "floor", requires = "mx")]
    scale_rule: ScaleRule,
    /// With --mx: uint8 .npy of the E8M0 scale codes (2^(x - 127), 0xFF NaN): the input's
    /// shape with the block axis divided by --block, rounded up.
    #[arg(long, requires = "mx")]
    scales: Option<PathBuf>,
}

/// Where MX blocks lie: `--block` and `--axis`, shared by quantize and dequantize.
#[derive(Args, Debug)]
pub(super) struct MxArgs {
    /// With --mx or --scales: elements per block g (OCP MX: 32); a last block along the axis may be shorter.
    #[arg(long = "block", default_value_t = 32)]
    g: usize,
    /// With --mx or --scales: the axis the blocks run along (negative counts from the last;
    /// default the last). For a GEMM's operands: 1 (or -1) for A, 0 for B.
    #[arg(long, default_value_t = -1, allow_negative_numbers = true)]
    axis: i64,
}

impl MxArgs {
    /// The validated layout for an array of `ndim` dimensions.
    fn layout(&self, ndim: usize) -> Result<MxLayout> {
        let g = NonZeroUsize::new(self.g).context("--block must be at least 1")?;
        let axis = if self.axis < 0 { ndim as i64 + self.axis } else { self.axis };
        ensure!((0..ndim as i64).contains(&axis), "--axis {} is out of range for an array of {ndim} dimensions", self.axis);
        Ok(MxLayout { g, axis: axis as usize })
    }
}

#[derive(Args, Debug)]
pub(super) struct DequantizeArgs {
    /// uint8 .npy of codes, any shape.
    #[arg(long)]
    input: PathBuf,
    /// Their format (as quantize --fmt).
    #[arg(long, value_parser = parse_format)]
    fmt: Format,
    /// float32 .npy of the codes' exact values (NaN for NaN codes), same shape.
    #[arg(long)]
    output: PathBuf,
    /// MX codes: uint8 .npy of their E8M0 block scales (as quantize --mx writes them); the
    /// values are then element x scale.
    #[arg(long)]
    scales: Option<PathBuf>,
    #[command(flatten)]
    blocks: MxArgs,
}

pub(super) fn run_quantize(args: QuantizeArgs) -> Result<()> {
    validate_sr_bits(args.sr.sr_bits)?;
    if args.mx {
        return run_quantize_mx(args);
    }
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

/// `quantize --mx`: codes and E8M0 scales, each written whole or not at all.
fn run_quantize_mx(args: QuantizeArgs) -> Result<()> {
    let scales_path = args.scales.as_ref().context("--mx needs --scales")?;
    atomic::check_output(&args.output)?;
    atomic::check_output(scales_path)?;
    let x = match npy::read_floats(&args.input)? {
        Floats::F32(x) => x,
        Floats::F16(x) => x.mapv(f32::from),
    };
    let layout = args.blocks.layout(x.ndim())?;
    let sr = args.sr.sr.then_some(SrConfig { bits: args.sr.sr_bits, seed: args.seed.unwrap_or(0) });
    let (codes, scales) = reference::mx_quantize(x.view(), args.fmt, &layout, args.scale_rule, sr)?;
    if !args.quiet {
        let nan = scales.iter().filter(|&&s| s == reference::E8M0_NAN).count();
        eprintln!(
            "quantize --mx {}: {} values in {} blocks of {} along axis {}; {nan} blocks with a NaN",
            args.fmt,
            codes.len(),
            scales.len(),
            layout.g,
            layout.axis
        );
    }
    npy::write_atomic(&args.output, &codes)?;
    npy::write_atomic(scales_path, &scales)
}

pub(super) fn run_dequantize(args: DequantizeArgs) -> Result<()> {
    atomic::check_output(&args.output)?;
    let codes = npy::read_codes_any(&args.input)?;
    if let Some(path) = &args.scales {
        let scales = npy::read_codes_any(path)?;
        let layout = args.blocks.layout(codes.ndim())?;
        let y = reference::mx_dequantize(codes.view(), scales.view(), args.fmt, &layout)
            .with_context(|| format!("{} with scales {}", args.input.display(), path.display()))?;
        return npy::write_atomic(&args.output, &y);
    }
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
