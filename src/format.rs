//! Number formats: one descriptor type, with E4M3, E5M2 and FP16 as constants of it.
//!
//! A finite value decodes to `(-1)^sign * sig * 2^exp` with an integer significand, so every
//! later computation is exact integer arithmetic.

use std::fmt;
use std::str::FromStr;

/// How a format spends its all-ones exponent field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Specials {
    /// IEEE 754 style: mantissa 0 is infinity, anything else NaN.
    Ieee,
    /// OCP E4M3FN: no infinity, only mantissa all-ones is NaN; the rest are finite.
    NanOnlyAllOnes,
}

/// A binary floating-point format: field widths, bias, and the meaning of its top exponent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FloatFormat {
    /// Name on the command line and in reports.
    pub name: &'static str,
    /// Exponent field width.
    pub exp_bits: u32,
    /// Mantissa field width (significand bits below the hidden bit).
    pub man_bits: u32,
    /// Exponent bias.
    pub bias: i32,
    /// What the all-ones exponent field means.
    pub specials: Specials,
}

/// OCP E4M3FN: bias 7, max 448 (0x7E), NaN 0x7F/0xFF, no infinity.
pub const E4M3: FloatFormat = FloatFormat { name: "e4m3", exp_bits: 4, man_bits: 3, bias: 7, specials: Specials::NanOnlyAllOnes };
/// OCP E5M2: bias 15, max 57344 (0x7B), IEEE infinities and NaNs.
pub const E5M2: FloatFormat = FloatFormat { name: "e5m2", exp_bits: 5, man_bits: 2, bias: 15, specials: Specials::Ieee };
/// IEEE binary16: bias 15, max 65504 (0x7BFF).
pub const FP16: FloatFormat = FloatFormat { name: "fp16", exp_bits: 5, man_bits: 10, bias: 15, specials: Specials::Ieee };

/// IEEE binary32, only as an input to quantisation.
pub const FP32: FloatFormat = FloatFormat { name: "fp32", exp_bits: 8, man_bits: 23, bias: 127, specials: Specials::Ieee };

/// The canonical FP16 NaN every MAC special case returns.
pub const FP16_NAN: u16 = 0x7E00;
/// FP16 +infinity; set bit 15 for -infinity.
pub const FP16_INF: u16 = 0x7C00;

/// What a code means, before any arithmetic.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Class {
    /// +0 or -0.
    Zero,
    /// Non-zero finite: `sig * 2^exp`, `sig > 0`.
    Finite {
        /// The integer significand.
        sig: u32,
        /// The power of two it is scaled by.
        exp: i32,
    },
    /// An infinity.
    Inf,
    /// Not a number.
    Nan,
}

/// A decoded code: its sign and its class.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Decoded {
    /// The sign bit.
    pub sign: bool,
    /// What the rest of the code means.
    pub class: Class,
}

impl FloatFormat {
    /// Smallest normal exponent (that of the subnormals too).
    pub const fn emin(&self) -> i32 {
        1 - self.bias
    }

    /// Exponent of the least subnormal (the grid step below the normals): every finite value
    /// is an integer times 2^lsb_exp (-9 for E4M3, -16 for E5M2, -24 for FP16).
    pub const fn lsb_exp(&self) -> i32 {
        self.emin() - self.man_bits as i32
    }

    /// Mask of the magnitude bits (everything but the sign).
    pub const fn mag_mask(&self) -> u32 {
        (1 << (self.exp_bits + self.man_bits)) - 1
    }

    /// The sign bit.
    pub const fn sign_bit(&self) -> u32 {
        1 << (self.exp_bits + self.man_bits)
    }

    /// Magnitude code of the largest finite value (0x7E, 0x7B, 0x7BFF).
    pub const fn max_finite(&self) -> u32 {
        let top = ((1 << self.exp_bits) - 1) << self.man_bits;
        match self.specials {
            Specials::Ieee => top - 1,
            Specials::NanOnlyAllOnes => top | ((1 << self.man_bits) - 2),
        }
    }

    /// The code for NaN (positive): 0x7F for E4M3, 0x7E for E5M2, 0x7E00 for FP16.
    pub const fn canonical_nan(&self) -> u32 {
        match self.specials {
            Specials::Ieee => (((1 << self.exp_bits) - 1) << self.man_bits) | (1 << (self.man_bits - 1)),
            Specials::NanOnlyAllOnes => self.mag_mask(),
        }
    }

    /// Decodes a code of this format (bits above the sign bit are ignored).
    pub const fn decode(&self, code: u32) -> Decoded {
        let sign = code & self.sign_bit() != 0;
        let field_e = (code >> self.man_bits) & ((1 << self.exp_bits) - 1);
        let m = code & ((1 << self.man_bits) - 1);
        let top = (1 << self.exp_bits) - 1;
        let ieee = matches!(self.specials, Specials::Ieee);
        let class = if field_e == top && ieee {
            if m == 0 {
                Class::Inf
            } else {
                Class::Nan
            }
        } else if field_e == top && m == (1 << self.man_bits) - 1 {
            Class::Nan
        } else if field_e == 0 && m == 0 {
            Class::Zero
        } else if field_e == 0 {
            Class::Finite { sig: m, exp: self.lsb_exp() }
        } else {
            let exp = field_e as i32 - self.bias - self.man_bits as i32;
            Class::Finite { sig: m | (1 << self.man_bits), exp }
        };
        Decoded { sign, class }
    }

    /// The value of a code as f64 (exact for every format here); NaN for NaN codes.
    pub fn to_f64(&self, code: u32) -> f64 {
        let d = self.decode(code);
        let mag = match d.class {
            Class::Zero => 0.0,
            Class::Finite { sig, exp } => sig as f64 * (exp as f64).exp2(),
            Class::Inf => f64::INFINITY,
            Class::Nan => return f64::NAN,
        };
        if d.sign {
            -mag
        } else {
            mag
        }
    }
}

/// The run-time format of one FP8 operand (the `fmt` select bit: 0 = E4M3, 1 = E5M2).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Fp8Format {
    /// OCP E4M3FN (select bit 0).
    E4M3,
    /// OCP E5M2 (select bit 1).
    E5M2,
}

impl Fp8Format {
    /// Both formats, in select-bit order.
    pub const ALL: [Fp8Format; 2] = [Fp8Format::E4M3, Fp8Format::E5M2];

    /// The format's descriptor.
    pub const fn spec(self) -> &'static FloatFormat {
        match self {
            Fp8Format::E4M3 => &E4M3,
            Fp8Format::E5M2 => &E5M2,
        }
    }

    /// The hardware select bit.
    pub const fn select_bit(self) -> bool {
        matches!(self, Fp8Format::E5M2)
    }

    /// The format for a hardware select bit.
    pub const fn from_select_bit(bit: bool) -> Self {
        if bit {
            Fp8Format::E5M2
        } else {
            Fp8Format::E4M3
        }
    }

    /// Decodes an FP8 code of this format (a table look-up).
    #[inline]
    pub fn decode(self, code: u8) -> Decoded {
        DECODED[self as usize][code as usize]
    }

    /// The exact value of a code as f64 (NaN for NaN codes).
    pub fn to_f64(self, code: u8) -> f64 {
        self.spec().to_f64(code as u32)
    }
}

/// Every FP8 code decoded, per format, at compile time.
static DECODED: [[Decoded; 256]; 2] = [decode_all(&E4M3), decode_all(&E5M2)];

const fn decode_all(fmt: &FloatFormat) -> [Decoded; 256] {
    let mut out = [Decoded { sign: false, class: Class::Zero }; 256];
    let mut code = 0;
    while code < 256 {
        out[code] = fmt.decode(code as u32);
        code += 1;
    }
    out
}

impl fmt::Display for Fp8Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.spec().name)
    }
}

/// Error for a format name that is neither `e4m3` nor `e5m2`.
#[derive(Debug, thiserror::Error)]
#[error("unknown FP8 format '{0}' (expected e4m3 or e5m2)")]
pub struct UnknownFormat(String);

impl FromStr for Fp8Format {
    type Err = UnknownFormat;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "e4m3" | "e4m3fn" => Ok(Fp8Format::E4M3),
            "e5m2" => Ok(Fp8Format::E5M2),
            _ => Err(UnknownFormat(s.to_string())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spec_table_constants() {
        assert_eq!(E4M3.max_finite(), 0x7E);
        assert_eq!(E5M2.max_finite(), 0x7B);
        assert_eq!(FP16.max_finite(), 0x7BFF);
        assert_eq!(E4M3.to_f64(0x7E), 448.0);
        assert_eq!(E5M2.to_f64(0x7B), 57344.0);
        assert_eq!(FP16.to_f64(0x7BFF), 65504.0);
        assert_eq!(E4M3.to_f64(0x01), 2f64.powi(-9));
        assert_eq!(E5M2.to_f64(0x01), 2f64.powi(-16));
        assert_eq!(FP16.to_f64(0x0001), 2f64.powi(-24));
        assert_eq!(E4M3.canonical_nan(), 0x7F);
        assert_eq!(E5M2.canonical_nan(), 0x7E);
        assert_eq!(FP16.canonical_nan() as u16, FP16_NAN);
    }

    #[test]
    fn nan_and_inf_codes() {
        let nans = |f: &FloatFormat| (0..256).filter(|&c| f.decode(c).class == Class::Nan).collect::<Vec<_>>();
        assert_eq!(nans(&E4M3), vec![0x7F, 0xFF]);
        assert_eq!(nans(&E5M2), vec![0x7D, 0x7E, 0x7F, 0xFD, 0xFE, 0xFF]);
        assert_eq!(E5M2.decode(0xFC), Decoded { sign: true, class: Class::Inf });
        assert!((0..256).all(|c| E4M3.decode(c).class != Class::Inf));
    }

    #[test]
    fn every_fp8_value_is_an_fp16_value() {
        for fmt in Fp8Format::ALL {
            for code in 0..=255u8 {
                let v = fmt.to_f64(code);
                let h = half::f16::from_f64(v);
                assert!(v.is_nan() && h.is_nan() || h.to_f64() == v, "{fmt} 0x{code:02x}");
            }
        }
    }
}
