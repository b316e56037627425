//! `fp16_to_fp8`: FP16 -> FP8 (E4M3 or E5M2 at run time), RNE or SR, saturating or not.
//! Purely combinational (docs/spec.md section 3): [`Fp16Align`] puts the input on the target's grid,
//! [`RoundUp`] decides the rounding, the converter adds it and handles overflow and NaN.

use rust_hdl::prelude::*;

use super::primitives::RoundUp;
use crate::format::{FloatFormat, Format, FP16};

/// The formats the converter takes, in select-bit order.
const E4M3: &FloatFormat = Format::E4M3.float().expect("a float format");
const E5M2: &FloatFormat = Format::E5M2.float().expect("a float format");

/// Bit of [`Fp16Align`]'s `shifted` word that holds the target grid's least significant bit.
const GRID_LSB: usize = 16;

/// A format's constant as an `N`-bit hardware constant.
fn constant<const N: usize>(v: u32) -> Constant<Bits<N>> {
    Constant::new((v as u64).into())
}

/// The converter. `R` is the number of random bits of stochastic rounding (1..=16).
#[derive(LogicBlock)]
pub struct Fp16ToFp8<const R: usize> {
    /// FP16 input.
    pub x: Signal<In, Bits<16>>,
    /// Target format: 0 = E4M3, 1 = E5M2.
    pub fmt: Signal<In, Bit>,
    /// 1 = stochastic rounding with `rnd`, 0 = round to nearest even.
    pub sr: Signal<In, Bit>,
    /// Random bits of stochastic rounding.
    pub rnd: Signal<In, Bits<R>>,
    /// 1 = out-of-range values become +-max finite.
    pub sat: Signal<In, Bit>,
    /// FP8 result.
    pub y: Signal<Out, Bits<8>>,
    align: Fp16Align,
    round_up: RoundUp<R, 28>,
    code: Signal<Local, Bits<12>>, // magnitude code, exponent unbounded above
    max_code: Signal<Local, Bits<12>>,
    ovf_code: Signal<Local, Bits<8>>,
    max_e4m3: Constant<Bits<12>>, // largest finite magnitude codes
    max_e5m2: Constant<Bits<12>>,
    ovf_e4m3: Constant<Bits<8>>, // what overflows to without saturation: NaN, infinity
    ovf_e5m2: Constant<Bits<8>>,
    nan_e4m3: Constant<Bits<8>>,
    nan_e5m2: Constant<Bits<8>>,
    sign: Constant<Bits<8>>,
}

impl<const R: usize> Default for Fp16ToFp8<R> {
    fn default() -> Self {
        Self {
            x: Default::default(),
            fmt: Default::default(),
            sr: Default::default(),
            rnd: Default::default(),
            sat: Default::default(),
            y: Default::default(),
            align: Default::default(),
            round_up: RoundUp::at(GRID_LSB),
            code: Default::default(),
            max_code: Default::default(),
            ovf_code: Default::default(),
            max_e4m3: constant(E4M3.max_finite()),
            max_e5m2: constant(E5M2.max_finite()),
            ovf_e4m3: constant(E4M3.canonical_nan()),
            ovf_e5m2: constant(E5M2.max_finite() + 1),
            nan_e4m3: constant(E4M3.canonical_nan()),
            nan_e5m2: constant(E5M2.canonical_nan()),
            sign: constant(E4M3.sign_bit()),
        }
    }
}

impl<const R: usize> Logic for Fp16ToFp8<R> {
    #[hdl_gen]
    fn update(&mut self) {
        self.align.x.next = self.x.val();
        self.align.fmt.next = self.fmt.val();
        self.round_up.sr.next = self.sr.val();
        self.round_up.rnd.next = self.rnd.val();
        self.round_up.word.next = self.align.shifted.val();
        // ---- round: the code plus one grid step (a carry moves into the exponent field)
        self.code.next = self.align.code.val() + bit_cast::<12, 1>(self.round_up.up.val().into());
        self.max_code.next = self.max_e5m2.val();
        self.ovf_code.next = self.ovf_e5m2.val();
        if !self.fmt.val() {
            self.max_code.next = self.max_e4m3.val();
            self.ovf_code.next = self.ovf_e4m3.val();
        }
        if self.sat.val() {
            self.ovf_code.next = bit_cast::<8, 12>(self.max_code.val());
        }
        // ---- overflow, sign, NaN
        self.y.next = bit_cast::<8, 12>(self.code.val());
        if self.align.inf.val() | (self.code.val() > self.max_code.val()) {
            self.y.next = self.ovf_code.val();
        }
        if self.x.val().get_bit(15) {
            self.y.next = self.y.val() | self.sign.val();
        }
        if self.align.nan.val() {
            self.y.next = self.nan_e5m2.val();
            if !self.fmt.val() {
                self.y.next = self.nan_e4m3.val();
            }
        }
    }
}

/// Unpacks an FP16 input and aligns its significand onto the target format's grid:
/// `shifted` holds the kept significand (hidden bit included) from bit 16 up and the
/// discarded bits, exactly, below; `code` is the magnitude code before rounding, with the
/// exponent range unbounded above.
#[derive(LogicBlock)]
pub struct Fp16Align {
    /// FP16 input.
    pub x: Signal<In, Bits<16>>,
    /// Target format: 0 = E4M3, 1 = E5M2.
    pub fmt: Signal<In, Bit>,
    /// Kept significand at bits 27..16, discarded bits at 15..0.
    pub shifted: Signal<Out, Bits<28>>,
    /// Magnitude code before rounding: (exponent field - 1) . mantissa + hidden bit.
    pub code: Signal<Out, Bits<12>>,
    /// The input is a NaN.
    pub nan: Signal<Out, Bit>,
    /// The input is an infinity.
    pub inf: Signal<Out, Bit>,
    e: Signal<Local, Bits<5>>,     // FP16 exponent field, subnormals read as 1
    sig: Signal<Local, Bits<28>>,  // 11-bit significand with hidden bit
    emin: Signal<Local, Bits<5>>,  // target's smallest normal exponent, FP16-biased
    extra: Signal<Local, Bits<5>>, // extra right shift below the target's normal range
    ediff: Signal<Local, Bits<5>>, // target exponent field minus 1 (unbounded above)
    shift: Signal<Local, Bits<5>>,
    sh: Signal<Local, Bits<28>>,
    q: Signal<Local, Bits<12>>,    // kept significand, hidden bit included
    emin_e4m3: Constant<Bits<5>>,  // 9: 2^-6 in FP16's bias
    emin_e5m2: Constant<Bits<5>>,  // 1: 2^-14
    shift_e4m3: Constant<Bits<5>>, // 7 = 10 - 3 mantissa bits dropped
    shift_e5m2: Constant<Bits<5>>, // 8 = 10 - 2
}

impl Default for Fp16Align {
    fn default() -> Self {
        let emin = |f: &FloatFormat| constant((f.emin() + FP16.bias) as u32);
        let shift = |f: &FloatFormat| constant(FP16.man_bits - f.man_bits);
        Self {
            x: Default::default(),
            fmt: Default::default(),
            shifted: Default::default(),
            code: Default::default(),
            nan: Default::default(),
            inf: Default::default(),
            e: Default::default(),
            sig: Default::default(),
            emin: Default::default(),
            extra: Default::default(),
            ediff: Default::default(),
            shift: Default::default(),
            sh: Default::default(),
            q: Default::default(),
            emin_e4m3: emin(E4M3),
            emin_e5m2: emin(E5M2),
            shift_e4m3: shift(E4M3),
            shift_e5m2: shift(E5M2),
        }
    }
}

impl Logic for Fp16Align {
    #[hdl_gen]
    fn update(&mut self) {
        // ---- unpack: x = s eeeee mmmmmmmmmm
        self.e.next = self.x.val().get_bits::<5>(10);
        self.nan.next = self.e.val().all() & self.x.val().get_bits::<10>(0).any();
        self.inf.next = self.e.val().all() & !self.x.val().get_bits::<10>(0).any();
        self.sig.next = bit_cast::<28, 10>(self.x.val().get_bits::<10>(0));
        if self.e.val().any() {
            self.sig.next = self.sig.val() | 1024;
        } else {
            self.e.next = 1.into();
        }
        // ---- align onto the target grid: E4M3 keeps 1.mmm (shift 7) from FP16 exponent 9
        // (2^-6) up; E5M2 keeps 1.mm (shift 8) from exponent 1 (2^-14) up.
        self.emin.next = self.emin_e5m2.val();
        self.shift.next = self.shift_e5m2.val();
        if !self.fmt.val() {
            self.emin.next = self.emin_e4m3.val();
            self.shift.next = self.shift_e4m3.val();
        }
        self.extra.next = 0.into();
        self.ediff.next = 0.into();
        if self.e.val() < self.emin.val() {
            self.extra.next = self.emin.val() - self.e.val();
        } else {
            self.ediff.next = self.e.val() - self.emin.val();
        }
        self.shift.next = self.shift.val() + self.extra.val();
        // sig << 16 >> shift (shift <= 15): nothing falls off, so the discarded bits are exact.
        self.sh.next = (self.sig.val() << 16) >> self.shift.val();
        self.shifted.next = self.sh.val();
        self.q.next = self.sh.val().get_bits::<12>(16);
        // ---- code = (exponent field - 1) . mantissa + hidden bit
        self.code.next = (bit_cast::<12, 5>(self.ediff.val()) << 2) + self.q.val();
        if !self.fmt.val() {
            self.code.next = (bit_cast::<12, 5>(self.ediff.val()) << 3) + self.q.val();
        }
    }
}
