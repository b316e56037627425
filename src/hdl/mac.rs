//! `fp8_mac`: y = a*b + c, FP8 x FP8 + FP16 -> FP16, one rounding (RNE or SR). Combinational.
//!
//! Seven blocks in series compute it, joined by two 32-bit buses (`data`, `ctl`), so that the
//! pipelined MAC of the array ([`super::pipe`]) can put registers between them: `multiply`
//! (stages 1, 2a), `norm_product` (2b), `align` (3), `add` (4), `count` (5a), `shift` (5b),
//! `round` (6, 7). The stages:
//! 1. unpack  - both FP8 formats into one form: 4-bit significand h.mmm (E5M2's mm padded with
//!    a 0), exponent `ex` biased by 15 so that value = sig * 2^(ex - 18).
//! 2. multiply - 4x4-bit shift-and-add product (a), normalised (leading one at bit 7) by a
//!    3-step leading-zero shifter (b). Exponents are kept biased by 64 (`k = E + 64`, E the
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
//! 5. normalise - count the sum's leading zeros with a nibble tree (a), stopping where bit 31
//!    would weigh less than 2^-14 (subnormal results), and shift by that count (b).
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
#[derive(LogicBlock, Default)]
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
    multiply: Multiply,
    norm_product: NormProduct,
    align: Align<R>,
    add: Add,
    count: Count,
    shift: Shift,
    round: Round<R>,
}

impl<const R: usize> Logic for Fp8Mac<R> {
    #[hdl_gen]
    fn update(&mut self) {
        self.multiply.a.next = self.a.val();
        self.multiply.fmt_a.next = self.fmt_a.val();
        self.multiply.b.next = self.b.val();
        self.multiply.fmt_b.next = self.fmt_b.val();
        self.multiply.c.next = self.c.val();
        self.norm_product.data_in.next = self.multiply.data.val();
        self.norm_product.ctl_in.next = self.multiply.ctl.val();
        self.align.data_in.next = self.norm_product.data.val();
        self.align.ctl_in.next = self.norm_product.ctl.val();
        self.add.data_in.next = self.align.data.val();
        self.add.ctl_in.next = self.align.ctl.val();
        self.count.data_in.next = self.add.data.val();
        self.count.ctl_in.next = self.add.ctl.val();
        self.shift.data_in.next = self.count.data.val();
        self.shift.ctl_in.next = self.count.ctl.val();
        self.round.data_in.next = self.shift.data.val();
        self.round.ctl_in.next = self.shift.ctl.val();
        self.round.sr.next = self.sr.val();
        self.round.rnd.next = self.rnd.val();
        self.y.next = self.round.y.val();
    }
}

/// Stages 1-2a and the special cases. Out: `data` = c | prod << 16 | (ex_a + ex_b) << 24,
/// prod not yet normalised; `ctl` = zero_p | sign_p << 1 | neg_zero << 2 | nan << 3 | inf << 4 |
/// inf_sign << 5 | k_c << 6 | tz_c << 17 (c's unpacking and its trailing-zero count, which the
/// sticky bit needs, are done here, beside the multiplier; bits 13..16 are left for tz_p).
#[derive(LogicBlock, Default)]
pub struct Multiply {
    pub a: Signal<In, Bits<8>>,
    pub fmt_a: Signal<In, Bit>,
    pub b: Signal<In, Bits<8>>,
    pub fmt_b: Signal<In, Bit>,
    pub c: Signal<In, Bits<16>>,
    pub data: Signal<Out, Bits<32>>,
    pub ctl: Signal<Out, Bits<32>>,
    sig_a: Signal<Local, Bits<8>>, // h.mmm
    sig_b: Signal<Local, Bits<8>>,
    ex_a: Signal<Local, Bits<7>>, // exponent biased by 15, subnormals at the minimum
    ex_b: Signal<Local, Bits<7>>,
    nan_a: Signal<Local, Bit>,
    nan_b: Signal<Local, Bit>,
    inf_p: Signal<Local, Bit>, // a or b is infinite
    nan_c: Signal<Local, Bit>,
    inf_c: Signal<Local, Bit>,
    sig_c: Signal<Local, Bits<16>>, // h.mmmmmmmmmm
    k_c: Signal<Local, Bits<7>>,    // weight of c's bit 10, biased by 64 (at least 50 = 2^-14)
    tz_c: Signal<Local, Bits<4>>,   // trailing zeros of sig_c (11 if zero)
    pp_lo: Signal<Local, Bits<8>>, // partial products of b's bits 0-1
    pp_hi: Signal<Local, Bits<8>>, // and 2-3
    prod: Signal<Local, Bits<8>>,
    ex_p: Signal<Local, Bits<7>>,  // ex_a + ex_b
    zero_p: Signal<Local, Bit>,
    sign_p: Signal<Local, Bit>,
    nan: Signal<Local, Bit>,
    inf: Signal<Local, Bit>,
    inf_sign: Signal<Local, Bit>,
    neg_zero: Signal<Local, Bit>,
}

impl Logic for Multiply {
    #[hdl_gen]
    fn update(&mut self) {
        // ================= 1. unpack
        // E4M3 s.eeee.mmm: NaN only at eeee.mmm = 1111.111; ex = e + 8 (e = 0 reads as 1).
        // E5M2 s.eeeee.mm: eeeee = 11111 is inf (mm = 00) or NaN; ex = e; sig = 1mm0.
        self.inf_p.next = false;
        if self.fmt_a.val() {
            self.sig_a.next = bit_cast::<8, 2>(self.a.val().get_bits::<2>(0)) << 1;
            self.ex_a.next = bit_cast::<7, 5>(self.a.val().get_bits::<5>(2));
            self.nan_a.next = self.a.val().get_bits::<5>(2).all() & self.a.val().get_bits::<2>(0).any();
            if self.a.val().get_bits::<5>(2).all() & !self.a.val().get_bits::<2>(0).any() {
                self.inf_p.next = true;
            }
            if self.a.val().get_bits::<5>(2).any() {
                self.sig_a.next = self.sig_a.val() | 8;
            } else {
                self.ex_a.next = 1.into();
            }
        } else {
            self.sig_a.next = bit_cast::<8, 3>(self.a.val().get_bits::<3>(0));
            self.ex_a.next = bit_cast::<7, 4>(self.a.val().get_bits::<4>(3)) + 8;
            self.nan_a.next = self.a.val().get_bits::<7>(0).all();
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
            if self.b.val().get_bits::<5>(2).all() & !self.b.val().get_bits::<2>(0).any() {
                self.inf_p.next = true;
            }
            if self.b.val().get_bits::<5>(2).any() {
                self.sig_b.next = self.sig_b.val() | 8;
            } else {
                self.ex_b.next = 1.into();
            }
        } else {
            self.sig_b.next = bit_cast::<8, 3>(self.b.val().get_bits::<3>(0));
            self.ex_b.next = bit_cast::<7, 4>(self.b.val().get_bits::<4>(3)) + 8;
            self.nan_b.next = self.b.val().get_bits::<7>(0).all();
            if self.b.val().get_bits::<4>(3).any() {
                self.sig_b.next = self.sig_b.val() | 8;
            } else {
                self.ex_b.next = 9.into();
            }
        }

        // ================= 2a. multiply: 4x4 bits, partial products summed as a tree
        self.pp_lo.next = 0.into();
        if self.sig_b.val().get_bit(0) {
            self.pp_lo.next = self.sig_a.val();
        }
        if self.sig_b.val().get_bit(1) {
            self.pp_lo.next = self.pp_lo.val() + (self.sig_a.val() << 1);
        }
        self.pp_hi.next = 0.into();
        if self.sig_b.val().get_bit(2) {
            self.pp_hi.next = self.sig_a.val() << 2;
        }
        if self.sig_b.val().get_bit(3) {
            self.pp_hi.next = self.pp_hi.val() + (self.sig_a.val() << 3);
        }
        self.prod.next = self.pp_lo.val() + self.pp_hi.val();
        self.zero_p.next = !self.prod.val().any();
        self.sign_p.next = self.a.val().get_bit(7) ^ self.b.val().get_bit(7);
        self.ex_p.next = self.ex_a.val() + self.ex_b.val();

        // FP16 s.eeeee.mmmmmmmmmm: k_c = max(e, 1) + 49 is the weight of bit 10, biased by 64.
        self.sig_c.next = bit_cast::<16, 10>(self.c.val().get_bits::<10>(0));
        self.k_c.next = bit_cast::<7, 5>(self.c.val().get_bits::<5>(10)) + 49;
        if self.c.val().get_bits::<5>(10).any() {
            self.sig_c.next = self.sig_c.val() | 1024;
        } else {
            self.k_c.next = 50.into();
        }
        // Trailing zeros: the lowest set bit wins, so test from the top down.
        self.tz_c.next = 11.into();
        if self.sig_c.val().get_bit(10) {
            self.tz_c.next = 10.into();
        }
        if self.sig_c.val().get_bit(9) {
            self.tz_c.next = 9.into();
        }
        if self.sig_c.val().get_bit(8) {
            self.tz_c.next = 8.into();
        }
        if self.sig_c.val().get_bit(7) {
            self.tz_c.next = 7.into();
        }
        if self.sig_c.val().get_bit(6) {
            self.tz_c.next = 6.into();
        }
        if self.sig_c.val().get_bit(5) {
            self.tz_c.next = 5.into();
        }
        if self.sig_c.val().get_bit(4) {
            self.tz_c.next = 4.into();
        }
        if self.sig_c.val().get_bit(3) {
            self.tz_c.next = 3.into();
        }
        if self.sig_c.val().get_bit(2) {
            self.tz_c.next = 2.into();
        }
        if self.sig_c.val().get_bit(1) {
            self.tz_c.next = 1.into();
        }
        if self.sig_c.val().get_bit(0) {
            self.tz_c.next = 0.into();
        }

        // ================= specials, decided here from the operands alone (section 2, 1-5)
        self.nan_c.next = self.c.val().get_bits::<5>(10).all() & self.c.val().get_bits::<10>(0).any();
        self.inf_c.next = self.c.val().get_bits::<5>(10).all() & !self.c.val().get_bits::<10>(0).any();
        self.nan.next = self.nan_a.val() | self.nan_b.val() | self.nan_c.val()
            | (self.inf_p.val() & self.zero_p.val())
            | (self.inf_p.val() & self.inf_c.val() & (self.sign_p.val() ^ self.c.val().get_bit(15)));
        self.inf.next = self.inf_p.val() | self.inf_c.val();
        self.inf_sign.next = self.c.val().get_bit(15);
        if self.inf_p.val() {
            self.inf_sign.next = self.sign_p.val();
        }
        // An exact zero result is -0 only for (-0 product) + (-0).
        self.neg_zero.next = self.zero_p.val() & self.sign_p.val() & (self.c.val() == 0x8000);

        self.data.next = bit_cast::<32, 16>(self.c.val())
            | (bit_cast::<32, 8>(self.prod.val()) << 16)
            | (bit_cast::<32, 7>(self.ex_p.val()) << 24);
        self.ctl.next = bit_cast::<32, 1>(self.zero_p.val().into())
            | (bit_cast::<32, 1>(self.sign_p.val().into()) << 1)
            | (bit_cast::<32, 1>(self.neg_zero.val().into()) << 2)
            | (bit_cast::<32, 1>(self.nan.val().into()) << 3)
            | (bit_cast::<32, 1>(self.inf.val().into()) << 4)
            | (bit_cast::<32, 1>(self.inf_sign.val().into()) << 5)
            | (bit_cast::<32, 7>(self.k_c.val()) << 6)
            | (bit_cast::<32, 4>(self.tz_c.val()) << 17);
    }
}

/// Stage 2b: the product normalised (leading one at bit 7) by a 3-step shifter, its exponent
/// and its trailing-zero count. Out: `data` = c | prod << 16 | k_p << 24; `ctl` = the input's
/// with tz_p << 13.
#[derive(LogicBlock, Default)]
pub struct NormProduct {
    pub data_in: Signal<In, Bits<32>>,
    pub ctl_in: Signal<In, Bits<32>>,
    pub data: Signal<Out, Bits<32>>,
    pub ctl: Signal<Out, Bits<32>>,
    prod: Signal<Local, Bits<8>>,
    n_p: Signal<Local, Bits<7>>, // normalising shift of the product
    k_p: Signal<Local, Bits<7>>, // weight of the product's bit 7, biased by 64
    tz_p: Signal<Local, Bits<4>>, // trailing zeros of the normalised prod (8 if zero)
}

impl Logic for NormProduct {
    #[hdl_gen]
    fn update(&mut self) {
        self.prod.next = self.data_in.val().get_bits::<8>(16);
        // Product = prod * 2^(ex_a + ex_b - 36): bit 7 weighs ex_a + ex_b - 29, i.e. k = +35,
        // less the normalising shift n_p (its bits are the shifter's decisions).
        self.n_p.next = 0.into();
        if !self.prod.val().get_bits::<4>(4).any() {
            self.prod.next = self.prod.val() << 4;
            self.n_p.next = 4.into();
        }
        if !self.prod.val().get_bits::<2>(6).any() {
            self.prod.next = self.prod.val() << 2;
            self.n_p.next = self.n_p.val() | 2;
        }
        if !self.prod.val().get_bit(7) {
            self.prod.next = self.prod.val() << 1;
            self.n_p.next = self.n_p.val() | 1;
        }
        self.k_p.next = self.data_in.val().get_bits::<7>(24) + 35 - self.n_p.val();
        // Trailing zeros: the lowest set bit wins, so test from the top down.
        self.tz_p.next = 8.into();
        if self.prod.val().get_bit(7) {
            self.tz_p.next = 7.into();
        }
        if self.prod.val().get_bit(6) {
            self.tz_p.next = 6.into();
        }
        if self.prod.val().get_bit(5) {
            self.tz_p.next = 5.into();
        }
        if self.prod.val().get_bit(4) {
            self.tz_p.next = 4.into();
        }
        if self.prod.val().get_bit(3) {
            self.tz_p.next = 3.into();
        }
        if self.prod.val().get_bit(2) {
            self.tz_p.next = 2.into();
        }
        if self.prod.val().get_bit(1) {
            self.tz_p.next = 1.into();
        }
        if self.prod.val().get_bit(0) {
            self.tz_p.next = 0.into();
        }
        self.data.next = (self.data_in.val() & 0xFFFF)
            | (bit_cast::<32, 8>(self.prod.val()) << 16)
            | (bit_cast::<32, 7>(self.k_p.val()) << 24);
        self.ctl.next = self.ctl_in.val() | (bit_cast::<32, 4>(self.tz_p.val()) << 13);
    }
}

/// Stage 3. Out: `data` = the aligned smaller operand; `ctl` = frame significand (11 bits)
/// | k_f << 11 | sign_f << 18 | subtract << 19 | the four special bits << 20.
#[derive(LogicBlock)]
pub struct Align<const R: usize> {
    pub data_in: Signal<In, Bits<32>>,
    pub ctl_in: Signal<In, Bits<32>>,
    pub data: Signal<Out, Bits<32>>,
    pub ctl: Signal<Out, Bits<32>>,
    c: Signal<Local, Bits<16>>,
    prod: Signal<Local, Bits<8>>,
    k_p: Signal<Local, Bits<8>>,
    k_c: Signal<Local, Bits<8>>,
    sign_p: Signal<Local, Bit>,
    sig_c: Signal<Local, Bits<32>>, // h.mmmmmmmmmm
    d_pc: Signal<Local, Bits<8>>,   // k_p - k_c
    d_cp: Signal<Local, Bits<8>>,   // k_c - k_p
    frame: Signal<Local, Bits<32>>, // frame operand at bits 30..20
    other: Signal<Local, Bits<32>>, // other operand at bits 30..20, before the shift
    k_f: Signal<Local, Bits<7>>,
    sign_f: Signal<Local, Bit>,
    shift: Signal<Local, Bits<8>>,
    reach: Signal<Local, Bits<8>>,  // the shift from which other's lowest one reaches the sticky bit
    nonzero: Signal<Local, Bit>,    // other != 0
    aligned: Signal<Local, Bits<32>>,
    sticky_pos: Constant<Bits<7>>, // 18 - R
    keep_mask: Constant<Bits<32>>, // bits above sticky_pos
    reach_c: Constant<Bits<8>>,    // c's lowest one sits at bit tz + 20: reach = tz + 20 - sticky_pos
    reach_p: Constant<Bits<8>>,    // the product's at tz + 23
    one: Constant<Bits<32>>,
}

impl<const R: usize> Default for Align<R> {
    fn default() -> Self {
        assert!((1..=16).contains(&R), "SR bits must be 1..=16, got {R}");
        let sticky_pos = 18 - R as u64;
        Self {
            data_in: Default::default(),
            ctl_in: Default::default(),
            data: Default::default(),
            ctl: Default::default(),
            c: Default::default(),
            prod: Default::default(),
            k_p: Default::default(),
            k_c: Default::default(),
            sign_p: Default::default(),
            sig_c: Default::default(),
            d_pc: Default::default(),
            d_cp: Default::default(),
            frame: Default::default(),
            other: Default::default(),
            k_f: Default::default(),
            sign_f: Default::default(),
            shift: Default::default(),
            reach: Default::default(),
            nonzero: Default::default(),
            aligned: Default::default(),
            sticky_pos: Constant::new(sticky_pos.into()),
            keep_mask: Constant::new((0xFFFF_FFFFu64 & !((2u64 << sticky_pos) - 1)).into()),
            reach_c: Constant::new((20 - sticky_pos).into()),
            reach_p: Constant::new((23 - sticky_pos).into()),
            one: Constant::new(1u64.into()),
        }
    }
}

impl<const R: usize> Logic for Align<R> {
    #[hdl_gen]
    fn update(&mut self) {
        self.c.next = self.data_in.val().get_bits::<16>(0);
        self.prod.next = self.data_in.val().get_bits::<8>(16);
        self.k_p.next = bit_cast::<8, 7>(self.data_in.val().get_bits::<7>(24));
        self.k_c.next = bit_cast::<8, 7>(self.ctl_in.val().get_bits::<7>(6));
        self.sign_p.next = self.ctl_in.val().get_bit(1);
        self.sig_c.next = bit_cast::<32, 10>(self.c.val().get_bits::<10>(0));
        if self.c.val().get_bits::<5>(10).any() {
            self.sig_c.next = self.sig_c.val() | 1024;
        }

        // ================= 3. align: frame at bits 30..20, the other shifted right by the gap
        // Both differences at once; bit 7 of one is its sign (k < 128).
        self.d_pc.next = self.k_p.val() - self.k_c.val();
        self.d_cp.next = self.k_c.val() - self.k_p.val();
        if !self.ctl_in.val().get_bit(0) & self.d_cp.val().get_bit(7) {
            self.frame.next = bit_cast::<32, 8>(self.prod.val()) << 23;
            self.other.next = self.sig_c.val() << 20;
            self.k_f.next = self.data_in.val().get_bits::<7>(24);
            self.sign_f.next = self.sign_p.val();
            self.shift.next = self.d_pc.val();
            self.reach.next = bit_cast::<8, 4>(self.ctl_in.val().get_bits::<4>(17)) + self.reach_c.val();
            self.nonzero.next = self.c.val().get_bits::<15>(0).any();
        } else {
            self.frame.next = self.sig_c.val() << 20;
            self.other.next = bit_cast::<32, 8>(self.prod.val()) << 23;
            self.k_f.next = self.ctl_in.val().get_bits::<7>(6);
            self.sign_f.next = self.c.val().get_bit(15);
            self.shift.next = self.d_cp.val();
            self.reach.next = bit_cast::<8, 4>(self.ctl_in.val().get_bits::<4>(13)) + self.reach_p.val();
            self.nonzero.next = !self.ctl_in.val().get_bit(0);
        }
        if self.shift.val().get_bits::<3>(5).any() {
            self.shift.next = 31.into();
        }
        // Bits of `other` at or below the sticky position after the shift OR into the sticky bit:
        // there are some exactly when its lowest one does, i.e. when shift >= reach.
        self.aligned.next = (self.other.val() >> self.shift.val()) & self.keep_mask.val();
        if self.nonzero.val() & (self.shift.val() >= self.reach.val()) {
            self.aligned.next = self.aligned.val() | (self.one.val() << self.sticky_pos.val());
        }

        self.data.next = self.aligned.val();
        self.ctl.next = (self.frame.val() >> 20)
            | (bit_cast::<32, 7>(self.k_f.val()) << 11)
            | (bit_cast::<32, 1>(self.sign_f.val().into()) << 18)
            | (bit_cast::<32, 1>((self.sign_p.val() ^ self.c.val().get_bit(15)).into()) << 19)
            | (bit_cast::<32, 4>(self.ctl_in.val().get_bits::<4>(2)) << 20);
    }
}

/// Stage 4. Out: `data` = the magnitude of the sum; `ctl` = room | sign << 7 | the four special
/// bits << 9, where room = k_f - 49 is how far the sum may shift left before going subnormal.
#[derive(LogicBlock, Default)]
pub struct Add {
    pub data_in: Signal<In, Bits<32>>,
    pub ctl_in: Signal<In, Bits<32>>,
    pub data: Signal<Out, Bits<32>>,
    pub ctl: Signal<Out, Bits<32>>,
    frame: Signal<Local, Bits<32>>,
    k_f: Signal<Local, Bits<7>>,
    sign_f: Signal<Local, Bit>,
    diff: Signal<Local, Bits<32>>,  // frame - other
    rdiff: Signal<Local, Bits<32>>, // other - frame
    sum: Signal<Local, Bits<32>>,
    sign: Signal<Local, Bit>,
    room: Signal<Local, Bits<7>>,
}

impl Logic for Add {
    #[hdl_gen]
    fn update(&mut self) {
        self.frame.next = bit_cast::<32, 11>(self.ctl_in.val().get_bits::<11>(0)) << 20;
        self.k_f.next = self.ctl_in.val().get_bits::<7>(11);
        self.sign_f.next = self.ctl_in.val().get_bit(18);

        // ================= 4. add or subtract magnitudes (both orders at once: no compare first)
        // Both operands are below 2^31, so bit 31 of a difference is its sign.
        self.sum.next = self.frame.val() + self.data_in.val();
        self.diff.next = self.frame.val() - self.data_in.val();
        self.rdiff.next = self.data_in.val() - self.frame.val();
        self.sign.next = self.sign_f.val();
        if self.ctl_in.val().get_bit(19) {
            self.sum.next = self.diff.val();
            if self.diff.val().get_bit(31) {
                // Only when c is a subnormal frame below the product; nothing was lost to sticky.
                self.sum.next = self.rdiff.val();
                self.sign.next = !self.sign_f.val();
            }
        }
        // Bit 31 weighs k_f + 1 - n after a left shift by n; it must stay >= 50 (2^-14).
        self.room.next = self.k_f.val() - 49;

        self.data.next = self.sum.val();
        self.ctl.next = bit_cast::<32, 7>(self.room.val())
            | (bit_cast::<32, 1>(self.sign.val().into()) << 7)
            | (bit_cast::<32, 4>(self.ctl_in.val().get_bits::<4>(20)) << 9);
    }
}

/// Stage 5a: the normalising shift n = min(leading zeros of the sum, room), counted by a tree.
/// Out: `data` = the sum; `ctl` = the input's with zero << 8 | n << 16.
#[derive(LogicBlock)]
pub struct Count {
    pub data_in: Signal<In, Bits<32>>,
    pub ctl_in: Signal<In, Bits<32>>,
    pub data: Signal<Out, Bits<32>>,
    pub ctl: Signal<Out, Bits<32>>,
    room: Signal<Local, Bits<7>>,
    marker: Signal<Local, Bits<32>>, // a one at bit 31 - room: where the shift must stop
    probe: Signal<Local, Bits<32>>,  // sum | marker
    any4: Signal<Local, Bits<8>>,    // bit k: nibble k of probe is nonzero
    hi: Signal<Local, Bits<3>>,      // the highest nonzero nibble
    at: Signal<Local, Bits<5>>,      // its lowest bit, 4 hi
    nib: Signal<Local, Bits<32>>,    // probe >> at: that nibble in bits 3..0
    lz: Signal<Local, Bits<2>>,      // leading zeros inside the nibble
    above: Signal<Local, Bits<3>>,   // nibbles above it, 7 - hi
    n: Signal<Local, Bits<5>>,
    top: Constant<Bits<32>>,
}

impl Default for Count {
    fn default() -> Self {
        Self {
            data_in: Default::default(),
            ctl_in: Default::default(),
            data: Default::default(),
            ctl: Default::default(),
            room: Default::default(),
            marker: Default::default(),
            probe: Default::default(),
            any4: Default::default(),
            hi: Default::default(),
            at: Default::default(),
            nib: Default::default(),
            lz: Default::default(),
            above: Default::default(),
            n: Default::default(),
            top: Constant::new(0x8000_0000u64.into()),
        }
    }
}

impl Logic for Count {
    #[hdl_gen]
    fn update(&mut self) {
        // ================= 5a. count: a marker one at bit 31 - room makes the leading-zero
        // count of sum | marker the shift min(leading zeros, room), without a compare.
        self.room.next = self.ctl_in.val().get_bits::<7>(0);
        self.marker.next = 0.into();
        if self.room.val() < 32 {
            self.marker.next = self.top.val() >> self.room.val();
        }
        self.probe.next = self.data_in.val() | self.marker.val();
        self.any4.next = 0.into();
        if self.probe.val().get_bits::<4>(0).any() {
            self.any4.next = self.any4.val() | 1;
        }
        if self.probe.val().get_bits::<4>(4).any() {
            self.any4.next = self.any4.val() | 2;
        }
        if self.probe.val().get_bits::<4>(8).any() {
            self.any4.next = self.any4.val() | 4;
        }
        if self.probe.val().get_bits::<4>(12).any() {
            self.any4.next = self.any4.val() | 8;
        }
        if self.probe.val().get_bits::<4>(16).any() {
            self.any4.next = self.any4.val() | 16;
        }
        if self.probe.val().get_bits::<4>(20).any() {
            self.any4.next = self.any4.val() | 32;
        }
        if self.probe.val().get_bits::<4>(24).any() {
            self.any4.next = self.any4.val() | 64;
        }
        if self.probe.val().get_bits::<4>(28).any() {
            self.any4.next = self.any4.val() | 128;
        }
        // The highest nonzero nibble wins: test from the bottom up. (A zero probe, only for a
        // zero sum, counts 31; the result is then a signed zero whatever the shift.)
        self.hi.next = 0.into();
        if self.any4.val().get_bit(1) {
            self.hi.next = 1.into();
        }
        if self.any4.val().get_bit(2) {
            self.hi.next = 2.into();
        }
        if self.any4.val().get_bit(3) {
            self.hi.next = 3.into();
        }
        if self.any4.val().get_bit(4) {
            self.hi.next = 4.into();
        }
        if self.any4.val().get_bit(5) {
            self.hi.next = 5.into();
        }
        if self.any4.val().get_bit(6) {
            self.hi.next = 6.into();
        }
        if self.any4.val().get_bit(7) {
            self.hi.next = 7.into();
        }
        self.at.next = bit_cast::<5, 3>(self.hi.val()) << 2;
        self.nib.next = self.probe.val() >> self.at.val();
        self.lz.next = 3.into();
        if self.nib.val().get_bit(1) {
            self.lz.next = 2.into();
        }
        if self.nib.val().get_bit(2) {
            self.lz.next = 1.into();
        }
        if self.nib.val().get_bit(3) {
            self.lz.next = 0.into();
        }
        self.above.next = !self.hi.val();
        self.n.next = (bit_cast::<5, 3>(self.above.val()) << 2) | bit_cast::<5, 2>(self.lz.val());

        self.data.next = self.data_in.val();
        self.ctl.next = self.ctl_in.val()
            | (bit_cast::<32, 1>((!self.data_in.val().any()).into()) << 8)
            | (bit_cast::<32, 5>(self.n.val()) << 16);
    }
}

/// Stage 5b: the sum shifted left by n. Out: `data` = the normalised sum; `ctl` = e |
/// sign << 7 | zero << 8 | the four special bits << 9, where e = room - n is the result's biased
/// FP16 exponent before rounding.
#[derive(LogicBlock, Default)]
pub struct Shift {
    pub data_in: Signal<In, Bits<32>>,
    pub ctl_in: Signal<In, Bits<32>>,
    pub data: Signal<Out, Bits<32>>,
    pub ctl: Signal<Out, Bits<32>>,
    n: Signal<Local, Bits<5>>,
    n7: Signal<Local, Bits<7>>,
    e: Signal<Local, Bits<7>>,
}

impl Logic for Shift {
    #[hdl_gen]
    fn update(&mut self) {
        // ================= 5b. shift; bit 31 then weighs (k_f + 1 - n) - 50 = room - n in FP16
        self.n.next = self.ctl_in.val().get_bits::<5>(16);
        self.n7.next = bit_cast::<7, 5>(self.n.val());
        self.e.next = self.ctl_in.val().get_bits::<7>(0) - self.n7.val();
        self.data.next = self.data_in.val() << self.n.val();
        self.ctl.next = (self.ctl_in.val() & 0x1F80) | bit_cast::<32, 7>(self.e.val());
    }
}

/// Stages 6-7: one rounding, then the special cases.
#[derive(LogicBlock)]
pub struct Round<const R: usize> {
    pub data_in: Signal<In, Bits<32>>,
    pub ctl_in: Signal<In, Bits<32>>,
    pub sr: Signal<In, Bit>,
    pub rnd: Signal<In, Bits<R>>,
    pub y: Signal<Out, Bits<16>>,
    norm: Signal<Local, Bits<32>>,
    e: Signal<Local, Bits<7>>, // biased exponent of norm's bit 31
    e_h: Signal<Local, Bits<7>>,   // e plus the hidden bit
    code: Signal<Local, Bits<32>>, // magnitude code before rounding (hidden bit added in)
    code_up: Signal<Local, Bits<32>>, // code + 1, beside it
    big: Signal<Local, Bit>,          // code is infinite or beyond
    big_up: Signal<Local, Bit>,
    f: Signal<Local, Bits<R>>,
    f_sum: Signal<Local, Bits<32>>,
    up: Signal<Local, Bit>,
    f_shift: Constant<Bits<7>>, // 21 - R: norm >> f_shift has F in its low R bits
    r_bits: Constant<Bits<7>>,  // R
}

impl<const R: usize> Default for Round<R> {
    fn default() -> Self {
        Self {
            data_in: Default::default(),
            ctl_in: Default::default(),
            sr: Default::default(),
            rnd: Default::default(),
            y: Default::default(),
            norm: Default::default(),
            e: Default::default(),
            e_h: Default::default(),
            code: Default::default(),
            code_up: Default::default(),
            big: Default::default(),
            big_up: Default::default(),
            f: Default::default(),
            f_sum: Default::default(),
            up: Default::default(),
            f_shift: Constant::new((21 - R as u64).into()),
            r_bits: Constant::new((R as u64).into()),
        }
    }
}

impl<const R: usize> Logic for Round<R> {
    #[hdl_gen]
    fn update(&mut self) {
        self.norm.next = self.data_in.val();
        self.e.next = self.ctl_in.val().get_bits::<7>(0);
        // ================= 6. round: code = e << 10 + bits 31..21 (hidden bit included).
        // Both candidates and their overflow tests are ready before `up` is: it only selects.
        self.e_h.next = self.e.val() + bit_cast::<7, 1>(self.norm.val().get_bit(31).into());
        self.code.next = (bit_cast::<32, 7>(self.e_h.val()) << 10) | ((self.norm.val() >> 21) & 0x3FF);
        self.code_up.next = self.code.val() + 1;
        self.big.next = self.code.val() >= 0x7C00;
        self.big_up.next = self.code_up.val() >= 0x7C00;
        self.f.next = bit_cast::<R, 32>(self.norm.val() >> self.f_shift.val());
        self.f_sum.next = bit_cast::<32, R>(self.f.val()) + bit_cast::<32, R>(self.rnd.val());
        if self.sr.val() {
            self.up.next = self.f_sum.val().get_bit(self.r_bits.val().index());
        } else {
            self.up.next = self.norm.val().get_bit(20) & (self.norm.val().get_bits::<20>(0).any() | self.norm.val().get_bit(21));
        }
        if self.up.val() {
            self.code.next = self.code_up.val();
            self.big.next = self.big_up.val();
        }
        if self.big.val() {
            self.code.next = 0x7C00.into();
        }

        // ================= 7. specials
        self.y.next = bit_cast::<16, 32>(self.code.val());
        if self.ctl_in.val().get_bit(7) {
            self.y.next = self.y.val() | 0x8000;
        }
        if self.ctl_in.val().get_bit(8) {
            // Exact zero: -0 only for (-0 product) + (-0); cancellation gives +0.
            self.y.next = 0.into();
            if self.ctl_in.val().get_bit(9) {
                self.y.next = 0x8000.into();
            }
        }
        if self.ctl_in.val().get_bit(11) {
            self.y.next = 0x7C00.into();
            if self.ctl_in.val().get_bit(12) {
                self.y.next = 0xFC00.into();
            }
        }
        if self.ctl_in.val().get_bit(10) {
            self.y.next = 0x7E00.into();
        }
    }
}
