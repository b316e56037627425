//! `fp8_rounder_fp32`: the column rounder of the exact array with FP32 C and Y
//! (`generate --accumulate exact --out-format fp32`). It returns `Y = round(C + 2^s T)` to
//! binary32, rounded once (docs/spec.md section 8), T being the exact sum of an output (segments and
//! pending carries of [`super::exact_pe`], grid 2^-34).
//!
//! FP16's fixed window ([`super::rounder`]) does not carry over: binary32 spans 2^-149 ..
//! 2^128 and T 2^s has up to 96 significant bits anywhere in 2^-98 .. 2^126. So the two terms
//! are added as floating-point numbers are, on a window relative to the larger one:
//! * each term is a frame with its top bit at bit 142 of a 144-bit window: |T| (96 bits,
//!   frame top 2^(s + 61)) at bits 47..142, C's significand (24 bits, top 2^(e - 127), or
//!   2^-126 when subnormal) at bits 119..142. Frame tops are kept biased by 127, in 1..=254;
//! * the frame with the higher top (T's on a tie, C's when T = 0) stays; the other moves right
//!   by the difference d, the bits it loses ORed into a sticky bit;
//! * why 144 bits are enough: when d <= 42 the lower frame loses nothing (T's 96 bits end at
//!   bit 47 - 42 = 5, C's 24 at 77), so a cancellation is exact. Bits are lost only when d >
//!   42: then the higher frame's top bit is a one more than 42 bits above the lower frame's top
//!   (C normal above T; or |T| >= 2^(s - 34) above a C 114 bits down), the sum's leading one
//!   is at most one bit below it, and its rounding reads 24 + 16 + 1 bits from there, all
//!   inside the window. The sticky part becomes a borrow in a subtraction, as in FP16's
//!   rounder; the larger term is then the higher frame.
//!
//! Twelve registered stages, one output per cycle: resolve the carries (the seed stepped
//! once); |T|, C unpacked, the special cases; the frames ordered; the lower one shifted by
//! whole bytes (with its sticky bit), then by bits; added; leading zeros (one-hot octet
//! select); the normalising shift chosen (binary32's step to bit 120, or 2^-149 there when
//! subnormal), applied by bytes, then by bits and narrowed to a 42-bit rounding word;
//! [`RoundUp`] beside the truncated code and its overflow; the code rounded and the special
//! cases applied.

use rust_hdl::prelude::*;

use super::primitives::{wide, OctetZeroCount, RoundUp, XorshiftStep};
use super::records::{ExactFlags, Verdict};
use super::rounder_parts::{ResolveSum, SpecialCases};

/// Clock cycles from a sum at the rounder's input to its Y at the output.
pub const LATENCY: usize = 12;

/// The window's width.
const W: usize = 144;

/// The FP32 column rounder; `R` random bits of stochastic rounding; C and Y in the low 32
/// bits of `O`-bit ports, the array's width (32; the FP16 array types its unused binary32
/// rounders with 16).
#[derive(LogicBlock)]
pub struct RounderFp32<const R: usize, const O: usize> {
    /// Clock.
    pub clk: Signal<In, Clock>,
    /// The sum's segments (from the column's bottom element; s at bits 8s .. 8s + 7),
    pub seg: Signal<In, Bits<96>>,
    /// its pending carries (bit s: segment s's carry-out),
    pub carry: Signal<In, Bits<16>>,
    /// and the flags of its products.
    pub flags: Signal<In, ExactFlags>,
    /// C of this output (binary32).
    pub c: Signal<In, Bits<O>>,
    /// SR seed of this output.
    pub seed: Signal<In, Bits<32>>,
    /// 1 = stochastic rounding.
    pub sr: Signal<In, Bit>,
    /// s of the scale 2^s, two's complement, -64..=64.
    pub scale_exp: Signal<In, Bits<8>>,
    /// Y (binary32), [`LATENCY`] cycles after its inputs.
    pub y: Signal<Out, Bits<O>>,
    // stage registers: rnd and the verdict travel alongside
    t1: DFF<Bits<96>>,
    flags1: DFF<ExactFlags>,
    c1: DFF<Bits<32>>,
    t_top: DFF<Bits<8>>, // T's frame top, biased: s + 61 + 127 (s is fixed during a GEMM)
    abs2: DFF<Bits<96>>,
    t_zero2: DFF<Bit>,
    c_sig2: DFF<Bits<24>>, // 0 for a zero, infinite or NaN C
    c_top2: DFF<Bits<8>>,
    c_sign2: DFF<Bit>,
    v2: DFF<Verdict>,
    high3: DFF<Bits<W>>, // the frame that stays
    low3: DFF<Bits<W>>,  // the frame that moves right by d3
    d3: DFF<Bits<8>>,
    top3: DFF<Bits<8>>, // the window's top bit 142 weighs 2^(top3 - 127)
    high_sign3: DFF<Bit>,
    low_sign3: DFF<Bit>,
    v3: DFF<Verdict>,
    high4: DFF<Bits<W>>,
    coarse4: DFF<Bits<W>>,
    fine4: DFF<Bits<3>>,
    top4: DFF<Bits<8>>,
    high_sign4: DFF<Bit>,
    low_sign4: DFF<Bit>,
    v4: DFF<Verdict>,
    high5: DFF<Bits<W>>,
    low5: DFF<Bits<W>>,
    top5: DFF<Bits<8>>,
    high_sign5: DFF<Bit>,
    low_sign5: DFF<Bit>,
    v5: DFF<Verdict>,
    mag6: DFF<Bits<W>>,
    top6: DFF<Bits<8>>,
    v6: DFF<Verdict>,
    mag7: DFF<Bits<W>>,
    lz7: DFF<Bits<8>>,
    top7: DFF<Bits<8>>,
    v7: DFF<Verdict>,
    n8: DFF<Bits<8>>, // the normalising shift
    e8: DFF<Bits<8>>, // the biased exponent less the significand's leading one
    mag8: DFF<Bits<W>>,
    zero8: DFF<Bit>,
    v8: DFF<Verdict>,
    coarse9: DFF<Bits<W>>, // shifted by the multiple of 8
    fine9: DFF<Bits<3>>,
    e9: DFF<Bits<8>>,
    zero9: DFF<Bit>,
    v9: DFF<Verdict>,
    word10: DFF<Bits<42>>, // binary32's step at bit 18, sticky in bit 0
    e10: DFF<Bits<8>>,
    zero10: DFF<Bit>,
    v10: DFF<Verdict>,
    rnd: Vec<DFF<Bits<R>>>, // rnd[i]: after stage i + 1
    code11: DFF<Bits<33>>,  // truncated
    up11: DFF<Bit>,
    big11: DFF<Bit>, // code11 overflows (code11 + 1 overflowing is 0x7F800000, inf, already)
    zero11: DFF<Bit>,
    v11: DFF<Verdict>,
    y12: DFF<Bits<32>>,
    resolve: ResolveSum,
    seed_step: XorshiftStep,
    special: SpecialCases,
    lzc: OctetZeroCount<W, 8>,
    round_up: RoundUp<R, 42>,
    // locals
    v: Signal<Local, Verdict>,
    c_exp: Signal<Local, Bits<8>>,
    c_man: Signal<Local, Bits<23>>,
    c_nan: Signal<Local, Bit>,
    c_inf: Signal<Local, Bit>,
    t_frame: Signal<Local, Bits<W>>,
    c_frame: Signal<Local, Bits<W>>,
    word: Signal<Local, Bits<W>>,
    q: Signal<Local, Bits<33>>,
    code: Signal<Local, Bits<33>>,
    // constants
    t_bias: Constant<Bits<8>>,
    ones: Constant<Bits<W>>,
    width: Constant<Bits<8>>,
    byte_mask: Constant<Bits<8>>,
    bit_mask: Constant<Bits<8>>,
    below_word: Constant<Bits<W>>, // the bits under the rounding word
    hidden: Constant<Bits<24>>,
    inf_code: Constant<Bits<33>>,
    nan_code: Constant<Bits<32>>,
    neg_zero: Constant<Bits<32>>, // the sign bit
}

impl<const R: usize, const O: usize> RounderFp32<R, O> {
    /// The rounder of sums held in `segments` 8-bit segments (9..=12).
    pub fn new(segments: usize) -> Self {
        RounderFp32 {
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
            t_top: Default::default(),
            abs2: Default::default(),
            t_zero2: Default::default(),
            c_sig2: Default::default(),
            c_top2: Default::default(),
            c_sign2: Default::default(),
            v2: Default::default(),
            high3: Default::default(),
            low3: Default::default(),
            d3: Default::default(),
            top3: Default::default(),
            high_sign3: Default::default(),
            low_sign3: Default::default(),
            v3: Default::default(),
            high4: Default::default(),
            coarse4: Default::default(),
            fine4: Default::default(),
            top4: Default::default(),
            high_sign4: Default::default(),
            low_sign4: Default::default(),
            v4: Default::default(),
            high5: Default::default(),
            low5: Default::default(),
            top5: Default::default(),
            high_sign5: Default::default(),
            low_sign5: Default::default(),
            v5: Default::default(),
            mag6: Default::default(),
            top6: Default::default(),
            v6: Default::default(),
            mag7: Default::default(),
            lz7: Default::default(),
            top7: Default::default(),
            v7: Default::default(),
            n8: Default::default(),
            e8: Default::default(),
            mag8: Default::default(),
            zero8: Default::default(),
            v8: Default::default(),
            coarse9: Default::default(),
            fine9: Default::default(),
            e9: Default::default(),
            zero9: Default::default(),
            v9: Default::default(),
            word10: Default::default(),
            e10: Default::default(),
            zero10: Default::default(),
            v10: Default::default(),
            rnd: (0..LATENCY - 2).map(|_| Default::default()).collect(),
            code11: Default::default(),
            up11: Default::default(),
            big11: Default::default(),
            zero11: Default::default(),
            v11: Default::default(),
            y12: Default::default(),
            resolve: ResolveSum::new(segments),
            seed_step: Default::default(),
            special: Default::default(),
            lzc: Default::default(),
            round_up: RoundUp::at(18),
            v: Default::default(),
            c_exp: Default::default(),
            c_man: Default::default(),
            c_nan: Default::default(),
            c_inf: Default::default(),
            t_frame: Default::default(),
            c_frame: Default::default(),
            word: Default::default(),
            q: Default::default(),
            code: Default::default(),
            t_bias: k(61 + 127), // T's bit 95 weighs 2^(95 - 34 + s)
            ones: Constant::new(!Bits::<W>::default()),
            width: k(W as u64),
            byte_mask: k(0xF8),
            bit_mask: k(7),
            below_word: Constant::new(wide((1u128 << (W - 42)) - 1)),
            hidden: k(1 << 23),
            inf_code: k(0x7F80_0000),
            nan_code: k(0x7FC0_0000),
            neg_zero: k(0x8000_0000),
        }
    }
}

/// A constant of any width up to 64 bits.
fn k<const N: usize>(v: u64) -> Constant<Bits<N>> {
    Constant::new(v.into())
}

impl<const R: usize, const O: usize> Logic for RounderFp32<R, O> {
    #[hdl_gen]
    fn update(&mut self) {
        dff_setup!(
            self, clk, t1, flags1, c1, t_top, abs2, t_zero2, c_sig2, c_top2, c_sign2, v2, high3, low3, d3, top3, high_sign3, low_sign3, v3,
            high4, coarse4, fine4, top4, high_sign4, low_sign4, v4, high5, low5, top5, high_sign5, low_sign5, v5, mag6, top6, v6, mag7,
            lz7, top7, v7, n8, e8, mag8, zero8, v8, coarse9, fine9, e9, zero9, v9, word10, e10, zero10, v10, code11, up11, big11, zero11,
            v11, y12
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
        self.c1.d.next = bit_cast::<32, O>(self.c.val());
        self.seed_step.state.next = self.seed.val();
        self.rnd[0].d.next = bit_cast::<R, 32>(self.seed_step.stepped.val());
        self.t_top.d.next = self.scale_exp.val() + self.t_bias.val();
        // ---- stage 2: |T|; C unpacked; the special cases
        self.abs2.d.next = self.t1.q.val();
        if self.t1.q.val().get_bit(95) {
            self.abs2.d.next = !self.t1.q.val() + 1;
        }
        self.t_zero2.d.next = !self.t1.q.val().any();
        self.c_sign2.d.next = self.c1.q.val().get_bit(31);
        self.c_exp.next = self.c1.q.val().get_bits::<8>(23);
        self.c_man.next = self.c1.q.val().get_bits::<23>(0);
        self.c_nan.next = self.c_exp.val().all() & self.c_man.val().any();
        self.c_inf.next = self.c_exp.val().all() & !self.c_man.val().any();
        self.c_sig2.d.next = bit_cast::<24, 23>(self.c_man.val());
        self.c_top2.d.next = self.c_exp.val();
        if self.c_exp.val().any() {
            self.c_sig2.d.next = bit_cast::<24, 23>(self.c_man.val()) | self.hidden.val();
        } else {
            self.c_top2.d.next = 1.into();
        }
        if self.c_exp.val().all() {
            self.c_sig2.d.next = 0.into();
        }
        // (no fixed window here: the verdict's ovf stays clear, nothing overflows before rounding)
        self.special.flags.next = self.flags1.q.val();
        self.special.c_sign.next = self.c1.q.val().get_bit(31);
        self.special.c_nan.next = self.c_nan.val();
        self.special.c_inf.next = self.c_inf.val();
        self.special.c_neg_zero.next = self.c1.q.val() == self.neg_zero.val();
        self.special.t_sign.next = self.t1.q.val().get_bit(95);
        self.v2.d.next = self.special.v.val();
        // ---- stage 3: the frames, ordered by their tops
        self.t_frame.next = bit_cast::<W, 96>(self.abs2.q.val()) << 47;
        self.c_frame.next = bit_cast::<W, 24>(self.c_sig2.q.val()) << 119;
        if !self.t_zero2.q.val() & ((self.t_top.q.val() >= self.c_top2.q.val()) | !self.c_sig2.q.val().any()) {
            self.high3.d.next = self.t_frame.val();
            self.low3.d.next = self.c_frame.val();
            self.d3.d.next = self.t_top.q.val() - self.c_top2.q.val();
            self.top3.d.next = self.t_top.q.val();
            self.high_sign3.d.next = self.v2.q.val().sign;
            self.low_sign3.d.next = self.c_sign2.q.val();
        } else {
            // T = 0 moves by a meaningless d: it stays 0 and sets no sticky bit.
            self.high3.d.next = self.c_frame.val();
            self.low3.d.next = self.t_frame.val();
            self.d3.d.next = self.c_top2.q.val() - self.t_top.q.val();
            self.top3.d.next = self.c_top2.q.val();
            self.high_sign3.d.next = self.c_sign2.q.val();
            self.low_sign3.d.next = self.v2.q.val().sign;
        }
        self.v3.d.next = self.v2.q.val();
        // ---- stage 4: the lower frame moved by whole bytes; what it loses is sticky
        self.v.next = self.v3.q.val();
        if self.d3.q.val() >= self.width.val() {
            self.coarse4.d.next = 0.into();
            self.v.next.sticky = self.low3.q.val().any();
        } else {
            self.coarse4.d.next = self.low3.q.val() >> (self.d3.q.val() & self.byte_mask.val());
            self.v.next.sticky = (self.low3.q.val() & !(self.ones.val() << self.d3.q.val())).any();
        }
        self.fine4.d.next = bit_cast::<3, 8>(self.d3.q.val() & self.bit_mask.val());
        self.v4.d.next = self.v.val();
        self.high4.d.next = self.high3.q.val();
        self.top4.d.next = self.top3.q.val();
        self.high_sign4.d.next = self.high_sign3.q.val();
        self.low_sign4.d.next = self.low_sign3.q.val();
        // ---- stage 5: then by the rest (0 .. 7 bits)
        self.low5.d.next = self.coarse4.q.val() >> self.fine4.q.val();
        self.high5.d.next = self.high4.q.val();
        self.top5.d.next = self.top4.q.val();
        self.high_sign5.d.next = self.high_sign4.q.val();
        self.low_sign5.d.next = self.low_sign4.q.val();
        self.v5.d.next = self.v4.q.val();
        // ---- stage 6: add; in a subtraction with sticky bits the higher frame is the larger
        // term, and the sticky part becomes a borrow of one window step plus the sticky bit
        self.v.next = self.v5.q.val();
        self.v.next.sign = self.high_sign5.q.val();
        if self.high_sign5.q.val() == self.low_sign5.q.val() {
            self.mag6.d.next = self.high5.q.val() + self.low5.q.val();
        } else if self.high5.q.val() >= self.low5.q.val() {
            self.mag6.d.next = self.high5.q.val() - self.low5.q.val();
            if self.v5.q.val().sticky {
                self.mag6.d.next = self.high5.q.val() - self.low5.q.val() - 1;
            }
        } else {
            self.mag6.d.next = self.low5.q.val() - self.high5.q.val();
            self.v.next.sign = self.low_sign5.q.val();
        }
        self.v6.d.next = self.v.val();
        self.top6.d.next = self.top5.q.val();
        // ---- stage 7: leading zeros, by octets (0 for a zero magnitude: stage 8 shifts 0)
        self.lzc.x.next = self.mag6.q.val();
        self.lz7.d.next = self.lzc.count.val();
        self.mag7.d.next = self.mag6.q.val();
        self.top7.d.next = self.top6.q.val();
        self.v7.d.next = self.v6.q.val();
        // ---- stage 8: the normalising shift: the leading one to bit 143 (binary32's step at
        // bit 120), or, when that would put the step below 2^-149, top7 bits (2^-149 at bit 120)
        self.n8.d.next = self.lz7.q.val();
        self.e8.d.next = self.top7.q.val() - self.lz7.q.val();
        if self.top7.q.val() < self.lz7.q.val() {
            self.n8.d.next = self.top7.q.val();
            self.e8.d.next = 0.into();
        }
        self.mag8.d.next = self.mag7.q.val();
        self.zero8.d.next = !self.mag7.q.val().any() & !self.v7.q.val().sticky;
        self.v8.d.next = self.v7.q.val();
        // ---- stage 9: shifted by whole bytes
        self.coarse9.d.next = self.mag8.q.val() << (self.n8.q.val() & self.byte_mask.val());
        self.fine9.d.next = bit_cast::<3, 8>(self.n8.q.val() & self.bit_mask.val());
        self.e9.d.next = self.e8.q.val();
        self.zero9.d.next = self.zero8.q.val();
        self.v9.d.next = self.v8.q.val();
        // ---- stage 10: then by the rest; the 42 bits from bit 102 kept, the rest ORed into the
        // word's bit 0
        self.word.next = self.coarse9.q.val() << self.fine9.q.val();
        self.word10.d.next = self.word.val().get_bits::<42>(102);
        if (self.word.val() & self.below_word.val()).any() | self.v9.q.val().sticky {
            self.word10.d.next = self.word.val().get_bits::<42>(102) | 1;
        }
        self.e10.d.next = self.e9.q.val();
        self.zero10.d.next = self.zero9.q.val();
        self.v10.d.next = self.v9.q.val();
        // ---- stage 11: the rounding decision beside the truncated code and its overflow
        self.round_up.sr.next = self.sr.val();
        self.round_up.rnd.next = self.rnd[9].q.val();
        self.round_up.word.next = self.word10.q.val();
        self.up11.d.next = self.round_up.up.val();
        self.q.next = bit_cast::<33, 42>(self.word10.q.val() >> 18);
        self.code.next = (bit_cast::<33, 8>(self.e10.q.val()) << 23) + self.q.val();
        self.code11.d.next = self.code.val();
        self.big11.d.next = self.code.val() >= self.inf_code.val();
        self.zero11.d.next = self.zero10.q.val();
        self.v11.d.next = self.v10.q.val();
        // ---- stage 12: the code rounded, overflow and the special cases
        self.v.next = self.v11.q.val();
        self.code.next = self.code11.q.val();
        if self.up11.q.val() {
            self.code.next = self.code11.q.val() + 1;
        }
        if self.big11.q.val() | self.v.val().inf {
            self.code.next = self.inf_code.val();
        }
        if self.zero11.q.val() & !self.v.val().inf {
            self.code.next = 0.into();
        }
        self.y12.d.next = bit_cast::<32, 33>(self.code.val());
        if (self.v.val().sign & !self.v.val().inf & !self.zero11.q.val())
            | (self.v.val().inf & self.v.val().inf_sign)
            | (self.zero11.q.val() & !self.v.val().inf & self.v.val().neg_zero)
        {
            self.y12.d.next = bit_cast::<32, 33>(self.code.val()) | self.neg_zero.val();
        }
        if self.v.val().nan {
            self.y12.d.next = self.nan_code.val();
        }
        self.y.next = bit_cast::<O, 32>(self.y12.q.val());
    }
}
