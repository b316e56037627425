//! `fp8_systolic`: a rows x cols output-stationary array of [`Pe`]s.
//!
//! Operands enter unskewed (row i of A on `a[i]`, column j of B on `b[j]`, one k per cycle);
//! the array delays row i by i cycles and column j by j cycles, so element (i, j) sees
//! `A[i][k]` and `B[k][j]` together at cycle t + i + j. The tile controls (`valid`, `start`) travel
//! with row i's operand; the exchange controls (`shift`, `c[j]`, `seed[j]`) are delayed by j
//! cycles per column to stay in step with that wave; `y[j]` is delayed by cols - 1 - j so all
//! columns' results leave together. The README's "The systolic array" gives the protocol.

use rust_hdl::prelude::*;

use super::pe::Pe;
use super::primitives::SELECT_BITS;
use super::skew::Edge;
use crate::config::Config;
use crate::format::FormatSet;

/// The array; `R` random bits of stochastic rounding, `S` bits of format select
/// ([`FormatSet::select_bits`]). The README's "The systolic array" gives its protocol.
#[derive(LogicBlock)]
pub struct Systolic<const R: usize, const S: usize> {
    /// Clock.
    pub clk: Signal<In, Clock>,
    /// Synchronous reset.
    pub rst: Signal<In, Bit>,
    /// Select code of A's format in the array's set (0 = E4M3, 1 = E5M2 for the default
    /// pair), fixed during a GEMM.
    pub fmt_a: Signal<In, Bits<S>>,
    /// Select code of B's format.
    pub fmt_b: Signal<In, Bits<S>>,
    /// 1 = stochastic rounding.
    pub sr: Signal<In, Bit>,
    /// This cycle's a/b are one MAC step of the current tile.
    pub valid: Signal<In, Bit>,
    /// This step is k = 0 of a new tile (or, with `valid` low, the flush after the last tile).
    pub start: Signal<In, Bit>,
    /// Shift the C-in / Y-out chains down one row.
    pub shift: Signal<In, Bit>,
    /// Per row i: `A[i][k]` of the tile.
    pub a: Vec<Signal<In, Bits<8>>>,
    /// Per column j: `B[k][j]` of the tile (lane by lane when pipelined).
    pub b: Vec<Signal<In, Bits<8>>>,
    /// Per column: the next tile's C, one row per `shift`.
    pub c: Vec<Signal<In, Bits<16>>>,
    /// Per column: the SR seeds of those outputs.
    pub seed: Vec<Signal<In, Bits<32>>>,
    /// Per column: the previous tile's Y.
    pub y: Vec<Signal<Out, Bits<16>>>,
    /// The skew lines.
    skew: Edge<16>,
    /// Element (i, j) is pes[i * cols + j].
    pes: Vec<Pe<R>>,
}

impl<const R: usize, const S: usize> Systolic<R, S> {
    /// The array of a configuration that [`Config::validate`] accepted, for operands of the
    /// formats of `set` (which [`crate::config::Accumulator::validate`] accepted).
    pub fn new(cfg: &Config, set: FormatSet) -> Self {
        assert_eq!(set.select_bits() as usize, S, "the select of {set} is not {S} bits");
        let (rows, cols) = (cfg.rows, cfg.cols);
        fn sigs<T: Default>(n: usize) -> Vec<T> {
            (0..n).map(|_| T::default()).collect()
        }
        Systolic {
            clk: Default::default(),
            rst: Default::default(),
            fmt_a: Default::default(),
            fmt_b: Default::default(),
            sr: Default::default(),
            valid: Default::default(),
            start: Default::default(),
            shift: Default::default(),
            a: sigs(rows),
            b: sigs(cols),
            c: sigs(cols),
            seed: sigs(cols),
            y: sigs(cols),
            skew: Edge::new(rows, cols),
            pes: (0..rows * cols).map(|_| Pe::new(cfg.pipeline, set)).collect(),
        }
    }
}

impl<const R: usize, const S: usize> Systolic<R, S> {
    /// The elements, (i, j) at `i * cols + j`: simulations and tests read their ports.
    pub fn elements(&self) -> &[Pe<R>] {
        &self.pes
    }
}

impl<const R: usize, const S: usize> Logic for Systolic<R, S> {
    #[hdl_gen]
    fn update(&mut self) {
        // ---- the skew lines: the array's ports in, the columns' bottoms out
        self.skew.clk.next = self.clk.val();
        self.skew.rst.next = self.rst.val();
        self.skew.valid.next = self.valid.val();
        self.skew.start.next = self.start.val();
        self.skew.shift.next = self.shift.val();
        self.skew.chain.next = false;
        for i in 0usize..self.a.len() {
            self.skew.a[i].next = self.a[i].val();
        }
        for j in 0usize..self.b.len() {
            self.skew.b[j].next = self.b[j].val();
            self.skew.c[j].next = self.c[j].val();
            self.skew.seed[j].next = self.seed[j].val();
            self.y[j].next = self.skew.y[j].val();
        }
        for m in self.b.len()..(self.b.len() + 1usize) {
            // ---- every element: clock, reset, configuration, its column's shift
            for i in 0usize..self.a.len() {
                for j in 0usize..self.b.len() {
                    self.pes[i * m + j].clk.next = self.clk.val();
                    self.pes[i * m + j].rst.next = self.rst.val();
                    self.pes[i * m + j].fmt_a.next = bit_cast::<SELECT_BITS, S>(self.fmt_a.val());
                    self.pes[i * m + j].fmt_b.next = bit_cast::<SELECT_BITS, S>(self.fmt_b.val());
                    self.pes[i * m + j].sr.next = self.sr.val();
                    self.pes[i * m + j].shift.next = self.skew.shift_col[j].val();
                }
            }
            // ---- a flows right: the skewed row enters column 0, then element to element
            for i in 0usize..self.a.len() {
                self.pes[i * m].a_in.next = self.skew.a_row[i].val();
                self.pes[i * m].valid_in.next = self.skew.valid_row[i].val();
                self.pes[i * m].start_in.next = self.skew.start_row[i].val();
                for j in 1usize..self.b.len() {
                    self.pes[i * m + j].a_in.next = self.pes[i * m + j - 1].a_out.val();
                    self.pes[i * m + j].valid_in.next = self.pes[i * m + j - 1].valid_out.val();
                    self.pes[i * m + j].start_in.next = self.pes[i * m + j - 1].start_out.val();
                }
            }
            // ---- b, C and seeds flow down: the skewed column enters row 0
            for j in 0usize..self.b.len() {
                self.pes[j].b_in.next = self.skew.b_col[j].val();
                self.pes[j].sh_in.next = self.skew.c_col[j].val();
                self.pes[j].seed_in.next = self.skew.seed_col[j].val();
            }
            for i in 1usize..self.a.len() {
                for j in 0usize..self.b.len() {
                    self.pes[i * m + j].b_in.next = self.pes[i * m + j - m].b_out.val();
                    self.pes[i * m + j].sh_in.next = self.pes[i * m + j - m].sh_out.val();
                    self.pes[i * m + j].seed_in.next = self.pes[i * m + j - m].seed_out.val();
                }
            }
            // ---- Y leaves at the bottom of each column
            for i in (self.a.len() - 1usize)..self.a.len() {
                for j in 0usize..self.b.len() {
                    self.skew.bottom[j].next = self.pes[i * m + j].sh_out.val();
                }
            }
        }
    }
}
