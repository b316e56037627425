//! Small blocks the datapaths share, like HardFloat's primitives and FPnew's `lzc`: one
//! unpacker generated from the set of formats, one zero counter and one rounding decision, each written once.

use rust_hdl::prelude::*;

use crate::config::{chain_takes, CHAIN_MAN_BITS};
use crate::format::{FloatFormat, Format, FormatSet, Specials};

/// A constant wider than 64 bits, from its low 128 (the exact array's sums; rust-hdl's `From`
/// conversions stop at 64 bits).
pub fn wide<const N: usize>(v: u128) -> Bits<N> {
    let mut b = Bits::<N>::default();
    for i in 0..N.min(128) {
        if (v >> i) & 1 == 1 {
            b = b.replace_bit(i, true);
        }
    }
    b
}

/// Width of a format select inside the datapath: every table row fits. The generated modules'
/// select ports are ceil(log2 n) bits for a set of n formats and zero-extend into it.
pub const SELECT_BITS: usize = 4;

/// Widest significand an [`Unpack`] hands out: INT8's magnitude (up to 128; an n-bit
/// integer's takes n bits).
pub const SIG_BITS: usize = 8;

/// How an [`Unpack`] lays a significand out. Either way value = sig x 2^(ex - offset), with
/// `offset` ([`SigLayout::offset`]) the least that keeps `ex` >= 1 for the set.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SigLayout {
    /// h.mmm: every float's significand with 3 fraction bits, narrower mantissas padded with
    /// zeros below (the FP16 MAC normalises a 4x4-bit product). Takes the floats whose
    /// mantissa has at most 3 bits.
    Normalised,
    /// The format's own integer significand: hidden bit and mantissa, or INT8's magnitude
    /// (the exact element places integer products). Takes every format.
    Integer,
}

impl SigLayout {
    /// Fraction bits of `fmt`'s significand in this layout (0 for an integer format).
    fn frac(self, fmt: Format) -> i32 {
        match (self, fmt.float()) {
            (_, None) => 0,
            (SigLayout::Normalised, Some(_)) => CHAIN_MAN_BITS as i32,
            (SigLayout::Integer, Some(f)) => f.man_bits as i32,
        }
    }

    /// Whether this layout takes `fmt`.
    pub fn takes(self, fmt: Format) -> bool {
        match self {
            SigLayout::Normalised => chain_takes(fmt),
            SigLayout::Integer => true,
        }
    }

    /// Weight (log2) of the significand's bit 0 at `fmt`'s least exponent.
    fn lsb(self, fmt: Format) -> i32 {
        fmt.float().map_or(0, |f| f.emin()) - self.frac(fmt)
    }

    /// The exponent offset of `set`: value = sig x 2^(ex - offset), the least `ex` being 1
    /// (18 for the default pair, Normalised; 17 for it, Integer, E5M2's least value 2^-16).
    pub fn offset(self, set: FormatSet) -> i32 {
        1 - set.formats().map(|f| self.lsb(f)).min().expect("a non-empty set")
    }

    /// Bits of the widest significand of `set` (4 for h.mmm, 8 for INT8's magnitude).
    pub fn sig_bits(self, set: FormatSet) -> usize {
        set.formats().map(|f| if f.is_int() { f.bits() as usize } else { self.frac(f) as usize + 1 }).max().expect("a non-empty set")
    }
}

/// Unpacks a code of any format of a [`FormatSet`] (chosen by `fmt`, its select code) into one
/// form: value = (-1)^sign x `sig` x 2^(`ex` - offset), laid out by a [`SigLayout`] whose
/// offset is [`SigLayout::offset`], `ex` >= 1 (subnormals read at the format's minimum
/// exponent). Generated from the set: one decoder per format, its fields, bias and special
/// codes constants of the table, and the select picks one (an unused select code decodes as
/// the set's first format). INT8's sign is its top bit and `sig` its magnitude.
#[derive(LogicBlock)]
pub struct Unpack {
    /// The code, in the low bits.
    pub code: Signal<In, Bits<8>>,
    /// Its format's select code in the set.
    pub fmt: Signal<In, Bits<SELECT_BITS>>,
    /// The sign bit.
    pub sign: Signal<Out, Bit>,
    /// The significand, zero for a zero code.
    pub sig: Signal<Out, Bits<SIG_BITS>>,
    /// Exponent, offset so that every format of the set shares one scale.
    pub ex: Signal<Out, Bits<7>>,
    /// The code is a NaN.
    pub nan: Signal<Out, Bit>,
    /// The code is an infinity.
    pub inf: Signal<Out, Bit>,
    pick: Signal<Local, Bit>,
    e: Signal<Local, Bits<8>>,
    m: Signal<Local, Bits<8>>,
    select: Vec<Constant<Bits<SELECT_BITS>>>,
    first: Vec<Constant<Bit>>,      // the set's first format decodes whatever the select
    int: Vec<Constant<Bit>>,        // a two's complement integer
    man: Vec<Constant<Bits<8>>>,    // mantissa field width
    e_mask: Vec<Constant<Bits<8>>>, // exponent field, all ones
    m_mask: Vec<Constant<Bits<8>>>,
    mag_mask: Vec<Constant<Bits<8>>>,
    sign_bit: Vec<Constant<Bits<8>>>,
    pad: Vec<Constant<Bits<8>>>,    // the mantissa's shift into the layout
    hidden: Vec<Constant<Bits<8>>>, // the hidden bit's place
    ex_off: Vec<Constant<Bits<7>>>, // ex of exponent field e: e + ex_off
    ex_sub: Vec<Constant<Bits<7>>>, // ex of the subnormals (and of an integer)
    ieee: Vec<Constant<Bit>>,       // all-ones exponent: infinity or NaN
    nan_all_ones: Vec<Constant<Bit>>,
    nan_neg_zero: Vec<Constant<Bit>>,
}

impl Unpack {
    /// The unpacker of `set` in `layout`, which must take each of its formats
    /// ([`SigLayout::takes`]).
    pub fn new(set: FormatSet, layout: SigLayout) -> Self {
        assert!(set.formats().all(|f| layout.takes(f)), "{layout:?} does not take every format of {set}");
        let fmts: Vec<Format> = set.formats().collect();
        let offset = layout.offset(set);
        fn consts<const N: usize>(fmts: &[Format], f: impl Fn(Format, &FloatFormat) -> i64) -> Vec<Constant<Bits<N>>> {
            const INT: FloatFormat = FloatFormat { name: "int", exp_bits: 0, man_bits: 0, bias: 0, specials: Specials::Finite };
            fmts.iter().map(|&x| Constant::new((f(x, x.float().unwrap_or(&INT)) as u64).into())).collect()
        }
        let c = |f: &dyn Fn(Format, &FloatFormat) -> i64| consts::<8>(&fmts, f);
        let flag = |f: &dyn Fn(&Format) -> bool| fmts.iter().map(|x| Constant::new(f(x))).collect();
        let is = |s: Specials| flag(&move |x: &Format| x.float().is_some_and(|f| f.specials == s));
        Unpack {
            code: Default::default(),
            fmt: Default::default(),
            sign: Default::default(),
            sig: Default::default(),
            ex: Default::default(),
            nan: Default::default(),
            inf: Default::default(),
            pick: Default::default(),
            e: Default::default(),
            m: Default::default(),
            select: (0..fmts.len()).map(|i| Constant::new((i as u64).into())).collect(),
            first: (0..fmts.len()).map(|i| Constant::new(i == 0)).collect(),
            int: flag(&|x| x.is_int()),
            man: c(&|_, f| f.man_bits as i64),
            e_mask: c(&|_, f| (1 << f.exp_bits) - 1),
            m_mask: c(&|x, f| if x.is_int() { (1 << x.bits()) - 1 } else { (1 << f.man_bits) - 1 }), // an integer's code bits
            mag_mask: c(&|_, f| f.mag_mask() as i64),
            sign_bit: c(&|x, f| if x.is_int() { 1 << (x.bits() - 1) } else { f.sign_bit() as i64 }),
            pad: c(&|x, f| layout.frac(x) as i64 - f.man_bits as i64),
            hidden: c(&|x, _| 1 << layout.frac(x)),
            // ex = e + offset - bias - frac: the layout's lsb at e = 1 is lsb(x), so ex(e) = e - 1 + lsb(x) + offset
            ex_off: consts(&fmts, |x, _| (layout.lsb(x) - 1 + offset) as i64),
            ex_sub: consts(&fmts, |x, _| (layout.lsb(x) + offset) as i64),
            ieee: is(Specials::Ieee),
            nan_all_ones: is(Specials::NanOnlyAllOnes),
            nan_neg_zero: is(Specials::NanIsNegativeZero),
        }
    }
}

impl Logic for Unpack {
    #[hdl_gen]
    fn update(&mut self) {
        self.sign.next = false;
        self.sig.next = 0.into();
        self.ex.next = 1.into();
        self.nan.next = false;
        self.inf.next = false;
        self.e.next = 0.into();
        self.m.next = 0.into();
        for i in 0..self.select.len() {
            self.pick.next = self.first[i].val() | (self.fmt.val() == self.select[i].val());
            if self.pick.val() {
                self.sign.next = (self.code.val() & self.sign_bit[i].val()).any();
                if self.int[i].val() {
                    self.sig.next = self.code.val();
                    if self.sign.val() {
                        self.sig.next = (!self.code.val() + 1) & self.m_mask[i].val();
                    }
                    self.ex.next = self.ex_sub[i].val();
                    self.nan.next = false;
                    self.inf.next = false;
                } else {
                    self.e.next = (self.code.val() >> self.man[i].val()) & self.e_mask[i].val();
                    self.m.next = self.code.val() & self.m_mask[i].val();
                    self.sig.next = self.m.val() << self.pad[i].val();
                    self.ex.next = bit_cast::<7, 8>(self.e.val()) + self.ex_off[i].val();
                    if self.e.val().any() {
                        self.sig.next = self.sig.val() | self.hidden[i].val();
                    } else {
                        self.ex.next = self.ex_sub[i].val();
                    }
                    self.nan.next = (self.ieee[i].val() & (self.e.val() == self.e_mask[i].val()) & self.m.val().any())
                        | (self.nan_all_ones[i].val() & ((self.code.val() & self.mag_mask[i].val()) == self.mag_mask[i].val()))
                        | (self.nan_neg_zero[i].val() & (self.code.val() == self.sign_bit[i].val()));
                    self.inf.next = self.ieee[i].val() & (self.e.val() == self.e_mask[i].val()) & !self.m.val().any();
                }
            }
        }
    }
}

/// The product of two unsigned significands of at most `bits` bits ([`SigLayout::sig_bits`]
/// of a set), as shift-and-add over two bits of `b` at a time, the pairs summed as two sums
/// side by side and then one add: LUTs, no DSP block (the FP16 MAC's 4x4 product and the exact
/// element's, up to INT8's 8x8).
#[derive(LogicBlock)]
pub struct SigProduct {
    /// The first significand, in the low `bits` bits.
    pub a: Signal<In, Bits<SIG_BITS>>,
    /// The second.
    pub b: Signal<In, Bits<SIG_BITS>>,
    /// a x b, in the low 2 `bits` bits.
    pub p: Signal<Out, Bits<16>>,
    wide_a: Signal<Local, Bits<16>>,
    pair: Signal<Local, Bits<16>>,   // partial products of two bits of b
    even: Signal<Local, Bits<16>>,   // the sum of pairs 0, 2, ..
    odd: Signal<Local, Bits<16>>,    // and of pairs 1, 3, ..
    pair_lo: Vec<Constant<Bits<8>>>, // per pair: its low bit of b
    pair_hi: Vec<Constant<Bits<8>>>,
    pair_even: Vec<Constant<Bit>>,
    mask: Constant<Bits<16>>, // the product's bits: the rest stay 0, so synthesis removes them
}

impl SigProduct {
    /// The multiplier of significands of at most `bits` bits (1..=[`SIG_BITS`]).
    pub fn new(bits: usize) -> Self {
        assert!((1..=SIG_BITS).contains(&bits), "significands of 1..={SIG_BITS} bits, got {bits}");
        let pairs = bits.div_ceil(2);
        fn k(v: usize) -> Constant<Bits<8>> {
            Constant::new((v as u64).into())
        }
        SigProduct {
            a: Default::default(),
            b: Default::default(),
            p: Default::default(),
            wide_a: Default::default(),
            pair: Default::default(),
            even: Default::default(),
            odd: Default::default(),
            pair_lo: (0..pairs).map(|j| k(2 * j)).collect(),
            pair_hi: (0..pairs).map(|j| k(2 * j + 1)).collect(),
            pair_even: (0..pairs).map(|j| Constant::new(j % 2 == 0)).collect(),
            mask: Constant::new(((1u64 << (2 * bits)) - 1).into()),
        }
    }
}

impl Logic for SigProduct {
    #[hdl_gen]
    fn update(&mut self) {
        self.wide_a.next = bit_cast::<16, SIG_BITS>(self.a.val());
        self.even.next = 0.into();
        self.odd.next = 0.into();
        for j in 0usize..self.pair_lo.len() {
            self.pair.next = 0.into();
            if self.b.val().get_bit(self.pair_lo[j].val().index()) {
                self.pair.next = self.wide_a.val() << self.pair_lo[j].val();
            }
            if self.b.val().get_bit(self.pair_hi[j].val().index()) {
                self.pair.next = self.pair.val() + (self.wide_a.val() << self.pair_hi[j].val());
            }
            if self.pair_even[j].val() {
                self.even.next = self.even.val() + self.pair.val();
            } else {
                self.odd.next = self.odd.val() + self.pair.val();
            }
        }
        self.p.next = (self.even.val() + self.odd.val()) & self.mask.val();
    }
}

/// Counts the zeros of a `W`-bit word above its highest one ([`ZeroCount::leading`]) or below
/// its lowest one ([`ZeroCount::trailing`]) into `N` bits; `W` when the word is zero.
#[derive(LogicBlock)]
pub struct ZeroCount<const W: usize, const N: usize> {
    /// The word.
    pub x: Signal<In, Bits<W>>,
    /// The count.
    pub count: Signal<Out, Bits<N>>,
    found: Signal<Local, Bit>,
    leading: Constant<Bit>,     // 1: the highest one decides, 0: the lowest
    empty: Constant<Bits<N>>,   // W, the count of a zero word
    at: Vec<Constant<Bits<N>>>, // at[i]: the count when bit i decides
}

impl<const W: usize, const N: usize> ZeroCount<W, N> {
    fn new(leading: bool) -> Self {
        assert!(W < 1 << N, "a {W}-bit zero count needs more than {N} bits");
        let at = |i: usize| if leading { W - 1 - i } else { i };
        ZeroCount {
            x: Default::default(),
            count: Default::default(),
            found: Default::default(),
            leading: Constant::new(leading),
            empty: Constant::new((W as u64).into()),
            at: (0..W).map(|i| Constant::new((at(i) as u64).into())).collect(),
        }
    }

    /// Leading zeros: zeros above the highest one.
    pub fn leading() -> Self {
        Self::new(true)
    }

    /// Trailing zeros: zeros below the lowest one.
    pub fn trailing() -> Self {
        Self::new(false)
    }
}

impl<const W: usize, const N: usize> Logic for ZeroCount<W, N> {
    #[hdl_gen]
    fn update(&mut self) {
        // Scan upwards: the first one found decides a trailing count, the last a leading one.
        self.count.next = self.empty.val();
        self.found.next = false;
        for i in 0..W {
            if self.x.val().get_bit(i) & (self.leading.val() | !self.found.val()) {
                self.count.next = self.at[i].val();
                self.found.next = true;
            }
        }
    }
}

/// The rounding decision of a magnitude held in a `W`-bit word whose grid's least significant
/// bit is bit `lsb` (docs/spec.md section 2): RNE from the guard bit (`lsb` - 1), the sticky OR of the
/// bits below it and the `lsb` bit, or stochastic: up when F + `rnd` carries out of R bits, F
/// being the R bits right below the grid (zeros shifted in where fewer are there).
#[derive(LogicBlock)]
pub struct RoundUp<const R: usize, const W: usize> {
    /// 1 = stochastic rounding, 0 = round to nearest even.
    pub sr: Signal<In, Bit>,
    /// Random bits of stochastic rounding.
    pub rnd: Signal<In, Bits<R>>,
    /// The magnitude: kept bits from `lsb` up, discarded bits below.
    pub word: Signal<In, Bits<W>>,
    /// Add one grid step to the kept bits.
    pub up: Signal<Out, Bit>,
    f: Signal<Local, Bits<R>>,
    f_sum: Signal<Local, Bits<32>>, // F + rnd
    lsb: Constant<Bits<8>>,
    guard: Constant<Bits<8>>,
    sticky_mask: Constant<Bits<W>>,
    f_shift: Constant<Bits<8>>, // word >> f_shift holds F in its low R bits
    carry: Constant<Bits<8>>,   // R: the carry's bit in f_sum
}

impl<const R: usize, const W: usize> RoundUp<R, W> {
    /// The decision for a grid whose least significant bit is bit `lsb` of the word
    /// (`R <= lsb < W`, `lsb >= 1`).
    pub fn at(lsb: usize) -> Self {
        assert!(R <= lsb && (1..W).contains(&lsb), "R = {R} random bits need a grid bit above them in {W} bits, got {lsb}");
        RoundUp {
            sr: Default::default(),
            rnd: Default::default(),
            word: Default::default(),
            up: Default::default(),
            f: Default::default(),
            f_sum: Default::default(),
            lsb: Constant::new((lsb as u64).into()),
            guard: Constant::new((lsb as u64 - 1).into()),
            sticky_mask: Constant::new(((1u64 << (lsb - 1)) - 1).into()),
            f_shift: Constant::new(((lsb - R) as u64).into()),
            carry: Constant::new((R as u64).into()),
        }
    }
}

impl<const R: usize, const W: usize> Logic for RoundUp<R, W> {
    #[hdl_gen]
    fn update(&mut self) {
        self.f.next = bit_cast::<R, W>(self.word.val() >> self.f_shift.val());
        self.f_sum.next = bit_cast::<32, R>(self.f.val()) + bit_cast::<32, R>(self.rnd.val());
        if self.sr.val() {
            self.up.next = self.f_sum.val().get_bit(self.carry.val().index());
        } else {
            self.up.next = self.word.val().get_bit(self.guard.val().index())
                & ((self.word.val() & self.sticky_mask.val()).any() | self.word.val().get_bit(self.lsb.val().index()));
        }
    }
}

/// Leading zeros of a `W`-bit word (`W` a multiple of 8) into `N` bits, for wide words where
/// [`ZeroCount`]'s priority chain is too slow: each octet's count is formed beside the others'
/// and the highest nonzero octet's kept by a one-hot select, each octet's "a one above me"
/// an OR of the flags above it rather than a chain through them. 0 for a zero word (at most
/// 32 octets). Two registers inside: the octets' nonzero flags beside the word, then the
/// one-hot select beside each octet's count, so `count` (their OR) is that of the word two
/// cycles before (in one cycle, flags to count, it was the exact array's slowest path).
#[derive(LogicBlock)]
pub struct OctetZeroCount<const W: usize, const N: usize> {
    /// Clock.
    pub clk: Signal<In, Clock>,
    /// The word.
    pub x: Signal<In, Bits<W>>,
    /// Zeros above the highest one of the word of two cycles before.
    pub count: Signal<Out, Bits<N>>,
    x_r: DFF<Bits<W>>,
    nonzero_r: DFF<Bits<32>>,
    first_r: DFF<Bits<32>>,     // bit j: octet j holds the leading one
    zeros_r: Vec<DFF<Bits<N>>>, // octet j's count, 8 j + its own leading zeros
    octet: Signal<Local, Bits<8>>,
    zeros: Signal<Local, Bits<N>>,    // leading zeros in the octet
    nonzero: Signal<Local, Bits<32>>, // bit j: octet j (from the top) holds a one
    first: Signal<Local, Bits<32>>,
    byte_pos: Vec<Constant<Bits<8>>>,
    octet_bit: Vec<Constant<Bits<32>>>,  // bit j
    above: Vec<Constant<Bits<32>>>,      // the bits of the octets above octet j
    zeros_above: Vec<Constant<Bits<N>>>, // octet j from the top: 8 j zeros above it
    zeros_in: Vec<Constant<Bits<N>>>,    // bit i the highest in its octet: 7 - i zeros above it
}

impl<const W: usize, const N: usize> Default for OctetZeroCount<W, N> {
    fn default() -> Self {
        assert!(W.is_multiple_of(8) && W < 1 << N && W <= 256, "{W} bits in octets, counted in {N} bits");
        fn k<const B: usize>(v: usize) -> Constant<Bits<B>> {
            Constant::new((v as u64).into())
        }
        OctetZeroCount {
            clk: Default::default(),
            x: Default::default(),
            count: Default::default(),
            x_r: Default::default(),
            nonzero_r: Default::default(),
            first_r: Default::default(),
            zeros_r: (0..W / 8).map(|_| Default::default()).collect(),
            octet: Default::default(),
            zeros: Default::default(),
            nonzero: Default::default(),
            first: Default::default(),
            byte_pos: (0..W / 8).map(|j| k(W - 8 - 8 * j)).collect(),
            octet_bit: (0..W / 8).map(|j| k(1 << j)).collect(),
            above: (0..W / 8).map(|j| k((1 << j) - 1)).collect(),
            zeros_above: (0..W / 8).map(|j| k(8 * j)).collect(),
            zeros_in: (0..8).map(|i| k(7 - i)).collect(),
        }
    }
}

impl<const W: usize, const N: usize> Logic for OctetZeroCount<W, N> {
    #[hdl_gen]
    fn update(&mut self) {
        dff_setup!(self, clk, x_r, nonzero_r, first_r);
        for j in 0usize..self.zeros_r.len() {
            self.zeros_r[j].clock.next = self.clk.val();
        }
        // the octets' flags
        self.nonzero.next = 0.into();
        for j in 0usize..self.byte_pos.len() {
            self.octet.next = self.x.val().get_bits::<8>(self.byte_pos[j].val().index());
            if self.octet.val().any() {
                self.nonzero.next = self.nonzero.val() | self.octet_bit[j].val();
            }
        }
        self.x_r.d.next = self.x.val();
        self.nonzero_r.d.next = self.nonzero.val();
        // each octet's count, and whether it holds the leading one
        self.first.next = 0.into();
        for j in 0usize..self.byte_pos.len() {
            self.octet.next = self.x_r.q.val().get_bits::<8>(self.byte_pos[j].val().index());
            self.zeros.next = 0.into();
            for i in 0usize..8 {
                if self.octet.val().get_bit(i) {
                    self.zeros.next = self.zeros_in[i].val();
                }
            }
            self.zeros_r[j].d.next = self.zeros_above[j].val() | self.zeros.val();
            if self.octet.val().any() & !(self.nonzero_r.q.val() & self.above[j].val()).any() {
                self.first.next = self.first.val() | self.octet_bit[j].val();
            }
        }
        self.first_r.d.next = self.first.val();
        // the select
        self.count.next = 0.into();
        for j in 0usize..self.zeros_r.len() {
            if self.first_r.q.val().get_bit(j) {
                self.count.next = self.count.val() | self.zeros_r[j].q.val();
            }
        }
    }
}

/// The next state of an xorshift32 stream of stochastic rounding (`crate::rng`): `state`, or
/// `seed` when `load` (a new stream starts), stepped once (x ^= x << 13; x ^= x >> 17;
/// x ^= x << 5) when `step`. The element's lane streams and the rounder's seeds both use it.
#[derive(LogicBlock, Default)]
pub struct XorshiftStep {
    /// The stream's state.
    pub state: Signal<In, Bits<32>>,
    /// A new stream's seed.
    pub seed: Signal<In, Bits<32>>,
    /// Start from `seed` instead of `state`.
    pub load: Signal<In, Bit>,
    /// Step once (else the state passes unchanged).
    pub step: Signal<In, Bit>,
    /// The next state.
    pub next_state: Signal<Out, Bits<32>>,
    x: Signal<Local, Bits<32>>,
}

impl Logic for XorshiftStep {
    #[hdl_gen]
    fn update(&mut self) {
        self.x.next = self.state.val();
        if self.load.val() {
            self.x.next = self.seed.val();
        }
        self.next_state.next = self.x.val();
        if self.step.val() {
            self.x.next = self.x.val() ^ (self.x.val() << 13);
            self.x.next = self.x.val() ^ (self.x.val() >> 17);
            self.next_state.next = self.x.val() ^ (self.x.val() << 5);
        }
    }
}
