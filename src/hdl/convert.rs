//! `fp16_to_fp8`: FP16 -> FP8 (E4M3 or E5M2 at run time), RNE or SR, saturating or not.
//! Purely combinational (SPEC section 3).

use rust_hdl::prelude::*;

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
    // ---- unpack
    e: Signal<Local, Bits<5>>,     // FP16 exponent field, subnormals read as 1
    sig: Signal<Local, Bits<28>>,  // 11-bit significand with hidden bit
    is_nan: Signal<Local, Bit>,
    is_inf: Signal<Local, Bit>,
    // ---- align: q.frac = sig >> (base + extra), frac exact in 16 bits
    emin: Signal<Local, Bits<5>>,  // target's smallest normal exponent, FP16-biased
    extra: Signal<Local, Bits<5>>, // extra right shift below the target's normal range
    ediff: Signal<Local, Bits<5>>, // target exponent field minus 1 (unbounded above)
    shift: Signal<Local, Bits<5>>,
    shifted: Signal<Local, Bits<28>>,
    q: Signal<Local, Bits<12>>,    // kept significand, hidden bit included
    frac: Signal<Local, Bits<16>>, // discarded part, exact, as a 16-bit fraction
    // ---- round
    f: Signal<Local, Bits<R>>,     // SR's F: the top R bits of frac
    f_sum: Signal<Local, Bits<32>>,
    up: Signal<Local, Bit>,
    code: Signal<Local, Bits<12>>, // magnitude code, exponent unbounded above
    max_code: Signal<Local, Bits<12>>,
    ovf_code: Signal<Local, Bits<8>>,
    sr_shift: Constant<Bits<5>>,   // 16 - R
    sr_carry: Constant<Bits<5>>,   // R
}

impl<const R: usize> Default for Fp16ToFp8<R> {
    fn default() -> Self {
        assert!((1..=16).contains(&R), "SR bits must be 1..=16, got {R}");
        Self {
            x: Default::default(),
            fmt: Default::default(),
            sr: Default::default(),
            rnd: Default::default(),
            sat: Default::default(),
            y: Default::default(),
            e: Default::default(),
            sig: Default::default(),
            is_nan: Default::default(),
            is_inf: Default::default(),
            emin: Default::default(),
            extra: Default::default(),
            ediff: Default::default(),
            shift: Default::default(),
            shifted: Default::default(),
            q: Default::default(),
            frac: Default::default(),
            f: Default::default(),
            f_sum: Default::default(),
            up: Default::default(),
            code: Default::default(),
            max_code: Default::default(),
            ovf_code: Default::default(),
            sr_shift: Constant::new((16 - R as u64).into()),
            sr_carry: Constant::new((R as u64).into()),
        }
    }
}

impl<const R: usize> Logic for Fp16ToFp8<R> {
    #[hdl_gen]
    fn update(&mut self) {
        // ---- unpack: x = s eeeee mmmmmmmmmm
        self.e.next = self.x.val().get_bits::<5>(10);
        self.is_nan.next = self.e.val().all() & self.x.val().get_bits::<10>(0).any();
        self.is_inf.next = self.e.val().all() & !self.x.val().get_bits::<10>(0).any();
        self.sig.next = bit_cast::<28, 10>(self.x.val().get_bits::<10>(0));
        if self.e.val().any() {
            self.sig.next = self.sig.val() | 1024;
        } else {
            self.e.next = 1.into();
        }
        // ---- align onto the target grid: E4M3 keeps 1.mmm (shift 7) from FP16 exponent 9
        // (2^-6) up; E5M2 keeps 1.mm (shift 8) from exponent 1 (2^-14) up.
        self.emin.next = 1.into();
        self.shift.next = 8.into();
        if !self.fmt.val() {
            self.emin.next = 9.into();
            self.shift.next = 7.into();
        }
        self.extra.next = 0.into();
        self.ediff.next = 0.into();
        if self.e.val() < self.emin.val() {
            self.extra.next = self.emin.val() - self.e.val();
        } else {
            self.ediff.next = self.e.val() - self.emin.val();
        }
        self.shift.next = self.shift.val() + self.extra.val();
        // sig << 16 >> shift (shift <= 15): nothing falls off, so frac is exact.
        self.shifted.next = (self.sig.val() << 16) >> self.shift.val();
        self.q.next = self.shifted.val().get_bits::<12>(16);
        self.frac.next = self.shifted.val().get_bits::<16>(0);
        // ---- code = (exponent field - 1) . mantissa + hidden bit, then the rounding increment
        self.code.next = (bit_cast::<12, 5>(self.ediff.val()) << 2) + self.q.val();
        self.max_code.next = 0x7B.into();
        self.ovf_code.next = 0x7C.into();
        if !self.fmt.val() {
            self.code.next = (bit_cast::<12, 5>(self.ediff.val()) << 3) + self.q.val();
            self.max_code.next = 0x7E.into();
            self.ovf_code.next = 0x7F.into();
        }
        if self.sat.val() {
            self.ovf_code.next = bit_cast::<8, 12>(self.max_code.val());
        }
        self.f.next = bit_cast::<R, 16>(self.frac.val() >> self.sr_shift.val());
        self.f_sum.next = bit_cast::<32, R>(self.f.val()) + bit_cast::<32, R>(self.rnd.val());
        if self.sr.val() {
            self.up.next = self.f_sum.val().get_bit(self.sr_carry.val().index());
        } else {
            self.up.next = self.frac.val().get_bit(15) & (self.frac.val().get_bits::<15>(0).any() | self.q.val().get_bit(0));
        }
        self.code.next = self.code.val() + bit_cast::<12, 1>(self.up.val().into());
        // ---- specials and overflow
        self.y.next = bit_cast::<8, 12>(self.code.val());
        if self.is_inf.val() | (self.code.val() > self.max_code.val()) {
            self.y.next = self.ovf_code.val();
        }
        if self.x.val().get_bit(15) {
            self.y.next = self.y.val() | 0x80;
        }
        if self.is_nan.val() {
            self.y.next = 0x7E.into();
            if !self.fmt.val() {
                self.y.next = 0x7F.into();
            }
        }
    }
}
