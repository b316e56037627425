//! `fp8mac._native`: the library crate's model and engines for Python (docs/spec.md section 9). No
//! arithmetic here: arrays in, the library's functions (with the GIL released), arrays out,
//! errors as ValueError. Dtype dispatch, defaults and docstrings live in `fp8mac/__init__.py`.

use fp8mac::config::{Accumulator, ExactArray, MAX_K_LOG2};
use fp8mac::format::{Format, FormatSet};
use fp8mac::io::cleanup;
use fp8mac::progress::Progress;
use fp8mac::reference::{self, Exact, OutFormat, Rounding, SrConfig};
use fp8mac::rng::{stream_seed as seed_of, SrStream};
use fp8mac::sim::array::{self, ArrayEngine};
use fp8mac::sim::array_engine;
use fp8mac::Config;
use half::f16;
use ndarray::{Array2, ArrayView2};
use numpy::{IntoPyArray, PyArray2, PyArrayDyn, PyReadonlyArray2, PyReadonlyArrayDyn};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use std::sync::mpsc::RecvTimeoutError;

/// A ValueError with the library's message, the CLI flags it names (`--sr-bits must be ..`,
/// `(generate --max-k)`) given as the Python parameters (`sr_bits must be ..`, `(max_k)`).
fn value_error(e: impl std::fmt::Display) -> PyErr {
    PyValueError::new_err(python_words(&format!("{e:#}").replace("\n", " ")))
}

/// `msg` with every `--flag-name` (and a `generate ` or `gemm ` before it) as `flag_name`.
fn python_words(msg: &str) -> String {
    let msg = msg.replace("generate --", "--").replace("gemm --", "--");
    let mut out = String::with_capacity(msg.len());
    let mut rest = msg.as_str();
    while let Some(at) = rest.find("--") {
        out += &rest[..at];
        let flag = &rest[at + 2..];
        let len = flag.find(|ch: char| !(ch.is_ascii_lowercase() || ch == '-')).unwrap_or(flag.len());
        out += &flag[..len].replace('-', "_");
        rest = &flag[len..];
    }
    out + rest
}

/// Runs `work` on a thread of its own with the GIL released, while this thread polls Python's
/// signal handlers every 50 ms: a KeyboardInterrupt (or whatever a handler raises) cancels the
/// work, kills the child tools it started (a Verilator build, its harness), waits for it to
/// stop at its next row or step, and is raised. The process stays usable.
fn interruptible<T: Send>(py: Python<'_>, work: impl FnOnce(&Progress) -> T + Send) -> PyResult<T> {
    let progress = Progress::hidden();
    std::thread::scope(|scope| {
        let (tx, rx) = std::sync::mpsc::channel();
        let rx = std::sync::Mutex::new(rx);
        let progress = &progress;
        scope.spawn(move || {
            let _ = tx.send(work(progress));
        });
        let mut interrupt = None;
        loop {
            let polled = py.detach(|| rx.lock().expect("one reader").recv_timeout(std::time::Duration::from_millis(50)));
            match (polled, interrupt.take()) {
                (Ok(out), None) => return Ok(out),
                (Err(RecvTimeoutError::Disconnected), None) => panic!("the work's thread ended without a result"),
                (Err(RecvTimeoutError::Timeout), None) => {
                    if let Err(e) = py.check_signals() {
                        progress.cancel();
                        cleanup::kill_children();
                        interrupt = Some(e);
                    }
                }
                // Until the work stops, kill its children again: it may start one (a Verilator
                // build after its Verilog) after the first kill.
                (Err(RecvTimeoutError::Timeout), Some(e)) => {
                    cleanup::kill_children();
                    interrupt = Some(e);
                }
                (_, Some(e)) => return Err(e),
            }
        }
    })
}

/// Refuses a Y of more than `max_outputs` outputs before anything is allocated.
fn check_outputs(m: usize, n: usize, max_outputs: u64) -> PyResult<()> {
    let outputs = (m as u64).saturating_mul(n as u64);
    if outputs > max_outputs {
        return Err(value_error(format!(
            "Y would be {m} x {n} = {outputs} outputs, more than max_outputs={max_outputs} (raise it if the machine has the memory: up to 32 bytes per output)"
        )));
    }
    Ok(())
}

fn format(name: &str) -> PyResult<Format> {
    name.parse().map_err(value_error)
}

/// Fails unless `code` is a code of `fmt` (no bit above its width).
fn check_code(what: &str, code: u8, fmt: Format) -> PyResult<()> {
    if fmt.is_code(code) {
        return Ok(());
    }
    Err(value_error(format!("{what} = 0x{code:02X} is not a {fmt} code (a {0}-bit format uses the low {0} bits)", fmt.bits())))
}

/// A set of formats: comma-separated names, "" for the default pair.
fn format_set(formats: &str) -> PyResult<FormatSet> {
    if formats.is_empty() {
        Ok(FormatSet::DEFAULT)
    } else {
        formats.parse().map_err(value_error)
    }
}

/// An exact array of `max_k` = 2^H taking `formats` (comma-separated names; "" for the
/// default pair), FP16 out.
fn exact_array(max_k: u64, formats: &str) -> PyResult<ExactArray> {
    Ok(ExactArray { max_k_log2: max_k_log2(max_k)?, formats: format_set(formats)?, out: OutFormat::Fp16, scale_bits: 0 })
}

fn sr_config(sr: bool, sr_bits: u32, seed: u64) -> PyResult<Option<SrConfig>> {
    fp8mac::config::validate_sr_bits(sr_bits).map_err(value_error)?;
    Ok(sr.then_some(SrConfig { bits: sr_bits, seed }))
}

/// A float array of any shape, float32 or float16.
#[derive(FromPyObject)]
enum Floats<'py> {
    F32(PyReadonlyArrayDyn<'py, f32>),
    F16(PyReadonlyArrayDyn<'py, f16>),
}

/// float32 or float16 -> FP8 codes (docs/spec.md section 3), x * 2^scale_exp rounded once, the SR
/// stream drawn in logical row-major order.
#[pyfunction]
#[allow(clippy::too_many_arguments)]
fn quantize<'py>(
    py: Python<'py>,
    x: Floats<'py>,
    fmt: &str,
    sr: bool,
    sr_bits: u32,
    seed: u64,
    saturate: bool,
    scale_exp: i32,
) -> PyResult<Bound<'py, PyArrayDyn<u8>>> {
    let (fmt, sr) = (format(fmt)?, sr_config(sr, sr_bits, seed)?);
    if scale_exp.abs() > reference::MAX_SCALE_EXP {
        return Err(value_error(format!("scale_exp must be -{0}..={0}, got {scale_exp}", reference::MAX_SCALE_EXP)));
    }
    let codes = match &x {
        Floats::F32(x) => {
            let x = x.as_array();
            py.detach(|| reference::map_in_order(x, sr, |v, r| reference::encode_f32_scaled(v, fmt, r, saturate, scale_exp)))
        }
        Floats::F16(x) => {
            let x = x.as_array();
            py.detach(|| reference::map_in_order(x, sr, |v, r| reference::encode_f16_scaled(v, fmt, r, saturate, scale_exp)))
        }
    };
    Ok(codes.into_pyarray(py))
}

/// float32 -> FP16, BF16 or binary32 bits, each value rounded once (RNE or SR), the SR stream
/// drawn in logical row-major order.
#[pyfunction]
fn round_float<'py>(
    py: Python<'py>,
    x: PyReadonlyArrayDyn<'py, f32>,
    out: &str,
    sr: bool,
    sr_bits: u32,
    seed: u64,
) -> PyResult<Bound<'py, PyArrayDyn<u32>>> {
    let (out, sr) = (out_format(out)?, sr_config(sr, sr_bits, seed)?);
    let x = x.as_array();
    let bits = py.detach(|| reference::map_in_order(x, sr, |v, r| reference::round_f32(v, out, r)));
    Ok(bits.into_pyarray(py))
}

/// The MX layout of an array of `ndim` dimensions: `block` elements along `axis` (negative
/// from the last).
fn mx_layout(block: usize, axis: i64, ndim: usize) -> PyResult<reference::MxLayout> {
    let g = std::num::NonZeroUsize::new(block).ok_or_else(|| value_error("block must be at least 1"))?;
    let at = if axis < 0 { ndim as i64 + axis } else { axis };
    if !(0..ndim as i64).contains(&at) {
        return Err(value_error(format!("axis {axis} is out of range for an array of {ndim} dimensions")));
    }
    Ok(reference::MxLayout { g, axis: at as usize })
}

/// A numpy array of codes (uint8) of any shape.
type Codes<'py> = Bound<'py, PyArrayDyn<u8>>;

/// float32 -> OCP MX codes and E8M0 scales (docs/spec.md section 12).
#[pyfunction]
#[allow(clippy::too_many_arguments)]
fn quantize_mx<'py>(
    py: Python<'py>,
    x: PyReadonlyArrayDyn<'py, f32>,
    fmt: &str,
    block: usize,
    axis: i64,
    scale_rule: &str,
    sr: bool,
    sr_bits: u32,
    seed: u64,
) -> PyResult<(Codes<'py>, Codes<'py>)> {
    let (fmt, sr) = (format(fmt)?, sr_config(sr, sr_bits, seed)?);
    let rule: reference::ScaleRule = scale_rule.parse().map_err(value_error)?;
    let x = x.as_array();
    let layout = mx_layout(block, axis, x.ndim())?;
    let (codes, scales) = py.detach(|| reference::mx_quantize(x, fmt, &layout, rule, sr)).map_err(value_error)?;
    Ok((codes.into_pyarray(py), scales.into_pyarray(py)))
}

/// OCP MX codes and E8M0 scales -> float32 values.
#[pyfunction]
fn dequantize_mx<'py>(
    py: Python<'py>,
    codes: PyReadonlyArrayDyn<'py, u8>,
    scales: PyReadonlyArrayDyn<'py, u8>,
    fmt: &str,
    block: usize,
    axis: i64,
) -> PyResult<Bound<'py, PyArrayDyn<f32>>> {
    let fmt = format(fmt)?;
    let (codes, scales) = (codes.as_array(), scales.as_array());
    let layout = mx_layout(block, axis, codes.ndim())?;
    Ok(reference::mx_dequantize(codes, scales, fmt, &layout).map_err(value_error)?.into_pyarray(py))
}

/// FP8 codes -> their exact values as float32.
#[pyfunction]
fn dequantize<'py>(py: Python<'py>, codes: PyReadonlyArrayDyn<'py, u8>, fmt: &str) -> PyResult<Bound<'py, PyArrayDyn<f32>>> {
    let fmt = format(fmt)?;
    let codes = codes.as_array();
    if let Some(&bad) = codes.iter().find(|&&c| !fmt.is_code(c)) {
        check_code("a code", bad, fmt)?;
    }
    Ok(codes.mapv(|c| fmt.to_f64(c) as f32).into_pyarray(py))
}

/// One fused MAC (docs/spec.md section 2): FP16 bits of round(a * b + c).
#[pyfunction]
#[allow(clippy::too_many_arguments)]
fn mac(a: u8, fmt_a: &str, b: u8, fmt_b: &str, c: u16, sr: bool, sr_bits: u32, rnd: u32) -> PyResult<u16> {
    let rounding = if sr {
        fp8mac::config::validate_sr_bits(sr_bits).map_err(value_error)?;
        if rnd >> sr_bits != 0 {
            return Err(value_error(format!("rnd {rnd} does not fit in sr_bits {sr_bits}")));
        }
        Rounding::Stochastic { bits: sr_bits, rnd }
    } else {
        Rounding::NearestEven
    };
    let (fmt_a, fmt_b) = (format(fmt_a)?, format(fmt_b)?);
    check_code("a", a, fmt_a)?;
    check_code("b", b, fmt_b)?;
    Ok(reference::mac(a, fmt_a, b, fmt_b, f16::from_bits(c), rounding).to_bits())
}

/// GEMM with the FP16 chain (docs/spec.md section 4) on an engine: "reference", "rtl-sim" or
/// "verilator" (the last two on a rows x cols array at the given pipeline depth, for operands
/// of `formats`).
#[pyfunction]
#[allow(clippy::too_many_arguments)]
fn gemm_fp16<'py>(
    py: Python<'py>,
    a: PyReadonlyArray2<'py, u8>,
    fmt_a: &str,
    b: PyReadonlyArray2<'py, u8>,
    fmt_b: &str,
    c: PyReadonlyArray2<'py, f16>,
    sr: bool,
    sr_bits: u32,
    seed: u64,
    engine: &str,
    rows: usize,
    cols: usize,
    pipeline: usize,
    formats: &str,
    max_outputs: u64,
    allow_large: bool,
) -> PyResult<Bound<'py, PyArray2<f16>>> {
    let (fa, fb, sr) = (format(fmt_a)?, format(fmt_b)?, sr_config(sr, sr_bits, seed)?);
    let cfg = hardware_config(engine, Config { sr_bits, rows, cols, pipeline }, allow_large)?;
    let acc = Accumulator::Fp16(format_set(formats)?).validate().map_err(value_error)?;
    if engine != "reference" {
        fp8mac::sim::check_formats(acc.formats(), fa, fb).map_err(value_error)?;
    }
    let (a, b, c) = (a.as_array(), b.as_array(), c.as_array());
    check_outputs(a.nrows(), b.ncols(), max_outputs)?;
    let y: Result<Array2<f16>, String> = interruptible(py, |progress| {
        let mut engine: Box<dyn ArrayEngine> = match engine {
            "reference" => return reference::gemm_with_progress(a, fa, b, fb, c, sr, progress).map_err(|e| format!("{e:#}")),
            other => hardware_engine(other, &cfg, acc)?,
        };
        array::gemm_with_progress(engine.as_mut(), a, fa, b, fb, c, sr, progress).map_err(|e| format!("{e:#}"))
    })?;
    Ok(y.map_err(value_error)?.into_pyarray(py))
}

/// The engine "rtl-sim" or "verilator" of the array `acc` selects.
fn hardware_engine(engine: &str, cfg: &Config, acc: Accumulator) -> Result<Box<dyn ArrayEngine>, String> {
    array_engine(cfg, acc, engine == "verilator", None).map_err(|e| format!("{e:#}"))
}

/// The validated array of an engine: any for "reference", one the simulators can build in
/// reasonable time for "rtl-sim" and "verilator" (unless `allow_large`).
fn hardware_config(engine: &str, cfg: Config, allow_large: bool) -> PyResult<Config> {
    let cfg = cfg.validate().map_err(value_error)?;
    match engine {
        "reference" => {}
        "rtl-sim" | "verilator" => cfg.check_simulation_size(allow_large).map_err(value_error)?,
        other => return Err(value_error(format!("unknown engine '{other}' (expected reference, rtl-sim or verilator)"))),
    }
    Ok(cfg)
}

/// The addend of exact accumulation: float16 for FP16 out, uint16 bits for BF16 out, float32
/// for FP32 out.
#[derive(FromPyObject)]
enum Addend<'py> {
    F16(PyReadonlyArray2<'py, f16>),
    Bits16(PyReadonlyArray2<'py, u16>),
    F32(PyReadonlyArray2<'py, f32>),
}

/// An output format by name.
fn out_format(name: &str) -> PyResult<OutFormat> {
    name.parse().map_err(value_error)
}

/// H of a valid `max_k` = 2^H.
fn max_k_log2(max_k: u64) -> PyResult<u32> {
    fp8mac::config::max_k_log2(max_k).ok_or_else(|| value_error(format!("max_k must be a power of two in 1..=2^{MAX_K_LOG2}, got {max_k}")))
}

/// GEMM with exact accumulation (docs/spec.md section 8) into `out` ("fp16": float16 C and Y,
/// "bf16": uint16 bits, "fp32": float32). The hardware engines ("rtl-sim", "verilator") run
/// fp8_systolic_exact (`_bf16`, `_fp32`) on a rows x cols array exact for K up to `max_k`, of
/// operand `formats`; with OCP MX block `scales` (docs/spec.md section 12, n = all) the array
/// of `scale_bits` D takes them in its elements.
#[pyfunction]
#[allow(clippy::too_many_arguments)]
fn gemm_exact<'py>(
    py: Python<'py>,
    a: PyReadonlyArray2<'py, u8>,
    fmt_a: &str,
    b: PyReadonlyArray2<'py, u8>,
    fmt_b: &str,
    c: Addend<'py>,
    out: &str,
    scale_exp: i32,
    sr: bool,
    sr_bits: u32,
    seed: u64,
    engine: &str,
    rows: usize,
    cols: usize,
    pipeline: usize,
    max_k: u64,
    formats: &str,
    max_outputs: u64,
    allow_large: bool,
    scales: Option<(PyReadonlyArray2<'py, u8>, PyReadonlyArray2<'py, u8>)>,
    scale_block: usize,
    scale_bits: u32,
) -> PyResult<Bound<'py, PyAny>> {
    let (fa, fb, sr) = (format(fmt_a)?, format(fmt_b)?, sr_config(sr, sr_bits, seed)?);
    let exact = ExactArray { scale_bits, ..exact_array(max_k, formats)? };
    if engine != "reference" {
        fp8mac::sim::check_formats(exact.formats, fa, fb).map_err(value_error)?;
    }
    let (a, b) = (a.as_array(), b.as_array());
    check_outputs(a.nrows(), b.ncols(), max_outputs)?;
    // C as codes of the output format.
    let out = out_format(out)?;
    let c = addend_codes(c, out)?;
    let hardware = engine != "reference";
    if hardware && pipeline != 1 {
        return Err(value_error("pipeline applies to the FP16 array; the exact array's element has its own fixed four stages"));
    }
    let cfg = hardware_config(engine, Config { sr_bits, rows, cols, pipeline }, allow_large)?;
    let exact = ExactArray { out, ..exact };
    let g = std::num::NonZeroUsize::new(scale_block).ok_or_else(|| value_error("scale_block must be at least 1"))?;
    let scales = scales.as_ref().map(|(xa, xb)| reference::BlockScales { a: xa.as_array(), b: xb.as_array(), g });
    // one block of every product: the block family's n = all
    let all = || reference::presets::preset("exact").and_then(|p| p.blocks(Some(out), sr, scale_exp)).map_err(|e| e.to_string());
    if hardware {
        let y = array_blocks(py, engine, &cfg, exact, (a, fa), (b, fb), c.view(), &all().map_err(value_error)?, scales.as_ref())?;
        return Ok(y_array(py, y, out));
    }
    let y: Result<Array2<u32>, String> = interruptible(py, |progress| match &scales {
        Some(sc) => reference::gemm_blocks(a, fa, b, fb, c.view(), &all()?, Some(sc), progress).map_err(|e| e.to_string()),
        None => {
            let how = Exact { out, scale_exp, sr };
            reference::gemm_exact_with_progress(a, fa, b, fb, c.view(), &how, progress).map_err(|e| e.to_string())
        }
    })?;
    Ok(y_array(py, y.map_err(value_error)?, out))
}

/// Y of `blocks` on the exact array `exact` of `engine` ("rtl-sim" or "verilator") and shape
/// `cfg`: the array, the blocks and the scales checked before it is built, the run
/// interruptible (Ctrl-C).
#[allow(clippy::too_many_arguments)]
fn array_blocks(
    py: Python<'_>,
    engine: &str,
    cfg: &Config,
    exact: ExactArray,
    (a, fa): (ArrayView2<u8>, Format),
    (b, fb): (ArrayView2<u8>, Format),
    c: ArrayView2<u32>,
    blocks: &reference::Blocks,
    scales: Option<&reference::BlockScales>,
) -> PyResult<Array2<u32>> {
    Accumulator::Exact(exact).validate().map_err(value_error)?;
    array::check_blocks(&exact, blocks).map_err(value_error)?;
    array::PortScales::for_array(&exact, scales, a, fa, b, fb, blocks.scale_exp).map_err(value_error)?;
    let y: Result<Array2<u32>, String> = interruptible(py, |progress| {
        let mut engine = hardware_engine(engine, cfg, Accumulator::Exact(exact))?;
        array::gemm_blocks(engine.as_mut(), a, fa, b, fb, c, blocks, scales, progress).map_err(|e| format!("{e:#}"))
    })?;
    y.map_err(value_error)
}

/// C as codes of `out`: float16 for FP16, uint16 bits for BF16, float32 for binary32.
fn addend_codes(c: Addend, out: OutFormat) -> PyResult<Array2<u32>> {
    Ok(match (c, out) {
        (Addend::F16(c), OutFormat::Fp16) => c.as_array().mapv(|x| u32::from(x.to_bits())),
        (Addend::Bits16(c), OutFormat::Bf16) => c.as_array().mapv(u32::from),
        (Addend::F32(c), OutFormat::Fp32) => c.as_array().mapv(f32::to_bits),
        _ => return Err(value_error(format!("c's dtype does not match out='{out}'"))),
    })
}

/// Y, codes of `out`, as numpy: float16, uint16 BF16 bits or float32.
fn y_array(py: Python<'_>, y: Array2<u32>, out: OutFormat) -> Bound<'_, PyAny> {
    match out {
        OutFormat::Fp16 => y.mapv(|code| f16::from_bits(code as u16)).into_pyarray(py).into_any(),
        OutFormat::Bf16 => y.mapv(|code| code as u16).into_pyarray(py).into_any(),
        OutFormat::Fp32 => y.mapv(f32::from_bits).into_pyarray(py).into_any(),
    }
}

/// GEMM by the block family (docs/spec.md section 12): a preset by name, or blocks of `block`
/// products (0: all) with `align` bits (0: exact) and RZ, RNE or SR; with E8M0 block scales
/// every `scale_block` along K. On the reference model, or on "rtl-sim" and "verilator" the
/// exact array (rows x cols, `max_k`, `formats`, `scale_bits`) as far as it implements them.
#[pyfunction]
#[allow(clippy::too_many_arguments)]
fn gemm_blocks<'py>(
    py: Python<'py>,
    a: PyReadonlyArray2<'py, u8>,
    fmt_a: &str,
    b: PyReadonlyArray2<'py, u8>,
    fmt_b: &str,
    c: Addend<'py>,
    out: &str,
    preset: Option<&str>,
    block: usize,
    align: u32,
    rounding: &str,
    sr_bits: u32,
    seed: u64,
    scale_exp: i32,
    scales: Option<(PyReadonlyArray2<'py, u8>, PyReadonlyArray2<'py, u8>)>,
    scale_block: usize,
    max_outputs: u64,
    engine: &str,
    rows: usize,
    cols: usize,
    max_k: u64,
    formats: &str,
    allow_large: bool,
    scale_bits: u32,
) -> PyResult<Bound<'py, PyAny>> {
    let (fa, fb, out) = (format(fmt_a)?, format(fmt_b)?, out_format(out)?);
    let sr = sr_config(rounding == "sr", sr_bits, seed)?;
    let blocks = match preset {
        Some(name) => reference::presets::preset(name).and_then(|p| p.blocks(Some(out), sr, scale_exp)).map_err(value_error)?,
        None => {
            let rounding = match (rounding, sr) {
                ("rz", _) => reference::BlockRounding::TowardZero,
                (_, Some(sr)) => reference::BlockRounding::Stochastic(sr),
                _ => reference::BlockRounding::NearestEven,
            };
            let align = if align == 0 { reference::Align::Exact } else { reference::Align::Bits(align) };
            reference::Blocks { align, rounding, scale_exp, ..reference::Blocks::new(std::num::NonZeroUsize::new(block), out) }
        }
    };
    let (a, b) = (a.as_array(), b.as_array());
    check_outputs(a.nrows(), b.ncols(), max_outputs)?;
    let c = addend_codes(c, out)?;
    let g = std::num::NonZeroUsize::new(scale_block).ok_or_else(|| value_error("scale_block must be at least 1"))?;
    let scales = scales.as_ref().map(|(xa, xb)| reference::BlockScales { a: xa.as_array(), b: xb.as_array(), g });
    if engine == "reference" {
        let y = interruptible(py, |progress| reference::gemm_blocks(a, fa, b, fb, c.view(), &blocks, scales.as_ref(), progress))?;
        return Ok(y_array(py, y.map_err(value_error)?, out));
    }
    let exact = ExactArray { scale_bits, out, ..exact_array(max_k, formats)? };
    fp8mac::sim::check_formats(exact.formats, fa, fb).map_err(value_error)?;
    let cfg = hardware_config(engine, Config { sr_bits, rows, cols, pipeline: 1 }, allow_large)?;
    let y = array_blocks(py, engine, &cfg, exact, (a, fa), (b, fb), c.view(), &blocks, scales.as_ref())?;
    Ok(y_array(py, y, out))
}

/// Writes the Verilog of a configuration into `out`; returns the paths written.
#[pyfunction]
#[allow(clippy::too_many_arguments)]
fn generate(
    out: std::path::PathBuf,
    rows: usize,
    cols: usize,
    sr_bits: u32,
    pipeline: usize,
    max_k: u64,
    formats: &str,
    out_format: &str,
    allow_large: bool,
) -> PyResult<Vec<String>> {
    let cfg = Config { sr_bits, rows, cols, pipeline }.validate().map_err(value_error)?;
    cfg.check_generate_size(allow_large).map_err(value_error)?;
    let out_format = self::out_format(out_format)?;
    let exact = ExactArray { out: out_format, ..exact_array(max_k, formats)? };
    let written = fp8mac::emit::write_all(&cfg, &exact, &out).map_err(value_error)?;
    Ok(written.iter().map(|p| p.display().to_string()).collect())
}

/// The largest S in -64..=64 with `amax * 2^S` at most `fmt`'s largest finite value.
#[pyfunction]
fn amax_scale_exp(amax: f64, fmt: &str) -> PyResult<i32> {
    Ok(fp8mac::reference::amax_scale_exp(amax, format(fmt)?))
}

/// The initial xorshift32 state of output (i, j)'s SR stream under `seed`.
#[pyfunction]
fn stream_seed(seed: u64, i: usize, j: usize) -> u32 {
    seed_of(seed, i, j)
}

/// The most values [`stream_values`] returns at once.
const MAX_STREAM_VALUES: usize = 1 << 24;

/// The first `n` random values (`sr_bits` bits each) of output (i, j)'s SR stream.
#[pyfunction]
fn stream_values(seed: u64, i: usize, j: usize, sr_bits: u32, n: usize) -> PyResult<Vec<u32>> {
    fp8mac::config::validate_sr_bits(sr_bits).map_err(value_error)?;
    if n > MAX_STREAM_VALUES {
        return Err(value_error(format!(
            "n must be at most {MAX_STREAM_VALUES} (2^24), got {n}: a list of Python ints takes about 36 bytes each"
        )));
    }
    let mut stream = SrStream::new(seed_of(seed, i, j), sr_bits);
    Ok((0..n).map(|_| stream.next_rnd()).collect())
}

/// The extension module.
#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(quantize, m)?)?;
    m.add_function(wrap_pyfunction!(dequantize, m)?)?;
    m.add_function(wrap_pyfunction!(round_float, m)?)?;
    m.add_function(wrap_pyfunction!(quantize_mx, m)?)?;
    m.add_function(wrap_pyfunction!(dequantize_mx, m)?)?;
    m.add_function(wrap_pyfunction!(mac, m)?)?;
    m.add_function(wrap_pyfunction!(gemm_fp16, m)?)?;
    m.add_function(wrap_pyfunction!(gemm_exact, m)?)?;
    m.add_function(wrap_pyfunction!(generate, m)?)?;
    m.add_function(wrap_pyfunction!(amax_scale_exp, m)?)?;
    m.add_function(wrap_pyfunction!(stream_seed, m)?)?;
    m.add_function(wrap_pyfunction!(stream_values, m)?)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add("MAX_OUTPUTS", reference::DEFAULT_MAX_OUTPUTS)?;
    m.add_function(wrap_pyfunction!(gemm_blocks, m)?)?;
    // The presets of the block family: (name, n or 0 for all, alignment, p, accumulator
    // formats, rounding, kept fraction bits or 0, promotion or 0, source).
    let presets: Vec<_> = reference::presets::PRESETS
        .iter()
        .map(|p| {
            let (align, bits) = match p.align {
                reference::Align::Exact => ("exact", 0),
                reference::Align::Bits(b) => ("leading-bit", b),
                reference::Align::Exponent(b) => ("exponent", b),
            };
            let rounding = match p.rounding {
                reference::presets::PresetRounding::NearestOrStochastic => "rne or sr",
                reference::presets::PresetRounding::NearestEven => "rne",
                reference::presets::PresetRounding::TowardZero => "rz",
            };
            let acc: Vec<&str> = p.acc.iter().map(|f| f.name()).collect();
            (p.name, p.n.unwrap_or(0), align, bits, acc, rounding, p.keep.unwrap_or(0), p.promote.unwrap_or(0), p.source)
        })
        .collect();
    m.add("PRESETS", presets)?;
    // The table of operand formats (docs/spec.md section 11): (ml_dtypes name, short name or "", bits).
    let formats: Vec<(&str, &str, u32)> = Format::ALL.iter().map(|f| (f.name(), f.row().short, f.bits())).collect();
    m.add("FORMATS", formats)?;
    Ok(())
}
