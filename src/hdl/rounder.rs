//! `fp8_rounder`: the exact array's rounder (one for the whole array), one module for every
//! output format (FP16, BF16, binary32), its constants computed from the format's exponent and
//! significand widths as HardFloat's `RoundAnyRawFNToRecFN` computes its own. It returns `Y = round(C + 2^s T)`,
//! rounded once (docs/spec.md section 8), T being the exact sum of an output (segments and
//! pending carries of [`super::exact_pe`], grid 2^-34) and C of the output format.
//!
//! A fixed window does not carry over to a format of wide range (binary32 and BF16 span 2^-149
//! .. 2^128 while T 2^s has up to 96 significant bits anywhere in 2^-98 .. 2^126), so the two
//! terms are added as floating-point numbers are, on a `W`-bit window relative to the larger:
//! * each term is a frame with its top bit at bit W - 2 (bit W - 1 takes the addition's carry,
//!   bit 0 the sticky bit):
//!   |T| (96 bits, T's bit 95 weighing 2^(61 + s)) at bits W - 97 .. W - 2, C's significand
//!   (p = m + 1 bits, its hidden bit weighing 2^(e - bias), or 2^emin when subnormal) at bits
//!   W - 1 - p .. W - 2. A frame's top is kept as a biased exponent, at least 1;
//! * the frame with the higher top (T's on a tie and when C is zero) stays; the other moves right
//!   by the difference d, the bits it loses (those that reach bit 0 or below) ORed into its bit 0;
//!   then one plain addition or subtraction: the sticky bit stands for a value strictly between
//!   0 and one step of bit 1, so in a subtraction the result's bits from 1 up are those of the
//!   exact difference less one step, and its bit 0 is set: both roundings see the exact value;
//! * why W >= 102 + m + R is enough: the lower frame loses bits only when d exceeds its room
//!   (W - 98 for T, W - 2 - p for C). Then the higher term is more than 2^(R + 3) times the
//!   lower (a normal C against T below its room; a nonzero T, at least its frame's bit 1,
//!   against C below its room), so the sum's leading one is at most one bit below the higher
//!   term's and the normalising shift (at most 98 bits) keeps every bit that rounding reads
//!   (p bits, then R below) above the window's bit 0.
//!
//! Fifteen registered stages, one output per cycle, whatever the format: resolve the carries
//! (the seed stepped once); |T|, C unpacked, the special cases; the frames ordered; the lower
//! one shifted by whole bytes (with its sticky bit), then by bits; added in two halves (sum,
//! difference and reverse difference side by side, the sum or the difference chosen by the
//! signs); the borrow's choice with the octets' flags, then a one-hot octet select for the
//! leading zeros, then their OR; the normalising shift chosen (the step of a p-bit
//! significand to bit W - p, or the subnormal step there), applied by bytes, then by bits and
//! narrowed to a 42-bit rounding word; [`RoundUp`] beside the truncated code and its
//! overflow; the code rounded and the special cases applied.

use rust_hdl::prelude::*;

use super::primitives::{wide, OctetZeroCount, RoundUp, XorshiftStep};
use super::records::{ExactFlags, Verdict};
use super::rounder_parts::{ResolveSum, SpecialCases};
use crate::config::GRID_LSB;
use crate::format::FloatFormat;

/// Clock cycles from a sum at the rounder's input to its Y at the output.
pub const LATENCY: usize = 15;

/// Bits of the rounding word: the widest significand (binary32's 24 bits) and 18 below it.
const WORD: usize = 42;

/// The least window for a format of `man_bits` fraction bits and `r` random bits (the module
/// docs derive it).
pub const fn min_window(man_bits: u32, r: usize) -> usize {
    102 + man_bits as usize + r
}

/// The rounder into `out`; `R` random bits of stochastic rounding; C and Y of `O` bits
/// (the format's width); a `W`-bit window (at least [`min_window`]).
#[derive(LogicBlock)]
pub struct Rounder<const R: usize, const O: usize, const W: usize> {
    /// Clock.
    pub clk: Signal<In, Clock>,
    /// The sum's segments (from the column's bottom element; s at bits 8s .. 8s + 7),
    pub seg: Signal<In, Bits<96>>,
    /// its pending carries (bit s: segment s's carry-out),
    pub carry: Signal<In, Bits<16>>,
    /// and the flags of its products.
    pub flags: Signal<In, ExactFlags>,
    /// C of this output (the output format's code).
    pub c: Signal<In, Bits<O>>,
    /// SR seed of this output.
    pub seed: Signal<In, Bits<32>>,
    /// 1 = stochastic rounding.
    pub sr: Signal<In, Bit>,
    /// s of the scale 2^s, two's complement, -64..=64.
    pub scale_exp: Signal<In, Bits<8>>,
    /// Y, [`LATENCY`] cycles after its inputs.
    pub y: Signal<Out, Bits<O>>,
    // stage registers: rnd and the verdict travel alongside
    t1: DFF<Bits<96>>,
    flags1: DFF<ExactFlags>,
    c1: DFF<Bits<O>>,
    t_top: DFF<Bits<10>>, // T's frame top, biased: s + 61 + bias (s is fixed during a GEMM)
    abs2: DFF<Bits<96>>,
    t_zero2: DFF<Bit>,
    c_sig2: DFF<Bits<24>>, // 0 for a zero, infinite or NaN C
    c_top2: DFF<Bits<10>>,
    c_sign2: DFF<Bit>,
    t_first2: DFF<Bit>, // T's top >= C's, or C is zero
    v2: DFF<Verdict>,
    high3: DFF<Bits<W>>, // the frame that stays
    low3: DFF<Bits<W>>,  // the frame that moves right by d3
    d3: DFF<Bits<10>>,
    top3: DFF<Bits<10>>, // the window's bit W - 2 weighs 2^(top3 - bias)
    high_sign3: DFF<Bit>,
    low_sign3: DFF<Bit>,
    v3: DFF<Verdict>,
    high4: DFF<Bits<W>>,
    coarse4: DFF<Bits<W>>,
    fine4: DFF<Bits<3>>,
    lost4: DFF<Bits<32>>, // bit b: byte b of the bits shifted out is nonzero (W / 8 bytes)
    top4: DFF<Bits<10>>,
    high_sign4: DFF<Bit>,
    low_sign4: DFF<Bit>,
    v4: DFF<Verdict>,
    high5: DFF<Bits<W>>,
    low5: DFF<Bits<W>>, // its bit 0 clear: the sticky bit is `sticky5`
    sticky5: DFF<Bit>,
    top5: DFF<Bits<10>>,
    high_sign5: DFF<Bit>,
    low_sign5: DFF<Bit>,
    v5: DFF<Verdict>,
    lo_sum6: DFF<Bits<W>>, // the low halves' sum, its carry at bit H (H = W / 2)
    lo_diff6: DFF<Bits<W>>,
    lo_rev6: DFF<Bits<W>>,
    hi_high6: DFF<Bits<W>>, // the high halves, at bit 0
    hi_low6: DFF<Bits<W>>,
    same6: DFF<Bit>, // the signs are equal: add
    low_sign6: DFF<Bit>,
    top6: DFF<Bits<10>>,
    v6: DFF<Verdict>,
    either7: DFF<Bits<W>>, // the sum (equal signs) or the difference
    reverse7: DFF<Bits<W>>,
    pick7: DFF<Bit>, // the difference borrowed: the reverse difference, with the low sign
    low_sign7: DFF<Bit>,
    top7: DFF<Bits<10>>,
    v7: DFF<Verdict>,
    mag8: DFF<Bits<W>>, // beside the leading-zero counter's own register
    top8: DFF<Bits<10>>,
    v8: DFF<Verdict>,
    mag9: DFF<Bits<W>>,
    top9: DFF<Bits<10>>,
    v9: DFF<Verdict>,
    mag10: DFF<Bits<W>>,
    lz10: DFF<Bits<8>>,
    top10: DFF<Bits<10>>,
    v10: DFF<Verdict>,
    n11: DFF<Bits<8>>,  // the normalising shift
    e11: DFF<Bits<10>>, // the biased exponent less the significand's leading one
    mag11: DFF<Bits<W>>,
    zero11: DFF<Bit>,
    v11: DFF<Verdict>,
    coarse12: DFF<Bits<W>>, // shifted by the multiple of 8
    fine12: DFF<Bits<3>>,
    e12: DFF<Bits<10>>,
    zero12: DFF<Bit>,
    v12: DFF<Verdict>,
    word13: DFF<Bits<WORD>>, // the format's step at bit WORD - p, sticky in bit 0
    e13: DFF<Bits<10>>,
    zero13: DFF<Bit>,
    v13: DFF<Verdict>,
    rnd: Vec<DFF<Bits<R>>>, // rnd[i]: after stage i + 1
    code14: DFF<Bits<40>>,  // truncated
    up14: DFF<Bit>,
    big14: DFF<Bit>, // code14 overflows (code14 + 1 overflowing is the infinity, already)
    zero14: DFF<Bit>,
    v14: DFF<Verdict>,
    y15: DFF<Bits<O>>,
    resolve: ResolveSum,
    seed_step: XorshiftStep,
    special: SpecialCases,
    lzc: OctetZeroCount<W, 8>,
    round_up: RoundUp<R, WORD>,
    // locals
    v: Signal<Local, Verdict>,
    s10: Signal<Local, Bits<10>>, // s sign-extended
    c_shifted: Signal<Local, Bits<O>>,
    c_exp: Signal<Local, Bits<8>>,
    c_top: Signal<Local, Bits<10>>,
    c_man: Signal<Local, Bits<24>>,
    c_nan: Signal<Local, Bit>,
    c_inf: Signal<Local, Bit>,
    t_frame: Signal<Local, Bits<W>>,
    c_frame: Signal<Local, Bits<W>>,
    lost: Signal<Local, Bits<W>>,        // the lower frame's bits that reach bit 0 or below
    lost_bytes: Signal<Local, Bits<32>>, // bit b: byte b of `lost` is nonzero
    neg_lo: Signal<Local, Bits<96>>,     // -T's low half, its carry out at bit 48
    neg_hi: Signal<Local, Bits<96>>,     // -T's high half, at bit 0
    lo_high: Signal<Local, Bits<W>>,     // the high frame's low half
    lo_low: Signal<Local, Bits<W>>,      // the low frame's
    sum: Signal<Local, Bits<W>>,         // high + low, the upper half (at bit 0)
    diff: Signal<Local, Bits<W>>,        // high - low, the upper half; bit H - 1: borrow
    reverse: Signal<Local, Bits<W>>,     // low - high, the upper half
    mag: Signal<Local, Bits<W>>,         // |sum|
    fine: Signal<Local, Bits<W>>,
    low: Signal<Local, Bits<W>>,     // the lower frame with its sticky bit
    lz_ext: Signal<Local, Bits<10>>, // lz10 on 10 bits
    word: Signal<Local, Bits<W>>,
    q: Signal<Local, Bits<40>>,
    e40: Signal<Local, Bits<40>>,
    code: Signal<Local, Bits<40>>,
    // constants of the format and the window
    man_bits: Constant<Bits<8>>,
    exp_ones: Constant<Bits<8>>,
    man_mask: Constant<Bits<24>>,
    hidden: Constant<Bits<24>>,
    t_bias: Constant<Bits<10>>,
    t_at: Constant<Bits<8>>, // T's frame starts at this bit
    c_at: Constant<Bits<8>>, // C's
    half: Constant<Bits<8>>, // H = W / 2
    h48: Constant<Bits<8>>,  // T's halves
    low48: Constant<Bits<96>>,
    low_half: Constant<Bits<W>>, // bits 0 .. H - 1
    top_half_bit: Constant<Bits<8>>,
    ones: Constant<Bits<W>>,
    bit0: Constant<Bits<W>>,
    byte_pos: Vec<Constant<Bits<8>>>, // byte b of the window starts at bit 8 b
    byte_bit: Vec<Constant<Bits<32>>>,
    width: Constant<Bits<10>>,
    byte_mask: Constant<Bits<10>>,
    bit_mask: Constant<Bits<10>>,
    n_bytes: Constant<Bits<8>>,
    n_bits: Constant<Bits<8>>,
    word_at: Constant<Bits<8>>,    // the rounding word starts at this bit
    below_word: Constant<Bits<W>>, // the bits under it
    step_at: Constant<Bits<8>>,    // the step's bit in the word
    inf_code: Constant<Bits<40>>,
    nan_code: Constant<Bits<O>>,
    sign_bit: Constant<Bits<O>>,
}

impl<const R: usize, const O: usize, const W: usize> Rounder<R, O, W> {
    /// The rounder into `out` (a format of `O` bits and at most 24 significand bits) of sums
    /// held in `segments` 8-bit segments (9..=12).
    pub fn new(segments: usize, out: &FloatFormat) -> Self {
        let (m, e) = (out.man_bits as usize, out.exp_bits as usize);
        assert_eq!(out.width() as usize, O, "{} codes are not {O} bits", out.name);
        assert!(m < 24 && e <= 8, "{} is wider than binary32", out.name);
        assert!(
            W >= min_window(out.man_bits, R) && W <= 255 && W.is_multiple_of(8),
            "a {W}-bit window is too narrow for {} with {R} random bits",
            out.name
        );
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
            t_top: Default::default(),
            abs2: Default::default(),
            t_zero2: Default::default(),
            c_sig2: Default::default(),
            c_top2: Default::default(),
            c_sign2: Default::default(),
            t_first2: Default::default(),
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
            lost4: Default::default(),
            top4: Default::default(),
            high_sign4: Default::default(),
            low_sign4: Default::default(),
            v4: Default::default(),
            high5: Default::default(),
            low5: Default::default(),
            sticky5: Default::default(),
            top5: Default::default(),
            high_sign5: Default::default(),
            low_sign5: Default::default(),
            v5: Default::default(),
            lo_sum6: Default::default(),
            lo_diff6: Default::default(),
            lo_rev6: Default::default(),
            hi_high6: Default::default(),
            hi_low6: Default::default(),
            same6: Default::default(),
            low_sign6: Default::default(),
            top6: Default::default(),
            v6: Default::default(),
            either7: Default::default(),
            reverse7: Default::default(),
            pick7: Default::default(),
            low_sign7: Default::default(),
            top7: Default::default(),
            v7: Default::default(),
            mag8: Default::default(),
            top8: Default::default(),
            v8: Default::default(),
            mag9: Default::default(),
            top9: Default::default(),
            v9: Default::default(),
            mag10: Default::default(),
            lz10: Default::default(),
            top10: Default::default(),
            v10: Default::default(),
            n11: Default::default(),
            e11: Default::default(),
            mag11: Default::default(),
            zero11: Default::default(),
            v11: Default::default(),
            coarse12: Default::default(),
            fine12: Default::default(),
            e12: Default::default(),
            zero12: Default::default(),
            v12: Default::default(),
            word13: Default::default(),
            e13: Default::default(),
            zero13: Default::default(),
            v13: Default::default(),
            rnd: (0..LATENCY - 2).map(|_| Default::default()).collect(),
            code14: Default::default(),
            up14: Default::default(),
            big14: Default::default(),
            zero14: Default::default(),
            v14: Default::default(),
            y15: Default::default(),
            resolve: ResolveSum::new(segments),
            seed_step: Default::default(),
            special: Default::default(),
            lzc: Default::default(),
            round_up: RoundUp::at(WORD - 1 - m),
            v: Default::default(),
            s10: Default::default(),
            c_shifted: Default::default(),
            c_exp: Default::default(),
            c_top: Default::default(),
            c_man: Default::default(),
            c_nan: Default::default(),
            c_inf: Default::default(),
            t_frame: Default::default(),
            c_frame: Default::default(),
            neg_lo: Default::default(),
            neg_hi: Default::default(),
            lo_high: Default::default(),
            lo_low: Default::default(),
            sum: Default::default(),
            diff: Default::default(),
            reverse: Default::default(),
            mag: Default::default(),
            lost: Default::default(),
            lost_bytes: Default::default(),
            fine: Default::default(),
            low: Default::default(),
            lz_ext: Default::default(),
            word: Default::default(),
            q: Default::default(),
            e40: Default::default(),
            code: Default::default(),
            man_bits: k(m as u64),
            exp_ones: k((1 << e) - 1),
            man_mask: k((1 << m) - 1),
            hidden: k(1 << m),
            // T's bit 95 weighs 2^(95 + GRID_LSB + s)
            t_bias: k((95 + GRID_LSB + out.bias) as u64),
            t_at: k((W - 97) as u64),
            c_at: k((W - 2 - m) as u64),
            half: k((W / 2) as u64),
            h48: k(48),
            low48: Constant::new(wide((1u128 << 48) - 1)),
            low_half: Constant::new(wide((1u128 << (W / 2)) - 1)),
            top_half_bit: k((W / 2 - 1) as u64),
            ones: Constant::new(!Bits::<W>::default()),
            bit0: Constant::new(1.into()),
            byte_pos: (0..W / 8).map(|b| Constant::new(((8 * b) as u64).into())).collect(),
            byte_bit: (0..W / 8).map(|b| Constant::new((1u64 << b).into())).collect(),
            width: k(W as u64),
            byte_mask: k(0x3F8),
            bit_mask: k(7),
            n_bytes: k(0xF8),
            n_bits: k(7),
            word_at: k((W - WORD) as u64),
            below_word: Constant::new(wide((1u128 << (W - WORD)) - 1)),
            step_at: k((WORD - 1 - m) as u64),
            inf_code: k(((1 << e) - 1) << m),
            nan_code: k(out.canonical_nan() as u64),
            sign_bit: k(1 << (e + m)),
        }
    }
}

/// A constant of any width, from a value of up to 64 bits.
fn k<const N: usize>(v: u64) -> Constant<Bits<N>> {
    Constant::new(v.into())
}

impl<const R: usize, const O: usize, const W: usize> Logic for Rounder<R, O, W> {
    #[hdl_gen]
    fn update(&mut self) {
        dff_setup!(
            self, clk, t1, flags1, c1, t_top, abs2, t_zero2, c_sig2, c_top2, c_sign2, t_first2, v2, high3, low3, d3, top3, high_sign3,
            low_sign3, v3, high4, coarse4, fine4, lost4, top4, high_sign4, low_sign4, v4, high5, low5, sticky5, top5, high_sign5,
            low_sign5, v5, lo_sum6, lo_diff6, lo_rev6, hi_high6, hi_low6, same6, low_sign6, top6, v6, either7, reverse7, pick7, low_sign7,
            top7, v7, mag8, top8, v8, mag9, top9, v9, mag10, lz10, top10, v10, n11, e11, mag11, zero11, v11, coarse12, fine12, e12, zero12,
            v12, word13, e13, zero13, v13, code14, up14, big14, zero14, v14, y15
        );
        for i in 0usize..self.rnd.len() {
            self.rnd[i].clock.next = self.clk.val();
        }
        for i in 1usize..self.rnd.len() {
            self.rnd[i].d.next = self.rnd[i - 1].q.val();
        }
        // ---- stage 1: resolve the carries; step the seed once; T's frame top
        self.resolve.seg.next = self.seg.val();
        self.resolve.carry.next = self.carry.val();
        self.t1.d.next = self.resolve.t.val();
        self.flags1.d.next = self.flags.val();
        self.c1.d.next = self.c.val();
        self.seed_step.state.next = self.seed.val();
        self.seed_step.seed.next = 0.into();
        self.seed_step.load.next = false;
        self.seed_step.step.next = true;
        self.rnd[0].d.next = bit_cast::<R, 32>(self.seed_step.next_state.val());
        self.s10.next = bit_cast::<10, 8>(self.scale_exp.val());
        if self.scale_exp.val().get_bit(7) {
            self.s10.next = self.s10.val() | 0x300;
        }
        self.t_top.d.next = self.s10.val() + self.t_bias.val();
        // ---- stage 2: |T|; C unpacked; the special cases
        // -T = !T + 1 in two 48-bit halves side by side (one 96-bit chain was the slowest
        // path): the low half's carry out (its bits all zero) chooses between the high half
        // complemented and that plus one.
        self.neg_lo.next = (!self.t1.q.val() & self.low48.val()) + 1;
        self.neg_hi.next = (!self.t1.q.val() >> self.h48.val()) & self.low48.val();
        if self.neg_lo.val().get_bit(self.h48.val().index()) {
            self.neg_hi.next = self.neg_hi.val() + 1;
        }
        self.abs2.d.next = self.t1.q.val();
        if self.t1.q.val().get_bit(95) {
            self.abs2.d.next = (self.neg_hi.val() << self.h48.val()) | (self.neg_lo.val() & self.low48.val());
        }
        self.t_zero2.d.next = !self.t1.q.val().any();
        self.c_sign2.d.next = (self.c1.q.val() & self.sign_bit.val()).any();
        self.c_shifted.next = self.c1.q.val() >> self.man_bits.val();
        self.c_exp.next = bit_cast::<8, O>(self.c_shifted.val()) & self.exp_ones.val();
        self.c_man.next = bit_cast::<24, O>(self.c1.q.val()) & self.man_mask.val();
        self.c_nan.next = (self.c_exp.val() == self.exp_ones.val()) & self.c_man.val().any();
        self.c_inf.next = (self.c_exp.val() == self.exp_ones.val()) & !self.c_man.val().any();
        self.c_sig2.d.next = self.c_man.val();
        self.c_top.next = bit_cast::<10, 8>(self.c_exp.val());
        if self.c_exp.val().any() {
            self.c_sig2.d.next = self.c_man.val() | self.hidden.val();
        } else {
            self.c_top.next = 1.into();
        }
        if self.c_exp.val() == self.exp_ones.val() {
            self.c_sig2.d.next = 0.into();
        }
        self.c_top2.d.next = self.c_top.val();
        // T's frame stays the higher one (unless T is zero): decided here, so that stage 3's
        // 2 W selects hang on one register (the compare and C's zero test there, before that
        // fan-out, were the E4M3 8x8's slowest path once the leading-zero count was not)
        self.t_first2.d.next = (self.t_top.q.val() >= self.c_top.val())
            | (self.c_exp.val() == self.exp_ones.val())
            | !(self.c_exp.val().any() | self.c_man.val().any());
        self.special.flags.next = self.flags1.q.val();
        self.special.c_sign.next = (self.c1.q.val() & self.sign_bit.val()).any();
        self.special.c_nan.next = self.c_nan.val();
        self.special.c_inf.next = self.c_inf.val();
        self.special.c_neg_zero.next = self.c1.q.val() == self.sign_bit.val();
        self.special.t_sign.next = self.t1.q.val().get_bit(95);
        self.v2.d.next = self.special.v.val();
        // ---- stage 3: the frames, ordered by their tops
        self.t_frame.next = bit_cast::<W, 96>(self.abs2.q.val()) << self.t_at.val();
        self.c_frame.next = bit_cast::<W, 24>(self.c_sig2.q.val()) << self.c_at.val();
        if !self.t_zero2.q.val() & self.t_first2.q.val() {
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
        // ---- stage 4: the lower frame moved by whole bytes; what reaches bit 0 or below is
        // sticky, kept as one bit per byte so that this stage holds no 128-input OR (stage 5
        // ORs the bytes: the whole OR after the mask was the array's slowest path)
        self.lost.next = self.low3.q.val() & !((self.ones.val() << self.d3.q.val()) << 1);
        self.coarse4.d.next = self.low3.q.val() >> (self.d3.q.val() & self.byte_mask.val());
        if self.d3.q.val() >= self.width.val() {
            self.coarse4.d.next = 0.into();
            self.lost.next = self.low3.q.val();
        }
        self.lost_bytes.next = 0.into();
        for b in 0usize..self.byte_pos.len() {
            if self.lost.val().get_bits::<8>(self.byte_pos[b].val().index()).any() {
                self.lost_bytes.next = self.lost_bytes.val() | self.byte_bit[b].val();
            }
        }
        self.lost4.d.next = self.lost_bytes.val();
        self.fine4.d.next = bit_cast::<3, 10>(self.d3.q.val() & self.bit_mask.val());
        self.v4.d.next = self.v3.q.val();
        self.high4.d.next = self.high3.q.val();
        self.top4.d.next = self.top3.q.val();
        self.high_sign4.d.next = self.high_sign3.q.val();
        self.low_sign4.d.next = self.low_sign3.q.val();
        // ---- stage 5: then by the rest (0 .. 7 bits); the bytes' OR is the sticky bit, which
        // stage 6 puts in bit 0 (ORed into the fine shift's bit 0 here, it was the slowest path)
        self.fine.next = self.coarse4.q.val() >> self.fine4.q.val();
        self.low5.d.next = self.fine.val() & !self.bit0.val();
        self.sticky5.d.next = self.lost4.q.val().any();
        self.high5.d.next = self.high4.q.val();
        self.top5.d.next = self.top4.q.val();
        self.high_sign5.d.next = self.high_sign4.q.val();
        self.low_sign5.d.next = self.low_sign4.q.val();
        self.v5.d.next = self.v4.q.val();
        // ---- stages 6 and 7: add. The three results side by side (sum, difference, reverse
        // difference), the choice by the difference's borrow (both frames are below 2^(W - 1)):
        // a compare before a shared subtractor was the slowest path, then the one W-bit chain.
        // Stage 6 adds the low halves, bit H of each word its carry out; -x = !x + 1.
        self.low.next = self.low5.q.val();
        if self.sticky5.q.val() {
            self.low.next = self.low5.q.val() | self.bit0.val();
        }
        self.lo_high.next = self.high5.q.val() & self.low_half.val();
        self.lo_low.next = self.low.val() & self.low_half.val();
        self.lo_sum6.d.next = self.lo_high.val() + self.lo_low.val();
        self.lo_diff6.d.next = self.lo_high.val() + (!self.low.val() & self.low_half.val()) + 1;
        self.lo_rev6.d.next = self.lo_low.val() + (!self.high5.q.val() & self.low_half.val()) + 1;
        self.hi_high6.d.next = self.high5.q.val() >> self.half.val();
        self.hi_low6.d.next = self.low.val() >> self.half.val();
        self.same6.d.next = self.high_sign5.q.val() == self.low_sign5.q.val();
        self.low_sign6.d.next = self.low_sign5.q.val();
        self.v.next = self.v5.q.val();
        self.v.next.sign = self.high_sign5.q.val();
        self.v6.d.next = self.v.val();
        self.top6.d.next = self.top5.q.val();
        // Stage 7: the high halves with those carries; the sum or the difference chosen by the
        // signs (registered), the reverse difference beside it. The borrow's choice waits for
        // stage 8: after a 64-bit chain, its fan-out to 128 selects was the slowest path.
        self.sum.next = self.hi_high6.q.val() + self.hi_low6.q.val() + (self.lo_sum6.q.val() >> self.half.val());
        self.diff.next = self.hi_high6.q.val() + (!self.hi_low6.q.val() & self.low_half.val()) + (self.lo_diff6.q.val() >> self.half.val());
        self.reverse.next =
            self.hi_low6.q.val() + (!self.hi_high6.q.val() & self.low_half.val()) + (self.lo_rev6.q.val() >> self.half.val());
        self.either7.d.next = (self.diff.val() << self.half.val()) | (self.lo_diff6.q.val() & self.low_half.val());
        if self.same6.q.val() {
            self.either7.d.next = (self.sum.val() << self.half.val()) | (self.lo_sum6.q.val() & self.low_half.val());
        }
        self.reverse7.d.next = (self.reverse.val() << self.half.val()) | (self.lo_rev6.q.val() & self.low_half.val());
        self.pick7.d.next = !self.same6.q.val() & self.diff.val().get_bit(self.top_half_bit.val().index());
        self.low_sign7.d.next = self.low_sign6.q.val();
        self.v7.d.next = self.v6.q.val();
        self.top7.d.next = self.top6.q.val();
        // ---- stages 8 to 10: the magnitude chosen; its leading zeros, by octets (0 for a zero
        // magnitude: stage 11 shifts 0); the counter's registers are stages 8 and 9 (the
        // octets' flags; each octet's count and the one-hot select), its OR stage 10
        self.mag.next = self.either7.q.val();
        self.v.next = self.v7.q.val();
        if self.pick7.q.val() {
            self.mag.next = self.reverse7.q.val();
            self.v.next.sign = self.low_sign7.q.val();
        }
        self.lzc.clk.next = self.clk.val();
        self.lzc.x.next = self.mag.val();
        self.mag8.d.next = self.mag.val();
        self.top8.d.next = self.top7.q.val();
        self.v8.d.next = self.v.val();
        self.mag9.d.next = self.mag8.q.val();
        self.top9.d.next = self.top8.q.val();
        self.v9.d.next = self.v8.q.val();
        self.lz10.d.next = self.lzc.count.val();
        self.mag10.d.next = self.mag9.q.val();
        self.top10.d.next = self.top9.q.val();
        self.v10.d.next = self.v9.q.val();
        // ---- stage 11: the normalising shift: the leading one to bit W - 1 (the step at bit
        // W - p), or, when that would put the step below the subnormal one, top9 bits (the
        // subnormal step at bit W - p)
        self.lz_ext.next = bit_cast::<10, 8>(self.lz10.q.val());
        self.n11.d.next = self.lz10.q.val();
        self.e11.d.next = self.top10.q.val() - self.lz_ext.val();
        if self.top10.q.val() < self.lz_ext.val() {
            self.n11.d.next = bit_cast::<8, 10>(self.top10.q.val());
            self.e11.d.next = 0.into();
        }
        self.mag11.d.next = self.mag10.q.val();
        self.zero11.d.next = !self.mag10.q.val().any();
        self.v11.d.next = self.v10.q.val();
        // ---- stage 12: shifted by whole bytes
        self.coarse12.d.next = self.mag11.q.val() << (self.n11.q.val() & self.n_bytes.val());
        self.fine12.d.next = bit_cast::<3, 8>(self.n11.q.val() & self.n_bits.val());
        self.e12.d.next = self.e11.q.val();
        self.zero12.d.next = self.zero11.q.val();
        self.v12.d.next = self.v11.q.val();
        // ---- stage 13: then by the rest; the top WORD bits kept, the rest ORed into bit 0
        self.word.next = self.coarse12.q.val() << self.fine12.q.val();
        self.word13.d.next = bit_cast::<WORD, W>(self.word.val() >> self.word_at.val());
        if (self.word.val() & self.below_word.val()).any() {
            self.word13.d.next = bit_cast::<WORD, W>(self.word.val() >> self.word_at.val()) | 1;
        }
        self.e13.d.next = self.e12.q.val();
        self.zero13.d.next = self.zero12.q.val();
        self.v13.d.next = self.v12.q.val();
        // ---- stage 14: the rounding decision beside the truncated code and its overflow
        self.round_up.sr.next = self.sr.val();
        self.round_up.rnd.next = self.rnd[12].q.val();
        self.round_up.word.next = self.word13.q.val();
        self.up14.d.next = self.round_up.up.val();
        self.q.next = bit_cast::<40, WORD>(self.word13.q.val() >> self.step_at.val());
        self.e40.next = bit_cast::<40, 10>(self.e13.q.val());
        self.code.next = (self.e40.val() << self.man_bits.val()) + self.q.val();
        self.code14.d.next = self.code.val();
        self.big14.d.next = self.code.val() >= self.inf_code.val();
        self.zero14.d.next = self.zero13.q.val();
        self.v14.d.next = self.v13.q.val();
        // ---- stage 15: the code rounded, overflow and the special cases
        self.v.next = self.v14.q.val();
        self.code.next = self.code14.q.val();
        if self.up14.q.val() {
            self.code.next = self.code14.q.val() + 1;
        }
        if self.big14.q.val() | self.v.val().inf {
            self.code.next = self.inf_code.val();
        }
        if self.zero14.q.val() & !self.v.val().inf {
            self.code.next = 0.into();
        }
        self.y15.d.next = bit_cast::<O, 40>(self.code.val());
        if (self.v.val().sign & !self.v.val().inf & !self.zero14.q.val())
            | (self.v.val().inf & self.v.val().inf_sign)
            | (self.zero14.q.val() & !self.v.val().inf & self.v.val().neg_zero)
        {
            self.y15.d.next = bit_cast::<O, 40>(self.code.val()) | self.sign_bit.val();
        }
        if self.v.val().nan {
            self.y15.d.next = self.nan_code.val();
        }
        self.y.next = self.y15.q.val();
    }
}
