//! `fp8_pe`: one processing element of the output-stationary array.
//!
//! It multiplies the operands passing through it (a flows right, b flows down, one register
//! each) and accumulates. Its MAC is D cycles deep (pipeline depth D; the last register is
//! the accumulator), so the element keeps D independent accumulators, "lanes", in flight: the
//! operands of cycle t belong to lane t mod D, whose previous result leaves the pipeline just
//! then. D = 1 is a plain accumulator register.
//!
//! A FIFO `sh` of D entries holds the next tile's C on its way in and the last tile's Y on
//! its way out; the FIFOs of a column form one shift chain.
//!
//! * `start` (travels with a): this MAC is k = 0 of a new tile for the arriving lane: its
//!   addend is the head of `sh` (the preloaded C), popped, and the lane's finished
//!   accumulator (the previous tile's Y) is pushed. With `valid` low it only swaps (the flush).
//! * `shift`: `sh` pushes the value of the element above and pops its head to the one below.
//! * `valid` low otherwise: the lane's accumulator passes through the pipeline unchanged
//!   (the MAC's `bubble` makes the product a -0, which leaves every FP16 value as it is,
//!   whatever the operand codes mean in their formats).
//!
//! `fmt_a`, `fmt_b` and `sr` are fixed during a GEMM; each element registers them before use,
//! so that they reach its MAC from a flip-flop beside it rather than across the whole array.
//!
//! Stochastic rounding: a ring `rng` of D xorshift32 states, one per lane, rotates with the
//! lanes, and a FIFO `rng_sh` holds the next tile's seeds beside C. Before each MAC the lane's
//! state steps once and its low R bits are `rnd` (see `crate::rng`).

use rust_hdl::prelude::*;

use super::pipe::PipeMac;
use super::primitives::{XorshiftStep, SELECT_BITS};
use crate::format::FormatSet;

/// One element; `R` random bits of stochastic rounding.
#[derive(LogicBlock)]
pub struct Pe<const R: usize> {
    /// Clock.
    pub clk: Signal<In, Clock>,
    /// Synchronous reset: clears every register but the MAC's internal pipeline.
    pub rst: Signal<In, Bit>,
    /// Select code of a's format in the array's set, fixed during a GEMM.
    pub fmt_a: Signal<In, Bits<SELECT_BITS>>,
    /// Select code of b's format.
    pub fmt_b: Signal<In, Bits<SELECT_BITS>>,
    /// 1 = stochastic rounding.
    pub sr: Signal<In, Bit>,
    /// A operand from the left neighbour (or the row's skew line).
    pub a_in: Signal<In, Bits<8>>,
    /// `a_in` and `b_in` are one MAC step.
    pub valid_in: Signal<In, Bit>,
    /// This step is k = 0 of a new tile (with `valid_in` low: the flush).
    pub start_in: Signal<In, Bit>,
    /// B operand from the element above (or the column's skew line).
    pub b_in: Signal<In, Bits<8>>,
    /// Shift the C-in / Y-out chain one element down.
    pub shift: Signal<In, Bit>,
    /// C (or Y) from the element above.
    pub sh_in: Signal<In, Bits<16>>,
    /// SR seed from the element above, alongside `sh_in`.
    pub seed_in: Signal<In, Bits<32>>,
    /// `a_in`, registered, to the right neighbour.
    pub a_out: Signal<Out, Bits<8>>,
    /// `valid_in`, registered.
    pub valid_out: Signal<Out, Bit>,
    /// `start_in`, registered.
    pub start_out: Signal<Out, Bit>,
    /// `b_in`, registered, to the element below.
    pub b_out: Signal<Out, Bits<8>>,
    /// Head of the C/Y FIFO, to the element below.
    pub sh_out: Signal<Out, Bits<16>>,
    /// Head of the seed FIFO, to the element below.
    pub seed_out: Signal<Out, Bits<32>>,
    // the configuration, registered
    fmt_a_r: DFF<Bits<SELECT_BITS>>,
    fmt_b_r: DFF<Bits<SELECT_BITS>>,
    sr_r: DFF<Bit>,
    // forwarding registers
    a_r: DFF<Bits<8>>,
    valid_r: DFF<Bit>,
    start_r: DFF<Bit>,
    b_r: DFF<Bits<8>>,
    // accumulation: the pipeline's last register, and per lane a C/Y entry, a state, a seed
    acc: DFF<Bits<16>>,
    sh: Vec<DFF<Bits<16>>>,
    rng: Vec<DFF<Bits<32>>>,
    rng_sh: Vec<DFF<Bits<32>>>,
    sh_head: Signal<Local, Bits<16>>,
    seed_head: Signal<Local, Bits<32>>,
    rng_step: XorshiftStep, // the arriving lane's next state
    mac: PipeMac<R>,
    select_mask: Constant<Bits<SELECT_BITS>>, // the select bits the set uses: the rest stay 0 in the element
}

impl<const R: usize> Pe<R> {
    /// An element for operands of the formats of `set` whose MAC is `pipeline` cycles deep
    /// (1..=7, validated by the configuration).
    pub fn new(pipeline: usize, set: FormatSet) -> Self {
        fn n<T: Default>(k: usize) -> Vec<T> {
            (0..k).map(|_| T::default()).collect()
        }
        Pe {
            clk: Default::default(),
            rst: Default::default(),
            fmt_a: Default::default(),
            fmt_b: Default::default(),
            sr: Default::default(),
            a_in: Default::default(),
            valid_in: Default::default(),
            start_in: Default::default(),
            b_in: Default::default(),
            shift: Default::default(),
            sh_in: Default::default(),
            seed_in: Default::default(),
            a_out: Default::default(),
            valid_out: Default::default(),
            start_out: Default::default(),
            b_out: Default::default(),
            sh_out: Default::default(),
            seed_out: Default::default(),
            fmt_a_r: Default::default(),
            fmt_b_r: Default::default(),
            sr_r: Default::default(),
            a_r: Default::default(),
            valid_r: Default::default(),
            start_r: Default::default(),
            b_r: Default::default(),
            acc: Default::default(),
            sh: n(pipeline),
            rng: n(pipeline),
            rng_sh: n(pipeline),
            sh_head: Default::default(),
            seed_head: Default::default(),
            rng_step: Default::default(),
            mac: PipeMac::new(pipeline, set),
            select_mask: Constant::new(((1u64 << set.select_bits()) - 1).into()),
        }
    }
}

impl<const R: usize> Logic for Pe<R> {
    #[hdl_gen]
    fn update(&mut self) {
        dff_setup!(self, clk, fmt_a_r, fmt_b_r, sr_r, a_r, valid_r, start_r, b_r, acc);
        for l in 0usize..self.sh.len() {
            self.sh[l].clock.next = self.clk.val();
            self.rng[l].clock.next = self.clk.val();
            self.rng_sh[l].clock.next = self.clk.val();
            self.sh[l].d.next = self.sh[l].q.val();
            self.rng_sh[l].d.next = self.rng_sh[l].q.val();
        }
        // The FIFOs' heads and the arriving lane are at the last index.
        for h in (self.sh.len() - 1usize)..self.sh.len() {
            self.sh_head.next = self.sh[h].q.val();
            self.seed_head.next = self.rng_sh[h].q.val();
            self.rng_step.state.next = self.rng[h].q.val();
            self.rng_step.seed.next = self.rng_sh[h].q.val();
        }
        self.rng_step.load.next = self.start_in.val();
        self.rng_step.step.next = self.valid_in.val();
        self.fmt_a_r.d.next = self.fmt_a.val() & self.select_mask.val();
        self.fmt_b_r.d.next = self.fmt_b.val() & self.select_mask.val();
        self.sr_r.d.next = self.sr.val();
        // ---- operands flow on: a right, b down
        self.a_r.d.next = self.a_in.val();
        self.valid_r.d.next = self.valid_in.val();
        self.start_r.d.next = self.start_in.val();
        self.b_r.d.next = self.b_in.val();
        self.a_out.next = self.a_r.q.val();
        self.valid_out.next = self.valid_r.q.val();
        self.start_out.next = self.start_r.q.val();
        self.b_out.next = self.b_r.q.val();
        // ---- random bits: the lane's state steps with each MAC (a new tile starts from its
        // seed); without a MAC (a bubble) the bits are not read
        self.rng[0].d.next = self.rng_step.next_state.val();
        for l in 1usize..self.rng.len() {
            self.rng[l].d.next = self.rng[l - 1].q.val();
        }
        // ---- the MAC: a new tile adds to its preloaded C, later steps to the lane's accumulator
        self.mac.clk.next = self.clk.val();
        self.mac.a.next = self.a_in.val();
        self.mac.fmt_a.next = self.fmt_a_r.q.val();
        self.mac.b.next = self.b_in.val();
        self.mac.fmt_b.next = self.fmt_b_r.q.val();
        self.mac.bubble.next = !self.valid_in.val();
        self.mac.sr.next = self.sr_r.q.val();
        self.mac.rnd.next = bit_cast::<R, 32>(self.rng_step.next_state.val());
        self.mac.c.next = self.acc.q.val();
        if self.start_in.val() {
            self.mac.c.next = self.sh_head.val();
        }
        self.acc.d.next = self.mac.y.val();
        // ---- tile boundary swap, or the C-in / Y-out shift chain
        if self.start_in.val() {
            self.sh[0].d.next = self.acc.q.val();
            self.rng_sh[0].d.next = self.seed_head.val();
        } else if self.shift.val() {
            self.sh[0].d.next = self.sh_in.val();
            self.rng_sh[0].d.next = self.seed_in.val();
        }
        if self.start_in.val() | self.shift.val() {
            for l in 1usize..self.sh.len() {
                self.sh[l].d.next = self.sh[l - 1].q.val();
                self.rng_sh[l].d.next = self.rng_sh[l - 1].q.val();
            }
        }
        self.sh_out.next = self.sh_head.val();
        self.seed_out.next = self.seed_head.val();
        if self.rst.val() {
            self.a_r.d.next = 0.into();
            self.valid_r.d.next = false;
            self.start_r.d.next = false;
            self.b_r.d.next = 0.into();
            self.acc.d.next = 0.into();
            for l in 0usize..self.sh.len() {
                self.sh[l].d.next = 0.into();
                self.rng[l].d.next = 0.into();
                self.rng_sh[l].d.next = 0.into();
            }
        }
    }
}
