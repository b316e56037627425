//! `fp8_rounder`: one per column of the exact array, where results leave it. It takes the
//! exact sum T of an output (segments and pending carries of [`super::exact_pe`], grid 2^-34),
//! its C (FP16) and SR seed, and returns `Y = round(C + 2^s T)` to FP16, rounded once (SPEC
//! section 8). Five registered stages, one output per cycle:
//! 1. `resolve`: T as one 96-bit two's complement number (segments plus carries); C's seed
//!    stepped once, its low R bits are `rnd`;
//! 2. `scale`: |T| 2^s onto a 64-bit window whose least significant bit weighs 2^-41, with a
//!    sticky bit for what falls below it and an overflow flag for |T| 2^s >= 2^21 (beyond
//!    FP16 whatever C is). The window keeps every bit that FP16's rounding can see: its finest
//!    grid step is 2^-24 and SR reads R <= 16 bits below a step, down to 2^-40;
//! 3. `add`: C (exactly in the window: 2^-24 .. 2^16) added to or subtracted from it; when C
//!    is the larger in a subtraction, the sticky part becomes a borrow of one window step plus
//!    a sticky bit, which leaves both roundings unchanged;
//! 4. `normalise`: leading zeros, the FP16 grid step (normal or subnormal), the magnitude
//!    shifted so that the step is bit 56 of a rounding word;
//! 5. `round`: [`RoundUp`] on that word, the FP16 code, overflow; the special cases decided
//!    from the flags of the products and C.

use rust_hdl::prelude::*;

use super::primitives::RoundUp;
use super::records::ExactFlags;

/// Clock cycles from a sum at the rounder's input to its Y at the output.
pub const LATENCY: usize = 5;

/// The column rounder; `R` random bits of stochastic rounding.
#[derive(LogicBlock)]
pub struct Rounder<const R: usize> {
    /// Clock.
    pub clk: Signal<In, Clock>,
    /// The sum's segments (from the column's bottom element; s at bits 8s .. 8s + 7),
    pub seg: Signal<In, Bits<96>>,
    /// its pending carries (bit s: segment s's carry-out),
    pub carry: Signal<In, Bits<16>>,
    /// and the flags of its products.
    pub flags: Signal<In, ExactFlags>,
    /// C of this output (FP16).
    pub c: Signal<In, Bits<16>>,
    /// SR seed of this output.
    pub seed: Signal<In, Bits<32>>,
    /// 1 = stochastic rounding.
    pub sr: Signal<In, Bit>,
    /// s of the scale 2^s, two's complement, -64..=64.
    pub scale_exp: Signal<In, Bits<8>>,
    /// Y (FP16), `LATENCY` cycles after its inputs.
    pub y: Signal<Out, Bits<16>>,
    // stage 1 -> 2
    t1: DFF<Bits<96>>,
    flags1: DFF<ExactFlags>,
    c1: DFF<Bits<16>>,
    rnd1: DFF<Bits<R>>,
    // stage 2 -> 3
    wt2: DFF<Bits<64>>,
    sticky2: DFF<Bit>,
    ovf2: DFF<Bit>,
    sign2: DFF<Bit>,
    flags2: DFF<ExactFlags>,
    c2: DFF<Bits<16>>,
    rnd2: DFF<Bits<R>>,
    // stage 3 -> 4
    mag3: DFF<Bits<64>>,
    sticky3: DFF<Bit>,
    sign3: DFF<Bit>,
    ovf3: DFF<Bit>,
    nan3: DFF<Bit>,
    inf3: DFF<Bit>,
    inf_sign3: DFF<Bit>,
    neg_zero3: DFF<Bit>,
    rnd3: DFF<Bits<R>>,
    // stage 4 -> 5: the magnitude on the rounding word
    word4: DFF<Bits<67>>,
    g4: DFF<Bits<7>>,
    sign4: DFF<Bit>,
    zero4: DFF<Bit>,
    ovf4: DFF<Bit>,
    nan4: DFF<Bit>,
    inf4: DFF<Bit>,
    inf_sign4: DFF<Bit>,
    neg_zero4: DFF<Bit>,
    rnd4: DFF<Bits<R>>,
    // stage 5: the output register
    y5: DFF<Bits<16>>,
    round_up: RoundUp<R, 67>,
    // stage 1 locals
    t: Signal<Local, Bits<96>>,
    carries: Signal<Local, Bits<96>>,
    cbits: Signal<Local, Bits<16>>,
    state: Signal<Local, Bits<32>>,
    // stage 2 locals
    abs_t: Signal<Local, Bits<96>>,
    k: Signal<Local, Bits<8>>,
    n: Signal<Local, Bits<8>>,
    m: Signal<Local, Bits<8>>,
    shifted: Signal<Local, Bits<96>>,
    below: Signal<Local, Bits<96>>, // the bits a right shift drops
    above: Signal<Local, Bits<96>>, // the bits at and above the overflow threshold
    // stage 3 locals
    c_exp: Signal<Local, Bits<5>>,
    c_man: Signal<Local, Bits<10>>,
    c_sig: Signal<Local, Bits<64>>,
    c_at: Signal<Local, Bits<8>>,
    cm: Signal<Local, Bits<64>>,
    c_nan: Signal<Local, Bit>,
    c_inf: Signal<Local, Bit>,
    c_sign: Signal<Local, Bit>,
    f3: Signal<Local, ExactFlags>,
    // stage 4 locals
    lz: Signal<Local, Bits<7>>,
    lzb: Signal<Local, Bits<4>>, // zero bytes above the highest nonzero one (8: none)
    octet: Signal<Local, Bits<8>>,
    top_pos: Signal<Local, Bits<8>>,
    byte_pos: Vec<Constant<Bits<8>>>,
    zeros_above: Vec<Constant<Bits<4>>>, // byte b nonzero: 7 - b bytes above it
    zeros_in: Vec<Constant<Bits<7>>>,    // bit i the highest: 7 - i zeros above it
    seven4: Constant<Bits<4>>,
    g: Signal<Local, Bits<7>>,
    word: Signal<Local, Bits<67>>,
    q: Signal<Local, Bits<17>>,
    code: Signal<Local, Bits<17>>,
    // constants
    carry_bit: Vec<Constant<Bits<16>>>,
    carry_one: Vec<Constant<Bits<96>>>,
    low_mask: Constant<Bits<96>>, // the bits the segments hold
    ones: Constant<Bits<96>>,
    top_bit: Constant<Bits<8>>, // their sign bit
    seven: Constant<Bits<8>>,
    width: Constant<Bits<8>>,
    ovf_at: Constant<Bits<8>>,
    c_offset: Constant<Bits<8>>,
    g_min: Constant<Bits<7>>,
    g_lz: Constant<Bits<7>>,
    grid_at: Constant<Bits<7>>,
    inf_code: Constant<Bits<17>>,
    neg_zero: Constant<Bits<16>>,
    lz_normal: Constant<Bits<7>>, // fewer leading zeros: a normal FP16 result
}

impl<const R: usize> Rounder<R> {
    /// The rounder of sums held in `segments` 8-bit segments (9..=12).
    pub fn new(segments: usize) -> Self {
        assert!((9..=12).contains(&segments), "the rounder resolves 9 to 12 segments, got {segments}");
        let bits = 8 * segments;
        let low_mask = if bits == 96 { u128::MAX >> 32 } else { (1u128 << bits) - 1 };
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
            rnd1: Default::default(),
            wt2: Default::default(),
            sticky2: Default::default(),
            ovf2: Default::default(),
            sign2: Default::default(),
            flags2: Default::default(),
            c2: Default::default(),
            rnd2: Default::default(),
            mag3: Default::default(),
            sticky3: Default::default(),
            sign3: Default::default(),
            ovf3: Default::default(),
            nan3: Default::default(),
            inf3: Default::default(),
            inf_sign3: Default::default(),
            neg_zero3: Default::default(),
            rnd3: Default::default(),
            word4: Default::default(),
            g4: Default::default(),
            sign4: Default::default(),
            zero4: Default::default(),
            ovf4: Default::default(),
            nan4: Default::default(),
            inf4: Default::default(),
            inf_sign4: Default::default(),
            neg_zero4: Default::default(),
            rnd4: Default::default(),
            y5: Default::default(),
            round_up: RoundUp::at(56),
            t: Default::default(),
            carries: Default::default(),
            cbits: Default::default(),
            state: Default::default(),
            abs_t: Default::default(),
            k: Default::default(),
            n: Default::default(),
            m: Default::default(),
            shifted: Default::default(),
            below: Default::default(),
            above: Default::default(),
            c_exp: Default::default(),
            c_man: Default::default(),
            c_sig: Default::default(),
            c_at: Default::default(),
            cm: Default::default(),
            c_nan: Default::default(),
            c_inf: Default::default(),
            c_sign: Default::default(),
            f3: Default::default(),
            lz: Default::default(),
            lzb: Default::default(),
            octet: Default::default(),
            top_pos: Default::default(),
            byte_pos: (0..8).map(|b| Constant::new(((8 * b) as u64).into())).collect(),
            zeros_above: (0..8).map(|b| Constant::new(((7 - b) as u64).into())).collect(),
            zeros_in: (0..8).map(|i| Constant::new(((7 - i) as u64).into())).collect(),
            seven4: Constant::new(7.into()),
            g: Default::default(),
            word: Default::default(),
            q: Default::default(),
            code: Default::default(),
            carry_bit: (0..segments).map(|s| Constant::new((1u64 << s).into())).collect(),
            // The top segment's carry leaves the 8 x segments bits: the sum is modulo that.
            carry_one: (0..segments).map(|s| Constant::new(bits96(if s + 1 < segments { 1u128 << (8 * (s + 1)) } else { 0 }))).collect(),
            low_mask: Constant::new(bits96(low_mask)),
            ones: Constant::new(bits96(u128::MAX)),
            top_bit: Constant::new(((bits - 1) as u64).into()),
            seven: Constant::new(7.into()),
            width: Constant::new(96.into()),
            ovf_at: Constant::new(55.into()),   // |T| 2^(s - 34) >= 2^21 <=> |T| >= 2^(55 - s)
            c_offset: Constant::new(16.into()), // C = sig 2^(e - 25) = sig 2^(e + 16) window steps
            g_min: Constant::new(17.into()),    // FP16's subnormal step 2^-24 is window bit 17
            g_lz: Constant::new(53.into()),     // a leading one at bit p = 63 - lz: step at p - 10
            grid_at: Constant::new(56.into()),  // the step moves to bit 56 of the rounding word
            inf_code: Constant::new(0x7C00.into()),
            neg_zero: Constant::new(0x8000.into()),
            lz_normal: Constant::new(37.into()), // p >= 27, the step p - 10 >= 17
        }
    }
}

/// A 96-bit constant.
fn bits96(v: u128) -> Bits<96> {
    let mut b = Bits::<96>::default();
    for i in 0..96 {
        if (v >> i) & 1 == 1 {
            b = b.replace_bit(i, true);
        }
    }
    b
}

impl<const R: usize> Logic for Rounder<R> {
    #[hdl_gen]
    fn update(&mut self) {
        dff_setup!(
            self, clk, t1, flags1, c1, rnd1, wt2, sticky2, ovf2, sign2, flags2, c2, rnd2, mag3, sticky3, sign3, ovf3, nan3, inf3,
            inf_sign3, neg_zero3, rnd3, word4, g4, sign4, zero4, ovf4, nan4, inf4, inf_sign4, neg_zero4, rnd4, y5
        );
        // ---- stage 1: resolve the carries; step the seed once
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
        self.t1.d.next = self.t.val();
        self.flags1.d.next = self.flags.val();
        self.c1.d.next = self.c.val();
        self.state.next = self.seed.val() ^ (self.seed.val() << 13);
        self.state.next = self.state.val() ^ (self.state.val() >> 17);
        self.state.next = self.state.val() ^ (self.state.val() << 5);
        self.rnd1.d.next = bit_cast::<R, 32>(self.state.val());
        // ---- stage 2: |T| 2^s onto the window (bit 0 = 2^-41), sticky below, overflow above
        self.abs_t.next = self.t1.q.val();
        if self.t1.q.val().get_bit(95) {
            self.abs_t.next = !self.t1.q.val() + 1;
        }
        self.k.next = self.scale_exp.val() + self.seven.val();
        self.sticky2.d.next = false;
        self.n.next = 0.into();
        self.below.next = 0.into();
        self.above.next = 0.into();
        if self.k.val().get_bit(7) {
            self.n.next = !self.k.val() + 1;
            self.shifted.next = self.abs_t.val() >> self.n.val();
            self.below.next = self.abs_t.val() & !(self.ones.val() << self.n.val());
            self.sticky2.d.next = self.below.val().any();
        } else {
            self.shifted.next = self.abs_t.val() << self.k.val();
        }
        self.wt2.d.next = bit_cast::<64, 96>(self.shifted.val());
        self.m.next = self.ovf_at.val() - self.scale_exp.val();
        if self.m.val().get_bit(7) | !self.m.val().any() {
            self.ovf2.d.next = self.abs_t.val().any();
        } else if self.m.val() >= self.width.val() {
            self.ovf2.d.next = false;
        } else {
            self.above.next = self.abs_t.val() & (self.ones.val() << self.m.val());
            self.ovf2.d.next = self.above.val().any();
        }
        self.sign2.d.next = self.t1.q.val().get_bit(95);
        self.flags2.d.next = self.flags1.q.val();
        self.c2.d.next = self.c1.q.val();
        self.rnd2.d.next = self.rnd1.q.val();
        // ---- stage 3: add C exactly; the special cases
        self.c_sign.next = self.c2.q.val().get_bit(15);
        self.c_exp.next = self.c2.q.val().get_bits::<5>(10);
        self.c_man.next = self.c2.q.val().get_bits::<10>(0);
        self.c_nan.next = self.c_exp.val().all() & self.c_man.val().any();
        self.c_inf.next = self.c_exp.val().all() & !self.c_man.val().any();
        self.c_sig.next = bit_cast::<64, 10>(self.c_man.val());
        self.c_at.next = bit_cast::<8, 5>(self.c_exp.val()) + self.c_offset.val();
        if self.c_exp.val().any() {
            self.c_sig.next = self.c_sig.val() | 1024;
        } else {
            self.c_at.next = self.c_offset.val() + 1;
        }
        self.cm.next = self.c_sig.val() << self.c_at.val();
        self.sticky3.d.next = self.sticky2.q.val();
        if self.sign2.q.val() == self.c_sign.val() {
            self.mag3.d.next = self.wt2.q.val() + self.cm.val();
            self.sign3.d.next = self.c_sign.val();
        } else if self.wt2.q.val() >= self.cm.val() {
            self.mag3.d.next = self.wt2.q.val() - self.cm.val();
            self.sign3.d.next = self.sign2.q.val();
        } else {
            self.mag3.d.next = self.cm.val() - self.wt2.q.val();
            if self.sticky2.q.val() {
                self.mag3.d.next = self.cm.val() - self.wt2.q.val() - 1;
            }
            self.sign3.d.next = self.c_sign.val();
        }
        self.ovf3.d.next = self.ovf2.q.val();
        if self.ovf2.q.val() {
            // Beyond 2^21, T decides the sign (the window value is not meaningful).
            self.sign3.d.next = self.sign2.q.val();
        }
        self.f3.next = self.flags2.q.val();
        self.nan3.d.next = self.f3.val().nan
            | self.c_nan.val()
            | (self.f3.val().pos_inf & self.f3.val().neg_inf)
            | (self.c_inf.val() & ((self.c_sign.val() & self.f3.val().pos_inf) | (!self.c_sign.val() & self.f3.val().neg_inf)));
        self.inf3.d.next = self.f3.val().pos_inf | self.f3.val().neg_inf | self.c_inf.val();
        self.inf_sign3.d.next = self.c_sign.val();
        if self.f3.val().pos_inf | self.f3.val().neg_inf {
            self.inf_sign3.d.next = self.f3.val().neg_inf;
        }
        self.neg_zero3.d.next = self.f3.val().all_neg_zero & (self.c2.q.val() == self.neg_zero.val());
        self.rnd3.d.next = self.rnd2.q.val();
        // ---- stage 4: normalise: the FP16 grid step g (a window bit) moves to bit 56
        // Leading zeros in two short priority chains: the highest nonzero byte, then the
        // highest one in it.
        self.lzb.next = 8.into();
        for b in 0usize..8 {
            self.octet.next = self.mag3.q.val().get_bits::<8>(self.byte_pos[b].val().index());
            if self.octet.val().any() {
                self.lzb.next = self.zeros_above[b].val();
            }
        }
        self.top_pos.next = 0.into();
        if self.mag3.q.val().any() {
            self.top_pos.next = (bit_cast::<8, 4>(self.seven4.val() - self.lzb.val())) << 3;
        }
        self.octet.next = self.mag3.q.val().get_bits::<8>(self.top_pos.val().index());
        self.lz.next = (bit_cast::<7, 4>(self.lzb.val()) << 3) + 8;
        for i in 0usize..8 {
            if self.octet.val().get_bit(i) {
                self.lz.next = (bit_cast::<7, 4>(self.lzb.val()) << 3) + self.zeros_in[i].val();
            }
        }
        self.g.next = self.g_min.val();
        if self.lz.val() < self.lz_normal.val() {
            self.g.next = self.g_lz.val() - self.lz.val();
        }
        self.word.next = bit_cast::<67, 64>(self.mag3.q.val()) << (self.grid_at.val() - self.g.val());
        if self.sticky3.q.val() {
            self.word.next = self.word.val() | 1;
        }
        self.word4.d.next = self.word.val();
        self.g4.d.next = self.g.val();
        self.sign4.d.next = self.sign3.q.val();
        self.zero4.d.next = !self.mag3.q.val().any() & !self.sticky3.q.val();
        self.ovf4.d.next = self.ovf3.q.val();
        self.nan4.d.next = self.nan3.q.val();
        self.inf4.d.next = self.inf3.q.val();
        self.inf_sign4.d.next = self.inf_sign3.q.val();
        self.neg_zero4.d.next = self.neg_zero3.q.val();
        self.rnd4.d.next = self.rnd3.q.val();
        // ---- stage 5: round once, then overflow and the special cases
        self.round_up.sr.next = self.sr.val();
        self.round_up.rnd.next = self.rnd4.q.val();
        self.round_up.word.next = self.word4.q.val();
        self.q.next = bit_cast::<17, 67>(self.word4.q.val() >> self.grid_at.val());
        self.code.next = (bit_cast::<17, 7>(self.g4.q.val() - self.g_min.val()) << 10) + self.q.val();
        if self.round_up.up.val() {
            self.code.next = self.code.val() + 1;
        }
        self.y5.d.next = bit_cast::<16, 17>(self.code.val());
        if self.sign4.q.val() {
            self.y5.d.next = bit_cast::<16, 17>(self.code.val()) | 0x8000;
        }
        if self.zero4.q.val() {
            self.y5.d.next = 0.into();
            if self.neg_zero4.q.val() {
                self.y5.d.next = 0x8000.into();
            }
        }
        if self.ovf4.q.val() | (self.code.val() >= self.inf_code.val()) {
            self.y5.d.next = 0x7C00.into();
            if self.sign4.q.val() {
                self.y5.d.next = 0xFC00.into();
            }
        }
        if self.inf4.q.val() {
            self.y5.d.next = 0x7C00.into();
            if self.inf_sign4.q.val() {
                self.y5.d.next = 0xFC00.into();
            }
        }
        if self.nan4.q.val() {
            self.y5.d.next = 0x7E00.into();
        }
        self.y.next = self.y5.q.val();
    }
}
