//! `fp8_systolic_exact`: a rows x cols output-stationary array of [`PeExact`] elements, each
//! summing its products exactly, and one [`Rounder`] for the whole array (docs/spec.md section
//! 8) into its output format (FP16, BF16 or binary32: the `fp8_systolic_exact`, `_bf16` and
//! `_fp32` arrays). The protocol is the FP16 array's ([`super::systolic`]) with one lane and
//! three differences: an element finishes a tile 3 cycles later (its accumulate stage is the
//! fourth); C and the SR seed of an output go to the rounder with the pop that reads it,
//! instead of being preloaded; pops are at least `cols` cycles apart (2 on one column); and a
//! column's exchange registers move a cycle after its pop ([`SHIFT_LAG`]).
//!
//! Why one rounder: a tile yields rows x cols results every max(K, ..) cycles, and one result
//! per cycle is enough whenever K >= rows x cols, while a rounder costs about five elements.
//! The skew already hands column j its pop j cycles after column 0, so with pops `cols` cycles
//! apart the columns reach the rounder one per cycle: a gather register takes the bottom sum
//! (and C and seed) of the column whose delayed `shift` is high, an AND-OR of one-hot selects.
//! The results leave through the skew's output lines, which line up a pop's columns again.
//! The README's "The exact array" gives the timing.

use rust_hdl::prelude::*;

use super::block_store::BlockStore;
use super::exact_pe::{PeExact, SCALE_PORT_BITS};
use super::primitives::SELECT_BITS;
use super::records::ExactFlags;
use super::rounder::Rounder;
use super::skew::{Edge, Skew};
use crate::config::{Config, ExactArray};

/// Cycles by which an exact element finishes a tile later than an FP16 element of depth 1.
pub const PE_LATENCY: usize = 3;

/// Cycles from a column's pop (its delayed `shift`) to its Y at the rounder's output: the
/// gather register, then the rounder's stages.
pub const OUT_LATENCY: usize = super::rounder::LATENCY + 1;

/// The least tile period when blocks are chained (docs/spec.md section 12, n < K): a pop's
/// result is written to the block store [`OUT_LATENCY`] cycles after its gather, and the same
/// output's next block reads it at its own gather, a period later.
pub const CHAIN_PERIOD: usize = OUT_LATENCY + 1;

/// Cycles from a pop at an element (its column's delayed `shift`) to the move of its exchange
/// registers: each element registers `shift`, so that a column's shift line drives rows
/// flip-flops rather than every exchange register's enable (the large arrays' slowest net).
/// The gather reads the bottom sum in the pop's own cycle.
pub const SHIFT_LAG: usize = 1;

/// Tile n's window of pops (rule 5 of the protocol) ends this many cycles after the start of
/// tile n + 2: the last pop's move must come no later than the cycle in which the top
/// element takes tile n + 1's sum.
pub const WINDOW_END: usize = PE_LATENCY - SHIFT_LAG;

/// The least distance in cycles between two pops (`shift` high) of an exact array of `cols`
/// columns (rule 5 of the protocol): the columns of a pop reach the one rounder a cycle apart,
/// and a column moves a cycle after its pop, so the next pop must not read the bottom before.
pub fn pop_spacing(cols: usize) -> usize {
    cols.max(1 + SHIFT_LAG)
}

/// The least tile period P (rule 3 of the protocol) of a rows x cols exact array: a tile's
/// `rows` pops, [`pop_spacing`] apart, fit between its window's ends (`rows + PE_LATENCY`
/// after the next start and [`WINDOW_END`] after the one after), and the next tile's pops can
/// follow them [`pop_spacing`] after the last.
pub fn min_period(rows: usize, cols: usize) -> usize {
    let spacing = pop_spacing(cols);
    (rows * spacing).max(rows + PE_LATENCY - WINDOW_END + (rows - 1) * spacing)
}

/// Calls `$f::<$g.., O, W, S>($args)` with the width `O` of the output format `$out`, the
/// rounder's window `W` (at least [`super::rounder::min_window`] with 16 random bits: 128 for
/// the 16-bit formats, 144 for binary32) and the select width `S` of the set `$set`.
macro_rules! with_out_format {
    ($out:expr, $set:expr, $f:ident :: < $($g:tt),* > ( $($arg:expr),* )) => {
        match $out {
            $crate::reference::OutFormat::Fp16 | $crate::reference::OutFormat::Bf16 => {
                $crate::hdl::with_select_bits!($set.select_bits(), $f::<$($g,)* 16, 128>($($arg),*))
            }
            $crate::reference::OutFormat::Fp32 => {
                $crate::hdl::with_select_bits!($set.select_bits(), $f::<$($g,)* 32, 144>($($arg),*))
            }
        }
    };
}
pub(crate) use with_out_format;

/// The exact array; `R` random bits of stochastic rounding, C and Y of `O` bits (the output
/// format's width), a rounder of a `W`-bit window, `S`-bit format selects (ceil(log2 n) for n
/// formats, at least 1).
#[derive(LogicBlock)]
pub struct SystolicExact<const R: usize, const O: usize, const W: usize, const S: usize> {
    /// Clock.
    pub clk: Signal<In, Clock>,
    /// Synchronous reset.
    pub rst: Signal<In, Bit>,
    /// Select code of A's format in the array's set, fixed during a GEMM.
    pub fmt_a: Signal<In, Bits<S>>,
    /// Select code of B's format.
    pub fmt_b: Signal<In, Bits<S>>,
    /// 1 = stochastic rounding.
    pub sr: Signal<In, Bit>,
    /// s of the scale 2^s (two's complement, -64..=64), fixed during a GEMM.
    pub scale_exp: Signal<In, Bits<8>>,
    /// This cycle's a/b are one MAC step of the current tile.
    pub valid: Signal<In, Bit>,
    /// This step is k = 0 of a new tile (or, with `valid` low, the flush after the last tile).
    pub start: Signal<In, Bit>,
    /// Pop one row of finished sums into the rounder, a column per cycle (at least `cols`
    /// cycles after the previous pop).
    pub shift: Signal<In, Bit>,
    /// With `shift`: the popped sums are blocks after an output's first (docs/spec.md section
    /// 12, n < K), each added to its output's last Y from the block store instead of to `c`.
    pub chain: Signal<In, Bit>,
    /// Per row i: `A[i][k]` of the tile.
    pub a: Vec<Signal<In, Bits<8>>>,
    /// Per column j: `B[k][j]` of the tile.
    pub b: Vec<Signal<In, Bits<8>>>,
    /// Per column: C (of the output format) of the output this `shift` pops.
    pub c: Vec<Signal<In, Bits<O>>>,
    /// Per column: the SR seed of that output.
    pub seed: Vec<Signal<In, Bits<32>>>,
    /// With block scales (`--scale-bits D`, else no such ports), per row i: the scale of
    /// `A[i][k]`'s block as an offset above the GEMM's least (bits 0 .. D - 1; bit 4: a NaN
    /// scale), with `a[i]`.
    pub xa: Vec<Signal<In, Bits<SCALE_PORT_BITS>>>,
    /// Per column j: the scale of `B[k][j]`'s block, as `xa`, with `b[j]`.
    pub xb: Vec<Signal<In, Bits<SCALE_PORT_BITS>>>,
    /// Per column: Y (of the output format).
    pub y: Vec<Signal<Out, Bits<O>>>,
    /// The skew lines.
    skew: Edge<O>,
    xa_skew: Vec<Skew<SCALE_PORT_BITS>>, // the block scales' lines, beside the operands'
    xb_skew: Vec<Skew<SCALE_PORT_BITS>>,
    /// Element (i, j) is pes[i * cols + j].
    pes: Vec<PeExact>,
    /// The gather register: the popping column's bottom sum, its C and seed, `chain`.
    g_seg: DFF<Bits<96>>,
    g_carry: DFF<Bits<16>>,
    g_flags: DFF<ExactFlags>,
    g_c: DFF<Bits<O>>,
    g_seed: DFF<Bits<32>>,
    g_chain: DFF<Bit>,
    rounder: Rounder<R, O, W>,
    /// Every result, for the same output's next block.
    store: BlockStore<O>,
    /// The gathers, delayed to their results at the rounder's output.
    done: Skew<1>,
    // one column's share of the AND-OR gather (0 unless it pops)
    pick_seg: Signal<Local, Bits<96>>,
    pick_carry: Signal<Local, Bits<16>>,
    pick_c: Signal<Local, Bits<O>>,
    pick_seed: Signal<Local, Bits<32>>,
    pick_flags: Signal<Local, ExactFlags>,
    any_seg: Signal<Local, Bits<96>>,
    any_carry: Signal<Local, Bits<16>>,
    any_c: Signal<Local, Bits<O>>,
    any_seed: Signal<Local, Bits<32>>,
    any_flags: Signal<Local, ExactFlags>,
    any_chain: Signal<Local, Bit>,
    gathered: Signal<Local, Bit>, // a column pops this cycle
    low_bits: Constant<Bits<8>>,  // the bits below the elements' segment 0, on the rounder's grid
    low_segs: Constant<Bits<8>>,  // and its segments
}

impl<const R: usize, const O: usize, const W: usize, const S: usize> SystolicExact<R, O, W, S> {
    /// The array of a configuration that [`Config::validate`] accepted, with the elements and
    /// rounder of `exact` (whose output format must have `O` bits).
    pub fn new(cfg: &Config, exact: &ExactArray) -> Self {
        assert_eq!(exact.formats.select_bits() as usize, S, "the select of {} is not {S} bits", exact.formats);
        let (rows, cols, low) = (cfg.rows, cfg.cols, exact.low_segments());
        let segments = exact.segments() + low;
        let scaled = exact.scale_bits > 0;
        fn sigs<T: Default>(n: usize) -> Vec<T> {
            (0..n).map(|_| T::default()).collect()
        }
        SystolicExact {
            clk: Default::default(),
            rst: Default::default(),
            fmt_a: Default::default(),
            fmt_b: Default::default(),
            sr: Default::default(),
            scale_exp: Default::default(),
            valid: Default::default(),
            start: Default::default(),
            shift: Default::default(),
            chain: Default::default(),
            a: sigs(rows),
            b: sigs(cols),
            c: sigs(cols),
            seed: sigs(cols),
            xa: sigs(if scaled { rows } else { 0 }),
            xb: sigs(if scaled { cols } else { 0 }),
            y: sigs(cols),
            skew: Edge::new(rows, cols),
            xa_skew: if scaled { (0..rows).map(Skew::new).collect() } else { Vec::new() },
            xb_skew: if scaled { (0..cols).map(Skew::new).collect() } else { Vec::new() },
            pes: (0..rows * cols).map(|_| PeExact::new(exact)).collect(),
            g_seg: Default::default(),
            g_carry: Default::default(),
            g_flags: Default::default(),
            g_c: Default::default(),
            g_seed: Default::default(),
            g_chain: Default::default(),
            rounder: Rounder::new(segments, exact.out.spec()),
            store: BlockStore::new(rows * cols),
            done: Skew::new(OUT_LATENCY),
            pick_seg: Default::default(),
            pick_carry: Default::default(),
            pick_c: Default::default(),
            pick_seed: Default::default(),
            pick_flags: Default::default(),
            any_seg: Default::default(),
            any_carry: Default::default(),
            any_c: Default::default(),
            any_seed: Default::default(),
            any_flags: Default::default(),
            any_chain: Default::default(),
            gathered: Default::default(),
            low_bits: Constant::new(((8 * low) as u64).into()),
            low_segs: Constant::new((low as u64).into()),
        }
    }
}

impl<const R: usize, const O: usize, const W: usize, const S: usize> Logic for SystolicExact<R, O, W, S> {
    #[hdl_gen]
    fn update(&mut self) {
        dff_setup!(self, clk, g_seg, g_carry, g_flags, g_c, g_seed, g_chain);
        // ---- the skew lines: the array's ports in, the rounder's results out
        self.skew.clk.next = self.clk.val();
        self.skew.rst.next = self.rst.val();
        self.skew.valid.next = self.valid.val();
        self.skew.start.next = self.start.val();
        self.skew.shift.next = self.shift.val();
        self.skew.chain.next = self.chain.val();
        for i in 0usize..self.a.len() {
            self.skew.a[i].next = self.a[i].val();
        }
        for i in 0usize..self.xa.len() {
            self.xa_skew[i].clk.next = self.clk.val();
            self.xa_skew[i].rst.next = self.rst.val();
            self.xa_skew[i].inp.next = self.xa[i].val();
            self.xa_skew[i].flag0_in.next = false;
            self.xa_skew[i].flag1_in.next = false;
        }
        for j in 0usize..self.xb.len() {
            self.xb_skew[j].clk.next = self.clk.val();
            self.xb_skew[j].rst.next = self.rst.val();
            self.xb_skew[j].inp.next = self.xb[j].val();
            self.xb_skew[j].flag0_in.next = false;
            self.xb_skew[j].flag1_in.next = false;
        }
        for j in 0usize..self.b.len() {
            self.skew.b[j].next = self.b[j].val();
            self.skew.c[j].next = self.c[j].val();
            self.skew.seed[j].next = self.seed[j].val();
            self.y[j].next = self.skew.y[j].val();
        }
        // ---- the rounder: the gathered column (on its grid); each column's Y leaves through
        // the column's output line, which the rounder's result enters in every cycle
        self.rounder.clk.next = self.clk.val();
        self.rounder.carry.next = self.g_carry.q.val() << self.low_segs.val();
        self.rounder.flags.next = self.g_flags.q.val();
        self.rounder.seg.next = self.g_seg.q.val() << self.low_bits.val();
        self.rounder.c.next = self.g_c.q.val();
        if self.g_chain.q.val() {
            self.rounder.c.next = self.store.read_data.val();
        }
        self.rounder.seed.next = self.g_seed.q.val();
        self.rounder.sr.next = self.sr.val();
        self.rounder.scale_exp.next = self.scale_exp.val();
        for j in 0usize..self.b.len() {
            self.skew.bottom[j].next = self.rounder.y.val();
        }
        for m in self.b.len()..(self.b.len() + 1usize) {
            // ---- every element: clock, reset, configuration, its column's shift
            for i in 0usize..self.a.len() {
                for j in 0usize..self.b.len() {
                    self.pes[i * m + j].clk.next = self.clk.val();
                    self.pes[i * m + j].rst.next = self.rst.val();
                    self.pes[i * m + j].fmt_a.next = bit_cast::<SELECT_BITS, S>(self.fmt_a.val());
                    self.pes[i * m + j].fmt_b.next = bit_cast::<SELECT_BITS, S>(self.fmt_b.val());
                    self.pes[i * m + j].shift.next = self.skew.shift_col[j].val();
                }
            }
            // ---- a flows right: the skewed row enters column 0, then element to element
            for i in 0usize..self.a.len() {
                self.pes[i * m].a_in.next = self.skew.a_row[i].val();
                self.pes[i * m].xa_in.next = 0.into();
                self.pes[i * m].valid_in.next = self.skew.valid_row[i].val();
                self.pes[i * m].start_in.next = self.skew.start_row[i].val();
                for j in 1usize..self.b.len() {
                    self.pes[i * m + j].a_in.next = self.pes[i * m + j - 1].a_out.val();
                    self.pes[i * m + j].valid_in.next = self.pes[i * m + j - 1].valid_out.val();
                    self.pes[i * m + j].start_in.next = self.pes[i * m + j - 1].start_out.val();
                    self.pes[i * m + j].xa_in.next = self.pes[i * m + j - 1].xa_out.val();
                }
            }
            for i in 0usize..self.xa_skew.len() {
                self.pes[i * m].xa_in.next = self.xa_skew[i].out.val();
            }
            // ---- b flows down, the exchange registers too (nothing enters at the top)
            for j in 0usize..self.b.len() {
                self.pes[j].b_in.next = self.skew.b_col[j].val();
                self.pes[j].xb_in.next = 0.into();
                self.pes[j].x_carry_in.next = 0.into();
                self.pes[j].x_flags_in.next = self.pes[j].x_flags_out.val();
                self.pes[j].x_seg_in.next = 0.into();
            }
            for i in 1usize..self.a.len() {
                for j in 0usize..self.b.len() {
                    self.pes[i * m + j].b_in.next = self.pes[i * m + j - m].b_out.val();
                    self.pes[i * m + j].xb_in.next = self.pes[i * m + j - m].xb_out.val();
                    self.pes[i * m + j].x_carry_in.next = self.pes[i * m + j - m].x_carry_out.val();
                    self.pes[i * m + j].x_flags_in.next = self.pes[i * m + j - m].x_flags_out.val();
                    self.pes[i * m + j].x_seg_in.next = self.pes[i * m + j - m].x_seg_out.val();
                }
            }
            for j in 0usize..self.xb_skew.len() {
                self.pes[j].xb_in.next = self.xb_skew[j].out.val();
            }
            // ---- the gather: the bottom sum, C and seed of the column whose pop this is (at
            // most one in a legal schedule), as an AND-OR so that no column waits on another
            self.any_seg.next = 0.into();
            self.any_carry.next = 0.into();
            self.any_c.next = 0.into();
            self.any_seed.next = 0.into();
            self.any_chain.next = false;
            self.gathered.next = false;
            self.any_flags.next.nan = false;
            self.any_flags.next.pos_inf = false;
            self.any_flags.next.neg_inf = false;
            self.any_flags.next.all_neg_zero = false;
            for i in (self.a.len() - 1usize)..self.a.len() {
                for j in 0usize..self.b.len() {
                    self.pick_seg.next = 0.into();
                    self.pick_carry.next = 0.into();
                    self.pick_c.next = 0.into();
                    self.pick_seed.next = 0.into();
                    self.pick_flags.next = self.pes[i * m + j].x_flags_out.val();
                    if self.skew.pop_col[j].val() {
                        self.pick_seg.next = self.pes[i * m + j].x_seg_out.val();
                        self.pick_carry.next = self.pes[i * m + j].x_carry_out.val();
                        self.pick_c.next = self.skew.c_col[j].val();
                        self.pick_seed.next = self.skew.seed_col[j].val();
                        self.any_chain.next = self.any_chain.val() | self.skew.chain_col[j].val();
                        self.gathered.next = true;
                        self.any_flags.next.nan = self.any_flags.val().nan | self.pick_flags.val().nan;
                        self.any_flags.next.pos_inf = self.any_flags.val().pos_inf | self.pick_flags.val().pos_inf;
                        self.any_flags.next.neg_inf = self.any_flags.val().neg_inf | self.pick_flags.val().neg_inf;
                        self.any_flags.next.all_neg_zero = self.any_flags.val().all_neg_zero | self.pick_flags.val().all_neg_zero;
                    }
                    self.any_seg.next = self.any_seg.val() | self.pick_seg.val();
                    self.any_carry.next = self.any_carry.val() | self.pick_carry.val();
                    self.any_c.next = self.any_c.val() | self.pick_c.val();
                    self.any_seed.next = self.any_seed.val() | self.pick_seed.val();
                }
            }
            self.g_seg.d.next = self.any_seg.val();
            self.g_carry.d.next = self.any_carry.val();
            self.g_flags.d.next = self.any_flags.val();
            self.g_c.d.next = self.any_c.val();
            self.g_seed.d.next = self.any_seed.val();
            self.g_chain.d.next = self.any_chain.val();
            // ---- the block store: each gather reads its output's slot (read with the gather
            // register, for a chained pop), each result is written when it leaves the rounder
            self.store.clk.next = self.clk.val();
            self.store.rst.next = self.rst.val();
            self.store.read.next = self.gathered.val();
            self.store.write.next = self.done.flag0_out.val();
            self.store.write_data.next = self.rounder.y.val();
            self.done.clk.next = self.clk.val();
            self.done.rst.next = self.rst.val();
            self.done.inp.next = 0.into();
            self.done.flag0_in.next = self.gathered.val();
            self.done.flag1_in.next = false;
        }
    }
}
