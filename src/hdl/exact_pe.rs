//! `fp8_pe_exact`: one element of the exact-accumulation array (docs/spec.md section 8).
//!
//! Each product `sig_a sig_b x 2^(ex_a + ex_b - 2 offset)` ([`SigLayout::Integer`]: the
//! formats' own integer significands, INT8's magnitude) is an integer of at most 2 x the set's
//! widest significand bits (8 for the FP8 pair, 10 with E3M4, 15 with INT8) on a grid whose
//! least significant bit weighs 2^-34 ([`crate::config::GRID_LSB`], the least product of the
//! table). The element sums the products of a tile exactly, in two's complement, in a segmented (Kulisch)
//! accumulator: `segs` 8-bit segments, each with its own registered carry-out that the next
//! segment adds on the following cycle, so no carry travels further than 9 bits in a cycle and
//! no wide shifter is needed. The value held is `sum_s seg[s] 2^(8s) + carry[s] 2^(8s+8)`,
//! modulo 2^(8 segs); the segments are enough for any K <= 2^H (see [`ExactArray::segments`]).
//! The segments start where the least product of the array's formats lies (the E4M3-only
//! element, `--formats e4m3`, at 2^-18, two segments up the grid) and end above the largest
//! product's sum; the unpackers are generated from the set of formats ([`Unpack`]).
//!
//! Four stages, one MAC per cycle:
//! 0. `unpack`: both operands, `shift = ex_a + ex_b + 34 - 2 offset` (the product's place on
//!    the grid, below 64), the sign and the special-case flags of the product;
//! 1. `multiply`: `p = sig_a sig_b`, shift-and-add over two bits of b at a time, zero for a
//!    special or a bubble;
//! 2. `place`: `p << (shift mod 8)` as bytes (two for the FP8 pair, three with E3M4 or INT8)
//!    for segment `shift / 8` and the next ones, rotated so that segment s finds its byte at
//!    byte s mod parts, and a flag per segment that it takes its byte; a negative product
//!    adds -P = ~P + 1 over all the segments: its bytes complemented, every other segment
//!    0xFF, and the 1 as segment 0's carry-in (segment 0 has no segment below), so no wide
//!    negation is needed;
//! 3. `accumulate`: every segment adds its part (its byte, or the sign extension: one
//!    3-input choice per bit) and its carry-in.
//!
//! `start` travels with the operands; when it reaches stage 3 the finished sum, with its
//! pending carries and flags, moves to the exchange register `x`, and the accumulator restarts
//! from this step's product (zero in a flush, `start` without `valid`). `shift` moves the `x`
//! registers of a column down one element, towards the array's rounder, a cycle after it is
//! high: each element registers it, so that the column's shift line drives one flip-flop per
//! element, not every exchange register's enable across the die.

use rust_hdl::prelude::*;

use super::primitives::{wide, SigLayout, SigProduct, Unpack, SELECT_BITS, SIG_BITS};
use super::records::ExactFlags;
use crate::config::ExactArray;

/// Bits of a block-scale port (`xa_in`, `xb_in`): an offset of up to
/// [`crate::config::MAX_SCALE_BITS`] bits, then [`SCALE_NAN`].
pub const SCALE_PORT_BITS: usize = 5;
/// The bit of a block-scale port that marks a NaN scale (E8M0's 0xFF).
pub const SCALE_NAN: u32 = 1 << 4;

/// One element of the exact array.
#[derive(LogicBlock)]
pub struct PeExact {
    /// Clock.
    pub clk: Signal<In, Clock>,
    /// Synchronous reset.
    pub rst: Signal<In, Bit>,
    /// Select code of a's format in the array's set, fixed during a GEMM.
    pub fmt_a: Signal<In, Bits<SELECT_BITS>>,
    /// Select code of b's format.
    pub fmt_b: Signal<In, Bits<SELECT_BITS>>,
    /// A operand from the left neighbour.
    pub a_in: Signal<In, Bits<8>>,
    /// `a_in` and `b_in` are one MAC step.
    pub valid_in: Signal<In, Bit>,
    /// This step is k = 0 of a new tile (with `valid_in` low: the flush).
    pub start_in: Signal<In, Bit>,
    /// B operand from the element above.
    pub b_in: Signal<In, Bits<8>>,
    /// Move the exchange registers one element down, in the next cycle.
    pub shift: Signal<In, Bit>,
    /// With block scales ([`ExactArray::scale_bits`] D > 0), a's block scale: its offset
    /// above the GEMM's least in bits 0 .. D - 1, bit 4 a NaN scale; ignored when D = 0.
    pub xa_in: Signal<In, Bits<SCALE_PORT_BITS>>,
    /// b's block scale, as `xa_in`.
    pub xb_in: Signal<In, Bits<SCALE_PORT_BITS>>,
    /// The exchange register of the element above: segments (s at bits 8s .. 8s + 7),
    pub x_seg_in: Signal<In, Bits<96>>,
    /// its carries (bit s: segment s's carry-out),
    pub x_carry_in: Signal<In, Bits<16>>,
    /// and its flags.
    pub x_flags_in: Signal<In, ExactFlags>,
    /// `a_in`, registered, to the right neighbour.
    pub a_out: Signal<Out, Bits<8>>,
    /// `valid_in`, registered.
    pub valid_out: Signal<Out, Bit>,
    /// `start_in`, registered.
    pub start_out: Signal<Out, Bit>,
    /// `b_in`, registered, to the element below.
    pub b_out: Signal<Out, Bits<8>>,
    /// `xa_in`, registered, to the right neighbour.
    pub xa_out: Signal<Out, Bits<SCALE_PORT_BITS>>,
    /// `xb_in`, registered, to the element below.
    pub xb_out: Signal<Out, Bits<SCALE_PORT_BITS>>,
    /// The exchange register, to the element below: segments,
    pub x_seg_out: Signal<Out, Bits<96>>,
    /// carries,
    pub x_carry_out: Signal<Out, Bits<16>>,
    /// flags.
    pub x_flags_out: Signal<Out, ExactFlags>,
    // the configuration, registered
    fmt_a_r: DFF<Bits<SELECT_BITS>>,
    fmt_b_r: DFF<Bits<SELECT_BITS>>,
    // forwarding registers
    a_r: DFF<Bits<8>>,
    valid_r: DFF<Bit>,
    start_r: DFF<Bit>,
    b_r: DFF<Bits<8>>,
    xa_r: DFF<Bits<SCALE_PORT_BITS>>,
    xb_r: DFF<Bits<SCALE_PORT_BITS>>,
    // stage 0 -> 1: the unpacked operands
    sa0: DFF<Bits<SIG_BITS>>,
    sb0: DFF<Bits<SIG_BITS>>,
    ex0: DFF<Bits<7>>,
    kill0: DFF<Bit>,
    neg0: DFF<Bit>,
    flags0: DFF<ExactFlags>,
    start0: DFF<Bit>,
    // stage 1 -> 2: the product
    p1: DFF<Bits<16>>,
    shift1: DFF<Bits<7>>,
    neg1: DFF<Bit>,
    flags1: DFF<ExactFlags>,
    start1: DFF<Bit>,
    // stage 2 -> 3: the placed addend, its bytes rotated so that segment s finds its byte at
    // s mod parts: each segment then chooses between one byte and the sign extension
    addend2: DFF<Bits<24>>,
    sel2: DFF<Bits<16>>, // bit s: segment s adds its byte of the addend (else 0, or 0xFF if negative)
    neg2: DFF<Bit>,      // the addend is negative: its parts are complemented, segment 0 adds 1
    flags2: DFF<ExactFlags>,
    start2: DFF<Bit>,
    // stage 3: the accumulator and the exchange register
    acc: Vec<DFF<Bits<8>>>,
    carry: DFF<Bits<16>>,
    flags: DFF<ExactFlags>,
    x_seg: DFF<Bits<96>>,
    x_carry: DFF<Bits<16>>,
    x_flags: DFF<ExactFlags>,
    x_move: DFF<Bit>, // the exchange registers' enable: a start reaching stage 3, or `shift` a cycle later
    ua: Unpack,
    ub: Unpack,
    // locals
    ex_sum: Signal<Local, Bits<7>>,
    xa: Signal<Local, Bits<SCALE_PORT_BITS>>, // the scales, masked to the bits the build uses
    xb: Signal<Local, Bits<SCALE_PORT_BITS>>,
    scale_nan: Signal<Local, Bit>,
    scale_mask: Constant<Bits<SCALE_PORT_BITS>>, // the offset bits and the NaN bit; 0 without scales
    offset_mask: Constant<Bits<SCALE_PORT_BITS>>,
    nan_bit: Constant<Bits<SCALE_PORT_BITS>>,
    product: SigProduct,
    shift_base: Constant<Bits<7>>, // the product's place on the grid less ex_a + ex_b (mod 128)
    zero: Signal<Local, Bit>,
    inf: Signal<Local, Bit>,
    sign: Signal<Local, Bit>,
    f: Signal<Local, ExactFlags>,
    lo: Signal<Local, Bits<3>>,
    mag: Signal<Local, Bits<24>>,
    part: Signal<Local, Bits<8>>,
    seg: Signal<Local, Bits<8>>,
    acc_word: Signal<Local, Bits<96>>, // the accumulator's segments in one word
    wide: Signal<Local, Bits<96>>,
    seg_pos: Vec<Constant<Bits<8>>>,
    t9: Signal<Local, Bits<9>>,
    cin: Signal<Local, Bits<9>>,
    new_carry: Signal<Local, Bits<16>>,
    hi: Signal<Local, Bits<16>>,
    sel: Signal<Local, Bits<16>>,
    hi_bit: Signal<Local, Bits<16>>,
    rotated: Signal<Local, Bits<24>>,
    part_at: Vec<Constant<Bits<16>>>,  // byte j of the addend goes to segment hi + j
    rot_when: Vec<Constant<Bits<16>>>, // bit h: rotate by r bytes when hi = h (h mod parts = r)
    rot_left: Vec<Constant<Bits<8>>>,  // 8 r
    rot_right: Vec<Constant<Bits<8>>>, // 8 (parts - r)
    byte_at: Vec<Constant<Bits<8>>>,   // segment s's byte of the addend sits at bit 8 (s mod parts)
    addend_mask: Constant<Bits<24>>,
    one: Constant<Bits<16>>,
    neutral: Signal<Local, ExactFlags>,
    low_segs: Constant<Bits<4>>,              // segments of the grid below segment 0
    seg_mask: Constant<Bits<96>>,             // the exchange bits the segments use: the rest stay 0, so
    carry_mask: Constant<Bits<16>>,           // synthesis removes their registers
    carry_bit: Vec<Constant<Bits<16>>>,       // bit s: segment s's carry
    select_mask: Constant<Bits<SELECT_BITS>>, // the select bits the set uses: the rest stay 0 in the element
    cin_word: Signal<Local, Bits<16>>,
    cbits: Signal<Local, Bits<16>>,
}

impl PeExact {
    /// An element of the exact array `exact` (its segments: [`ExactArray::segments`]).
    pub fn new(exact: &ExactArray) -> Self {
        let segments = exact.segments();
        let set = exact.formats;
        let sig_bits = SigLayout::Integer.sig_bits(set);
        let prod_bits = 2 * sig_bits;
        let parts = (prod_bits + 7).div_ceil(8);
        // value = sig_a sig_b 2^(ex_a + ex_b - 2 offset); bit 0 of the grid weighs 2^GRID_LSB
        let shift_base = (-crate::config::GRID_LSB - 2 * SigLayout::Integer.offset(set)).rem_euclid(128);
        fn k<const N: usize>(v: usize) -> Constant<Bits<N>> {
            Constant::new((v as u64).into())
        }
        fn n<T: Default>(k: usize) -> Vec<T> {
            (0..k).map(|_| T::default()).collect()
        }
        PeExact {
            clk: Default::default(),
            rst: Default::default(),
            fmt_a: Default::default(),
            fmt_b: Default::default(),
            a_in: Default::default(),
            valid_in: Default::default(),
            start_in: Default::default(),
            b_in: Default::default(),
            shift: Default::default(),
            xa_in: Default::default(),
            xb_in: Default::default(),
            x_seg_in: Default::default(),
            x_carry_in: Default::default(),
            x_flags_in: Default::default(),
            a_out: Default::default(),
            valid_out: Default::default(),
            start_out: Default::default(),
            b_out: Default::default(),
            xa_out: Default::default(),
            xb_out: Default::default(),
            x_seg_out: Default::default(),
            x_carry_out: Default::default(),
            x_flags_out: Default::default(),
            fmt_a_r: Default::default(),
            fmt_b_r: Default::default(),
            a_r: Default::default(),
            valid_r: Default::default(),
            start_r: Default::default(),
            b_r: Default::default(),
            xa_r: Default::default(),
            xb_r: Default::default(),
            sa0: Default::default(),
            sb0: Default::default(),
            ex0: Default::default(),
            kill0: Default::default(),
            neg0: Default::default(),
            flags0: Default::default(),
            start0: Default::default(),
            p1: Default::default(),
            shift1: Default::default(),
            neg1: Default::default(),
            flags1: Default::default(),
            start1: Default::default(),
            addend2: Default::default(),
            sel2: Default::default(),
            neg2: Default::default(),
            flags2: Default::default(),
            start2: Default::default(),
            acc: n(segments),
            carry: Default::default(),
            flags: Default::default(),
            x_seg: Default::default(),
            x_carry: Default::default(),
            x_flags: Default::default(),
            x_move: Default::default(),
            ua: Unpack::new(set, SigLayout::Integer),
            ub: Unpack::new(set, SigLayout::Integer),
            ex_sum: Default::default(),
            xa: Default::default(),
            xb: Default::default(),
            scale_nan: Default::default(),
            scale_mask: k(match exact.scale_bits {
                0 => 0,
                d => ((1 << d) - 1) | SCALE_NAN as usize,
            }),
            offset_mask: k(SCALE_NAN as usize - 1),
            nan_bit: k(SCALE_NAN as usize),
            product: SigProduct::new(sig_bits),
            shift_base: k(shift_base as usize),
            zero: Default::default(),
            inf: Default::default(),
            sign: Default::default(),
            f: Default::default(),
            lo: Default::default(),
            mag: Default::default(),
            part: Default::default(),
            seg: Default::default(),
            acc_word: Default::default(),
            wide: Default::default(),
            seg_pos: (0..segments).map(|s| Constant::new(((8 * s) as u64).into())).collect(),
            t9: Default::default(),
            cin: Default::default(),
            new_carry: Default::default(),
            hi: Default::default(),
            sel: Default::default(),
            hi_bit: Default::default(),
            rotated: Default::default(),
            part_at: (0..parts).map(k).collect(),
            rot_when: (0..parts).map(|r| k((0..16).filter(|h| h % parts == r).map(|h| 1 << h).sum())).collect(),
            rot_left: (0..parts).map(|r| k(8 * r)).collect(),
            rot_right: (0..parts).map(|r| k(8 * (parts - r))).collect(),
            byte_at: (0..segments).map(|s| k(8 * (s % parts))).collect(),
            addend_mask: k((1 << (8 * parts)) - 1),
            one: Constant::new(1.into()),
            neutral: Default::default(),
            low_segs: Constant::new((exact.low_segments() as u64).into()),
            seg_mask: Constant::new(wide((1u128 << (8 * segments)) - 1)),
            carry_mask: Constant::new(((1u64 << segments) - 1).into()),
            carry_bit: (0..segments).map(|s| Constant::new((1u64 << s).into())).collect(),
            select_mask: Constant::new(((1u64 << set.select_bits()) - 1).into()),
            cin_word: Default::default(),
            cbits: Default::default(),
        }
    }
}

impl Logic for PeExact {
    #[hdl_gen]
    fn update(&mut self) {
        dff_setup!(
            self, clk, fmt_a_r, fmt_b_r, a_r, valid_r, start_r, b_r, xa_r, xb_r, sa0, sb0, ex0, kill0, neg0, flags0, start0, p1, shift1,
            neg1, flags1, start1, addend2, sel2, neg2, flags2, start2, carry, flags, x_seg, x_carry, x_flags, x_move
        );
        self.acc_word.next = 0.into();
        for s in 0usize..self.acc.len() {
            self.acc[s].clock.next = self.clk.val();
            self.acc[s].d.next = self.acc[s].q.val();
            self.seg.next = self.acc[s].q.val();
            self.wide.next = bit_cast::<96, 8>(self.seg.val());
            self.acc_word.next = self.acc_word.val() | (self.wide.val() << self.seg_pos[s].val());
        }
        self.fmt_a_r.d.next = self.fmt_a.val() & self.select_mask.val();
        self.fmt_b_r.d.next = self.fmt_b.val() & self.select_mask.val();
        // ---- operands flow on: a right, b down
        self.a_r.d.next = self.a_in.val();
        self.valid_r.d.next = self.valid_in.val();
        self.start_r.d.next = self.start_in.val();
        self.b_r.d.next = self.b_in.val();
        self.a_out.next = self.a_r.q.val();
        self.valid_out.next = self.valid_r.q.val();
        self.start_out.next = self.start_r.q.val();
        self.b_out.next = self.b_r.q.val();
        self.xa.next = self.xa_in.val() & self.scale_mask.val();
        self.xb.next = self.xb_in.val() & self.scale_mask.val();
        self.xa_r.d.next = self.xa.val();
        self.xb_r.d.next = self.xb.val();
        self.xa_out.next = self.xa_r.q.val();
        self.xb_out.next = self.xb_r.q.val();
        // A step without valid adds nothing and leaves every flag as it is.
        self.neutral.next.nan = false;
        self.neutral.next.pos_inf = false;
        self.neutral.next.neg_inf = false;
        self.neutral.next.all_neg_zero = true;
        // ---- stage 0: unpack; the product's place, the sign and the special cases
        self.ua.code.next = self.a_in.val();
        self.ua.fmt.next = self.fmt_a_r.q.val();
        self.ub.code.next = self.b_in.val();
        self.ub.fmt.next = self.fmt_b_r.q.val();
        // the block scales' offsets move the product up (their NaN bits are above the offsets)
        self.ex_sum.next = self.ua.ex.val()
            + self.ub.ex.val()
            + self.shift_base.val()
            + bit_cast::<7, SCALE_PORT_BITS>(self.xa.val() & self.offset_mask.val())
            + bit_cast::<7, SCALE_PORT_BITS>(self.xb.val() & self.offset_mask.val());
        self.scale_nan.next = ((self.xa.val() | self.xb.val()) & self.nan_bit.val()).any();
        self.sign.next = self.ua.sign.val() ^ self.ub.sign.val();
        self.zero.next = !self.ua.sig.val().any() | !self.ub.sig.val().any();
        self.inf.next = self.ua.inf.val() | self.ub.inf.val();
        self.f.next.nan = self.ua.nan.val() | self.ub.nan.val() | (self.inf.val() & self.zero.val()) | self.scale_nan.val();
        self.f.next.pos_inf = self.inf.val() & !self.sign.val();
        self.f.next.neg_inf = self.inf.val() & self.sign.val();
        self.f.next.all_neg_zero = self.zero.val() & self.sign.val();
        self.sa0.d.next = self.ua.sig.val();
        self.sb0.d.next = self.ub.sig.val();
        self.ex0.d.next = self.ex_sum.val();
        self.kill0.d.next = self.zero.val() | self.inf.val() | self.ua.nan.val() | self.ub.nan.val() | !self.valid_in.val();
        self.neg0.d.next = self.sign.val();
        self.flags0.d.next = self.f.val();
        if !self.valid_in.val() {
            self.flags0.d.next = self.neutral.val();
        }
        self.start0.d.next = self.start_in.val();
        // ---- stage 1: the significands' product (LUTs, no DSP block), zero for a special or a bubble
        self.product.a.next = self.sa0.q.val();
        self.product.b.next = self.sb0.q.val();
        self.p1.d.next = self.product.p.val();
        if self.kill0.q.val() {
            self.p1.d.next = 0.into();
        }
        self.shift1.d.next = self.ex0.q.val();
        self.neg1.d.next = self.neg0.q.val() & !self.kill0.q.val(); // a negative, nonzero product
        self.flags1.d.next = self.flags0.q.val();
        self.start1.d.next = self.start0.q.val();
        // ---- stage 2: place the product within its segments, in two's complement
        self.lo.next = bit_cast::<3, 7>(self.shift1.q.val());
        self.mag.next = bit_cast::<24, 16>(self.p1.q.val()) << self.lo.val();
        // the low byte's segment: shift / 8, less the segments below the accumulator
        self.hi.next = bit_cast::<16, 4>(bit_cast::<4, 7>(self.shift1.q.val() >> 3) - self.low_segs.val());
        // -P = ~P + 1 over all the segments: the parts complemented, every other segment
        // 0xFF, and the 1 enters segment 0 as its carry-in (which has no segment below).
        self.sel.next = 0.into();
        for j in 0usize..self.part_at.len() {
            self.sel.next = self.sel.val() | (self.one.val() << (self.hi.val() + self.part_at[j].val()));
        }
        self.sel2.d.next = self.sel.val();
        self.hi_bit.next = self.one.val() << self.hi.val();
        self.rotated.next = self.mag.val();
        for r in 0usize..self.rot_when.len() {
            if (self.hi_bit.val() & self.rot_when[r].val()).any() {
                self.rotated.next =
                    ((self.mag.val() << self.rot_left[r].val()) | (self.mag.val() >> self.rot_right[r].val())) & self.addend_mask.val();
            }
        }
        self.addend2.d.next = self.rotated.val();
        if self.neg1.q.val() {
            self.addend2.d.next = !self.rotated.val();
        }
        self.neg2.d.next = self.neg1.q.val();
        self.flags2.d.next = self.flags1.q.val();
        self.start2.d.next = self.start1.q.val();
        // ---- stage 3: every segment adds its part and the carry from below
        self.new_carry.next = 0.into();
        // bit s: segment s's carry-in (the carry of segment s - 1; the negation's 1 for s = 0)
        self.cin_word.next = (self.carry.q.val() << 1) | bit_cast::<16, 1>(self.neg2.q.val().into());
        if self.start2.q.val() {
            // A new tile: its first product alone (the finished sum leaves below).
            self.cin_word.next = bit_cast::<16, 1>(self.neg2.q.val().into());
        }
        for s in 0usize..self.acc.len() {
            self.part.next = 0.into();
            if self.neg2.q.val() {
                self.part.next = 0xFF.into();
            }
            if (self.sel2.q.val() & self.carry_bit[s].val()).any() {
                self.part.next = self.addend2.q.val().get_bits::<8>(self.byte_at[s].val().index());
            }
            self.cin.next = 0.into();
            self.cbits.next = self.cin_word.val() & self.carry_bit[s].val();
            if self.cbits.val().any() {
                self.cin.next = 1.into();
            }
            self.seg.next = self.acc[s].q.val();
            if self.start2.q.val() {
                self.seg.next = 0.into();
            }
            self.t9.next = bit_cast::<9, 8>(self.seg.val()) + bit_cast::<9, 8>(self.part.val()) + self.cin.val();
            self.acc[s].d.next = self.t9.val().get_bits::<8>(0);
            if self.t9.val().get_bit(8) {
                self.new_carry.next = self.new_carry.val() | self.carry_bit[s].val();
            }
        }
        self.carry.d.next = self.new_carry.val();
        self.flags.d.next.nan = self.flags.q.val().nan | self.flags2.q.val().nan;
        self.flags.d.next.pos_inf = self.flags.q.val().pos_inf | self.flags2.q.val().pos_inf;
        self.flags.d.next.neg_inf = self.flags.q.val().neg_inf | self.flags2.q.val().neg_inf;
        self.flags.d.next.all_neg_zero = self.flags.q.val().all_neg_zero & self.flags2.q.val().all_neg_zero;
        if self.start2.q.val() {
            self.flags.d.next = self.flags2.q.val();
        }
        // The exchange registers move on their registered enable (a LUT between it and their
        // clock enables, spread over the die, was the 12x12's slowest path): load the sum at a
        // start, else take the upper neighbour's a cycle after a pop.
        if self.x_move.q.val() {
            if self.start2.q.val() {
                self.x_seg.d.next = self.acc_word.val();
                self.x_carry.d.next = self.carry.q.val();
                self.x_flags.d.next = self.flags.q.val();
            } else {
                self.x_seg.d.next = self.x_seg_in.val() & self.seg_mask.val();
                self.x_carry.d.next = self.x_carry_in.val() & self.carry_mask.val();
                self.x_flags.d.next = self.x_flags_in.val();
            }
        }
        self.x_seg_out.next = self.x_seg.q.val();
        self.x_carry_out.next = self.x_carry.q.val();
        self.x_flags_out.next = self.x_flags.q.val();
        self.x_move.d.next = self.start1.q.val() | self.shift.val();
        // The reset clears the control and the flags only. The data registers (operands,
        // product, addend, segments, carries, exchange) need none: bubbles carry no product,
        // a tile's start restarts the segments and ignores the old carries, and the exchange
        // registers hold nothing that is popped before the second start loads them. A reset
        // of every data bit was the full arrays' slowest net (its fan-out across the die).
        if self.rst.val() {
            self.valid_r.d.next = false;
            self.start_r.d.next = false;
            self.start0.d.next = false;
            self.kill0.d.next = true;
            self.flags0.d.next = self.neutral.val();
            self.start1.d.next = false;
            self.flags1.d.next = self.neutral.val();
            self.start2.d.next = false;
            self.neg2.d.next = false;
            self.flags2.d.next = self.neutral.val();
            self.flags.d.next = self.neutral.val();
            self.x_flags.d.next = self.neutral.val();
            self.x_move.d.next = false;
        }
    }
}
