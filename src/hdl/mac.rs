//! `fp8_mac`: y = a*b + c, FP8 x FP8 + FP16 -> FP16, one rounding (RNE or SR). Combinational.
//!
//! Stages, in the order of the update code:
//! 1. unpack  - both FP8 formats into one form: 4-bit significand h.mmm (E5M2's mm padded with
//!    a 0), exponent `ex` biased by 15 so that value = sig * 2^(ex - 18).
//! 2. multiply - 4x4-bit shift-and-add product, normalised (leading one at bit 7) by a 3-step
//!    leading-zero shifter. Exponents are kept biased by 64 (`k = E + 64`, E the
//!    weight of the leading bit), so all exponent arithmetic is unsigned.
//! 3. align   - the operand with the larger exponent (c counts as at least 2^-14, so the frame
//!    never drops below FP16's subnormal grid) is the frame; the other is shifted
//!    right into a 32-bit window, bits below the guard bits OR into a sticky bit:
//!
//! ```text
//!     bit 31     30 .. 20        19 .. 20-G      19-G        below
//!     carry      frame sig (11)  guard (G=R+1)   sticky      always 0
//! ```
//!
//! 4. add     - add, or subtract the smaller magnitude from the larger.
//! 5. normalise - leading-zero shift of the sum in 5 binary steps, stopping where bit 31
//!    would weigh less than 2^-14 (subnormal results).
//! 6. round   - bits 31..21 are the FP16 significand; RNE from bit 20 and the sticky OR of
//!    the rest, or SR: the R bits 20..21-R are F, round up when F + rnd >= 2^R.
//!    The increment carries into the exponent; codes >= 0x7C00 are infinity.
//! 7. specials - NaN (0x7E00), infinities, signed zeros.
//!
//! Why G = R + 1 guard bits suffice: when the smaller operand is shifted past the guard bits
//! (s > G), the sum's leading one is at most one place below the frame's (the frame is either
//! the normalised product, a normal c, or a subnormal c whose results round on the fixed 2^-24
//! grid), so the 11 result bits, R bits of F and the sticky bit all sit inside the window.
//! Subtracting a sticky-ORed operand is exact when truncated above the sticky bit.

use rust_hdl::prelude::*;

/// The MAC. `R` is the number of random bits of stochastic rounding (1..=16).
#[derive(LogicBlock)]
pub struct Fp8Mac<const R: usize> {
    /// FP8 code of the first operand.
    pub a: Signal<In, Bits<8>>,
    /// Format of `a`: 0 = E4M3, 1 = E5M2.
    pub fmt_a: Signal<In, Bit>,
    /// FP8 code of the second operand.
    pub b: Signal<In, Bits<8>>,
    /// Format of `b`: 0 = E4M3, 1 = E5M2.
    pub fmt_b: Signal<In, Bit>,
    /// FP16 addend.
    pub c: Signal<In, Bits<16>>,
    /// 1 = stochastic rounding with `rnd`, 0 = round to nearest even.
    pub sr: Signal<In, Bit>,
    /// Random bits of stochastic rounding.
    pub rnd: Signal<In, Bits<R>>,
    /// FP16 result.
    pub y: Signal<Out, Bits<16>>,
    // ---- 1. unpack
    sig_a: Signal<Local, Bits<8>>, // h.mmm
    sig_b: Signal<Local, Bits<8>>,
    ex_a: Signal<Local, Bits<7>>,  // exponent biased by 15, subnormals at the minimum
    ex_b: Signal<Local, Bits<7>>,
    nan_a: Signal<Local, Bit>,
    nan_b: Signal<Local, Bit>,
    inf_a: Signal<Local, Bit>,
    inf_b: Signal<Local, Bit>,
    sig_c: Signal<Local, Bits<32>>, // h.mmmmmmmmmm
    k_c: Signal<Local, Bits<7>>,    // weight of c's bit 10, biased by 64 (at least 50 = 2^-14)
    nan_c: Signal<Local, Bit>,
    inf_c: Signal<Local, Bit>,
    zero_c: Signal<Local, Bit>,
    // ---- 2. multiply
    prod: Signal<Local, Bits<8>>,
    k_p: Signal<Local, Bits<7>>,    // weight of the product's bit 7, biased by 64
    zero_p: Signal<Local, Bit>,
    sign_p: Signal<Local, Bit>,
    // ---- 3. align
    frame: Signal<Local, Bits<32>>, // frame operand at bits 30..20
    other: Signal<Local, Bits<32>>, // other operand at bits 30..20, before the shift
    k_f: Signal<Local, Bits<7>>,
    sign_f: Signal<Local, Bit>,
    shift: Signal<Local, Bits<7>>,
    sticky_span: Signal<Local, Bits<7>>,
    sticky: Signal<Local, Bit>,
    aligned: Signal<Local, Bits<32>>,
    // ---- 4. add
    sum: Signal<Local, Bits<32>>,
    sign: Signal<Local, Bit>,
    // ---- 5. normalise
    room: Signal<Local, Bits<7>>,   // left shift allowed before going subnormal
    norm: Signal<Local, Bits<32>>,
    // ---- 6. round
    k_r: Signal<Local, Bits<7>>,    // weight of norm's bit 31, biased by 64
    code: Signal<Local, Bits<32>>,  // magnitude code before rounding (hidden bit added in)
    f: Signal<Local, Bits<R>>,
    f_sum: Signal<Local, Bits<32>>,
    up: Signal<Local, Bit>,
    // ---- constants derived from R
    sticky_pos: Constant<Bits<7>>,  // 18 - R
    keep_mask: Constant<Bits<32>>,  // bits above sticky_pos
    f_shift: Constant<Bits<7>>,     // 21 - R: norm >> f_shift has F in its low R bits
    r_bits: Constant<Bits<7>>,      // R
    one: Constant<Bits<32>>,
}

impl<const R: usize> Default for Fp8Mac<R> {
    fn default() -> Self {
        assert!((1..=16).contains(&R), "SR bits must be 1..=16, got {R}");
        let sticky_pos = 18 - R as u64;
        Self {
            a: Default::default(),
            fmt_a: Default::default(),
            b: Default::default(),
            fmt_b: Default::default(),
            c: Default::default(),
            sr: Default::default(),
            rnd: Default::default(),
            y: Default::default(),
            sig_a: Default::default(),
            sig_b: Default::default(),
            ex_a: Default::default(),
            ex_b: Default::default(),
            nan_a: Default::default(),
            nan_b: Default::default(),
            inf_a: Default::default(),
            inf_b: Default::default(),
            sig_c: Default::default(),
            k_c: Default::default(),
            nan_c: Default::default(),
            inf_c: Default::default(),
            zero_c: Default::default(),
            prod: Default::default(),
            k_p: Default::default(),
            zero_p: Default::default(),
            sign_p: Default::default(),
            frame: Default::default(),
            other: Default::default(),
            k_f: Default::default(),
            sign_f: Default::default(),
            shift: Default::default(),
            sticky_span: Default::default(),
            sticky: Default::default(),
            aligned: Default::default(),
            sum: Default::default(),
            sign: Default::default(),
            room: Default::default(),
            norm: Default::default(),
            k_r: Default::default(),
            code: Default::default(),
            f: Default::default(),
            f_sum: Default::default(),
            up: Default::default(),
            sticky_pos: Constant::new(sticky_pos.into()),
            keep_mask: Constant::new((0xFFFF_FFFFu64 & !((2u64 << sticky_pos) - 1)).into()),
            f_shift: Constant::new((21 - R as u64).into()),
            r_bits: Constant::new((R as u64).into()),
            one: Constant::new(1u64.into()),
        }
    }
}

impl<const R: usize> Logic for Fp8Mac<R> {
    #[hdl_gen]
    fn update(&mut self) {
        // ================= 1. unpack
        // E4M3 s.eeee.mmm: NaN only at eeee.mmm = 1111.111; ex = e + 8 (e = 0 reads as 1).
        // E5M2 s.eeeee.mm: eeeee = 11111 is inf (mm = 00) or NaN; ex = e; sig = 1mm0.
        if self.fmt_a.val() {
            self.sig_a.next = bit_cast::<8, 2>(self.a.val().get_bits::<2>(0)) << 1;
            self.ex_a.next = bit_cast::<7, 5>(self.a.val().get_bits::<5>(2));
            self.nan_a.next = self.a.val().get_bits::<5>(2).all() & self.a.val().get_bits::<2>(0).any();
            self.inf_a.next = self.a.val().get_bits::<5>(2).all() & !self.a.val().get_bits::<2>(0).any();
            if self.a.val().get_bits::<5>(2).any() {
                self.sig_a.next = self.sig_a.val() | 8;
            } else {
                self.ex_a.next = 1.into();
            }
        } else {
            self.sig_a.next = bit_cast::<8, 3>(self.a.val().get_bits::<3>(0));
            self.ex_a.next = bit_cast::<7, 4>(self.a.val().get_bits::<4>(3)) + 8;
            self.nan_a.next = self.a.val().get_bits::<7>(0).all();
            self.inf_a.next = false;
            if self.a.val().get_bits::<4>(3).any() {
                self.sig_a.next = self.sig_a.val() | 8;
            } else {
                self.ex_a.next = 9.into();
            }
        }
        if self.fmt_b.val() {
            self.sig_b.next = bit_cast::<8, 2>(self.b.val().get_bits::<2>(0)) << 1;
            self.ex_b.next = bit_cast::<7, 5>(self.b.val().get_bits::<5>(2));
            self.nan_b.next = self.b.val().get_bits::<5>(2).all() & self.b.val().get_bits::<2>(0).any();
            self.inf_b.next = self.b.val().get_bits::<5>(2).all() & !self.b.val().get_bits::<2>(0).any();
            if self.b.val().get_bits::<5>(2).any() {
                self.sig_b.next = self.sig_b.val() | 8;
            } else {
                self.ex_b.next = 1.into();
            }
        } else {
            self.sig_b.next = bit_cast::<8, 3>(self.b.val().get_bits::<3>(0));
            self.ex_b.next = bit_cast::<7, 4>(self.b.val().get_bits::<4>(3)) + 8;
            self.nan_b.next = self.b.val().get_bits::<7>(0).all();
            self.inf_b.next = false;
            if self.b.val().get_bits::<4>(3).any() {
                self.sig_b.next = self.sig_b.val() | 8;
            } else {
                self.ex_b.next = 9.into();
            }
        }
        // FP16 s.eeeee.mmmmmmmmmm: k_c = max(e, 1) + 49 is the weight of bit 10, biased by 64.
        self.sig_c.next = bit_cast::<32, 10>(self.c.val().get_bits::<10>(0));
        self.k_c.next = bit_cast::<7, 5>(self.c.val().get_bits::<5>(10)) + 49;
        if self.c.val().get_bits::<5>(10).any() {
            self.sig_c.next = self.sig_c.val() | 1024;
        } else {
            self.k_c.next = 50.into();
        }
        self.nan_c.next = self.c.val().get_bits::<5>(10).all() & self.c.val().get_bits::<10>(0).any();
        self.inf_c.next = self.c.val().get_bits::<5>(10).all() & !self.c.val().get_bits::<10>(0).any();
        self.zero_c.next = !self.c.val().get_bits::<15>(0).any();

        // ================= 2. multiply: 4x4 bits, shift and add
        self.prod.next = 0.into();
        if self.sig_b.val().get_bit(0) {
            self.prod.next = self.sig_a.val();
        }
        if self.sig_b.val().get_bit(1) {
            self.prod.next = self.prod.val() + (self.sig_a.val() << 1);
        }
        if self.sig_b.val().get_bit(2) {
            self.prod.next = self.prod.val() + (self.sig_a.val() << 2);
        }
        if self.sig_b.val().get_bit(3) {
            self.prod.next = self.prod.val() + (self.sig_a.val() << 3);
        }
        self.zero_p.next = !self.prod.val().any();
        self.sign_p.next = self.a.val().get_bit(7) ^ self.b.val().get_bit(7);
        // Product = prod * 2^(ex_a + ex_b - 36): bit 7 weighs ex_a + ex_b - 29, i.e. k = +35.
        self.k_p.next = self.ex_a.val() + self.ex_b.val() + 35;
        if !self.prod.val().get_bits::<4>(4).any() {
            self.prod.next = self.prod.val() << 4;
            self.k_p.next = self.k_p.val() - 4;
        }
        if !self.prod.val().get_bits::<2>(6).any() {
            self.prod.next = self.prod.val() << 2;
            self.k_p.next = self.k_p.val() - 2;
        }
        if !self.prod.val().get_bit(7) {
            self.prod.next = self.prod.val() << 1;
            self.k_p.next = self.k_p.val() - 1;
        }

        // ================= 3. align: frame at bits 30..20, the other shifted right by the gap
        if !self.zero_p.val() & (self.k_p.val() > self.k_c.val()) {
            self.frame.next = bit_cast::<32, 8>(self.prod.val()) << 23;
            self.other.next = self.sig_c.val() << 20;
            self.k_f.next = self.k_p.val();
            self.sign_f.next = self.sign_p.val();
            self.shift.next = self.k_p.val() - self.k_c.val();
        } else {
            self.frame.next = self.sig_c.val() << 20;
            self.other.next = bit_cast::<32, 8>(self.prod.val()) << 23;
            self.k_f.next = self.k_c.val();
            self.sign_f.next = self.c.val().get_bit(15);
            self.shift.next = self.k_c.val() - self.k_p.val();
            if self.zero_p.val() {
                self.shift.next = 0.into();
            }
        }
        if self.shift.val() > 31 {
            self.shift.next = 31.into();
        }
        // Bits of `other` that land at or below the sticky position: positions < shift + sticky_pos + 1.
        self.sticky_span.next = self.shift.val() + self.sticky_pos.val() + 1;
        if self.sticky_span.val() > 31 {
            self.sticky.next = self.other.val().any();
        } else {
            self.sticky.next = (self.other.val() & ((self.one.val() << self.sticky_span.val()) - 1)).any();
        }
        self.aligned.next = (self.other.val() >> self.shift.val()) & self.keep_mask.val();
        if self.sticky.val() {
            self.aligned.next = self.aligned.val() | (self.one.val() << self.sticky_pos.val());
        }

        // ================= 4. add or subtract magnitudes
        self.sign.next = self.sign_f.val();
        if self.sign_p.val() == self.c.val().get_bit(15) {
            self.sum.next = self.frame.val() + self.aligned.val();
        } else if self.frame.val() >= self.aligned.val() {
            self.sum.next = self.frame.val() - self.aligned.val();
        } else {
            // Only when c is a subnormal frame below the product; nothing was lost to sticky.
            self.sum.next = self.aligned.val() - self.frame.val();
            self.sign.next = !self.sign_f.val();
        }

        // ================= 5. normalise: shift left by min(leading zeros, room)
        // Bit 31 weighs k_f + 1 - n after a shift by n; it must stay >= 50 (2^-14).
        self.norm.next = self.sum.val();
        self.room.next = self.k_f.val() - 49;
        self.k_r.next = self.k_f.val() + 1;
        if !self.norm.val().get_bits::<16>(16).any() & (self.room.val() >= 16) {
            self.norm.next = self.norm.val() << 16;
            self.room.next = self.room.val() - 16;
            self.k_r.next = self.k_r.val() - 16;
        }
        if !self.norm.val().get_bits::<8>(24).any() & (self.room.val() >= 8) {
            self.norm.next = self.norm.val() << 8;
            self.room.next = self.room.val() - 8;
            self.k_r.next = self.k_r.val() - 8;
        }
        if !self.norm.val().get_bits::<4>(28).any() & (self.room.val() >= 4) {
            self.norm.next = self.norm.val() << 4;
            self.room.next = self.room.val() - 4;
            self.k_r.next = self.k_r.val() - 4;
        }
        if !self.norm.val().get_bits::<2>(30).any() & (self.room.val() >= 2) {
            self.norm.next = self.norm.val() << 2;
            self.room.next = self.room.val() - 2;
            self.k_r.next = self.k_r.val() - 2;
        }
        if !self.norm.val().get_bit(31) & (self.room.val() >= 1) {
            self.norm.next = self.norm.val() << 1;
            self.k_r.next = self.k_r.val() - 1;
        }

        // ================= 6. round: code = (k_r - 50) << 10 + bits 31..21 (hidden bit included)
        self.code.next = (bit_cast::<32, 7>(self.k_r.val() - 50) << 10) + (self.norm.val() >> 21);
        self.f.next = bit_cast::<R, 32>(self.norm.val() >> self.f_shift.val());
        self.f_sum.next = bit_cast::<32, R>(self.f.val()) + bit_cast::<32, R>(self.rnd.val());
        if self.sr.val() {
            self.up.next = self.f_sum.val().get_bit(self.r_bits.val().index());
        } else {
            self.up.next = self.norm.val().get_bit(20) & (self.norm.val().get_bits::<20>(0).any() | self.norm.val().get_bit(21));
        }
        self.code.next = self.code.val() + bit_cast::<32, 1>(self.up.val().into());
        if self.code.val() >= 0x7C00 {
            self.code.next = 0x7C00.into();
        }

        // ================= 7. specials
        self.y.next = bit_cast::<16, 32>(self.code.val());
        if self.sign.val() {
            self.y.next = self.y.val() | 0x8000;
        }
        if !self.sum.val().any() {
            // Exact zero: -0 only for (-0 product) + (-0); cancellation gives +0.
            self.y.next = 0.into();
            if self.zero_p.val() & self.zero_c.val() & self.sign_p.val() & self.c.val().get_bit(15) {
                self.y.next = 0x8000.into();
            }
        }
        if self.inf_c.val() {
            self.y.next = self.c.val();
        }
        if self.inf_a.val() | self.inf_b.val() {
            self.y.next = 0x7C00.into();
            if self.sign_p.val() {
                self.y.next = 0xFC00.into();
            }
        }
        if self.nan_a.val() | self.nan_b.val() | self.nan_c.val()
            | ((self.inf_a.val() | self.inf_b.val()) & self.zero_p.val())
            | ((self.inf_a.val() | self.inf_b.val()) & self.inf_c.val() & (self.sign_p.val() ^ self.c.val().get_bit(15)))
        {
            self.y.next = 0x7E00.into();
        }
    }
}
