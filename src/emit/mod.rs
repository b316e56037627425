//! Verilog emission: rust-hdl's output, renamed to the contract's module names, with a header
//! for the people who read it.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use rust_hdl::prelude::*;

use crate::config::{Accumulator, Config, ExactArray};
use crate::format::{Format, FormatSet};
use crate::hdl::convert::Fp16ToFp8;
use crate::hdl::mac::Fp8Mac;
use crate::hdl::systolic::Systolic;
use crate::hdl::systolic_exact::{
    min_period, pop_spacing, with_out_format, SystolicExact, CHAIN_PERIOD, OUT_LATENCY, PE_LATENCY, WINDOW_END,
};
use crate::hdl::{with_select_bits, with_sr_bits};
use crate::reference::OutFormat;

pub(crate) mod dedup;
mod legend;

use crate::hdl::mac::{Aligned, Counted, Normalised, Product, RawProduct, Sum};
use dedup::Part;
use legend::layout;

/// The MAC's modules in data-flow order: what each computes and the layout of its records.
fn mac_parts() -> Vec<Part> {
    let part = |instance, kind, what: &str, records: String| Part { instance, kind, doc: format!("// {kind}: {what}\n{records}") };
    let stage = |instance, what: &str, records: String| part(instance, instance, what, records);
    vec![
        stage(
            "multiply",
            "both operands unpacked, their 4x4-bit product, the addend's weight and trailing zeros, the special cases.",
            layout::<RawProduct>("out"),
        ),
        part(
            "unpack_a",
            "unpack",
            "a code of any format of the set as sig = h.mmm and ex (value = sig x 2^(ex - offset)), NaN, infinity.",
            String::new(),
        ),
        part(
            "product",
            "product",
            "the significands' product, shift-and-add over two bits of b at a time (LUTs, no DSP block).",
            String::new(),
        ),
        part("tz_c", "tz_c", "trailing zeros of the addend's mantissa (10 if none).", String::new()),
        stage(
            "norm_product",
            "the product normalised (leading one at bit 7), its weight k = E + 64, its trailing zeros.",
            layout::<RawProduct>("inp") + &layout::<Product>("out"),
        ),
        part("tz_p", "tz_p", "trailing zeros of the raw product (8 if none).", String::new()),
        stage(
            "align",
            "the larger of product and addend is the frame, the other is shifted right into the 32-bit window with a sticky bit.",
            layout::<Product>("inp") + &layout::<Aligned>("out"),
        ),
        stage(
            "add",
            "the window's sum or difference of magnitudes, its sign, how far it may shift left.",
            layout::<Aligned>("inp") + &layout::<Sum>("out"),
        ),
        stage(
            "count",
            "the normalising shift n = min(leading zeros of the sum, room), by a nibble tree.",
            layout::<Sum>("inp") + &layout::<Counted>("out"),
        ),
        part("probe", "probe", "sum | marker (a one where the shift must stop) and its nonzero nibbles.", String::new()),
        part("nibbles", "nibbles", "leading zero nibbles of the probe.", String::new()),
        part("pick", "pick", "the probe's highest nonzero nibble.", String::new()),
        part("in_nibble", "in_nibble", "leading zeros inside that nibble.", String::new()),
        stage("shift", "the sum shifted left by n and its FP16 exponent.", layout::<Counted>("inp") + &layout::<Normalised>("out")),
        stage("round", "one rounding onto the FP16 grid, overflow to infinity, then the special cases.", layout::<Normalised>("inp")),
        part("round_up", "round_up", "the rounding decision: RNE from guard, sticky and lsb, or SR from F + rnd.", String::new()),
    ]
}

/// The array's modules in data-flow order: the element, its pipelined MAC, then the MAC's
/// stages with the boundaries (`cut`s, registered or not) between them.
fn systolic_parts() -> Vec<Part> {
    let cut = |i: usize| Part {
        instance: ["cut0", "cut1", "cut2", "cut3", "cut4", "cut5"][i],
        kind: ["cut0", "cut1", "cut2", "cut3", "cut4", "cut5"][i],
        doc: format!("// cut{i}: the boundary after stage {}: a register at this pipeline depth, or a wire.\n", i + 1),
    };
    let mut parts = vec![
        Part { instance: "skew", kind: "edge", doc: format!("// edge: {EDGE_DOC}\n") },
        Part {
            instance: "pes",
            kind: "pe",
            doc: "// pe: one element: operands flow on, its MAC accumulates into per-lane accumulators, the C/Y FIFO.\n".into(),
        },
        Part {
            instance: "mac",
            kind: "mac",
            doc: "// mac: the seven stages with a register at the boundaries the pipeline depth chooses.\n".into(),
        },
    ];
    // The last part of each of the first six stages, where its boundary follows.
    let ends = ["tz_c", "tz_p", "align", "add", "in_nibble", "shift"];
    for p in mac_parts() {
        let end = ends.iter().position(|e| *e == p.instance);
        parts.push(p);
        parts.extend(end.map(cut));
    }
    parts
}

/// The arrays' vector ports and the edge's lines, which rust-hdl prints as `a$0`, `a$1`, ...
const ARRAY_VECTORS: &[&str] =
    &["a", "b", "c", "seed", "xa", "xb", "y", "bottom", "a_row", "valid_row", "start_row", "b_col", "c_col", "seed_col", "shift_col"];

/// `verilog` with the vectors `names` printed as rust-hdl does (`a$0`, `a$1`, ...) renamed to
/// plain Verilog names (`a_0`, `a_1`, ...).
pub(crate) fn plain_vector_names(verilog: &str, names: &[&str]) -> String {
    let re = regex::Regex::new(&format!(r"\b({})\$(\d+)\b", names.join("|"))).expect("names are identifiers");
    re.replace_all(verilog, "${1}_${2}").into_owned()
}

fn header(title: &str, ports: &str, cfg: &dyn std::fmt::Display) -> String {
    format!(
        "// {title}\n//\n{ports}//\n// Generated by fp8mac {} with {cfg}.\n// Do not edit: run `fp8mac generate`.\n\n",
        env!("CARGO_PKG_VERSION")
    )
}

/// `fp8_mac.v`.
pub fn fp8_mac(cfg: &Config) -> String {
    fn body<const R: usize>() -> String {
        let mut uut = Fp8Mac::<R>::default();
        uut.connect_all();
        dedup::dedup(&generate_verilog(&uut), "fp8_mac", "fp8_mac_", &mac_parts())
    }
    let r = cfg.sr_bits;
    let ports = format!(
        "//   a      in  [7:0]    FP8 code of the first operand\n\
         //   fmt_a  in           0 = E4M3 (OCP E4M3FN), 1 = E5M2\n\
         //   b      in  [7:0]    FP8 code of the second operand\n\
         //   fmt_b  in           0 = E4M3, 1 = E5M2\n\
         //   c      in  [15:0]   FP16 addend\n\
         //   sr     in           0 = round to nearest even, 1 = stochastic rounding\n\
         //   rnd    in  [{}:0]    random bits of stochastic rounding\n\
         //   y      out [15:0]   FP16 result\n\
         //\n\
         // Latency 0: purely combinational. NaN results are 0x7E00.\n",
        r - 1
    );
    header("fp8_mac: y = a*b + c, FP8 x FP8 + FP16 -> FP16, rounded once (RNE or stochastic).", &ports, cfg) + &with_sr_bits!(r, body())
}

/// `fp16_to_fp8.v`.
pub fn fp16_to_fp8(cfg: &Config) -> String {
    fn body<const R: usize>() -> String {
        let mut uut = Fp16ToFp8::<R>::default();
        uut.connect_all();
        let parts = [
            Part {
                instance: "align",
                kind: "align",
                doc: "// align: the FP16 input unpacked and its significand put on the target format's grid.\n".into(),
            },
            Part {
                instance: "round_up",
                kind: "round_up",
                doc: "// round_up: the rounding decision: RNE from guard, sticky and lsb, or SR from F + rnd.\n".into(),
            },
        ];
        dedup::dedup(&generate_verilog(&uut), "fp16_to_fp8", "fp16_to_fp8_", &parts)
    }
    let r = cfg.sr_bits;
    let ports = format!(
        "//   x      in  [15:0]   FP16 input\n\
         //   fmt    in           0 = E4M3 (OCP E4M3FN), 1 = E5M2\n\
         //   sr     in           0 = round to nearest even, 1 = stochastic rounding\n\
         //   rnd    in  [{}:0]    random bits of stochastic rounding\n\
         //   sat    in           1 = out-of-range values become +-max finite\n\
         //   y      out [7:0]    FP8 result; NaN is 0x7F (E4M3) or 0x7E (E5M2)\n\
         //\n\
         // Latency 0: purely combinational.\n",
        r - 1
    );
    header("fp16_to_fp8: FP16 -> FP8 (E4M3 or E5M2), RNE or stochastic, saturating or not.", &ports, cfg) + &with_sr_bits!(r, body())
}

/// The suffix of the modules of an array for `set`: none for the default pair, `_e4m3` for
/// E4M3 alone, `_e3m2_e2m3_e2m1` for three formats ([`Format::tag`]), `_all` for the whole
/// table, so that several fit in one design.
pub fn set_suffix(set: FormatSet) -> String {
    if set == FormatSet::DEFAULT {
        String::new()
    } else if set.len() == Format::COUNT {
        "_all".to_string()
    } else {
        set.formats().map(|f| format!("_{}", f.tag())).collect()
    }
}

/// The header's line on the format select ports of an array for `set`.
fn fmt_ports(set: FormatSet) -> String {
    if set.len() == 1 {
        format!("fmt_a, fmt_b ignored (every operand is {set}: --formats {set}); sr: SR enable, fixed during a GEMM")
    } else {
        let codes: Vec<String> = set.formats().map(|f| format!("{} = {f}", set.select(f).expect("a member"))).collect();
        format!("operand formats ({}) and SR enable, fixed during a GEMM", codes.join(", "))
    }
}

/// The FP16-chain array's module (and file stem) for `set`: `fp8_systolic`, or
/// `fp8_systolic_e4m3` for E4M3 alone.
pub fn chain_name(set: FormatSet) -> String {
    format!("fp8_systolic{}", set_suffix(set))
}

/// `fp8_systolic.v` (`fp8_systolic_<formats>.v` for another set): the FP16-chain array for
/// operands of `set`, its parts defined once each, with the protocol in its header.
pub fn fp8_systolic(cfg: &Config, set: FormatSet) -> String {
    fn body<const R: usize>(cfg: &Config, set: FormatSet) -> String {
        fn verilog<const R: usize, const S: usize>(cfg: &Config, set: FormatSet) -> String {
            let mut uut = Systolic::<R, S>::new(cfg, set);
            uut.connect_all();
            generate_verilog(&uut)
        }
        let name = chain_name(set);
        let verilog = with_select_bits!(set.select_bits(), verilog::<R>(cfg, set));
        let merged = dedup::dedup(&verilog, &name, &format!("{name}_"), &systolic_parts());
        // Vector ports print as a$0, a$1, ...: give them plain names a_0, a_1, ...
        plain_vector_names(&merged, ARRAY_VECTORS)
    }
    let protocol = include_str!("systolic_header.txt")
        .replace("{fmt_ports}", &fmt_ports(set))
        .replace("{rows}", &cfg.rows.to_string())
        .replace("{cols}", &cfg.cols.to_string())
        .replace("{lat}", &(cfg.cols - 1).to_string())
        .replace("{pipeline}", &cfg.pipeline.to_string())
        .replace("{width}", &(cfg.cols * cfg.pipeline).to_string())
        .replace("{xchg}", &(cfg.rows * cfg.pipeline).to_string())
        .replace("{kmin}", &(2 * cfg.rows).to_string())
        .replace("{last_row}", &(cfg.rows - 1).to_string())
        .replace("{bits}", &cfg.sr_bits.to_string());
    let title = format!("{}: a rows x cols output-stationary array of FP8 MAC elements (FP16 accumulation).", chain_name(set));
    let flags = if set == FormatSet::DEFAULT { cfg.to_string() } else { format!("{cfg} --formats {set}") };
    header(&title, &protocol, &flags) + &with_sr_bits!(cfg.sr_bits, body(cfg, set))
}

/// What both arrays' edge does.
const EDGE_DOC: &str = "the skew lines: row i's operand, valid and start delayed i cycles; column j's operand, C, seed and shift j cycles; column j's result cols - 1 - j cycles.";

/// The exact array's modules in data-flow order.
fn systolic_exact_parts() -> Vec<Part> {
    let part = |instance, kind, doc: &str| Part { instance, kind, doc: format!("// {kind}: {doc}\n") };
    vec![
        part("skew", "edge", EDGE_DOC),
        part("pes", "pe_exact", "one element: multiply, place the product in its segments, accumulate exactly (segments and registered carries); the exchange register."),
        part("ua", "unpack", "a code of any format of the set as its integer significand sig and ex (value = sig x 2^(ex - offset)), NaN, infinity."),
        part("ub", "unpack", "a code of any format of the set as its integer significand sig and ex (value = sig x 2^(ex - offset)), NaN, infinity."),
        part("product", "product", "the significands' product, as wide as the set's widest significand: shift-and-add over two bits of b at a time, two sums side by side (LUTs, no DSP block)."),
        part("rounder", "rounder", "the array's one rounder, which the columns share: resolve the carries, |T| 2^s and C as frames on a window relative to the larger, the smaller aligned with a sticky bit, add, normalise, round once to the output format."),
        part("resolve", "resolve", "the exact sum as one 96-bit two's complement number: segments plus pending carries."),
        part("seed_step", "seed_step", "one xorshift32 step of the output's seed: its low bits are SR's random bits."),
        part("special", "special", "the special cases, from the products' flags and C: NaN, an infinity and its sign, -0."),
        part("lzc", "lzc", "leading zeros of the rounder's magnitude, per octet with a one-hot select of the highest nonzero one (0 if none)."),
        part("round_up", "round_up", "the rounding decision: RNE from guard, sticky and lsb, or SR from F + rnd."),
    ]
}

/// The suffix of an exact array's names for its output format: none for FP16, `_bf16`, `_fp32`.
pub fn out_suffix(out: OutFormat) -> String {
    if out == OutFormat::Fp16 {
        String::new()
    } else {
        format!("_{}", out.name())
    }
}

/// Names of an exact array's modules: the array (and its file's stem), its element alone, and
/// the prefix of its sub-modules; those of another set of formats (`_e4m3` for E4M3 alone) or
/// of another output format (`_bf16`, `_fp32`) differ, so that several fit in one design.
pub struct ExactNames {
    /// The array's module.
    pub array: String,
    /// The element's module when synthesised alone.
    pub pe: String,
    /// Prefix of the sub-modules.
    pub prefix: String,
}

/// The module names of the exact array `exact` (its element's do not depend on the output
/// format).
pub fn exact_names(exact: &ExactArray) -> ExactNames {
    let formats = set_suffix(exact.formats);
    let out = out_suffix(exact.out);
    // the elements of an array with block scales (`_mx3`: 3-bit offsets) differ too
    let mx = match exact.scale_bits {
        0 => String::new(),
        d => format!("_mx{d}"),
    };
    ExactNames {
        array: format!("fp8_systolic_exact{formats}{out}{mx}"),
        pe: format!("fp8_pe_exact{formats}{mx}"),
        prefix: format!("fp8_exact{formats}{out}{mx}_"),
    }
}

/// `fp8_systolic_exact.v` (`fp8_systolic_exact_e4m3.v` for E4M3 only, `..._fp32.v` into
/// binary32): the exact-accumulation array `exact`.
pub fn fp8_systolic_exact(cfg: &Config, exact: &ExactArray) -> String {
    fn body<const R: usize>(cfg: &Config, exact: &ExactArray) -> String {
        let verilog = with_out_format!(exact.out, exact.formats, array_verilog::<R>(cfg, exact));
        let names = exact_names(exact);
        let merged = dedup::dedup(&verilog, &names.array, &names.prefix, &systolic_exact_parts());
        plain_vector_names(&merged, ARRAY_VECTORS)
    }
    fn array_verilog<const R: usize, const O: usize, const W: usize, const S: usize>(cfg: &Config, exact: &ExactArray) -> String {
        let mut uut = SystolicExact::<R, O, W, S>::new(cfg, exact);
        uut.connect_all();
        generate_verilog(&uut)
    }
    // Between two windows the next tile's sums enter the exchange registers: no pop then.
    let between = if cfg.rows > 1 {
        format!("From t_n + {} to t_n + {} (n >= 1), between two windows, shift is low.", WINDOW_END + 1, cfg.rows + PE_LATENCY - 1)
    } else {
        "The windows meet: no cycle lies between them.".to_string()
    };
    let protocol = include_str!("systolic_exact_header.txt")
        .replace("{between}", &between)
        .replace("{rows}", &cfg.rows.to_string())
        .replace("{cols}", &cfg.cols.to_string())
        .replace("{cols_1}", &(cfg.cols - 1).to_string())
        .replace("{lat}", &(cfg.cols - 1 + OUT_LATENCY).to_string())
        .replace("{rlat}", &OUT_LATENCY.to_string())
        .replace("{msb}", &(exact.out.bits() - 1).to_string())
        .replace("{out}", exact.out.title())
        .replace("{xchg}", &(cfg.rows + PE_LATENCY).to_string())
        .replace("{win_end}", &WINDOW_END.to_string())
        .replace("{spacing}", &pop_spacing(cfg.cols).to_string())
        .replace("{kmin}", &min_period(cfg.rows, cfg.cols).to_string())
        .replace("{pmin}", &min_period(cfg.rows, cfg.cols).to_string())
        .replace("{chain_p}", &CHAIN_PERIOD.to_string())
        .replace("{chain_pmin}", &min_period(cfg.rows, cfg.cols).max(CHAIN_PERIOD).to_string())
        .replace("{t0_gemm}", &(1 + cfg.rows).to_string())
        .replace("{last_row}", &(cfg.rows - 1).to_string())
        .replace("{segs}", &exact.segments().to_string())
        .replace("{h}", &exact.max_k_log2.to_string())
        .replace("{bits}", &cfg.sr_bits.to_string());
    let protocol = protocol.replace("{fmt_ports}", &fmt_ports(exact.formats)).replace("{grid}", &format!("2^{}", exact.grid_lsb()));
    let protocol = protocol
        .replace("{scale_ports}", &scale_ports(exact))
        .replace("{term}", if exact.scale_bits > 0 { "2^(xa + xb) A[i][k] B[k][j]" } else { "A[i][k] B[k][j]" });
    let title = format!(
        "{}: a rows x cols output-stationary array of FP8 MAC elements with exact accumulation, one rounding per output (or per block, rule 8).",
        exact_names(exact).array
    );
    header(&title, &protocol, &format!("{cfg} {exact}")) + &with_sr_bits!(cfg.sr_bits, body(cfg, exact))
}

/// The header's lines on the block-scale ports of an exact array of `--scale-bits D` (none
/// without).
fn scale_ports(exact: &ExactArray) -> String {
    match exact.scale_bits {
        0 => String::new(),
        d => format!(
            "//   xa_i [4:0]        with a_i: the E8M0 scale of A[i][k]'s block less the least of A's scales, 0 .. {max}\n\
             //                     (bits {top}:0, the others ignored; bit 4 set: a NaN scale); xb_j [4:0] likewise with b_j. The least\n\
             //                     scales (unbiased, and -6 per MXINT8 operand) join s: Y = round(C + 2^s sum_k\n\
             //                     2^(xa + xb) A[i][k] B[k][j]) (docs/spec.md section 12; `fp8mac gemm --scale-a` drives them)\n",
            max = exact.max_scale_offset(),
            top = d - 1
        ),
    }
}

/// The exact array's element alone (`fp8_pe_exact`, or `fp8_pe_exact_e4m3`), for
/// `fp8mac synth --design pe --accumulate exact`.
pub fn fp8_pe_exact(exact: &ExactArray) -> String {
    let mut uut = crate::hdl::exact_pe::PeExact::new(exact);
    uut.connect_all();
    let names = exact_names(exact);
    dedup::dedup(&generate_verilog(&uut), &names.pe, &names.prefix, &systolic_exact_parts())
}

/// The files of `generate`: `fp8_mac.v` and `fp16_to_fp8.v` (the default pair), the FP16-chain
/// array for the exact array's formats when its MAC takes them ([`crate::config::chain_takes`]),
/// the exact array `exact`, the GEMM engine around each array with its C header, and the
/// FuseSoC core of them all.
pub fn files(cfg: &Config, exact: &ExactArray) -> Vec<(String, String)> {
    let set = exact.formats;
    let chain = Accumulator::Fp16(set).validate().is_ok().then(|| chain_name(set));
    let mut files = vec![("fp8_mac.v".into(), fp8_mac(cfg)), ("fp16_to_fp8.v".into(), fp16_to_fp8(cfg))];
    let mut arrays = vec![Accumulator::Exact(*exact)];
    if let Some(name) = &chain {
        files.push((format!("{name}.v"), fp8_systolic(cfg, set)));
        arrays.insert(0, Accumulator::Fp16(set));
    }
    files.push((exact_file(exact), fp8_systolic_exact(cfg, exact)));
    for acc in &arrays {
        let engine = crate::engine::name(acc);
        files.push((format!("{engine}.v"), crate::engine::verilog(cfg, acc)));
        files.push((format!("{engine}.h"), crate::engine::c_header(cfg, acc)));
    }
    let engines: Vec<String> = arrays.iter().map(crate::engine::name).collect();
    files.push(("fp8mac.core".into(), fusesoc_core(cfg, chain.as_deref(), exact, &engines)));
    files
}

/// The file of the exact array `exact`.
pub fn exact_file(exact: &ExactArray) -> String {
    format!("{}.v", exact_names(exact).array)
}

/// `fp8mac.core`: the generated IP as a FuseSoC core (CAPI2): the modules, a default target
/// with the FP16-chain array `chain` on top (the exact array without one), a target named after
/// each GEMM engine of `engines` with it on top (the C headers as include files), and
/// Verilator lint targets of them all (`fusesoc --cores-root DIR run --target lint
/// fp8mac:ip:fp8_systolic`, `--target lint_fp8_gemm_engine`, ..).
pub fn fusesoc_core(cfg: &Config, chain: Option<&str>, exact: &ExactArray, engines: &[String]) -> String {
    let exact = exact_names(exact).array;
    let top = chain.unwrap_or(&exact);
    let arrays = match chain {
        Some(name) => format!("{name} and {exact}"),
        None => exact.clone(),
    };
    let chain_file = chain.map(|name| format!("\x20     - {name}.v\n")).unwrap_or_default();
    let lint = "\x20   default_tool: verilator\n\x20   tools:\n\x20     verilator:\n\x20       mode: lint-only\n\x20       verilator_options: [-Wall, -Wno-WIDTH, -Wno-DECLFILENAME, -Wno-UNUSEDSIGNAL]\n";
    let engine_files: String =
        engines.iter().map(|e| format!("\x20     - {e}.v\n\x20     - {e}.h: {{is_include_file: true, file_type: cSource}}\n")).collect();
    let engine_targets: String = engines
        .iter()
        .map(|e| format!("\x20 {e}:\n\x20   filesets: [rtl, engine]\n\x20   toplevel: {e}\n\x20 lint_{e}:\n\x20   filesets: [rtl, engine]\n\x20   toplevel: {e}\n{lint}"))
        .collect();
    format!(
        "CAPI=2:\n\
# Generated by fp8mac {version} with {cfg}. Do not edit: run `fp8mac generate`.\n\
name: fp8mac:ip:fp8_systolic:{version}\n\
description: \"FP8 multiply-accumulate IP generated by fp8mac (fp8_mac, fp16_to_fp8, {rows}x{cols} {arrays} arrays, the GEMM engines {engine_list})\"\n\
\n\
filesets:\n\
\x20 rtl:\n\
\x20   files:\n\
\x20     - fp8_mac.v\n\
\x20     - fp16_to_fp8.v\n\
{chain_file}\
\x20     - {exact}.v\n\
\x20   file_type: verilogSource\n\
\x20 engine:\n\
\x20   files:\n\
{engine_files}\
\x20   file_type: verilogSource\n\
\n\
targets:\n\
\x20 default:\n\
\x20   filesets: [rtl]\n\
\x20   toplevel: {top}\n\
\x20 lint:\n\
\x20   filesets: [rtl]\n\
\x20   toplevel: {top}\n\
{lint}\
{engine_targets}",
        version = env!("CARGO_PKG_VERSION"),
        rows = cfg.rows,
        cols = cfg.cols,
        engine_list = engines.join(" and "),
    )
}

/// Writes every file into `dir` (created if missing), each whole or not at all, and returns
/// their paths.
pub fn write_all(cfg: &Config, exact: &ExactArray, dir: &Path) -> Result<Vec<PathBuf>> {
    write_files(&files(cfg, exact), dir)
}

/// Writes the given (name, contents) into `dir` (created if missing), each whole or not at
/// all, and returns their paths.
pub fn write_files(files: &[(String, String)], dir: &Path) -> Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let mut written = Vec::new();
    for (name, text) in files {
        let path = dir.join(name);
        crate::io::atomic::write_text(&path, text)?;
        written.push(path);
    }
    Ok(written)
}
