//! `fp8_rounder`: one per column of the exact array, where results leave it. It takes the
//! exact sum T of an output (segments and pending carries of [`super::exact_pe`], grid 2^-34),
//! its C (FP16) and SR seed, and returns `Y = round(C + 2^s T)` to FP16, rounded once (docs/spec.md
//! section 8). Nine registered stages, one output per cycle:
//! 1. `resolve`: T as one 96-bit two's complement number (segments plus carries); C's seed
//!    stepped once, its low R bits are `rnd`;
//! 2. `abs`: |T| and its sign; C unpacked and placed on the window of stage 3;
//! 3. `scale`, in two stages (whole bytes, then bits): |T| 2^s onto a 64-bit window whose least significant bit weighs 2^-41, with a
//!    sticky bit for what falls below it and an overflow flag for |T| 2^s >= 2^21 (beyond
//!    FP16 whatever C is). The window keeps every bit that FP16's rounding can see: its finest
//!    grid step is 2^-24 and SR reads R <= 16 bits below a step, down to 2^-40;
//! 4. `add`: C (exactly in the window: 2^-24 .. 2^16) added to or subtracted from it; when C
//!    is the larger in a subtraction, the sticky part becomes a borrow of one window step plus
//!    a sticky bit, which leaves both roundings unchanged;
//! 5. `count`: leading zeros of the magnitude ([`OctetZeroCount`]);
//! 6. `normalise`: the FP16 grid step (normal or subnormal), the magnitude shifted so that the
//!    step is bit 56 of a rounding word;
//! 7. `round`: [`RoundUp`] on that word beside the truncated FP16 code and whether it
//!    overflows;
//! 8. `select`: the code plus the rounding's one, overflow; the special cases decided from the
//!    flags of the products and C. (Rounding and its increment in one stage were the array's
//!    critical path.)

use rust_hdl::prelude::*;

use super::primitives::{OctetZeroCount, RoundUp, XorshiftStep};
use super::records::{ExactFlags, Verdict};
use super::rounder_parts::{ResolveSum, SpecialCases};

/// Clock cycles from a sum at the rounder's input to its Y at the output.
pub const LATENCY: usize = 9;

/// The column rounder; `R` random bits of stochastic rounding; C and Y in the low 16 bits of
/// `O`-bit ports, the array's width (16; the binary32 array types its unused FP16 rounders
/// with 32).
#[derive(LogicBlock)]
pub struct Rounder<const R: usize, const O: usize> {
    /// Clock.
    pub clk: Signal<In, Clock>,
    /// The sum's segments (from the column's bottom element; s at bits 8s .. 8s + 7),
    pub seg: Signal<In, Bits<96>>,
    /// its pending carries (bit s: segment s's carry-out),
    pub carry: Signal<In, Bits<16>>,
    /// and the flags of its products.
    pub flags: Signal<In, ExactFlags>,
    /// C of this output (FP16).
    pub c: Signal<In, Bits<O>>,
    /// SR seed of this output.
    pub seed: Signal<In, Bits<32>>,
    /// 1 = stochastic rounding.
    pub sr: Signal<In, Bit>,
    /// s of the scale 2^s, two's complement, -64..=64.
    pub scale_exp: Signal<In, Bits<8>>,
    /// Y (FP16), [`LATENCY`] cycles after its inputs.
    pub y: Signal<Out, Bits<O>>,
    // stage registers: rnd and the verdict travel alongside
    t1: DFF<Bits<96>>,
    flags1: DFF<ExactFlags>,
    c1: DFF<Bits<16>>,
    abs2: DFF<Bits<96>>,
    cm2: DFF<Bits<64>>, // C on the window
    c_sign2: DFF<Bit>,
    v2: DFF<Verdict>,
    // the scale's shift amounts, registered (s is fixed during a GEMM)
    right: DFF<Bit>,        // 2^s |T| moves right on the window
    amount: DFF<Bits<8>>,   // by this many bits
    m_r: DFF<Bits<8>>,      // 55 - s: |T| >= 2^m overflows
    coarse3: DFF<Bits<96>>, // |T| shifted by the amount's multiple of 8
    cm3: DFF<Bits<64>>,
    c_sign3: DFF<Bit>,
    v3: DFF<Verdict>,
    wt3b: DFF<Bits<64>>, // then by the rest
    cm3b: DFF<Bits<64>>,
    c_sign3b: DFF<Bit>,
    v3b: DFF<Verdict>,
    mag4: DFF<Bits<64>>,
    v4: DFF<Verdict>,
    mag5: DFF<Bits<64>>,
    lz5: DFF<Bits<7>>,
    normal5: DFF<Bit>, // a leading one at window bit 27 or above: a normal FP16 result
    v5: DFF<Verdict>,
    word6: DFF<Bits<67>>,
    e6: DFF<Bits<7>>, // the biased exponent field less the leading one's carry into it
    zero6: DFF<Bit>,
    v6: DFF<Verdict>,
    rnd: Vec<DFF<Bits<R>>>, // rnd[i]: after stage i + 1
    code7: DFF<Bits<17>>,   // truncated
    up7: DFF<Bit>,
    big7: DFF<Bit>, // code7 overflows (code7 + 1 overflowing is 0x7C00, inf, already)
    zero7: DFF<Bit>,
    v7: DFF<Verdict>,
    y8: DFF<Bits<16>>,
    resolve: ResolveSum,
    seed_step: XorshiftStep,
    special: SpecialCases,
    lzc: OctetZeroCount<64, 7>,
    round_up: RoundUp<R, 67>,
    // locals
    v: Signal<Local, Verdict>,
    abs_t: Signal<Local, Bits<96>>,
    k: Signal<Local, Bits<8>>,
    n: Signal<Local, Bits<8>>,
    m: Signal<Local, Bits<8>>,
    shifted: Signal<Local, Bits<96>>,
    diff: Signal<Local, Bits<65>>,    // W - C, its borrow at bit 64
    reverse: Signal<Local, Bits<64>>, // C - W, less one if the sticky bit is set
    below: Signal<Local, Bits<96>>,   // the bits a right shift drops
    above: Signal<Local, Bits<96>>,   // the bits at and above the overflow threshold
    c_exp: Signal<Local, Bits<5>>,
    c_man: Signal<Local, Bits<10>>,
    c_sig: Signal<Local, Bits<64>>,
    c_at: Signal<Local, Bits<8>>,
    c_nan: Signal<Local, Bit>,
    c_inf: Signal<Local, Bit>,
    sel: Signal<Local, Bits<7>>,
    word: Signal<Local, Bits<67>>,
    q: Signal<Local, Bits<17>>,
    code: Signal<Local, Bits<17>>,
    // constants
    ones: Constant<Bits<96>>,
    seven: Constant<Bits<8>>,
    width: Constant<Bits<8>>,
    byte_mask: Constant<Bits<8>>,
    bit_mask: Constant<Bits<8>>,
    ovf_at: Constant<Bits<8>>,
    c_offset: Constant<Bits<8>>,
    lz_least_normal: Constant<Bits<7>>,
    grid_at: Constant<Bits<7>>,
    inf_code: Constant<Bits<17>>,
    neg_zero: Constant<Bits<16>>,
}

impl<const R: usize, const O: usize> Rounder<R, O> {
    /// The rounder of sums held in `segments` 8-bit segments (9..=12).
    pub fn new(segments: usize) -> Self {
        Rounder {
            clk: Default::default(),
            seg: Default::default(),
            carry: Default::default(),
            flags: Default::default(),
            c: Default::default(),
            seed: Default::default(),
            sr: Default::default(),
            scale_exp: Default::default(),
            y: Default::default(),
            t1: Default::default(),
            flags1: Default::default(),
            c1: Default::default(),
            abs2: Default::default(),
            cm2: Default::default(),
            c_sign2: Default::default(),
            v2: Default::default(),
            right: Default::default(),
            amount: Default::default(),
            m_r: Default::default(),
            coarse3: Default::default(),
            cm3: Default::default(),
            c_sign3: Default::default(),
            v3: Default::default(),
            wt3b: Default::default(),
            cm3b: Default::default(),
            c_sign3b: Default::default(),
            v3b: Default::default(),
            mag4: Default::default(),
            v4: Default::default(),
            mag5: Default::default(),
            lz5: Default::default(),
            normal5: Default::default(),
            v5: Default::default(),
            word6: Default::default(),
            e6: Default::default(),
            zero6: Default::default(),
            v6: Default::default(),
            rnd: (0..LATENCY - 2).map(|_| Default::default()).collect(),
            code7: Default::default(),
            up7: Default::default(),
            big7: Default::default(),
            zero7: Default::default(),
            v7: Default::default(),
            y8: Default::default(),
            resolve: ResolveSum::new(segments),
            seed_step: Default::default(),
            special: Default::default(),
            lzc: Default::default(),
            round_up: RoundUp::at(56),
            v: Default::default(),
            abs_t: Default::default(),
            k: Default::default(),
            n: Default::default(),
            m: Default::default(),
            shifted: Default::default(),
            diff: Default::default(),
            reverse: Default::default(),
            below: Default::default(),
            above: Default::default(),
            c_exp: Default::default(),
            c_man: Default::default(),
            c_sig: Default::default(),
            c_at: Default::default(),
            c_nan: Default::default(),
            c_inf: Default::default(),
            sel: Default::default(),
            word: Default::default(),
            q: Default::default(),
            code: Default::default(),
            ones: Constant::new(!Bits::<96>::default()),
            seven: k(7),
            width: k(96),
            byte_mask: k(0xF8),
            bit_mask: k(7),
            ovf_at: k(55),   // |T| 2^(s - 34) >= 2^21 <=> |T| >= 2^(55 - s)
            c_offset: k(16), // C = sig 2^(e - 25) = sig 2^(e + 16) window steps
            // A leading one at window bit 63 - lz has its FP16 step ten bits below; at lz = 36
            // that step is 2^-24 (window bit 17), FP16's least normal one and its subnormal one.
            lz_least_normal: k(36),
            grid_at: k(56), // the step moves to bit 56 of the rounding word
            inf_code: k(0x7C00),
            neg_zero: k(0x8000),
        }
    }
}

/// A constant of any width.
fn k<const N: usize>(v: u64) -> Constant<Bits<N>> {
    Constant::new(v.into())
}

impl<const R: usize, const O: usize> Logic for Rounder<R, O> {
    #[hdl_gen]
    fn update(&mut self) {
        dff_setup!(
            self, clk, t1, flags1, c1, abs2, cm2, c_sign2, v2, right, amount, m_r, coarse3, cm3, c_sign3, v3, wt3b, cm3b, c_sign3b, v3b,
            mag4, v4, mag5, lz5, normal5, v5, word6, e6, zero6, v6, code7, up7, big7, zero7, v7, y8
        );
        for i in 0usize..self.rnd.len() {
            self.rnd[i].clock.next = self.clk.val();
        }
        for i in 1usize..self.rnd.len() {
            self.rnd[i].d.next = self.rnd[i - 1].q.val();
        }
        // ---- stage 1: resolve the carries; step the seed once
        self.resolve.seg.next = self.seg.val();
        self.resolve.carry.next = self.carry.val();
        self.t1.d.next = self.resolve.t.val();
        self.flags1.d.next = self.flags.val();
        self.c1.d.next = bit_cast::<16, O>(self.c.val());
        self.seed_step.state.next = self.seed.val();
        self.rnd[0].d.next = bit_cast::<R, 32>(self.seed_step.stepped.val());
        // ---- stage 2: |T|; C unpacked onto the window (bit 0 = 2^-41); the special cases
        self.abs_t.next = self.t1.q.val();
        if self.t1.q.val().get_bit(95) {
            self.abs_t.next = !self.t1.q.val() + 1;
        }
        self.abs2.d.next = self.abs_t.val();
        self.c_sign2.d.next = self.c1.q.val().get_bit(15);
        self.c_exp.next = self.c1.q.val().get_bits::<5>(10);
        self.c_man.next = self.c1.q.val().get_bits::<10>(0);
        self.c_nan.next = self.c_exp.val().all() & self.c_man.val().any();
        self.c_inf.next = self.c_exp.val().all() & !self.c_man.val().any();
        self.c_sig.next = bit_cast::<64, 10>(self.c_man.val());
        self.c_at.next = bit_cast::<8, 5>(self.c_exp.val()) + self.c_offset.val();
        if self.c_exp.val().any() {
            self.c_sig.next = self.c_sig.val() | 1024;
        } else {
            self.c_at.next = self.c_offset.val() + 1;
        }
        self.cm2.d.next = self.c_sig.val() << self.c_at.val();
        self.special.flags.next = self.flags1.q.val();
        self.special.c_sign.next = self.c1.q.val().get_bit(15);
        self.special.c_nan.next = self.c_nan.val();
        self.special.c_inf.next = self.c_inf.val();
        self.special.c_neg_zero.next = self.c1.q.val() == self.neg_zero.val();
        self.special.t_sign.next = self.t1.q.val().get_bit(95);
        self.v2.d.next = self.special.v.val();
        // ---- the scale's amounts: |T| 2^(s - 34) on a window of step 2^-41 is |T| 2^(s + 7)
        self.k.next = self.scale_exp.val() + self.seven.val();
        self.right.d.next = self.k.val().get_bit(7);
        self.amount.d.next = self.k.val();
        if self.k.val().get_bit(7) {
            self.amount.d.next = !self.k.val() + 1;
        }
        self.m_r.d.next = self.ovf_at.val() - self.scale_exp.val();
        // ---- stage 3: the coarse shift (whole bytes); sticky below, overflow above
        self.v.next = self.v2.q.val();
        self.below.next = 0.into();
        self.above.next = 0.into();
        self.n.next = self.amount.q.val() & self.byte_mask.val();
        if self.right.q.val() {
            self.coarse3.d.next = self.abs2.q.val() >> self.n.val();
            self.below.next = self.abs2.q.val() & !(self.ones.val() << self.amount.q.val());
            self.v.next.sticky = self.below.val().any();
        } else {
            self.coarse3.d.next = self.abs2.q.val() << self.n.val();
        }
        self.m.next = self.m_r.q.val();
        if self.m.val().get_bit(7) | !self.m.val().any() {
            self.v.next.ovf = self.abs2.q.val().any();
        } else if self.m.val() < self.width.val() {
            self.above.next = self.abs2.q.val() & (self.ones.val() << self.m.val());
            self.v.next.ovf = self.above.val().any();
        }
        self.v3.d.next = self.v.val();
        self.cm3.d.next = self.cm2.q.val();
        self.c_sign3.d.next = self.c_sign2.q.val();
        // ---- stage 3b: the fine shift (0 .. 7 bits) onto the window
        self.n.next = self.amount.q.val() & self.bit_mask.val();
        self.shifted.next = self.coarse3.q.val() << self.n.val();
        if self.right.q.val() {
            self.shifted.next = self.coarse3.q.val() >> self.n.val();
        }
        self.wt3b.d.next = bit_cast::<64, 96>(self.shifted.val());
        self.v3b.d.next = self.v3.q.val();
        self.cm3b.d.next = self.cm3.q.val();
        self.c_sign3b.d.next = self.c_sign3.q.val();
        // ---- stage 4: add C exactly
        // The three results side by side, each one carry chain, the choice by the borrow of
        // the difference: a comparison before a shared subtractor was this stage's longest path.
        // C the larger, the sticky part below the window becomes a borrow of one step.
        self.v.next = self.v3b.q.val();
        self.diff.next = bit_cast::<65, 64>(self.wt3b.q.val()) - bit_cast::<65, 64>(self.cm3b.q.val());
        self.reverse.next = self.cm3b.q.val() - self.wt3b.q.val() - bit_cast::<64, 1>(self.v3b.q.val().sticky.into());
        if self.v3b.q.val().sign == self.c_sign3b.q.val() {
            self.mag4.d.next = self.wt3b.q.val() + self.cm3b.q.val();
        } else if !self.diff.val().get_bit(64) {
            self.mag4.d.next = self.diff.val().get_bits::<64>(0);
        } else {
            self.mag4.d.next = self.reverse.val();
            // Beyond 2^21, T decides the sign (the window value is not meaningful).
            if !self.v3b.q.val().ovf {
                self.v.next.sign = self.c_sign3b.q.val();
            }
        }
        self.v4.d.next = self.v.val();
        // ---- stage 5: leading zeros, by octets (0 for a zero magnitude, which stage 6 does not
        // read)
        self.lzc.x.next = self.mag4.q.val();
        self.lz5.d.next = self.lzc.count.val();
        self.normal5.d.next = self.mag4.q.val().get_bits::<37>(27).any();
        self.mag5.d.next = self.mag4.q.val();
        self.v5.d.next = self.v4.q.val();
        // ---- stage 6: the FP16 grid step moves to bit 56 of the word: by 3 + lz bits for a
        // normal result, by 3 + 36 for a subnormal one (step 2^-24, window bit 17); the biased
        // exponent field less the significand's leading one, 36 - lz or 0, beside it
        self.sel.next = self.lz_least_normal.val();
        self.e6.d.next = 0.into();
        if self.normal5.q.val() {
            self.sel.next = self.lz5.q.val();
            self.e6.d.next = self.lz_least_normal.val() - self.lz5.q.val();
        }
        self.word.next = (bit_cast::<67, 64>(self.mag5.q.val()) << 3) << self.sel.val();
        if self.v5.q.val().sticky {
            self.word.next = self.word.val() | 1;
        }
        self.word6.d.next = self.word.val();
        self.zero6.d.next = !self.mag5.q.val().any() & !self.v5.q.val().sticky;
        self.v6.d.next = self.v5.q.val();
        // ---- stage 7: the rounding decision beside the truncated code and its overflow
        self.round_up.sr.next = self.sr.val();
        self.round_up.rnd.next = self.rnd[6].q.val();
        self.round_up.word.next = self.word6.q.val();
        self.up7.d.next = self.round_up.up.val();
        self.q.next = bit_cast::<17, 67>(self.word6.q.val() >> self.grid_at.val());
        self.code.next = (bit_cast::<17, 7>(self.e6.q.val()) << 10) + self.q.val();
        self.code7.d.next = self.code.val();
        self.big7.d.next = self.code.val() >= self.inf_code.val();
        self.zero7.d.next = self.zero6.q.val();
        self.v7.d.next = self.v6.q.val();
        // ---- stage 8: the code rounded, overflow and the special cases
        self.v.next = self.v7.q.val();
        self.code.next = self.code7.q.val();
        if self.up7.q.val() {
            self.code.next = self.code7.q.val() + 1;
        }
        self.y8.d.next = bit_cast::<16, 17>(self.code.val());
        if self.v.val().sign {
            self.y8.d.next = bit_cast::<16, 17>(self.code.val()) | 0x8000;
        }
        if self.zero7.q.val() {
            self.y8.d.next = 0.into();
            if self.v.val().neg_zero {
                self.y8.d.next = 0x8000.into();
            }
        }
        if self.v.val().ovf | self.big7.q.val() {
            self.y8.d.next = 0x7C00.into();
            if self.v.val().sign {
                self.y8.d.next = 0xFC00.into();
            }
        }
        if self.v.val().inf {
            self.y8.d.next = 0x7C00.into();
            if self.v.val().inf_sign {
                self.y8.d.next = 0xFC00.into();
            }
        }
        if self.v.val().nan {
            self.y8.d.next = 0x7E00.into();
        }
        self.y.next = bit_cast::<O, 16>(self.y8.q.val());
    }
}
