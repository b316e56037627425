//! A delay line of run-time depth: `out` is `inp` delayed by `depth` clock cycles (0 = a wire),
//! with two flag bits delayed alongside. The array uses one per row and per column to skew
//! operands in and results out.

use rust_hdl::prelude::*;

/// Delay line of `W`-bit values and two flags.
#[derive(LogicBlock)]
pub struct Skew<const W: usize> {
    /// Clock.
    pub clk: Signal<In, Clock>,
    /// Synchronous reset: clears the flags (the data need no reset).
    pub rst: Signal<In, Bit>,
    /// The value delayed.
    pub inp: Signal<In, Bits<W>>,
    /// A flag delayed with it.
    pub flag0_in: Signal<In, Bit>,
    /// A second flag delayed with it.
    pub flag1_in: Signal<In, Bit>,
    /// `inp`, `depth` cycles ago.
    pub out: Signal<Out, Bits<W>>,
    /// `flag0_in`, `depth` cycles ago.
    pub flag0_out: Signal<Out, Bit>,
    /// `flag1_in`, `depth` cycles ago.
    pub flag1_out: Signal<Out, Bit>,
    /// taps[s] is `{flag1, flag0, inp}` delayed by s cycles.
    taps: Vec<Signal<Local, Bits<W>>>,
    taps0: Vec<Signal<Local, Bit>>,
    taps1: Vec<Signal<Local, Bit>>,
    stages: Vec<DFF<Bits<W>>>,
    stages0: Vec<DFF<Bit>>,
    stages1: Vec<DFF<Bit>>,
}

impl<const W: usize> Skew<W> {
    /// A delay line of `depth` registers (0: a wire).
    pub fn new(depth: usize) -> Self {
        fn n<T: Default>(k: usize) -> Vec<T> {
            (0..k).map(|_| T::default()).collect()
        }
        Skew {
            clk: Default::default(),
            rst: Default::default(),
            inp: Default::default(),
            flag0_in: Default::default(),
            flag1_in: Default::default(),
            out: Default::default(),
            flag0_out: Default::default(),
            flag1_out: Default::default(),
            taps: n(depth + 1),
            taps0: n(depth + 1),
            taps1: n(depth + 1),
            stages: n(depth),
            stages0: n(depth),
            stages1: n(depth),
        }
    }
}

impl<const W: usize> Logic for Skew<W> {
    #[hdl_gen]
    fn update(&mut self) {
        self.taps[0].next = self.inp.val();
        self.taps0[0].next = self.flag0_in.val();
        self.taps1[0].next = self.flag1_in.val();
        for s in 0usize..self.stages.len() {
            self.stages[s].clock.next = self.clk.val();
            self.stages0[s].clock.next = self.clk.val();
            self.stages1[s].clock.next = self.clk.val();
            self.stages[s].d.next = self.taps[s].val();
            self.stages0[s].d.next = self.taps0[s].val();
            self.stages1[s].d.next = self.taps1[s].val();
            self.taps[s + 1].next = self.stages[s].q.val();
            self.taps0[s + 1].next = self.stages0[s].q.val();
            self.taps1[s + 1].next = self.stages1[s].q.val();
            if self.rst.val() {
                self.stages0[s].d.next = false;
                self.stages1[s].d.next = false;
            }
        }
        for s in self.stages.len()..(self.stages.len() + 1usize) {
            self.out.next = self.taps[s].val();
            self.flag0_out.next = self.taps0[s].val();
            self.flag1_out.next = self.taps1[s].val();
        }
    }
}
