//! `fp8_mac`: y = a*b + c, FP8 x FP8 + FP16 -> FP16, one rounding (RNE or SR). Combinational.
//!
//! Seven stages in series compute it, each a block that hands a typed record to the next, so
//! that the pipelined MAC of the array ([`super::pipe`]) can put a register at any boundary:
//!
//! ```text
//!  a, b, c -> multiply -> RawProduct -> norm_product -> Product -> align -> Aligned -> add
//!          -> Sum -> count -> Counted -> shift -> Normalised -> round -> y
//! ```
//!
//! 1. multiply - unpack both operands ([`Unpack`]: value = sig x 2^(ex - offset), sig = h.mmm),
//!    form their 4x4-bit product ([`SigProduct`], shared with the exact element), unpack c beside it, and
//!    decide the special cases from the operands alone.
//! 2. norm_product - normalise the product (leading one at bit 7) with a 3-step shifter.
//!    Exponents from here on are weights biased by [`super::records::K_BIAS`] (`k = E + 64`, E the weight of the
//!    leading bit), so all exponent arithmetic is unsigned.
//! 3. align - the operand with the larger exponent (c counts as at least 2^-14, so the frame
//!    never drops below FP16's subnormal grid) is the frame; the other is shifted right into a
//!    32-bit window, bits below the guard bits OR into a sticky bit:
//!
//! ```text
//!     bit 31     30 .. 20        19 .. 20-G      19-G        below
//!     carry      frame sig (11)  guard (G=R+1)   sticky      always 0
//! ```
//!
//! 4. add - add, or subtract the smaller magnitude from the larger (both orders at once).
//! 5. count - the normalising shift: the sum's leading zeros counted by a nibble tree
//!    ([`ZeroCount`]), stopped where bit 31 would weigh less than 2^-14 (subnormal results).
//! 6. shift - the sum shifted left by that count; its FP16 exponent.
//! 7. round - bits 31..21 are the FP16 significand; [`RoundUp`] decides from the bits below;
//!    the increment carries into the exponent; codes >= 0x7C00 are infinity; then the special
//!    cases (NaN 0x7E00, infinities, signed zeros).
//!
//! Why G = R + 1 guard bits suffice: when the smaller operand is shifted past the guard bits
//! (s > G), the sum's leading one is at most one place below the frame's (the frame is either
//! the normalised product, a normal c, or a subnormal c whose results round on the fixed 2^-24
//! grid), so the 11 result bits, R bits of F and the sticky bit all sit inside the window.
//! Subtracting a sticky-ORed operand is exact when truncated above the sticky bit.

use rust_hdl::prelude::*;

use super::primitives::{RoundUp, SigLayout, SigProduct, Unpack, ZeroCount, SELECT_BITS};
pub use super::records::{Addend, Aligned, Counted, Normalised, Product, RawProduct, Specials, Sum};
use crate::format::{FormatSet, FP16, FP16_INF, FP16_NAN};

use super::records::{K_BIAS, K_MIN};
/// FP16's significand bits below the hidden bit.
const MAN16: u32 = FP16.man_bits;

/// The MAC of the default pair (E4M3FN, E5M2). `R` is the number of random bits of
/// stochastic rounding (1..=16).
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
    multiply: Multiply,
    norm_product: NormProduct,
    align: Align<R>,
    add: Add,
    count: Count,
    shift: Shift,
    round: Round<R>,
}

impl<const R: usize> Default for Fp8Mac<R> {
    fn default() -> Self {
        Self {
            a: Default::default(),
            fmt_a: Default::default(),
            b: Default::default(),
            fmt_b: Default::default(),
            c: Default::default(),
            sr: Default::default(),
            rnd: Default::default(),
            y: Default::default(),
            multiply: Multiply::new(FormatSet::DEFAULT),
            norm_product: NormProduct::new(FormatSet::DEFAULT),
            align: Default::default(),
            add: Default::default(),
            count: Default::default(),
            shift: Default::default(),
            round: Default::default(),
        }
    }
}

impl<const R: usize> Logic for Fp8Mac<R> {
    #[hdl_gen]
    fn update(&mut self) {
        self.multiply.a.next = self.a.val();
        self.multiply.fmt_a.next = bit_cast::<SELECT_BITS, 1>(self.fmt_a.val().into());
        self.multiply.b.next = self.b.val();
        self.multiply.fmt_b.next = bit_cast::<SELECT_BITS, 1>(self.fmt_b.val().into());
        self.multiply.bubble.next = false;
        self.multiply.c.next = self.c.val();
        self.norm_product.inp.next = self.multiply.out.val();
        self.align.inp.next = self.norm_product.out.val();
        self.add.inp.next = self.align.out.val();
        self.count.inp.next = self.add.out.val();
        self.shift.inp.next = self.count.out.val();
        self.round.inp.next = self.shift.out.val();
        self.round.sr.next = self.sr.val();
        self.round.rnd.next = self.rnd.val();
        self.y.next = self.round.y.val();
    }
}

// ============================================================================================
/// Stage 1: unpack, the 4x4 product, c unpacked beside it, and the special cases.
#[derive(LogicBlock)]
pub struct Multiply {
    /// Code of the first operand.
    pub a: Signal<In, Bits<8>>,
    /// Its format's select code.
    pub fmt_a: Signal<In, Bits<SELECT_BITS>>,
    /// Code of the second operand.
    pub b: Signal<In, Bits<8>>,
    /// Its format's select code.
    pub fmt_b: Signal<In, Bits<SELECT_BITS>>,
    /// No operands: the product is -0, which leaves every addend as it is (an array's idle step).
    pub bubble: Signal<In, Bit>,
    /// FP16 addend.
    pub c: Signal<In, Bits<16>>,
    /// The product, the unpacked addend and the special cases.
    pub out: Signal<Out, RawProduct>,
    unpack_a: Unpack,
    unpack_b: Unpack,
    tz_c: ZeroCount<10, 4>, // of c's mantissa field: also c's significand's, for any nonzero c
    product: SigProduct,
    prod: Signal<Local, Bits<8>>,
    zero_p: Signal<Local, Bit>,
    sign_p: Signal<Local, Bit>,
    inf_p: Signal<Local, Bit>,
    e_c: Signal<Local, Bits<5>>, // c's exponent field
    nan_c: Signal<Local, Bit>,
    inf_c: Signal<Local, Bit>,
    addend: Signal<Local, Addend>,
    special: Signal<Local, Specials>,
    k_offset: Constant<Bits<7>>,  // 64 - 15: k of bit 10 is e + 49
    k_min: Constant<Bits<7>>,     // 50: k of 2^-14, c's subnormals
    neg_zero: Constant<Bits<16>>, // FP16 -0
}

impl Multiply {
    /// The stage for operands of the formats of `set`.
    pub fn new(set: FormatSet) -> Self {
        Self {
            a: Default::default(),
            fmt_a: Default::default(),
            b: Default::default(),
            fmt_b: Default::default(),
            bubble: Default::default(),
            c: Default::default(),
            out: Default::default(),
            unpack_a: Unpack::new(set, SigLayout::Normalised),
            unpack_b: Unpack::new(set, SigLayout::Normalised),
            tz_c: ZeroCount::trailing(),
            product: SigProduct::new(SigLayout::Normalised.sig_bits(set)),
            prod: Default::default(),
            zero_p: Default::default(),
            sign_p: Default::default(),
            inf_p: Default::default(),
            e_c: Default::default(),
            nan_c: Default::default(),
            inf_c: Default::default(),
            addend: Default::default(),
            special: Default::default(),
            k_offset: Constant::new(((K_BIAS - FP16.bias) as u64).into()),
            k_min: Constant::new((K_MIN as u64).into()),
            neg_zero: Constant::new((FP16.sign_bit() as u64).into()),
        }
    }
}

impl Logic for Multiply {
    #[hdl_gen]
    fn update(&mut self) {
        // ---- unpack both operands
        self.unpack_a.code.next = self.a.val();
        self.unpack_a.fmt.next = self.fmt_a.val();
        self.unpack_b.code.next = self.b.val();
        self.unpack_b.fmt.next = self.fmt_b.val();

        // ---- the 4x4-bit product of the h.mmm significands (zero in a bubble)
        self.product.a.next = self.unpack_a.sig.val();
        self.product.b.next = self.unpack_b.sig.val();
        self.prod.next = bit_cast::<8, 16>(self.product.p.val());
        if self.bubble.val() {
            self.prod.next = 0.into();
        }
        self.zero_p.next = !self.prod.val().any();
        self.sign_p.next = (self.unpack_a.sign.val() ^ self.unpack_b.sign.val()) | self.bubble.val();
        self.out.next.sig = self.prod.val();
        self.out.next.ex = self.unpack_a.ex.val() + self.unpack_b.ex.val();
        self.out.next.zero = self.zero_p.val();
        self.out.next.sign = self.sign_p.val();

        // ---- c = s.eeeee.mmmmmmmmmm: the weight of its bit 10 (k), its trailing zeros
        self.e_c.next = self.c.val().get_bits::<5>(10);
        self.addend.next.k = bit_cast::<7, 5>(self.e_c.val()) + self.k_offset.val();
        if !self.e_c.val().any() {
            self.addend.next.k = self.k_min.val();
        }
        self.tz_c.x.next = self.c.val().get_bits::<10>(0);
        self.addend.next.tz = self.tz_c.count.val();
        self.addend.next.code = self.c.val();
        self.out.next.c = self.addend.val();

        // ---- special cases, from the operands alone (docs/spec.md section 2, 1-5)
        self.nan_c.next = self.e_c.val().all() & self.c.val().get_bits::<10>(0).any();
        self.inf_c.next = self.e_c.val().all() & !self.c.val().get_bits::<10>(0).any();
        self.inf_p.next = (self.unpack_a.inf.val() | self.unpack_b.inf.val()) & !self.bubble.val();
        self.special.next.nan = ((self.unpack_a.nan.val() | self.unpack_b.nan.val()) & !self.bubble.val())
            | self.nan_c.val()
            | (self.inf_p.val() & self.zero_p.val())
            | (self.inf_p.val() & self.inf_c.val() & (self.sign_p.val() ^ self.c.val().get_bit(15)));
        self.special.next.inf = self.inf_p.val() | self.inf_c.val();
        self.special.next.inf_sign = self.c.val().get_bit(15);
        if self.inf_p.val() {
            self.special.next.inf_sign = self.sign_p.val();
        }
        // An exact zero result is -0 only for (-0 product) + (-0).
        self.special.next.neg_zero = self.zero_p.val() & self.sign_p.val() & (self.c.val() == self.neg_zero.val());
        self.out.next.special = self.special.val();
    }
}

// ============================================================================================
/// Stage 2: the product normalised (leading one at bit 7) by a 3-step shifter, its weight and
/// its trailing zeros.
#[derive(LogicBlock)]
pub struct NormProduct {
    /// From multiply.
    pub inp: Signal<In, RawProduct>,
    /// To align.
    pub out: Signal<Out, Product>,
    tz_p: ZeroCount<8, 4>,
    raw: Signal<Local, RawProduct>,
    prod: Signal<Local, Bits<8>>,
    n_p: Signal<Local, Bits<7>>, // the normalising shift (its bits are the shifter's decisions)
    k_offset: Constant<Bits<7>>, // k of bit 7 of the raw product is ex + k_offset
}

impl NormProduct {
    /// The stage for products of the formats of `set` (their exponent offset).
    pub fn new(set: FormatSet) -> Self {
        Self {
            inp: Default::default(),
            out: Default::default(),
            tz_p: ZeroCount::trailing(),
            raw: Default::default(),
            prod: Default::default(),
            n_p: Default::default(),
            // value = sig x 2^(ex - 2 offset): bit 7 weighs ex + 7 - 2 offset.
            k_offset: Constant::new(((K_BIAS + 7 - 2 * SigLayout::Normalised.offset(set)) as u64).into()),
        }
    }
}

impl Logic for NormProduct {
    #[hdl_gen]
    fn update(&mut self) {
        self.raw.next = self.inp.val();
        self.prod.next = self.raw.val().sig;
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
        self.out.next.sig = self.prod.val();
        self.out.next.k = self.raw.val().ex + self.k_offset.val() - self.n_p.val();
        // The shift adds n_p zeros below the raw product's trailing zeros.
        self.tz_p.x.next = self.inp.val().sig;
        self.out.next.tz = self.tz_p.count.val() + bit_cast::<4, 7>(self.n_p.val());
        self.out.next.zero = self.raw.val().zero;
        self.out.next.sign = self.raw.val().sign;
        self.out.next.c = self.raw.val().c;
        self.out.next.special = self.raw.val().special;
    }
}

// ============================================================================================
/// Stage 3: the larger operand is the frame, the other is shifted right into the window with
/// a sticky bit.
#[derive(LogicBlock)]
pub struct Align<const R: usize> {
    /// From norm_product.
    pub inp: Signal<In, Product>,
    /// To add.
    pub out: Signal<Out, Aligned>,
    p: Signal<Local, Product>,
    addend: Signal<Local, Addend>,
    c: Signal<Local, Bits<16>>,
    prod: Signal<Local, Bits<32>>,
    k_p: Signal<Local, Bits<8>>,
    k_c: Signal<Local, Bits<8>>,
    sig_c: Signal<Local, Bits<32>>, // h.mmmmmmmmmm
    d_pc: Signal<Local, Bits<8>>,   // k_p - k_c
    d_cp: Signal<Local, Bits<8>>,   // k_c - k_p
    frame: Signal<Local, Bits<32>>, // frame operand at bits 30..20
    other: Signal<Local, Bits<32>>, // other operand at bits 30..20, before the shift
    shift: Signal<Local, Bits<8>>,
    reach: Signal<Local, Bits<8>>, // the shift from which other's lowest one reaches the sticky bit
    nonzero: Signal<Local, Bit>,   // other != 0
    aligned: Signal<Local, Bits<32>>,
    sticky_pos: Constant<Bits<7>>, // 18 - R
    keep_mask: Constant<Bits<32>>, // bits above sticky_pos
    reach_c: Constant<Bits<8>>,    // c's lowest one sits at bit tz + 20: reach = tz + 20 - sticky_pos
    reach_p: Constant<Bits<8>>,    // the product's at tz + 23
    one: Constant<Bits<32>>,
}

impl<const R: usize> Default for Align<R> {
    fn default() -> Self {
        let sticky_pos = 18 - R as u64;
        Self {
            inp: Default::default(),
            out: Default::default(),
            p: Default::default(),
            addend: Default::default(),
            c: Default::default(),
            prod: Default::default(),
            k_p: Default::default(),
            k_c: Default::default(),
            sig_c: Default::default(),
            d_pc: Default::default(),
            d_cp: Default::default(),
            frame: Default::default(),
            other: Default::default(),
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
        self.p.next = self.inp.val();
        self.addend.next = self.p.val().c;
        self.c.next = self.addend.val().code;
        self.prod.next = bit_cast::<32, 8>(self.p.val().sig);
        self.k_p.next = bit_cast::<8, 7>(self.p.val().k);
        self.k_c.next = bit_cast::<8, 7>(self.addend.val().k);
        self.sig_c.next = bit_cast::<32, 10>(self.c.val().get_bits::<10>(0));
        if self.c.val().get_bits::<5>(10).any() {
            self.sig_c.next = self.sig_c.val() | 1024;
        }
        // Both differences at once; bit 7 of one is its sign (k < 128).
        self.d_pc.next = self.k_p.val() - self.k_c.val();
        self.d_cp.next = self.k_c.val() - self.k_p.val();
        if !self.p.val().zero & self.d_cp.val().get_bit(7) {
            self.frame.next = self.prod.val() << 23;
            self.other.next = self.sig_c.val() << 20;
            self.out.next.k = self.p.val().k;
            self.out.next.sign = self.p.val().sign;
            self.shift.next = self.d_pc.val();
            self.reach.next = bit_cast::<8, 4>(self.addend.val().tz) + self.reach_c.val();
            self.nonzero.next = self.c.val().get_bits::<15>(0).any();
        } else {
            self.frame.next = self.sig_c.val() << 20;
            self.other.next = self.prod.val() << 23;
            self.out.next.k = self.addend.val().k;
            self.out.next.sign = self.c.val().get_bit(15);
            self.shift.next = self.d_cp.val();
            self.reach.next = bit_cast::<8, 4>(self.p.val().tz) + self.reach_p.val();
            self.nonzero.next = !self.p.val().zero;
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
        self.out.next.other = self.aligned.val();
        self.out.next.frame = self.frame.val().get_bits::<11>(20);
        self.out.next.subtract = self.p.val().sign ^ self.c.val().get_bit(15);
        self.out.next.special = self.p.val().special;
    }
}

// ============================================================================================
/// Stage 4: add, or subtract the smaller magnitude (both orders at once: no compare first).
#[derive(LogicBlock)]
pub struct Add {
    /// From align.
    pub inp: Signal<In, Aligned>,
    /// To count.
    pub out: Signal<Out, Sum>,
    x: Signal<Local, Aligned>,
    frame: Signal<Local, Bits<32>>,
    other: Signal<Local, Bits<32>>,
    sum: Signal<Local, Bits<32>>,
    diff: Signal<Local, Bits<32>>,  // frame - other
    rdiff: Signal<Local, Bits<32>>, // other - frame
    room_offset: Constant<Bits<7>>, // 49: bit 31 weighs k + 1 and must stay >= 2^-14
}

impl Default for Add {
    fn default() -> Self {
        Self {
            inp: Default::default(),
            out: Default::default(),
            x: Default::default(),
            frame: Default::default(),
            other: Default::default(),
            sum: Default::default(),
            diff: Default::default(),
            rdiff: Default::default(),
            room_offset: Constant::new(((K_MIN - 1) as u64).into()),
        }
    }
}

impl Logic for Add {
    #[hdl_gen]
    fn update(&mut self) {
        self.x.next = self.inp.val();
        self.frame.next = bit_cast::<32, 11>(self.x.val().frame) << 20;
        self.other.next = self.x.val().other;
        // Both operands are below 2^31, so bit 31 of a difference is its sign.
        self.sum.next = self.frame.val() + self.other.val();
        self.diff.next = self.frame.val() - self.other.val();
        self.rdiff.next = self.other.val() - self.frame.val();
        self.out.next.sign = self.x.val().sign;
        if self.x.val().subtract {
            self.sum.next = self.diff.val();
            if self.diff.val().get_bit(31) {
                // Only when c is a subnormal frame below the product; nothing was lost to sticky.
                self.sum.next = self.rdiff.val();
                self.out.next.sign = !self.x.val().sign;
            }
        }
        self.out.next.mag = self.sum.val();
        // After a left shift by n bit 31 weighs k + 1 - n, which must stay >= 50 (2^-14).
        self.out.next.room = self.x.val().k - self.room_offset.val();
        self.out.next.special = self.x.val().special;
    }
}

// ============================================================================================
/// Stage 5: the normalising shift n = min(leading zeros of the sum, room), counted by a tree:
/// a marker one at bit 31 - room makes the leading-zero count of probe = sum | marker that
/// minimum without a compare; [`ZeroCount`] finds the highest nonzero nibble of the probe,
/// then the leading zeros inside it. (The parts are blocks of their own so that each counter's
/// input is a plain wire: Verilator schedules a block that computes a counter's input and
/// reads its output as a combinational loop.)
#[derive(LogicBlock)]
pub struct Count {
    /// From add.
    pub inp: Signal<In, Sum>,
    /// To shift.
    pub out: Signal<Out, Counted>,
    probe: Probe,
    nibbles: ZeroCount<8, 4>, // nibbles above the highest nonzero one
    pick: PickNibble,
    in_nibble: ZeroCount<4, 3>, // leading zeros inside it
}

impl Default for Count {
    fn default() -> Self {
        Self {
            inp: Default::default(),
            out: Default::default(),
            probe: Default::default(),
            nibbles: ZeroCount::leading(),
            pick: Default::default(),
            in_nibble: ZeroCount::leading(),
        }
    }
}

impl Logic for Count {
    #[hdl_gen]
    fn update(&mut self) {
        self.probe.inp.next = self.inp.val();
        self.nibbles.x.next = self.probe.nonzero.val();
        self.pick.probe.next = self.probe.word.val();
        self.pick.above.next = self.nibbles.count.val();
        self.in_nibble.x.next = self.pick.nibble.val();
        // n = 4 x (nibbles above) | zeros inside (0..3). Only a zero sum can leave the probe
        // zero (counts 8 and 4), and its result is a signed zero whatever n is.
        self.out.next.n = (bit_cast::<5, 4>(self.nibbles.count.val()) << 2) | bit_cast::<5, 3>(self.in_nibble.count.val());
        self.out.next.zero = self.probe.zero.val();
        self.out.next.sum = self.inp.val();
    }
}

/// Count's probe = sum | marker and which of its nibbles are nonzero.
#[derive(LogicBlock)]
pub struct Probe {
    /// From add.
    pub inp: Signal<In, Sum>,
    /// sum | marker.
    pub word: Signal<Out, Bits<32>>,
    /// Bit k: nibble k of the probe is nonzero.
    pub nonzero: Signal<Out, Bits<8>>,
    /// The sum is zero.
    pub zero: Signal<Out, Bit>,
    s: Signal<Local, Sum>,
    mag: Signal<Local, Bits<32>>,
    room: Signal<Local, Bits<7>>,
    marker: Signal<Local, Bits<32>>, // a one at bit 31 - room: where the shift must stop
    p: Signal<Local, Bits<32>>,
    top: Constant<Bits<32>>,
}

impl Default for Probe {
    fn default() -> Self {
        Self {
            inp: Default::default(),
            word: Default::default(),
            nonzero: Default::default(),
            zero: Default::default(),
            s: Default::default(),
            mag: Default::default(),
            room: Default::default(),
            marker: Default::default(),
            p: Default::default(),
            top: Constant::new(0x8000_0000u64.into()),
        }
    }
}

impl Logic for Probe {
    #[hdl_gen]
    fn update(&mut self) {
        self.s.next = self.inp.val();
        self.mag.next = self.s.val().mag;
        self.room.next = self.s.val().room;
        self.marker.next = 0.into();
        if self.room.val() < 32 {
            self.marker.next = self.top.val() >> self.room.val();
        }
        self.p.next = self.mag.val() | self.marker.val();
        self.word.next = self.p.val();
        self.nonzero.next = 0.into();
        for k in 0..8 {
            if self.p.val().get_bits::<4>(4 * k).any() {
                self.nonzero.next = self.nonzero.val() | (1 << k);
            }
        }
        self.zero.next = !self.mag.val().any();
    }
}

/// The probe's highest nonzero nibble, given how many nibbles lie above it.
#[derive(LogicBlock, Default)]
pub struct PickNibble {
    /// sum | marker.
    pub probe: Signal<In, Bits<32>>,
    /// Nibbles above the highest nonzero one (0..=7; 8 for a zero probe).
    pub above: Signal<In, Bits<4>>,
    /// That nibble.
    pub nibble: Signal<Out, Bits<4>>,
    at: Signal<Local, Bits<5>>, // its lowest bit
    shifted: Signal<Local, Bits<32>>,
}

impl Logic for PickNibble {
    #[hdl_gen]
    fn update(&mut self) {
        self.at.next = bit_cast::<5, 3>(!bit_cast::<3, 4>(self.above.val())) << 2;
        self.shifted.next = self.probe.val() >> self.at.val();
        self.nibble.next = self.shifted.val().get_bits::<4>(0);
    }
}

// ============================================================================================
/// Stage 6: the sum shifted left by n; bit 31 then weighs (k + 1 - n) - 50 = room - n in FP16.
#[derive(LogicBlock, Default)]
pub struct Shift {
    /// From count.
    pub inp: Signal<In, Counted>,
    /// To round.
    pub out: Signal<Out, Normalised>,
    x: Signal<Local, Counted>,
    sum: Signal<Local, Sum>,
    n: Signal<Local, Bits<5>>,
}

impl Logic for Shift {
    #[hdl_gen]
    fn update(&mut self) {
        self.x.next = self.inp.val();
        self.sum.next = self.x.val().sum;
        self.n.next = self.x.val().n;
        self.out.next.sig = self.sum.val().mag << self.n.val();
        self.out.next.e = self.sum.val().room - bit_cast::<7, 5>(self.n.val());
        self.out.next.sign = self.sum.val().sign;
        self.out.next.zero = self.x.val().zero;
        self.out.next.special = self.sum.val().special;
    }
}

// ============================================================================================
/// Stage 7: one rounding, then the special cases.
#[derive(LogicBlock)]
pub struct Round<const R: usize> {
    /// From shift.
    pub inp: Signal<In, Normalised>,
    /// 1 = stochastic rounding with `rnd`, 0 = round to nearest even.
    pub sr: Signal<In, Bit>,
    /// Random bits of stochastic rounding.
    pub rnd: Signal<In, Bits<R>>,
    /// FP16 result.
    pub y: Signal<Out, Bits<16>>,
    round_up: RoundUp<R, 32>, // the FP16 grid's lsb is bit 21
    x: Signal<Local, Normalised>,
    special: Signal<Local, Specials>,
    norm: Signal<Local, Bits<32>>,
    e_h: Signal<Local, Bits<7>>,      // e plus the hidden bit
    code: Signal<Local, Bits<32>>,    // magnitude code before rounding (hidden bit added in)
    code_up: Signal<Local, Bits<32>>, // code + 1, beside it
    big: Signal<Local, Bit>,          // code is infinite or beyond
    big_up: Signal<Local, Bit>,
    man_mask: Constant<Bits<32>>, // FP16's mantissa field
    inf: Constant<Bits<32>>,      // FP16 +infinity
    inf16: Constant<Bits<16>>,
    sign: Constant<Bits<16>>, // FP16's sign bit
    nan: Constant<Bits<16>>,  // the canonical NaN
}

impl<const R: usize> Default for Round<R> {
    fn default() -> Self {
        Self {
            inp: Default::default(),
            sr: Default::default(),
            rnd: Default::default(),
            y: Default::default(),
            round_up: RoundUp::at(31 - MAN16 as usize),
            x: Default::default(),
            special: Default::default(),
            norm: Default::default(),
            e_h: Default::default(),
            code: Default::default(),
            code_up: Default::default(),
            big: Default::default(),
            big_up: Default::default(),
            man_mask: Constant::new(((1u64 << MAN16) - 1).into()),
            inf: Constant::new((FP16_INF as u64).into()),
            inf16: Constant::new((FP16_INF as u64).into()),
            sign: Constant::new((FP16.sign_bit() as u64).into()),
            nan: Constant::new((FP16_NAN as u64).into()),
        }
    }
}

impl<const R: usize> Logic for Round<R> {
    #[hdl_gen]
    fn update(&mut self) {
        self.round_up.sr.next = self.sr.val();
        self.round_up.rnd.next = self.rnd.val();
        self.round_up.word.next = self.inp.val().sig;
        self.x.next = self.inp.val();
        self.special.next = self.x.val().special;
        self.norm.next = self.x.val().sig;
        // code = e << 10 + bits 31..21 (hidden bit included). Both candidates and their
        // overflow tests are ready before the rounding decision: it only selects.
        self.e_h.next = self.x.val().e + bit_cast::<7, 1>(self.norm.val().get_bit(31).into());
        self.code.next = (bit_cast::<32, 7>(self.e_h.val()) << 10) | ((self.norm.val() >> 21) & self.man_mask.val());
        self.code_up.next = self.code.val() + 1;
        self.big.next = self.code.val() >= self.inf.val();
        self.big_up.next = self.code_up.val() >= self.inf.val();
        if self.round_up.up.val() {
            self.code.next = self.code_up.val();
            self.big.next = self.big_up.val();
        }
        if self.big.val() {
            self.code.next = self.inf.val();
        }
        // ---- special cases
        self.y.next = bit_cast::<16, 32>(self.code.val());
        if self.x.val().sign {
            self.y.next = self.y.val() | self.sign.val();
        }
        if self.x.val().zero {
            // Exact zero: -0 only for (-0 product) + (-0); cancellation gives +0.
            self.y.next = 0.into();
            if self.special.val().neg_zero {
                self.y.next = self.sign.val();
            }
        }
        if self.special.val().inf {
            self.y.next = self.inf16.val();
            if self.special.val().inf_sign {
                self.y.next = self.inf16.val() | self.sign.val();
            }
        }
        if self.special.val().nan {
            self.y.next = self.nan.val();
        }
    }
}
