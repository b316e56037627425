//! The rounder's ([`super::rounder`]) first parts: the exact sum resolved from its
//! segments, and the special cases decided from the products' flags and C (docs/spec.md
//! section 8).

use rust_hdl::prelude::*;

use super::primitives::wide;
use super::records::{ExactFlags, Verdict};

/// The exact sum T of an output as one 96-bit two's complement number: the segments of
/// [`super::exact_pe`] plus their pending carries, sign-extended from the top segment.
#[derive(LogicBlock)]
pub struct ResolveSum {
    /// The segments (s at bits 8s .. 8s + 7).
    pub seg: Signal<In, Bits<96>>,
    /// The pending carries (bit s: segment s's carry-out).
    pub carry: Signal<In, Bits<16>>,
    /// T.
    pub t: Signal<Out, Bits<96>>,
    carries: Signal<Local, Bits<96>>,
    cbits: Signal<Local, Bits<16>>,
    carry_bit: Vec<Constant<Bits<16>>>,
    carry_one: Vec<Constant<Bits<96>>>,
    low_mask: Constant<Bits<96>>, // the bits the segments hold
    top_bit: Constant<Bits<8>>,   // their sign bit
}

impl ResolveSum {
    /// The sum of `segments` 8-bit segments (9..=12).
    pub fn new(segments: usize) -> Self {
        assert!((9..=12).contains(&segments), "the rounder resolves 9 to 12 segments, got {segments}");
        let bits = 8 * segments;
        ResolveSum {
            seg: Default::default(),
            carry: Default::default(),
            t: Default::default(),
            carries: Default::default(),
            cbits: Default::default(),
            carry_bit: (0..segments).map(|s| Constant::new((1u64 << s).into())).collect(),
            // The top segment's carry leaves the 8 x segments bits: the sum is modulo that.
            carry_one: (0..segments).map(|s| Constant::new(wide(if s + 1 < segments { 1u128 << (8 * (s + 1)) } else { 0 }))).collect(),
            low_mask: Constant::new(wide(u128::MAX >> (128 - bits))),
            top_bit: Constant::new((bits as u64 - 1).into()),
        }
    }
}

impl Logic for ResolveSum {
    #[hdl_gen]
    fn update(&mut self) {
        // The carries sit at distinct bits 8s + 8: gather them into one word, then one add.
        self.carries.next = 0.into();
        for s in 0usize..self.carry_bit.len() {
            self.cbits.next = self.carry.val() & self.carry_bit[s].val();
            if self.cbits.val().any() {
                self.carries.next = self.carries.val() | self.carry_one[s].val();
            }
        }
        self.t.next = (self.seg.val() + self.carries.val()) & self.low_mask.val();
        if self.t.val().get_bit(self.top_bit.val().index()) {
            self.t.next = self.t.val() | !self.low_mask.val();
        }
    }
}

/// The special cases of `C + 2^s T` (docs/spec.md section 8), decided before any arithmetic: NaN
/// (a NaN anywhere, inf - inf among the products or against C), an infinity and its sign,
/// and whether an exact zero is -0. The verdict's `ovf` and `sticky` start clear and its
/// `sign` is T's.
#[derive(LogicBlock, Default)]
pub struct SpecialCases {
    /// The flags of the output's products.
    pub flags: Signal<In, ExactFlags>,
    /// C's sign,
    pub c_sign: Signal<In, Bit>,
    /// C is a NaN,
    pub c_nan: Signal<In, Bit>,
    /// C is an infinity,
    pub c_inf: Signal<In, Bit>,
    /// C is -0.
    pub c_neg_zero: Signal<In, Bit>,
    /// T's sign.
    pub t_sign: Signal<In, Bit>,
    /// The verdict.
    pub v: Signal<Out, Verdict>,
    f: Signal<Local, ExactFlags>,
    prod_inf: Signal<Local, Bit>, // an infinite product
}

impl Logic for SpecialCases {
    #[hdl_gen]
    fn update(&mut self) {
        self.f.next = self.flags.val();
        self.prod_inf.next = self.f.val().pos_inf | self.f.val().neg_inf;
        self.v.next.nan = self.f.val().nan
            | self.c_nan.val()
            | (self.f.val().pos_inf & self.f.val().neg_inf)
            | (self.c_inf.val() & ((self.c_sign.val() & self.f.val().pos_inf) | (!self.c_sign.val() & self.f.val().neg_inf)));
        self.v.next.inf = self.prod_inf.val() | self.c_inf.val();
        self.v.next.inf_sign = self.c_sign.val();
        if self.prod_inf.val() {
            self.v.next.inf_sign = self.f.val().neg_inf;
        }
        self.v.next.neg_zero = self.f.val().all_neg_zero & self.c_neg_zero.val();
        self.v.next.ovf = false;
        self.v.next.sign = self.t_sign.val();
    }
}
