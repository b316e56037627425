//! The engine's core (docs/spec.md section 13): the register file ([`Regs`]), the sequencer
//! ([`Sequencer`]), the SR seed units ([`SeedUnit`], one per column) and the C, seed and Y
//! buffers (one tile each, a RAM per column of the tile: per lane of each column on the FP16
//! chain), wired to the array's ports. The generated top `fp8_gemm_engine*` (see [`crate::engine`]) packs the
//! per-lane ports into AXI4-Stream `tdata` buses and instantiates this core beside the array.

use rust_hdl::prelude::*;

use super::engine_regs::Regs;
use super::engine_seed::SeedUnit;
use super::engine_seq::{ArrayShape, Sequencer};

/// The core of an engine around an array of `O`-bit C and Y with `S`-bit format selects, its
/// buffers of `A` address bits ([`super::engine_seq::buffer_bits`]). The streams' lanes are the
/// tile's columns: D cols of them on the FP16 chain of D lanes, lane l of column j at l cols + j.
#[derive(LogicBlock)]
pub struct EngineCore<const O: usize, const A: usize, const S: usize> {
    /// Clock.
    pub clk: Signal<In, Clock>,
    /// Synchronous reset of the engine and the array.
    pub rst: Signal<In, Bit>,
    /// AXI4-Lite: write address,
    pub s_axil_awaddr: Signal<In, Bits<8>>,
    /// its valid
    pub s_axil_awvalid: Signal<In, Bit>,
    /// and ready;
    pub s_axil_awready: Signal<Out, Bit>,
    /// write data,
    pub s_axil_wdata: Signal<In, Bits<32>>,
    /// its byte strobes (not read: registers are written whole),
    pub s_axil_wstrb: Signal<In, Bits<4>>,
    /// valid
    pub s_axil_wvalid: Signal<In, Bit>,
    /// and ready;
    pub s_axil_wready: Signal<Out, Bit>,
    /// write response,
    pub s_axil_bresp: Signal<Out, Bits<2>>,
    /// its valid
    pub s_axil_bvalid: Signal<Out, Bit>,
    /// and ready;
    pub s_axil_bready: Signal<In, Bit>,
    /// read address,
    pub s_axil_araddr: Signal<In, Bits<8>>,
    /// its valid
    pub s_axil_arvalid: Signal<In, Bit>,
    /// and ready;
    pub s_axil_arready: Signal<Out, Bit>,
    /// read data,
    pub s_axil_rdata: Signal<Out, Bits<32>>,
    /// its response,
    pub s_axil_rresp: Signal<Out, Bits<2>>,
    /// valid
    pub s_axil_rvalid: Signal<Out, Bit>,
    /// and ready.
    pub s_axil_rready: Signal<In, Bit>,
    /// Level interrupt: DONE or ERROR while enabled.
    pub irq: Signal<Out, Bit>,
    /// The A stream's valid,
    pub a_tvalid: Signal<In, Bit>,
    /// ready.
    pub a_tready: Signal<Out, Bit>,
    /// and data, per row.
    pub a_tdata: Vec<Signal<In, Bits<8>>>,
    /// The B stream's valid,
    pub b_tvalid: Signal<In, Bit>,
    /// ready,
    pub b_tready: Signal<Out, Bit>,
    /// and data, per column of the tile.
    pub b_tdata: Vec<Signal<In, Bits<8>>>,
    /// The C stream's valid,
    pub c_tvalid: Signal<In, Bit>,
    /// ready,
    pub c_tready: Signal<Out, Bit>,
    /// and data, per column of the tile.
    pub c_tdata: Vec<Signal<In, Bits<O>>>,
    /// The Y stream's valid,
    pub y_tvalid: Signal<Out, Bit>,
    /// ready,
    pub y_tready: Signal<In, Bit>,
    /// last (the tile's last row),
    pub y_tlast: Signal<Out, Bit>,
    /// and data, per column of the tile.
    pub y_tdata: Vec<Signal<Out, Bits<O>>>,
    /// To the array: `a_i`,
    pub arr_a: Vec<Signal<Out, Bits<8>>>,
    /// `b_j`,
    pub arr_b: Vec<Signal<Out, Bits<8>>>,
    /// `valid`,
    pub arr_valid: Signal<Out, Bit>,
    /// `start`,
    pub arr_start: Signal<Out, Bit>,
    /// `shift`,
    pub arr_shift: Signal<Out, Bit>,
    /// `fmt_a`,
    pub arr_fmt_a: Signal<Out, Bits<S>>,
    /// `fmt_b`,
    pub arr_fmt_b: Signal<Out, Bits<S>>,
    /// `sr`,
    pub arr_sr: Signal<Out, Bit>,
    /// `scale_exp` (the exact array's),
    pub arr_scale_exp: Signal<Out, Bits<8>>,
    /// `c_j`
    pub arr_c: Vec<Signal<Out, Bits<O>>>,
    /// and `seed_j`;
    pub arr_seed: Vec<Signal<Out, Bits<32>>>,
    /// from it: `y_j`.
    pub arr_y: Vec<Signal<In, Bits<O>>>,
    regs: Regs,
    seq: Sequencer<S, A>,
    c_buf: Vec<RAM<Bits<O>, A>>,
    seed_units: Vec<SeedUnit>,
    columns: Vec<Constant<Bits<32>>>,
    lane_ids: Vec<Constant<Bits<3>>>,
    seed_buf: Vec<RAM<Bits<32>, A>>,
    y_buf: Vec<RAM<Bits<O>, A>>,
    /// The operands, taken with a step and held for its D cycles.
    a_q: Vec<DFF<Bits<8>>>,
    b_q: Vec<DFF<Bits<8>>>,
}

impl<const O: usize, const A: usize, const S: usize> EngineCore<O, A, S> {
    /// The core for the array `shape`, whose BUILD registers read `build`.
    pub fn new(shape: ArrayShape, build: [u32; 2]) -> Self {
        fn n<T: Default>(k: usize) -> Vec<T> {
            (0..k).map(|_| T::default()).collect()
        }
        let (rows, cols, width) = (shape.rows, shape.cols, shape.width());
        EngineCore {
            clk: Default::default(),
            rst: Default::default(),
            s_axil_awaddr: Default::default(),
            s_axil_awvalid: Default::default(),
            s_axil_awready: Default::default(),
            s_axil_wdata: Default::default(),
            s_axil_wstrb: Default::default(),
            s_axil_wvalid: Default::default(),
            s_axil_wready: Default::default(),
            s_axil_bresp: Default::default(),
            s_axil_bvalid: Default::default(),
            s_axil_bready: Default::default(),
            s_axil_araddr: Default::default(),
            s_axil_arvalid: Default::default(),
            s_axil_arready: Default::default(),
            s_axil_rdata: Default::default(),
            s_axil_rresp: Default::default(),
            s_axil_rvalid: Default::default(),
            s_axil_rready: Default::default(),
            irq: Default::default(),
            a_tvalid: Default::default(),
            a_tready: Default::default(),
            b_tvalid: Default::default(),
            b_tready: Default::default(),
            c_tvalid: Default::default(),
            c_tready: Default::default(),
            a_tdata: n(rows),
            b_tdata: n(width),
            c_tdata: n(width),
            y_tvalid: Default::default(),
            y_tready: Default::default(),
            y_tlast: Default::default(),
            y_tdata: n(width),
            arr_a: n(rows),
            arr_b: n(cols),
            arr_valid: Default::default(),
            arr_start: Default::default(),
            arr_shift: Default::default(),
            arr_fmt_a: Default::default(),
            arr_fmt_b: Default::default(),
            arr_sr: Default::default(),
            arr_scale_exp: Default::default(),
            arr_c: n(cols),
            arr_seed: n(cols),
            arr_y: n(cols),
            regs: Regs::new(build),
            seq: Sequencer::new(shape),
            c_buf: n(width),
            seed_units: n(cols),
            columns: (0..cols).map(|j| Constant::new((j as u64).into())).collect(),
            lane_ids: (0..shape.lanes).map(|l| Constant::new((l as u64).into())).collect(),
            seed_buf: n(width),
            y_buf: n(width),
            a_q: n(rows),
            b_q: n(width),
        }
    }
}

impl<const O: usize, const A: usize, const S: usize> Logic for EngineCore<O, A, S> {
    #[hdl_gen]
    fn update(&mut self) {
        // ---- the register file on the AXI4-Lite bus
        self.regs.clk.next = self.clk.val();
        self.regs.rst.next = self.rst.val();
        self.regs.awaddr.next = self.s_axil_awaddr.val();
        self.regs.awvalid.next = self.s_axil_awvalid.val();
        self.s_axil_awready.next = self.regs.awready.val();
        self.regs.wdata.next = self.s_axil_wdata.val();
        self.regs.wvalid.next = self.s_axil_wvalid.val();
        self.s_axil_wready.next = self.regs.wready.val();
        self.s_axil_bresp.next = self.regs.bresp.val();
        self.s_axil_bvalid.next = self.regs.bvalid.val();
        self.regs.bready.next = self.s_axil_bready.val();
        self.regs.araddr.next = self.s_axil_araddr.val();
        self.regs.arvalid.next = self.s_axil_arvalid.val();
        self.s_axil_arready.next = self.regs.arready.val();
        self.s_axil_rdata.next = self.regs.rdata.val();
        self.s_axil_rresp.next = self.regs.rresp.val();
        self.s_axil_rvalid.next = self.regs.rvalid.val();
        self.regs.rready.next = self.s_axil_rready.val();
        self.irq.next = self.regs.irq_en.val() & (self.seq.done.val() | self.seq.error.val());
        // ---- registers to the sequencer, status back
        self.seq.clk.next = self.clk.val();
        self.seq.rst.next = self.rst.val();
        self.seq.go.next = self.regs.go.val();
        self.seq.clear.next = self.regs.clear.val();
        self.seq.m.next = self.regs.m.val();
        self.seq.n.next = self.regs.n.val();
        self.seq.k.next = self.regs.k.val();
        self.seq.fmt_a.next = self.regs.fmt_a.val();
        self.seq.fmt_b.next = self.regs.fmt_b.val();
        self.seq.accumulate.next = self.regs.accumulate.val();
        self.seq.rounding.next = self.regs.rounding.val();
        self.seq.scale_exp.next = self.regs.scale_exp.val();
        self.seq.seed_lo.next = self.regs.seed.val();
        self.seq.seed_hi.next = self.regs.seed_hi.val();
        self.regs.busy.next = self.seq.busy.val();
        self.regs.done.next = self.seq.done.val();
        self.regs.error.next = self.seq.error.val();
        self.regs.cause.next = self.seq.cause.val();
        self.regs.cycles.next = self.seq.cycles.val();
        self.regs.stalls.next = self.seq.stalls.val();
        // ---- the streams' handshakes
        self.seq.a_tvalid.next = self.a_tvalid.val();
        self.a_tready.next = self.seq.a_tready.val();
        self.seq.b_tvalid.next = self.b_tvalid.val();
        self.b_tready.next = self.seq.b_tready.val();
        self.seq.c_tvalid.next = self.c_tvalid.val();
        self.c_tready.next = self.seq.c_tready.val();
        self.seq.y_tready.next = self.y_tready.val();
        self.y_tvalid.next = self.seq.y_tvalid.val();
        self.y_tlast.next = self.seq.y_tlast.val();
        // ---- the array's control
        self.arr_valid.next = self.seq.valid.val();
        self.arr_start.next = self.seq.start.val();
        self.arr_shift.next = self.seq.shift.val();
        self.arr_fmt_a.next = self.seq.arr_fmt_a.val();
        self.arr_fmt_b.next = self.seq.arr_fmt_b.val();
        self.arr_sr.next = self.seq.arr_sr.val();
        self.arr_scale_exp.next = self.seq.arr_scale_exp.val();
        self.seq.seed_done.next = self.seed_units[0].done.val();
        // ---- the operands: a step's beats, held for its D cycles; B's lane l on the array's
        // lane-l cycles
        for i in 0usize..self.a_q.len() {
            self.a_q[i].clock.next = self.clk.val();
            self.a_q[i].d.next = self.a_q[i].q.val();
            if self.seq.take.val() {
                self.a_q[i].d.next = self.a_tdata[i].val();
            }
            self.arr_a[i].next = self.a_q[i].q.val();
        }
        for x in 0usize..self.b_q.len() {
            self.b_q[x].clock.next = self.clk.val();
            self.b_q[x].d.next = self.b_q[x].q.val();
            if self.seq.take.val() {
                self.b_q[x].d.next = self.b_tdata[x].val();
            }
        }
        for m in self.arr_b.len()..(self.arr_b.len() + 1usize) {
            for j in 0usize..self.arr_b.len() {
                self.arr_b[j].next = self.b_q[j].q.val();
                self.arr_c[j].next = self.c_buf[j].read_data.val();
                self.arr_seed[j].next = self.seed_buf[j].read_data.val();
                for l in 0usize..self.lane_ids.len() {
                    if self.seq.arr_lane.val() == self.lane_ids[l].val() {
                        self.arr_b[j].next = self.b_q[l * m + j].q.val();
                    }
                    if self.seq.x_lane.val() == self.lane_ids[l].val() {
                        self.arr_c[j].next = self.c_buf[l * m + j].read_data.val();
                        self.arr_seed[j].next = self.seed_buf[l * m + j].read_data.val();
                    }
                }
                // ---- per column: its seed unit, computing the seeds of each lane in turn
                self.seed_units[j].clk.next = self.clk.val();
                self.seed_units[j].rst.next = self.rst.val();
                self.seed_units[j].go.next = self.seq.seed_go.val();
                self.seed_units[j].lane.next = self.columns[j].val();
                self.seed_units[j].seed_lo.next = self.seq.job_seed_lo.val();
                self.seed_units[j].seed_hi.next = self.seq.job_seed_hi.val();
                self.seed_units[j].i.next = self.seq.seed_i.val();
                self.seed_units[j].c0.next = self.seq.seed_c0.val();
                // ---- per lane of the column: C and seeds in, out to the array with the
                // pops; Y back from the array
                for l in 0usize..self.lane_ids.len() {
                    self.c_buf[l * m + j].write_clock.next = self.clk.val();
                    self.c_buf[l * m + j].read_clock.next = self.clk.val();
                    self.c_buf[l * m + j].write_address.next = self.seq.c_waddr.val();
                    self.c_buf[l * m + j].write_enable.next = self.seq.c_we.val();
                    self.c_buf[l * m + j].write_data.next = self.c_tdata[l * m + j].val();
                    self.c_buf[l * m + j].read_address.next = self.seq.c_raddr.val();
                    self.seed_buf[l * m + j].write_clock.next = self.clk.val();
                    self.seed_buf[l * m + j].read_clock.next = self.clk.val();
                    self.seed_buf[l * m + j].write_address.next = self.seq.seed_waddr.val();
                    self.seed_buf[l * m + j].write_enable.next = self.seq.seed_we[l].val();
                    self.seed_buf[l * m + j].write_data.next = self.seed_units[j].seed_out.val();
                    self.seed_buf[l * m + j].read_address.next = self.seq.c_raddr.val();
                    self.y_buf[l * m + j].write_clock.next = self.clk.val();
                    self.y_buf[l * m + j].read_clock.next = self.clk.val();
                    self.y_buf[l * m + j].write_address.next = self.seq.y_waddr.val();
                    self.y_buf[l * m + j].write_enable.next = self.seq.y_we[l].val();
                    self.y_buf[l * m + j].write_data.next = self.arr_y[j].val();
                    self.y_buf[l * m + j].read_address.next = self.seq.y_raddr.val();
                }
            }
        }
        for x in 0usize..self.y_buf.len() {
            self.y_tdata[x].next = 0.into();
            if self.seq.lane_on[x].val() {
                self.y_tdata[x].next = self.y_buf[x].read_data.val();
            }
        }
    }
}
