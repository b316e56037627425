//! The pipelined MAC of the processing element: the seven stages of [`super::mac`] with an
//! optional register ([`Cut`]) at each of the six boundaries between them. A PE of pipeline
//! depth D has D - 1 of them plus its accumulator register, so one MAC takes D cycles from
//! operands to accumulator, and the PE interleaves D independent accumulators (its lanes) to
//! stay at one MAC per cycle (see [`super::pe`]).

use rust_hdl::prelude::*;

use super::mac::{Add, Align, Aligned, Count, Counted, Multiply, NormProduct, Normalised, Product, RawProduct, Round, Shift, Sum};
use super::primitives::SELECT_BITS;
pub use crate::config::MAX_PIPELINE;
use crate::format::FormatSet;

/// Which of the six stage boundaries (after multiply, norm_product, align, add, count, shift)
/// carry a register at pipeline depth `pipeline` (1..=[`MAX_PIPELINE`], checked by
/// [`crate::config::Config::validate`]): for each depth, the placement of those tried (one PE
/// through `fp8mac synth --target ecp5`) with the highest Fmax.
pub fn cuts(pipeline: usize) -> [bool; 6] {
    const AT: [&[usize]; MAX_PIPELINE] = [&[], &[2], &[2, 5], &[1, 2, 4], &[1, 2, 4, 5], &[0, 1, 2, 4, 5], &[0, 1, 2, 3, 4, 5]];
    let at = AT[pipeline - 1];
    std::array::from_fn(|i| at.contains(&i))
}

/// A stage boundary: the stage record `T` and the rounding inputs, registered or passed
/// through.
#[derive(LogicBlock)]
pub struct Cut<T: Synth, const R: usize> {
    /// Clock of the register, if there is one.
    pub clk: Signal<In, Clock>,
    /// The record from the stage before.
    pub inp: Signal<In, T>,
    /// SR enable, riding along.
    pub sr_in: Signal<In, Bit>,
    /// Random bits, riding along.
    pub rnd_in: Signal<In, Bits<R>>,
    /// The record to the stage after.
    pub out: Signal<Out, T>,
    /// SR enable.
    pub sr: Signal<Out, Bit>,
    /// Random bits.
    pub rnd: Signal<Out, Bits<R>>,
    // one register each, or none
    rec: Vec<DFF<T>>,
    sr_r: Vec<DFF<Bit>>,
    rnd_r: Vec<DFF<Bits<R>>>,
}

impl<T: Synth, const R: usize> Cut<T, R> {
    /// A boundary with a register (`registered`) or a wire.
    pub fn new(registered: bool) -> Self {
        fn n<U: Default>(registered: bool) -> Vec<U> {
            (0..usize::from(registered)).map(|_| U::default()).collect()
        }
        Cut {
            clk: Default::default(),
            inp: Default::default(),
            sr_in: Default::default(),
            rnd_in: Default::default(),
            out: Default::default(),
            sr: Default::default(),
            rnd: Default::default(),
            rec: n(registered),
            sr_r: n(registered),
            rnd_r: n(registered),
        }
    }
}

impl<T: Synth, const R: usize> Logic for Cut<T, R> {
    #[hdl_gen]
    fn update(&mut self) {
        self.out.next = self.inp.val();
        self.sr.next = self.sr_in.val();
        self.rnd.next = self.rnd_in.val();
        for m in 0..self.rec.len() {
            self.rec[m].clock.next = self.clk.val();
            self.sr_r[m].clock.next = self.clk.val();
            self.rnd_r[m].clock.next = self.clk.val();
            self.rec[m].d.next = self.inp.val();
            self.sr_r[m].d.next = self.sr_in.val();
            self.rnd_r[m].d.next = self.rnd_in.val();
            self.out.next = self.rec[m].q.val();
            self.sr.next = self.sr_r[m].q.val();
            self.rnd.next = self.rnd_r[m].q.val();
        }
    }
}

/// `y` = mac(a, b, c) of the operands taken `pipeline - 1` cycles earlier.
#[derive(LogicBlock)]
pub struct PipeMac<const R: usize> {
    /// Clock.
    pub clk: Signal<In, Clock>,
    /// FP8 code of the first operand.
    pub a: Signal<In, Bits<8>>,
    /// Its format's select code in the set.
    pub fmt_a: Signal<In, Bits<SELECT_BITS>>,
    /// FP8 code of the second operand.
    pub b: Signal<In, Bits<8>>,
    /// Its format's select code.
    pub fmt_b: Signal<In, Bits<SELECT_BITS>>,
    /// No operands this cycle: the product is -0, leaving the addend as it is.
    pub bubble: Signal<In, Bit>,
    /// FP16 addend.
    pub c: Signal<In, Bits<16>>,
    /// 1 = stochastic rounding with `rnd`.
    pub sr: Signal<In, Bit>,
    /// Random bits of stochastic rounding.
    pub rnd: Signal<In, Bits<R>>,
    /// FP16 result.
    pub y: Signal<Out, Bits<16>>,
    multiply: Multiply,
    cut0: Cut<RawProduct, R>,
    norm_product: NormProduct,
    cut1: Cut<Product, R>,
    align: Align<R>,
    cut2: Cut<Aligned, R>,
    add: Add,
    cut3: Cut<Sum, R>,
    count: Count,
    cut4: Cut<Counted, R>,
    shift: Shift,
    cut5: Cut<Normalised, R>,
    round: Round<R>,
}

impl<const R: usize> PipeMac<R> {
    /// The MAC of operands of the formats of `set` at pipeline depth `pipeline`, registers
    /// placed by [`cuts`].
    pub fn new(pipeline: usize, set: FormatSet) -> Self {
        let [c0, c1, c2, c3, c4, c5] = cuts(pipeline);
        PipeMac {
            clk: Default::default(),
            a: Default::default(),
            fmt_a: Default::default(),
            b: Default::default(),
            fmt_b: Default::default(),
            bubble: Default::default(),
            c: Default::default(),
            sr: Default::default(),
            rnd: Default::default(),
            y: Default::default(),
            multiply: Multiply::new(set),
            cut0: Cut::new(c0),
            norm_product: NormProduct::new(set),
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
        self.multiply.bubble.next = self.bubble.val();
        self.multiply.c.next = self.c.val();
        // Every boundary: the record from the stage before, sr and rnd from the boundary before.
        self.cut0.clk.next = self.clk.val();
        self.cut0.inp.next = self.multiply.out.val();
        self.cut0.sr_in.next = self.sr.val();
        self.cut0.rnd_in.next = self.rnd.val();
        self.norm_product.inp.next = self.cut0.out.val();
        self.cut1.clk.next = self.clk.val();
        self.cut1.inp.next = self.norm_product.out.val();
        self.cut1.sr_in.next = self.cut0.sr.val();
        self.cut1.rnd_in.next = self.cut0.rnd.val();
        self.align.inp.next = self.cut1.out.val();
        self.cut2.clk.next = self.clk.val();
        self.cut2.inp.next = self.align.out.val();
        self.cut2.sr_in.next = self.cut1.sr.val();
        self.cut2.rnd_in.next = self.cut1.rnd.val();
        self.add.inp.next = self.cut2.out.val();
        self.cut3.clk.next = self.clk.val();
        self.cut3.inp.next = self.add.out.val();
        self.cut3.sr_in.next = self.cut2.sr.val();
        self.cut3.rnd_in.next = self.cut2.rnd.val();
        self.count.inp.next = self.cut3.out.val();
        self.cut4.clk.next = self.clk.val();
        self.cut4.inp.next = self.count.out.val();
        self.cut4.sr_in.next = self.cut3.sr.val();
        self.cut4.rnd_in.next = self.cut3.rnd.val();
        self.shift.inp.next = self.cut4.out.val();
        self.cut5.clk.next = self.clk.val();
        self.cut5.inp.next = self.shift.out.val();
        self.cut5.sr_in.next = self.cut4.sr.val();
        self.cut5.rnd_in.next = self.cut4.rnd.val();
        self.round.inp.next = self.cut5.out.val();
        self.round.sr.next = self.cut5.sr.val();
        self.round.rnd.next = self.cut5.rnd.val();
        self.y.next = self.round.y.val();
    }
}
