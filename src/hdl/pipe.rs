//! The pipelined MAC of the processing element: the seven blocks of [`super::mac`] with an
//! optional register ([`Cut`]) after each of the first six. A PE of pipeline depth P has
//! P - 1 of them plus its accumulator register, so one MAC takes P cycles from operands to
//! accumulator, and the PE interleaves P independent accumulators ("lanes") to stay at one MAC
//! per cycle (see [`super::pe`]).

use rust_hdl::prelude::*;

use super::mac::{Add, Align, Count, Multiply, NormProduct, Round, Shift};

/// Deepest pipeline offered: every block boundary registered, plus the accumulator.
pub const MAX_DEPTH: usize = 7;

/// Which of the six block boundaries (after multiply, norm_product, align, add, count, shift)
/// carry a register, for pipeline depth `depth` (1..=MAX_DEPTH): for each depth, the placement
/// of those tried (one PE through `fp8mac synth --target ecp5`) with the highest Fmax.
pub fn cuts(depth: usize) -> [bool; 6] {
    let at: &[usize] = match depth {
        1 => &[],
        2 => &[2],
        3 => &[2, 5],
        4 => &[1, 2, 4],
        5 => &[1, 2, 4, 5],
        6 => &[0, 1, 2, 4, 5],
        7 => &[0, 1, 2, 3, 4, 5],
        _ => panic!("pipeline depth must be 1..={MAX_DEPTH}, got {depth}"),
    };
    std::array::from_fn(|i| at.contains(&i))
}

/// A block boundary: the two buses and the rounding inputs, registered or passed through.
#[derive(LogicBlock)]
pub struct Cut<const R: usize> {
    pub clk: Signal<In, Clock>,
    pub data_in: Signal<In, Bits<32>>,
    pub ctl_in: Signal<In, Bits<32>>,
    pub sr_in: Signal<In, Bit>,
    pub rnd_in: Signal<In, Bits<R>>,
    pub data: Signal<Out, Bits<32>>,
    pub ctl: Signal<Out, Bits<32>>,
    pub sr: Signal<Out, Bit>,
    pub rnd: Signal<Out, Bits<R>>,
    // one register each, or none
    data_r: Vec<DFF<Bits<32>>>,
    ctl_r: Vec<DFF<Bits<32>>>,
    sr_r: Vec<DFF<Bit>>,
    rnd_r: Vec<DFF<Bits<R>>>,
}

impl<const R: usize> Cut<R> {
    pub fn new(registered: bool) -> Self {
        fn n<T: Default>(registered: bool) -> Vec<T> {
            (0..usize::from(registered)).map(|_| T::default()).collect()
        }
        Cut {
            clk: Default::default(),
            data_in: Default::default(),
            ctl_in: Default::default(),
            sr_in: Default::default(),
            rnd_in: Default::default(),
            data: Default::default(),
            ctl: Default::default(),
            sr: Default::default(),
            rnd: Default::default(),
            data_r: n(registered),
            ctl_r: n(registered),
            sr_r: n(registered),
            rnd_r: n(registered),
        }
    }
}

impl<const R: usize> Logic for Cut<R> {
    #[hdl_gen]
    fn update(&mut self) {
        self.data.next = self.data_in.val();
        self.ctl.next = self.ctl_in.val();
        self.sr.next = self.sr_in.val();
        self.rnd.next = self.rnd_in.val();
        for m in 0usize..self.data_r.len() {
            self.data_r[m].clock.next = self.clk.val();
            self.ctl_r[m].clock.next = self.clk.val();
            self.sr_r[m].clock.next = self.clk.val();
            self.rnd_r[m].clock.next = self.clk.val();
            self.data_r[m].d.next = self.data_in.val();
            self.ctl_r[m].d.next = self.ctl_in.val();
            self.sr_r[m].d.next = self.sr_in.val();
            self.rnd_r[m].d.next = self.rnd_in.val();
            self.data.next = self.data_r[m].q.val();
            self.ctl.next = self.ctl_r[m].q.val();
            self.sr.next = self.sr_r[m].q.val();
            self.rnd.next = self.rnd_r[m].q.val();
        }
    }
}

/// `y` = mac(a, b, c) of the operands taken `depth - 1` cycles earlier.
#[derive(LogicBlock)]
pub struct PipeMac<const R: usize> {
    pub clk: Signal<In, Clock>,
    pub a: Signal<In, Bits<8>>,
    pub fmt_a: Signal<In, Bit>,
    pub b: Signal<In, Bits<8>>,
    pub fmt_b: Signal<In, Bit>,
    pub c: Signal<In, Bits<16>>,
    pub sr: Signal<In, Bit>,
    pub rnd: Signal<In, Bits<R>>,
    pub y: Signal<Out, Bits<16>>,
    multiply: Multiply,
    cut0: Cut<R>,
    norm_product: NormProduct,
    cut1: Cut<R>,
    align: Align<R>,
    cut2: Cut<R>,
    add: Add,
    cut3: Cut<R>,
    count: Count,
    cut4: Cut<R>,
    shift: Shift,
    cut5: Cut<R>,
    round: Round<R>,
}

impl<const R: usize> PipeMac<R> {
    pub fn new(depth: usize) -> Self {
        let [c0, c1, c2, c3, c4, c5] = cuts(depth);
        PipeMac {
            clk: Default::default(),
            a: Default::default(),
            fmt_a: Default::default(),
            b: Default::default(),
            fmt_b: Default::default(),
            c: Default::default(),
            sr: Default::default(),
            rnd: Default::default(),
            y: Default::default(),
            multiply: Default::default(),
            cut0: Cut::new(c0),
            norm_product: Default::default(),
            cut1: Cut::new(c1),
            align: Default::default(),
            cut2: Cut::new(c2),
            add: Default::default(),
            cut3: Cut::new(c3),
            count: Default::default(),
            cut4: Cut::new(c4),
            shift: Default::default(),
            cut5: Cut::new(c5),
            round: Default::default(),
        }
    }
}

impl<const R: usize> Logic for PipeMac<R> {
    #[hdl_gen]
    fn update(&mut self) {
        self.multiply.a.next = self.a.val();
        self.multiply.fmt_a.next = self.fmt_a.val();
        self.multiply.b.next = self.b.val();
        self.multiply.fmt_b.next = self.fmt_b.val();
        self.multiply.c.next = self.c.val();
        self.cut0.sr_in.next = self.sr.val();
        self.cut0.rnd_in.next = self.rnd.val();
        self.cut0.clk.next = self.clk.val();
        self.cut0.data_in.next = self.multiply.data.val();
        self.cut0.ctl_in.next = self.multiply.ctl.val();
        self.norm_product.data_in.next = self.cut0.data.val();
        self.norm_product.ctl_in.next = self.cut0.ctl.val();
        self.cut1.clk.next = self.clk.val();
        self.cut1.data_in.next = self.norm_product.data.val();
        self.cut1.ctl_in.next = self.norm_product.ctl.val();
        self.cut1.sr_in.next = self.cut0.sr.val();
        self.cut1.rnd_in.next = self.cut0.rnd.val();
        self.align.data_in.next = self.cut1.data.val();
        self.align.ctl_in.next = self.cut1.ctl.val();
        self.cut2.clk.next = self.clk.val();
        self.cut2.data_in.next = self.align.data.val();
        self.cut2.ctl_in.next = self.align.ctl.val();
        self.cut2.sr_in.next = self.cut1.sr.val();
        self.cut2.rnd_in.next = self.cut1.rnd.val();
        self.add.data_in.next = self.cut2.data.val();
        self.add.ctl_in.next = self.cut2.ctl.val();
        self.cut3.clk.next = self.clk.val();
        self.cut3.data_in.next = self.add.data.val();
        self.cut3.ctl_in.next = self.add.ctl.val();
        self.cut3.sr_in.next = self.cut2.sr.val();
        self.cut3.rnd_in.next = self.cut2.rnd.val();
        self.count.data_in.next = self.cut3.data.val();
        self.count.ctl_in.next = self.cut3.ctl.val();
        self.cut4.clk.next = self.clk.val();
        self.cut4.data_in.next = self.count.data.val();
        self.cut4.ctl_in.next = self.count.ctl.val();
        self.cut4.sr_in.next = self.cut3.sr.val();
        self.cut4.rnd_in.next = self.cut3.rnd.val();
        self.shift.data_in.next = self.cut4.data.val();
        self.shift.ctl_in.next = self.cut4.ctl.val();
        self.cut5.clk.next = self.clk.val();
        self.cut5.data_in.next = self.shift.data.val();
        self.cut5.ctl_in.next = self.shift.ctl.val();
        self.cut5.sr_in.next = self.cut4.sr.val();
        self.cut5.rnd_in.next = self.cut4.rnd.val();
        self.round.data_in.next = self.cut5.data.val();
        self.round.ctl_in.next = self.cut5.ctl.val();
        self.round.sr.next = self.cut5.sr.val();
        self.round.rnd.next = self.cut5.rnd.val();
        self.y.next = self.round.y.val();
    }
}
