//! `fp8_pe`: one processing element of the output-stationary array.
//!
//! It multiplies the operands passing through it (a flows right, b flows down, one register
//! each) and accumulates into `acc`. A second register `sh` holds the next tile's C on its way
//! in and the last tile's Y on its way out; the registers of a column form a shift chain.
//!
//! * `start` (travels with a): this MAC is k = 0 of a new tile: its addend is `sh` (the
//!   preloaded C) and `sh` takes the finished accumulator (the previous tile's Y). With
//!   `valid` low it only swaps (the flush after the last tile).
//! * `shift`: `sh` takes the value of the element above (C moves down, Y moves out below).
//!
//! Stochastic rounding: `rng` is the xorshift32 state of the tile being accumulated and
//! `rng_sh` the next tile's seed, shifted in beside C. Before each MAC the state steps once
//! and its low R bits are `rnd` (see `crate::rng`).

use rust_hdl::prelude::*;

use super::mac::Fp8Mac;

#[derive(LogicBlock)]
pub struct Pe<const R: usize> {
    pub clk: Signal<In, Clock>,
    /// Synchronous reset: clears every register.
    pub rst: Signal<In, Bit>,
    pub fmt_a: Signal<In, Bit>,
    pub fmt_b: Signal<In, Bit>,
    pub sr: Signal<In, Bit>,
    pub a_in: Signal<In, Bits<8>>,
    pub valid_in: Signal<In, Bit>,
    pub start_in: Signal<In, Bit>,
    pub b_in: Signal<In, Bits<8>>,
    pub shift: Signal<In, Bit>,
    pub sh_in: Signal<In, Bits<16>>,
    pub seed_in: Signal<In, Bits<32>>,
    pub a_out: Signal<Out, Bits<8>>,
    pub valid_out: Signal<Out, Bit>,
    pub start_out: Signal<Out, Bit>,
    pub b_out: Signal<Out, Bits<8>>,
    pub sh_out: Signal<Out, Bits<16>>,
    pub seed_out: Signal<Out, Bits<32>>,
    // forwarding registers
    a_r: DFF<Bits<8>>,
    valid_r: DFF<Bit>,
    start_r: DFF<Bit>,
    b_r: DFF<Bits<8>>,
    // accumulation
    acc: DFF<Bits<16>>,
    sh: DFF<Bits<16>>,
    rng: DFF<Bits<32>>,
    rng_sh: DFF<Bits<32>>,
    state: Signal<Local, Bits<32>>, // xorshift32, stepped
    mac: Fp8Mac<R>,
}

impl<const R: usize> Default for Pe<R> {
    fn default() -> Self {
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
            a_r: Default::default(),
            valid_r: Default::default(),
            start_r: Default::default(),
            b_r: Default::default(),
            acc: Default::default(),
            sh: Default::default(),
            rng: Default::default(),
            rng_sh: Default::default(),
            state: Default::default(),
            mac: Default::default(),
        }
    }
}

impl<const R: usize> Logic for Pe<R> {
    #[hdl_gen]
    fn update(&mut self) {
        dff_setup!(self, clk, a_r, valid_r, start_r, b_r, acc, sh, rng, rng_sh);
        // ---- operands flow on: a right, b down
        self.a_r.d.next = self.a_in.val();
        self.valid_r.d.next = self.valid_in.val();
        self.start_r.d.next = self.start_in.val();
        self.b_r.d.next = self.b_in.val();
        self.a_out.next = self.a_r.q.val();
        self.valid_out.next = self.valid_r.q.val();
        self.start_out.next = self.start_r.q.val();
        self.b_out.next = self.b_r.q.val();
        // ---- random bits: step the tile's state (a new tile starts from its seed)
        self.state.next = self.rng.q.val();
        if self.start_in.val() {
            self.state.next = self.rng_sh.q.val();
        }
        self.state.next = self.state.val() ^ (self.state.val() << 13);
        self.state.next = self.state.val() ^ (self.state.val() >> 17);
        self.state.next = self.state.val() ^ (self.state.val() << 5);
        // ---- the MAC: a new tile adds to its preloaded C, later steps to the accumulator
        self.mac.a.next = self.a_in.val();
        self.mac.fmt_a.next = self.fmt_a.val();
        self.mac.b.next = self.b_in.val();
        self.mac.fmt_b.next = self.fmt_b.val();
        self.mac.sr.next = self.sr.val();
        self.mac.rnd.next = bit_cast::<R, 32>(self.state.val());
        self.mac.c.next = self.acc.q.val();
        if self.start_in.val() {
            self.mac.c.next = self.sh.q.val();
        }
        if self.valid_in.val() {
            self.acc.d.next = self.mac.y.val();
            self.rng.d.next = self.state.val();
        }
        // ---- tile boundary swap, or the C-in / Y-out shift chain
        if self.start_in.val() {
            self.sh.d.next = self.acc.q.val();
            if !self.valid_in.val() {
                self.acc.d.next = self.sh.q.val();
            }
        } else if self.shift.val() {
            self.sh.d.next = self.sh_in.val();
            self.rng_sh.d.next = self.seed_in.val();
        }
        self.sh_out.next = self.sh.q.val();
        self.seed_out.next = self.rng_sh.q.val();
        if self.rst.val() {
            self.a_r.d.next = 0.into();
            self.valid_r.d.next = false;
            self.start_r.d.next = false;
            self.b_r.d.next = 0.into();
            self.acc.d.next = 0.into();
            self.sh.d.next = 0.into();
            self.rng.d.next = 0.into();
            self.rng_sh.d.next = 0.into();
        }
    }
}
