//! `fp8_systolic_exact`: a rows x cols output-stationary array of [`PeExact`] elements, each
//! summing its products exactly, and one rounder per column where results leave (docs/spec.md
//! section 8): a [`Rounder`] into the array's output format (FP16, BF16 or binary32: the
//! `fp8_systolic_exact`, `_bf16` and `_fp32` arrays). The protocol is the FP16 array's ([`super::systolic`]) with one lane, two
//! differences: an element finishes a tile 3 cycles later (its accumulate stage is the fourth),
//! and C and the SR seed of an output go to the column's rounder with the exchange step that
//! pops it, instead of being preloaded. The README's "The systolic array" gives the timing.

use rust_hdl::prelude::*;

use super::exact_pe::PeExact;
use super::primitives::SELECT_BITS;
use super::rounder::Rounder;
use super::skew::Edge;
use crate::config::{Config, ExactArray};

/// Cycles by which an exact element finishes a tile later than an FP16 element of depth 1.
pub const PE_LATENCY: usize = 3;

/// Calls `$f::<$g.., O, W, S>($args)` with the width `O` of the output format `$out`, the
/// rounders' window `W` (at least [`super::rounder::min_window`] with 16 random bits: 128 for
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
/// format's width), rounders of a `W`-bit window, `S`-bit format selects (ceil(log2 n) for n
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
    /// Pop one row of finished sums into the rounders.
    pub shift: Signal<In, Bit>,
    /// Per row i: `A[i][k]` of the tile.
    pub a: Vec<Signal<In, Bits<8>>>,
    /// Per column j: `B[k][j]` of the tile.
    pub b: Vec<Signal<In, Bits<8>>>,
    /// Per column: C (of the output format) of the output this `shift` pops.
    pub c: Vec<Signal<In, Bits<O>>>,
    /// Per column: the SR seed of that output.
    pub seed: Vec<Signal<In, Bits<32>>>,
    /// Per column: Y (of the output format).
    pub y: Vec<Signal<Out, Bits<O>>>,
    /// The skew lines.
    skew: Edge<O>,
    /// Element (i, j) is pes[i * cols + j].
    pes: Vec<PeExact>,
    /// One per column.
    rounders: Vec<Rounder<R, O, W>>,
    low_bits: Constant<Bits<8>>, // the bits below the elements' segment 0, on the rounder's grid
    low_segs: Constant<Bits<8>>, // and its segments
}

impl<const R: usize, const O: usize, const W: usize, const S: usize> SystolicExact<R, O, W, S> {
    /// The array of a configuration that [`Config::validate`] accepted, with the elements and
    /// rounders of `exact` (whose output format must have `O` bits).
    pub fn new(cfg: &Config, exact: &ExactArray) -> Self {
        assert_eq!(exact.formats.select_bits() as usize, S, "the select of {} is not {S} bits", exact.formats);
        let (rows, cols, low) = (cfg.rows, cfg.cols, exact.low_segments());
        let segments = exact.segments() + low;
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
            a: sigs(rows),
            b: sigs(cols),
            c: sigs(cols),
            seed: sigs(cols),
            y: sigs(cols),
            skew: Edge::new(rows, cols),
            pes: (0..rows * cols).map(|_| PeExact::new(exact)).collect(),
            rounders: (0..cols).map(|_| Rounder::new(segments, exact.out.spec())).collect(),
            low_bits: Constant::new(((8 * low) as u64).into()),
            low_segs: Constant::new((low as u64).into()),
        }
    }
}

impl<const R: usize, const O: usize, const W: usize, const S: usize> Logic for SystolicExact<R, O, W, S> {
    #[hdl_gen]
    fn update(&mut self) {
        // ---- the skew lines: the array's ports in, the rounders' results out
        self.skew.clk.next = self.clk.val();
        self.skew.rst.next = self.rst.val();
        self.skew.valid.next = self.valid.val();
        self.skew.start.next = self.start.val();
        self.skew.shift.next = self.shift.val();
        for i in 0usize..self.a.len() {
            self.skew.a[i].next = self.a[i].val();
        }
        for j in 0usize..self.b.len() {
            self.skew.b[j].next = self.b[j].val();
            self.skew.c[j].next = self.c[j].val();
            self.skew.seed[j].next = self.seed[j].val();
            self.y[j].next = self.skew.y[j].val();
        }
        // ---- the column's rounder: C and seed arrive with the pop
        for j in 0usize..self.rounders.len() {
            self.skew.bottom[j].next = self.rounders[j].y.val();
            self.rounders[j].clk.next = self.clk.val();
            self.rounders[j].c.next = self.skew.c_col[j].val();
            self.rounders[j].seed.next = self.skew.seed_col[j].val();
            self.rounders[j].sr.next = self.sr.val();
            self.rounders[j].scale_exp.next = self.scale_exp.val();
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
                self.pes[i * m].valid_in.next = self.skew.valid_row[i].val();
                self.pes[i * m].start_in.next = self.skew.start_row[i].val();
                for j in 1usize..self.b.len() {
                    self.pes[i * m + j].a_in.next = self.pes[i * m + j - 1].a_out.val();
                    self.pes[i * m + j].valid_in.next = self.pes[i * m + j - 1].valid_out.val();
                    self.pes[i * m + j].start_in.next = self.pes[i * m + j - 1].start_out.val();
                }
            }
            // ---- b flows down, the exchange registers too (nothing enters at the top)
            for j in 0usize..self.b.len() {
                self.pes[j].b_in.next = self.skew.b_col[j].val();
                self.pes[j].x_carry_in.next = 0.into();
                self.pes[j].x_flags_in.next = self.pes[j].x_flags_out.val();
                self.pes[j].x_seg_in.next = 0.into();
            }
            for i in 1usize..self.a.len() {
                for j in 0usize..self.b.len() {
                    self.pes[i * m + j].b_in.next = self.pes[i * m + j - m].b_out.val();
                    self.pes[i * m + j].x_carry_in.next = self.pes[i * m + j - m].x_carry_out.val();
                    self.pes[i * m + j].x_flags_in.next = self.pes[i * m + j - m].x_flags_out.val();
                    self.pes[i * m + j].x_seg_in.next = self.pes[i * m + j - m].x_seg_out.val();
                }
            }
            // ---- sums leave at the bottom of each column, into its rounder (on its grid)
            for i in (self.a.len() - 1usize)..self.a.len() {
                for j in 0usize..self.rounders.len() {
                    self.rounders[j].carry.next = self.pes[i * m + j].x_carry_out.val() << self.low_segs.val();
                    self.rounders[j].flags.next = self.pes[i * m + j].x_flags_out.val();
                    self.rounders[j].seg.next = self.pes[i * m + j].x_seg_out.val() << self.low_bits.val();
                }
            }
        }
    }
}
