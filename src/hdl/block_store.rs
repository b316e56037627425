//! `BlockStore`: the exact array's running accumulators between blocks (docs/spec.md section
//! 12, n < K). The rounder returns `acc_(b+1) = round(acc_b + block b's sum)` one output per
//! cycle, in the order the columns reach it; the same output's next block reaches it one tile
//! period later, in the same order. So the store is a ring of `depth` (rows x cols) slots: every
//! result is written to the next write slot, every gathered output reads the next read slot,
//! and a slot is read `depth` gathers after it was written, whatever the period, as long as
//! that is at least one cycle after the write.
//!
//! The slots are a synchronous-read memory of `depth` words (FPGA block RAM or LUT RAM: written
//! as Verilog that Yosys infers), with two counters; the data need no reset, the counters do.
//! The Verilog is written by hand (rust-hdl has no memory of run-time depth), the simulation
//! below follows it edge for edge.

use rust_hdl::prelude::*;

/// A ring of `depth` words of `O` bits.
#[derive(LogicBlock)]
pub struct BlockStore<const O: usize> {
    /// Clock.
    pub clk: Signal<In, Clock>,
    /// Synchronous reset: both counters to slot 0.
    pub rst: Signal<In, Bit>,
    /// Read the next read slot into `read_data` (at the clock edge).
    pub read: Signal<In, Bit>,
    /// The slot read at the last edge with `read` high.
    pub read_data: Signal<Out, Bits<O>>,
    /// Write `write_data` into the next write slot (at the clock edge).
    pub write: Signal<In, Bit>,
    /// The word to write.
    pub write_data: Signal<In, Bits<O>>,
    _depth: usize,
    _mem: Vec<Bits<O>>,
    _rd: usize,
    _wr: usize,
}

impl<const O: usize> BlockStore<O> {
    /// A ring of `depth` slots (at least 1).
    pub fn new(depth: usize) -> Self {
        assert!(depth >= 1, "a ring of no slots");
        BlockStore {
            clk: Default::default(),
            rst: Default::default(),
            read: Default::default(),
            read_data: Default::default(),
            write: Default::default(),
            write_data: Default::default(),
            _depth: depth,
            _mem: vec![Bits::default(); depth],
            _rd: 0,
            _wr: 0,
        }
    }

    /// Bits of a slot counter.
    fn counter_bits(&self) -> usize {
        (usize::BITS - (self._depth - 1).leading_zeros()).max(1) as usize
    }
}

impl<const O: usize> Logic for BlockStore<O> {
    fn update(&mut self) {
        if !self.clk.pos_edge() {
            return;
        }
        let next = |at: usize, depth: usize| if at + 1 == depth { 0 } else { at + 1 };
        // Every right-hand side sees the values before the edge, as the Verilog's `<=`.
        let (rd, wr) = (self._rd, self._wr);
        if self.read.val() {
            self.read_data.next = self._mem[rd];
        }
        if self.write.val() {
            self._mem[wr] = self.write_data.val();
        }
        if self.rst.val() {
            (self._rd, self._wr) = (0, 0);
        } else {
            if self.read.val() {
                self._rd = next(rd, self._depth);
            }
            if self.write.val() {
                self._wr = next(wr, self._depth);
            }
        }
    }

    fn connect(&mut self) {
        self.read_data.connect();
    }

    fn hdl(&self) -> Verilog {
        let (c, last) = (self.counter_bits(), self._depth - 1);
        Verilog::Custom(format!(
            "\
reg [{o}:0] mem [0:{last}];
reg [{cm}:0] rd_at;
reg [{cm}:0] wr_at;

always @(posedge clk) begin
   if (read) read_data <= mem[rd_at];
   if (write) mem[wr_at] <= write_data;
end

always @(posedge clk) begin
   if (rst) begin
      rd_at <= {c}'d0;
      wr_at <= {c}'d0;
   end else begin
      if (read) rd_at <= (rd_at == {c}'d{last}) ? {c}'d0 : rd_at + {c}'d1;
      if (write) wr_at <= (wr_at == {c}'d{last}) ? {c}'d0 : wr_at + {c}'d1;
   end
end
",
            o = O - 1,
            cm = c - 1,
        ))
    }
}
