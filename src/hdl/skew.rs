//! The skew lines of the arrays: [`Skew`], a delay line of run-time depth (`out` is `inp`
//! delayed by `depth` clock cycles, 0 = a wire, with two flag bits delayed alongside), and
//! [`Edge`], the lines around an array (one per row and per column), which both arrays share.

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

/// The skew lines around an output-stationary array, the same for every element kind: row i's
/// operand (with `valid` and `start`) is delayed i cycles, column j's operand, its C, seed and
/// `shift` (with the exact array's `chain`) j cycles (so that they meet element (i, j) with its wave), and the result leaving
/// column j's bottom cols - 1 - j cycles (so that every column of a row leaves together). `O`
/// is the width of C and Y.
#[derive(LogicBlock)]
pub struct Edge<const O: usize> {
    /// Clock.
    pub clk: Signal<In, Clock>,
    /// Synchronous reset (clears the flags in flight).
    pub rst: Signal<In, Bit>,
    /// The array's `valid`,
    pub valid: Signal<In, Bit>,
    /// `start`
    pub start: Signal<In, Bit>,
    /// `shift`
    pub shift: Signal<In, Bit>,
    /// and `chain` (the exact array's; low on the FP16 array).
    pub chain: Signal<In, Bit>,
    /// Per row: the array's `a[i]`.
    pub a: Vec<Signal<In, Bits<8>>>,
    /// Per column: the array's `b[j]`,
    pub b: Vec<Signal<In, Bits<8>>>,
    /// `c[j]`,
    pub c: Vec<Signal<In, Bits<O>>>,
    /// `seed[j]`,
    pub seed: Vec<Signal<In, Bits<32>>>,
    /// and the result at the bottom of the column.
    pub bottom: Vec<Signal<In, Bits<O>>>,
    /// Per row, delayed by the row index: the operand entering column 0,
    pub a_row: Vec<Signal<Out, Bits<8>>>,
    /// `valid`
    pub valid_row: Vec<Signal<Out, Bit>>,
    /// and `start`.
    pub start_row: Vec<Signal<Out, Bit>>,
    /// Per column, delayed by the column index: the operand entering row 0,
    pub b_col: Vec<Signal<Out, Bits<8>>>,
    /// C,
    pub c_col: Vec<Signal<Out, Bits<O>>>,
    /// the seed
    pub seed_col: Vec<Signal<Out, Bits<32>>>,
    /// `shift` (to the column's elements),
    pub shift_col: Vec<Signal<Out, Bit>>,
    /// `shift` again, from a line of its own (to the gather at the column's bottom: one line
    /// for both would have to lie beside the column's elements and beside the gather),
    pub pop_col: Vec<Signal<Out, Bit>>,
    /// and `chain`.
    pub chain_col: Vec<Signal<Out, Bit>>,
    /// Per column: the array's `y[j]`, the bottom delayed by cols - 1 - j.
    pub y: Vec<Signal<Out, Bits<O>>>,
    a_skew: Vec<Skew<8>>,
    b_skew: Vec<Skew<8>>,
    c_skew: Vec<Skew<O>>,  // with shift (flag 0) and chain (flag 1)
    s_skew: Vec<Skew<32>>, // with shift again (flag 0)
    y_skew: Vec<Skew<O>>,
}

impl<const O: usize> Edge<O> {
    /// The edge of a rows x cols array.
    pub fn new(rows: usize, cols: usize) -> Self {
        fn sigs<T: Default>(n: usize) -> Vec<T> {
            (0..n).map(|_| T::default()).collect()
        }
        Edge {
            clk: Default::default(),
            rst: Default::default(),
            valid: Default::default(),
            start: Default::default(),
            shift: Default::default(),
            chain: Default::default(),
            a: sigs(rows),
            b: sigs(cols),
            c: sigs(cols),
            seed: sigs(cols),
            bottom: sigs(cols),
            a_row: sigs(rows),
            valid_row: sigs(rows),
            start_row: sigs(rows),
            b_col: sigs(cols),
            c_col: sigs(cols),
            seed_col: sigs(cols),
            shift_col: sigs(cols),
            pop_col: sigs(cols),
            chain_col: sigs(cols),
            y: sigs(cols),
            a_skew: (0..rows).map(Skew::new).collect(),
            b_skew: (0..cols).map(Skew::new).collect(),
            c_skew: (0..cols).map(Skew::new).collect(),
            s_skew: (0..cols).map(Skew::new).collect(),
            y_skew: (0..cols).map(|j| Skew::new(cols - 1 - j)).collect(),
        }
    }
}

impl<const O: usize> Logic for Edge<O> {
    #[hdl_gen]
    fn update(&mut self) {
        for i in 0usize..self.a.len() {
            self.a_skew[i].clk.next = self.clk.val();
            self.a_skew[i].rst.next = self.rst.val();
            self.a_skew[i].inp.next = self.a[i].val();
            self.a_skew[i].flag0_in.next = self.valid.val();
            self.a_skew[i].flag1_in.next = self.start.val();
            self.a_row[i].next = self.a_skew[i].out.val();
            self.valid_row[i].next = self.a_skew[i].flag0_out.val();
            self.start_row[i].next = self.a_skew[i].flag1_out.val();
        }
        for j in 0usize..self.b.len() {
            self.b_skew[j].clk.next = self.clk.val();
            self.b_skew[j].rst.next = self.rst.val();
            self.b_skew[j].inp.next = self.b[j].val();
            self.b_skew[j].flag0_in.next = false;
            self.b_skew[j].flag1_in.next = false;
            self.b_col[j].next = self.b_skew[j].out.val();
            self.c_skew[j].clk.next = self.clk.val();
            self.c_skew[j].rst.next = self.rst.val();
            self.c_skew[j].inp.next = self.c[j].val();
            self.c_skew[j].flag0_in.next = self.shift.val();
            self.c_skew[j].flag1_in.next = self.chain.val();
            self.c_col[j].next = self.c_skew[j].out.val();
            self.shift_col[j].next = self.c_skew[j].flag0_out.val();
            self.chain_col[j].next = self.c_skew[j].flag1_out.val();
            self.s_skew[j].clk.next = self.clk.val();
            self.s_skew[j].rst.next = self.rst.val();
            self.s_skew[j].inp.next = self.seed[j].val();
            self.s_skew[j].flag0_in.next = self.shift.val();
            self.s_skew[j].flag1_in.next = false;
            self.seed_col[j].next = self.s_skew[j].out.val();
            self.pop_col[j].next = self.s_skew[j].flag0_out.val();
            self.y_skew[j].clk.next = self.clk.val();
            self.y_skew[j].rst.next = self.rst.val();
            self.y_skew[j].inp.next = self.bottom[j].val();
            self.y_skew[j].flag0_in.next = false;
            self.y_skew[j].flag1_in.next = false;
            self.y[j].next = self.y_skew[j].out.val();
        }
    }
}
