//! The GEMM engine (docs/spec.md section 13): an array (the FP16 chain or the exact array)
//! behind an AXI4-Lite register file and AXI4-Stream ports, as drop-in IP. This module holds
//! the engine's one description of its registers, error causes and streams, and writes from it
//! the Verilog top, the C header and the README's register table; the logic is
//! [`crate::hdl::engine`].
//!
//! Streams (one beat per row or step, lanes packed low first; the README's "Dropping it into
//! a design" gives the job from the host's side). A tile is rows x W of Y, W = D cols (D the
//! FP16 chain's lanes, `--pipeline`; 1 on the exact array):
//! * A: for every tile (row-major over Y's tiles), K beats, beat k carrying `A[r0 + i][k]` in
//!   byte i (i < rows; rows past M: any code);
//! * B: for every tile, K beats, beat k carrying `B[k][c0 + x]` in byte x (x < W);
//! * C: for every tile, one beat per row inside M, carrying `C[r0 + i][c0 + x]` in lane x (an
//!   output-format code of O bits; lanes past N: anything);
//! * Y: for every tile, one beat per row inside M, top row first, lane x = `Y[r0 + i][c0 + x]`
//!   (0 past N), `tlast` on the tile's last row.

use std::fmt::Write;

use rust_hdl::prelude::*;

use crate::config::{Accumulator, Config};
use crate::emit::{self, chain_name, exact_names, set_suffix};
use crate::hdl::engine::EngineCore;
use crate::hdl::engine_seq::{buffer_bits, ArrayShape};
use crate::hdl::with_select_bits;
use crate::reference::OutFormat;

/// One AXI4-Lite register: its byte offset, name, access and meaning.
pub struct Reg {
    /// Byte offset.
    pub offset: u32,
    /// Name (the C header's macro is the engine's name, `_`, this).
    pub name: &'static str,
    /// `RW`, `RO` or `WO`.
    pub access: &'static str,
    /// What it holds.
    pub doc: &'static str,
}

/// The register map. [`crate::hdl::engine_regs::Regs`] decodes these offsets.
pub const REGISTERS: [Reg; 17] = [
    Reg { offset: 0x00, name: "CTRL", access: "WO", doc: "bit 0: start a job with the registers below; bit 1: clear DONE and ERROR" },
    Reg {
        offset: 0x04,
        name: "STATUS",
        access: "RO",
        doc: "bit 0 BUSY, bit 1 DONE, bit 2 ERROR (the last start was refused), bits 11:8 the cause",
    },
    Reg { offset: 0x08, name: "IRQ_ENABLE", access: "RW", doc: "bit 0: `irq` is high while DONE or ERROR is set" },
    Reg { offset: 0x0C, name: "M", access: "RW", doc: "rows of A, C and Y" },
    Reg { offset: 0x10, name: "N", access: "RW", doc: "columns of B, C and Y" },
    Reg { offset: 0x14, name: "K", access: "RW", doc: "columns of A, rows of B (0: Y = C)" },
    Reg { offset: 0x18, name: "FMT_A", access: "RW", doc: "A's format: its select code in the build's set (FMT_* below)" },
    Reg { offset: 0x1C, name: "FMT_B", access: "RW", doc: "B's format" },
    Reg { offset: 0x20, name: "ACCUMULATE", access: "RW", doc: "0 = the FP16 chain, 1 = exact (ACC_* below; the build runs one)" },
    Reg { offset: 0x24, name: "ROUNDING", access: "RW", doc: "0 = RNE, 1 = SR" },
    Reg { offset: 0x28, name: "SCALE_EXP", access: "RW", doc: "s of 2^s, two's complement, -64..64 (exact; 0 on the FP16 chain)" },
    Reg { offset: 0x2C, name: "SEED", access: "RW", doc: "the SR seed's low 32 bits (docs/spec.md section 4: a 64-bit seed)" },
    Reg { offset: 0x30, name: "CYCLES", access: "RO", doc: "cycles of the current or last job, from its start to its last Y beat" },
    Reg { offset: 0x34, name: "STALLS", access: "RO", doc: "of those, cycles in which a step waited for A or B, or a Y beat for the sink" },
    Reg {
        offset: 0x38,
        name: "BUILD0",
        access: "RO",
        doc: "rows (7:0), cols (15:8), H of the largest K 2^H (23:16), output format (27:24: 0 FP16, 1 BF16, 2 FP32), accumulation (31:28)",
    },
    Reg {
        offset: 0x3C,
        name: "BUILD1",
        access: "RO",
        doc: "formats in the set (7:0), SR bits (15:8), lanes D (18:16: a tile is rows x D cols)",
    },
    Reg { offset: 0x40, name: "SEED_HI", access: "RW", doc: "the SR seed's high 32 bits" },
];

/// Why a start was refused: STATUS bits 11:8. The sequencer checks them in this order.
pub const CAUSES: [(u32, &str, &str); 6] = [
    (1, "K_RANGE", "K above the array's 2^H (exact: `generate --max-k`; the FP16 chain: 2^31)"),
    (2, "FMT_A", "FMT_A is not a format of the build"),
    (3, "FMT_B", "FMT_B is not a format of the build"),
    (4, "ACCUMULATE", "an accumulation the build's array does not run"),
    (5, "SCALE_EXP", "SCALE_EXP outside -64..64 (the exact array), not 0 (the FP16 chain, which has no scale)"),
    (6, "ROUNDING", "ROUNDING is neither 0 (RNE) nor 1 (SR)"),
];

/// The ACCUMULATE code of an array's accumulation: 0 the FP16 chain, 1 exact.
pub fn acc_code(acc: Accumulator) -> u32 {
    u32::from(acc.is_exact())
}

/// The largest K of the FP16 chain's engine: the chain itself has no bound, its engine's K
/// register and counters are 32 bits.
pub const CHAIN_MAX_K: u64 = 1 << 31;

/// The array's module (and file stem): `fp8_systolic` or `fp8_systolic_exact`, with the suffixes
/// of its formats and output format (`_e4m3`, `_fp32`, ..).
fn array_name(acc: &Accumulator) -> String {
    match acc {
        Accumulator::Fp16(set) => chain_name(*set),
        Accumulator::Exact(exact) => exact_names(exact).array,
    }
}

/// The engine's module (and file stem) around the array of `acc`: `fp8_gemm_engine` around
/// `fp8_systolic`, `fp8_gemm_engine_exact` around `fp8_systolic_exact`, with the array's
/// suffixes (`_e4m3`, `_fp32`, ..).
pub fn name(acc: &Accumulator) -> String {
    match acc {
        Accumulator::Fp16(set) => format!("fp8_gemm_engine{}", set_suffix(*set)),
        Accumulator::Exact(exact) => exact_names(exact).array.replacen("fp8_systolic_exact", "fp8_gemm_engine_exact", 1),
    }
}

/// The array the engine's sequencer drives.
pub fn shape(cfg: &Config, acc: &Accumulator) -> ArrayShape {
    let (lanes, max_k) = match acc {
        Accumulator::Fp16(_) => (cfg.pipeline, CHAIN_MAX_K),
        Accumulator::Exact(exact) => (1, 1 << exact.max_k_log2),
    };
    ArrayShape { rows: cfg.rows, cols: cfg.cols, lanes, chain: !acc.is_exact(), formats: acc.formats().len(), max_k }
}

/// The flags of `generate` that describe the array, after the configuration's.
fn flags(acc: &Accumulator) -> String {
    match acc {
        Accumulator::Fp16(set) => format!("--formats {set}"),
        Accumulator::Exact(exact) => exact.to_string(),
    }
}

fn out_code(out: OutFormat) -> u32 {
    match out {
        OutFormat::Fp16 => 0,
        OutFormat::Bf16 => 1,
        OutFormat::Fp32 => 2,
    }
}

/// BUILD0 and BUILD1 of an engine.
pub fn build_words(cfg: &Config, acc: &Accumulator) -> [u32; 2] {
    let h = match acc {
        Accumulator::Fp16(_) => CHAIN_MAX_K.trailing_zeros(),
        Accumulator::Exact(exact) => exact.max_k_log2,
    };
    let lanes = shape(cfg, acc).lanes as u32;
    let b0 = cfg.rows as u32 | (cfg.cols as u32) << 8 | h << 16 | out_code(acc.out()) << 24 | acc_code(*acc) << 28;
    [b0, acc.formats().len() as u32 | cfg.sr_bits << 8 | lanes << 16]
}

/// The engine's Verilog: the top with AXI buses, then its core (the array is in its own file).
pub fn verilog(cfg: &Config, acc: &Accumulator) -> String {
    fn core<const O: usize, const A: usize, const S: usize>(cfg: &Config, acc: &Accumulator) -> String {
        let mut uut = EngineCore::<O, A, S>::new(shape(cfg, acc), build_words(cfg, acc));
        uut.connect_all();
        generate_verilog(&uut)
    }
    let top = name(acc);
    let select = acc.formats().select_bits();
    let raw = match (acc.out().bits(), buffer_bits(cfg.rows)) {
        (16, 4) => with_select_bits!(select, core::<16, 4>(cfg, acc)),
        (16, 5) => with_select_bits!(select, core::<16, 5>(cfg, acc)),
        (16, 6) => with_select_bits!(select, core::<16, 6>(cfg, acc)),
        (32, 4) => with_select_bits!(select, core::<32, 4>(cfg, acc)),
        (32, 5) => with_select_bits!(select, core::<32, 5>(cfg, acc)),
        (32, 6) => with_select_bits!(select, core::<32, 6>(cfg, acc)),
        (bits, a) => unreachable!("a {bits}-bit output with {a}-bit buffer addresses"),
    };
    let part = |instance, kind, doc: &str| emit::dedup::Part { instance, kind, doc: format!("// {kind}: {doc}\n") };
    let parts = [
        part("regs", "regs", "the AXI4-Lite slave and the job registers."),
        part(
            "seq",
            "seq",
            "the sequencer: the array's protocol from the streams' handshakes, the buffers' addresses, status and counters.",
        ),
        part("seed_units", "seed_unit", "one per column: stream_seed(seed, i, j) of the tile's outputs, a row (and lane) at a time."),
        part("c_buf", "buffer", "one per column of the tile, for C and for Y: a row of a tile per word (registered read)."),
        part("seed_buf", "seed_buffer", "one per column of the tile: the SR seeds of a tile's outputs, read with C."),
    ];
    let merged = emit::dedup::dedup(&raw, &format!("{top}_core"), &format!("{top}_"), &parts);
    let vectors = [
        "a_tdata",
        "b_tdata",
        "c_tdata",
        "y_tdata",
        "arr_a",
        "arr_b",
        "arr_c",
        "arr_seed",
        "arr_y",
        "lane_on",
        "lane_on_q",
        "column",
        "columns",
        "lane_ids",
        "y_we",
        "seed_we",
        "flight",
        "prod",
        "zc",
        "a_q",
        "b_q",
        "c_buf",
        "y_buf",
        "seed_buf",
        "seed_units",
    ];
    let core = emit::plain_vector_names(&merged, &vectors);
    header(cfg, acc) + &wrapper(cfg, acc) + "\n" + &core
}

fn header(cfg: &Config, acc: &Accumulator) -> String {
    let top = name(acc);
    let (o, w) = (acc.out().bits(), shape(cfg, acc).width());
    let mut h = format!(
        "// {top}: the GEMM engine around {array} ({rows}x{cols}{lanes}): AXI4-Lite registers, AXI4-Stream A, B, C in and Y out.\n//\n",
        array = array_name(acc),
        rows = cfg.rows,
        cols = cfg.cols,
        lanes = if w > cfg.cols { format!(", {} lanes: tiles of {} x {w}", w / cfg.cols, cfg.rows) } else { String::new() },
    );
    h += "// Ports: clk, rst (synchronous, active high; reset once before the first job, and any time:\n";
    h += "// a reset ends the job in flight and leaves the engine ready for the next);\n";
    h += "// s_axil_*: AXI4-Lite slave, 8-bit byte addresses, 32-bit data; irq: level, DONE or ERROR while enabled;\n";
    let _ = writeln!(h, "// s_axis_a_*: tdata [{}:0], one step of A per beat (byte i = row i of the tile);", 8 * cfg.rows - 1);
    let _ = writeln!(h, "// s_axis_b_*: tdata [{}:0], one step of B per beat (byte x = column x of the tile);", 8 * w - 1);
    let _ = writeln!(h, "// s_axis_c_*: tdata [{}:0], one row of C per beat ({o}-bit {} lanes);", o * w - 1, acc.out().title());
    let _ = writeln!(h, "// m_axis_y_*: tdata [{}:0], one row of Y per beat, tlast on each tile's last row.", o * w - 1);
    h += "// Tiles go row-major over Y; A and B beats are sent once per tile, C and Y beats for the rows inside M.\n//\n// Registers (byte offset, access):\n";
    for r in &REGISTERS {
        let _ = writeln!(h, "//   0x{:02X} {:<10} {}  {}", r.offset, r.name, r.access, r.doc);
    }
    h += "// Causes of ERROR:\n";
    for (code, name, doc) in CAUSES {
        let _ = writeln!(h, "//   {code} {name}: {doc}");
    }
    let _ = write!(
        h,
        "//\n// Generated by fp8mac {} with {cfg} {}.\n// Do not edit: run `fp8mac generate`.\n\n",
        env!("CARGO_PKG_VERSION"),
        flags(acc)
    );
    h
}

/// The engine's ports after `clk`: name, width, and whether it is an input.
pub fn ports(cfg: &Config, acc: &Accumulator) -> Vec<(&'static str, usize, bool)> {
    let (rows, w, o) = (cfg.rows, shape(cfg, acc).width(), acc.out().bits());
    vec![
        ("rst", 1, true),
        ("s_axil_awaddr", 8, true),
        ("s_axil_awvalid", 1, true),
        ("s_axil_awready", 1, false),
        ("s_axil_wdata", 32, true),
        ("s_axil_wstrb", 4, true),
        ("s_axil_wvalid", 1, true),
        ("s_axil_wready", 1, false),
        ("s_axil_bresp", 2, false),
        ("s_axil_bvalid", 1, false),
        ("s_axil_bready", 1, true),
        ("s_axil_araddr", 8, true),
        ("s_axil_arvalid", 1, true),
        ("s_axil_arready", 1, false),
        ("s_axil_rdata", 32, false),
        ("s_axil_rresp", 2, false),
        ("s_axil_rvalid", 1, false),
        ("s_axil_rready", 1, true),
        ("irq", 1, false),
        ("s_axis_a_tdata", 8 * rows, true),
        ("s_axis_a_tvalid", 1, true),
        ("s_axis_a_tready", 1, false),
        ("s_axis_b_tdata", 8 * w, true),
        ("s_axis_b_tvalid", 1, true),
        ("s_axis_b_tready", 1, false),
        ("s_axis_c_tdata", o * w, true),
        ("s_axis_c_tvalid", 1, true),
        ("s_axis_c_tready", 1, false),
        ("m_axis_y_tdata", o * w, false),
        ("m_axis_y_tvalid", 1, false),
        ("m_axis_y_tready", 1, true),
        ("m_axis_y_tlast", 1, false),
    ]
}

/// The top: AXI buses, the core, the array; wiring only.
fn wrapper(cfg: &Config, acc: &Accumulator) -> String {
    let (rows, cols, w, o) = (cfg.rows, cfg.cols, shape(cfg, acc).width(), acc.out().bits());
    let top = name(acc);
    let mut v = format!("module {top}(\n    input wire clk,\n");
    for (port, width, input) in ports(cfg, acc) {
        let range = if width > 1 { format!("[{}:0] ", width - 1) } else { String::new() };
        let _ = writeln!(v, "    {} wire {range}{port},", if input { "input" } else { "output" });
    }
    v.truncate(v.len() - 2);
    v += "\n);\n";
    let array_ports = crate::fpga::array_ports(cfg, acc);
    for p in array_ports.iter().filter(|p| p.name != "rst") {
        let range = if p.width > 1 { format!("[{}:0] ", p.width - 1) } else { String::new() };
        let _ = writeln!(v, "    wire {range}arr_{};", p.name);
    }
    if acc.is_exact() {
        v += "    assign arr_chain = 1'b0; // one block per output: the engine runs n = all\n";
    } else {
        v += "    wire [7:0] arr_scale_exp; // the core's, unused: the chain has no scale\n";
    }
    let lane = |bus: &str, j: usize, w: usize| format!("{bus}[{}:{}]", w * j + w - 1, w * j);
    let mut core = format!("    {top}_core core(\n        .clk(clk),\n        .rst(rst),\n");
    for p in [
        "awaddr", "awvalid", "awready", "wdata", "wstrb", "wvalid", "wready", "bresp", "bvalid", "bready", "araddr", "arvalid", "arready",
        "rdata", "rresp", "rvalid", "rready",
    ] {
        let _ = writeln!(core, "        .s_axil_{p}(s_axil_{p}),");
    }
    core += "        .irq(irq),\n";
    for (inner, outer) in [
        ("a_tvalid", "s_axis_a_tvalid"),
        ("a_tready", "s_axis_a_tready"),
        ("b_tvalid", "s_axis_b_tvalid"),
        ("b_tready", "s_axis_b_tready"),
        ("c_tvalid", "s_axis_c_tvalid"),
        ("c_tready", "s_axis_c_tready"),
        ("y_tvalid", "m_axis_y_tvalid"),
        ("y_tready", "m_axis_y_tready"),
        ("y_tlast", "m_axis_y_tlast"),
        ("arr_valid", "arr_valid"),
        ("arr_start", "arr_start"),
        ("arr_shift", "arr_shift"),
        ("arr_fmt_a", "arr_fmt_a"),
        ("arr_fmt_b", "arr_fmt_b"),
        ("arr_sr", "arr_sr"),
        ("arr_scale_exp", "arr_scale_exp"),
    ] {
        let _ = writeln!(core, "        .{inner}({outer}),");
    }
    let mut array = format!("    {} array(\n        .clk(clk),\n", array_name(acc));
    for p in &array_ports {
        let wire = if p.name == "rst" { "rst".to_string() } else { format!("arr_{}", p.name) };
        let _ = writeln!(array, "        .{}({wire}),", p.name);
    }
    for i in 0..rows {
        let _ = writeln!(core, "        .a_tdata_{i}({}),\n        .arr_a_{i}(arr_a_{i}),", lane("s_axis_a_tdata", i, 8));
    }
    for x in 0..w {
        let _ = writeln!(core, "        .b_tdata_{x}({}),", lane("s_axis_b_tdata", x, 8));
        let _ = writeln!(core, "        .c_tdata_{x}({}),", lane("s_axis_c_tdata", x, o));
        let _ = writeln!(core, "        .y_tdata_{x}({}),", lane("m_axis_y_tdata", x, o));
    }
    for j in 0..cols {
        let _ = writeln!(core, "        .arr_c_{j}(arr_c_{j}),\n        .arr_seed_{j}(arr_seed_{j}),\n        .arr_y_{j}(arr_y_{j}),");
        let _ = writeln!(core, "        .arr_b_{j}(arr_b_{j}),");
    }
    core.truncate(core.len() - 2);
    array.truncate(array.len() - 2);
    v + &core + "\n    );\n" + &array + "\n    );\nendmodule // " + &top + "\n"
}

/// The C header of the engine's register map: `<name>.h`.
pub fn c_header(cfg: &Config, acc: &Accumulator) -> String {
    let top = name(acc);
    let up = top.to_uppercase();
    let shape = shape(cfg, acc);
    let mut h = format!(
        "/* {top}.h: the register map of {top}, the GEMM engine around {} ({}x{}).\n * Generated by fp8mac {} with {cfg} {}. Do not edit: run `fp8mac generate`.\n * Registers are 32 bits at these byte offsets on the AXI4-Lite port. */\n#ifndef {up}_H\n#define {up}_H\n\n",
        array_name(acc),
        cfg.rows,
        cfg.cols,
        env!("CARGO_PKG_VERSION"),
        flags(acc),
    );
    for r in &REGISTERS {
        let _ = writeln!(h, "#define {up}_{:<12} 0x{:02X}u /* {}: {} */", r.name, r.offset, r.access, r.doc.replace("`", ""));
    }
    h += "\n/* CTRL bits */\n";
    let _ = writeln!(h, "#define {up}_CTRL_START  0x1u\n#define {up}_CTRL_CLEAR  0x2u");
    h += "\n/* STATUS bits */\n";
    let _ = writeln!(h, "#define {up}_STATUS_BUSY  0x1u\n#define {up}_STATUS_DONE  0x2u\n#define {up}_STATUS_ERROR 0x4u\n#define {up}_STATUS_CAUSE(status) (((status) >> 8) & 0xFu)");
    h += "\n/* ERROR causes */\n";
    for (code, name, doc) in CAUSES {
        let _ = writeln!(h, "#define {up}_CAUSE_{name:<10} {code}u /* {} */", doc.replace("`", ""));
    }
    h += "\n/* FMT_A / FMT_B codes of this build */\n";
    let set = acc.formats();
    for f in set.formats() {
        let _ = writeln!(h, "#define {up}_FMT_{:<8} {}u /* {} */", f.tag().to_uppercase(), set.select(f).expect("a member"), f.name());
    }
    let _ = writeln!(h, "\n#define {up}_ACC_FP16  0u\n#define {up}_ACC_EXACT 1u\n#define {up}_ROUND_RNE 0u\n#define {up}_ROUND_SR  1u");
    let _ = writeln!(
        h,
        "\n/* The build: the array's shape, its lanes D (a tile is ROWS x LANES*COLS of Y), its accumulation */\n#define {up}_ROWS {}u\n#define {up}_COLS {}u\n#define {up}_LANES {}u\n#define {up}_MAX_K {}u\n#define {up}_OUT_BITS {}u\n#define {up}_ACC {}u",
        cfg.rows,
        cfg.cols,
        shape.lanes,
        shape.max_k,
        acc.out().bits(),
        acc_code(*acc)
    );
    h + &format!("\n#endif /* {up}_H */\n")
}

/// The README's register table (Markdown), between its `engine-registers` markers.
pub fn register_table() -> String {
    let mut t = String::from("| offset | register | access | |\n|---|---|---|---|\n");
    for r in &REGISTERS {
        let _ = writeln!(t, "| 0x{:02X} | {} | {} | {} |", r.offset, r.name, r.access, r.doc);
    }
    t + "\nERROR causes (STATUS bits 11:8): "
        + &CAUSES.iter().map(|(code, name, doc)| format!("{code} {name} ({doc})")).collect::<Vec<_>>().join("; ")
        + ".\n"
}
