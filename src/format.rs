//! Number formats: one table of operand formats (docs/spec.md section 11), from which the
//! model's decoders and rounders, the hardware's unpackers, the command line's and Python's
//! names and the tests' lists of formats are all derived; plus FP16, BF16 and FP32, the
//! formats results are rounded into.
//!
//! A finite value decodes to `(-1)^sign * sig * 2^exp` with an integer significand, so every
//! later computation is exact integer arithmetic.

use std::fmt;
use std::str::FromStr;

/// How a float format spends its codes on NaN, infinity and -0.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Specials {
    /// IEEE 754 style: the all-ones exponent is infinity (mantissa 0) or NaN (any other).
    Ieee,
    /// "FN" (OCP E4M3FN): no infinity; only the all-ones magnitude is NaN.
    NanOnlyAllOnes,
    /// "FNUZ" (AMD, Graphcore): no infinity and no -0; the -0 code (sign bit alone) is the NaN.
    NanIsNegativeZero,
    /// "FN" without NaN (OCP MX FP6, FP4): every code is finite.
    Finite,
}

/// A binary floating-point format: field widths, bias, and the meaning of its special codes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FloatFormat {
    /// Name in reports.
    pub name: &'static str,
    /// Exponent field width.
    pub exp_bits: u32,
    /// Mantissa field width (significand bits below the hidden bit).
    pub man_bits: u32,
    /// Exponent bias.
    pub bias: i32,
    /// What the special codes are.
    pub specials: Specials,
}

/// IEEE binary16: bias 15, max 65504 (0x7BFF).
pub const FP16: FloatFormat = FloatFormat { name: "fp16", exp_bits: 5, man_bits: 10, bias: 15, specials: Specials::Ieee };
/// bfloat16: binary32's exponent with 7 mantissa bits, max 0x7F7F.
pub const BF16: FloatFormat = FloatFormat { name: "bf16", exp_bits: 8, man_bits: 7, bias: 127, specials: Specials::Ieee };
/// IEEE binary32.
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
    /// Bits of a code: sign, exponent and mantissa.
    pub const fn width(&self) -> u32 {
        1 + self.exp_bits + self.man_bits
    }

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

    /// Whether -0 is a code of its own (every format but the FNUZ ones).
    pub const fn has_negative_zero(&self) -> bool {
        !matches!(self.specials, Specials::NanIsNegativeZero)
    }

    /// Whether the format has infinities (the IEEE-style ones).
    pub const fn has_inf(&self) -> bool {
        matches!(self.specials, Specials::Ieee)
    }

    /// Magnitude code of the largest finite value (0x7E for E4M3FN, 0x7B for E5M2, 0x7BFF for FP16).
    pub const fn max_finite(&self) -> u32 {
        let top = ((1 << self.exp_bits) - 1) << self.man_bits;
        match self.specials {
            Specials::Ieee => top - 1,
            Specials::NanOnlyAllOnes => top | ((1 << self.man_bits) - 2),
            Specials::NanIsNegativeZero | Specials::Finite => self.mag_mask(),
        }
    }

    /// The NaN code, if the format has NaNs: 0x7F for E4M3FN, 0x7E for E5M2 (the quiet NaN of
    /// IEEE-style formats), 0x80 for the FNUZ formats, 0x7E00 for FP16.
    pub const fn nan(&self) -> Option<u32> {
        match self.specials {
            Specials::Ieee => Some((((1 << self.exp_bits) - 1) << self.man_bits) | (1 << (self.man_bits - 1))),
            Specials::NanOnlyAllOnes => Some(self.mag_mask()),
            Specials::NanIsNegativeZero => Some(self.sign_bit()),
            Specials::Finite => None,
        }
    }

    /// The NaN of a format that has one (FP16, BF16 and FP32 results; see [`FloatFormat::nan`]).
    pub const fn canonical_nan(&self) -> u32 {
        match self.nan() {
            Some(code) => code,
            None => panic!("a format without NaN"),
        }
    }

    /// Decodes a code of this format (bits above the sign bit are ignored).
    pub const fn decode(&self, code: u32) -> Decoded {
        let code = code & (self.sign_bit() | self.mag_mask());
        let sign = code & self.sign_bit() != 0;
        let field_e = (code >> self.man_bits) & ((1 << self.exp_bits) - 1);
        let m = code & ((1 << self.man_bits) - 1);
        let top = (1 << self.exp_bits) - 1;
        let class = match self.specials {
            Specials::Ieee if field_e == top => {
                if m == 0 {
                    Class::Inf
                } else {
                    Class::Nan
                }
            }
            Specials::NanOnlyAllOnes if code & self.mag_mask() == self.mag_mask() => Class::Nan,
            Specials::NanIsNegativeZero if code == self.sign_bit() => Class::Nan,
            _ if field_e == 0 && m == 0 => Class::Zero,
            _ if field_e == 0 => Class::Finite { sig: m, exp: self.lsb_exp() },
            _ => Class::Finite { sig: m | (1 << self.man_bits), exp: field_e as i32 - self.bias - self.man_bits as i32 },
        };
        Decoded { sign, class }
    }

    /// The value of a code as f64 (exact for every format here); NaN for NaN codes.
    pub fn to_f64(&self, code: u32) -> f64 {
        self.decode(code).to_f64()
    }

    /// The value of a finite code as f64 (exact: every format here has at most 24 significand
    /// bits and exponents within f64's normal range); None for an infinity or a NaN.
    #[inline]
    pub fn finite_f64(&self, code: u32) -> Option<f64> {
        let d = self.decode(code);
        let mag = match d.class {
            Class::Zero => 0.0,
            Class::Finite { sig, exp } => sig as f64 * f64::from_bits(((exp + 1023) as u64) << 52),
            Class::Inf | Class::Nan => return None,
        };
        Some(if d.sign { -mag } else { mag })
    }
}

impl Decoded {
    /// The exact value as binary32 (exact for every operand format of the table: at most 8
    /// significand bits, exponents within binary32's normal range); NaN for a NaN.
    #[inline]
    pub(crate) const fn to_f32(self) -> f32 {
        let mag = match self.class {
            Class::Zero => 0.0,
            Class::Finite { sig, exp } => sig as f32 * f32::from_bits(((exp + 127) as u32) << 23),
            Class::Inf => f32::INFINITY,
            Class::Nan => return f32::NAN,
        };
        if self.sign {
            -mag
        } else {
            mag
        }
    }

    /// The exact value as f64; NaN for a NaN.
    pub fn to_f64(self) -> f64 {
        let mag = match self.class {
            Class::Zero => 0.0,
            Class::Finite { sig, exp } => sig as f64 * f64::from_bits(((exp + 1023) as u64) << 52),
            Class::Inf => f64::INFINITY,
            Class::Nan => return f64::NAN,
        };
        if self.sign {
            -mag
        } else {
            mag
        }
    }
}

/// What the codes of an operand format are.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A binary floating-point format.
    Float(FloatFormat),
    /// A two's complement integer of this many bits.
    Int {
        /// Bits of a code.
        bits: u32,
    },
}

/// One row of the table of operand formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Row {
    /// The name: ml_dtypes' dtype name (numpy's for INT8).
    pub name: &'static str,
    /// The short name that stays valid on the command line and in Python, or "".
    pub short: &'static str,
    /// The codes' meaning.
    pub kind: Kind,
    /// Who uses it.
    pub note: &'static str,
}

const fn float(exp_bits: u32, man_bits: u32, bias: i32, specials: Specials, name: &'static str) -> Kind {
    Kind::Float(FloatFormat { name, exp_bits, man_bits, bias, specials })
}

/// The operand formats, one per row of [`TABLE`], in its order. A new format is a variant
/// here and a row there; everything else enumerates [`Format::ALL`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[allow(non_camel_case_types)]
pub enum Format {
    /// OCP E4M3FN (`e4m3`).
    E4M3,
    /// OCP E5M2 (`e5m2`).
    E5M2,
    /// E4M3FNUZ (AMD MI300, Graphcore).
    E4M3FNUZ,
    /// E5M2FNUZ (AMD MI300, Graphcore).
    E5M2FNUZ,
    /// IEEE-style E4M3 with infinities (PULP FPnew's FP8ALT).
    E4M3_IEEE,
    /// IEEE-style E3M4.
    E3M4,
    /// E4M3 with bias 11, FNUZ specials.
    E4M3B11FNUZ,
    /// OCP MX FP6 E3M2.
    E3M2,
    /// OCP MX FP6 E2M3.
    E2M3,
    /// OCP MX FP4 E2M1.
    E2M1,
    /// Two's complement 8-bit integer.
    INT8,
}

use Specials::{Finite as FIN, Ieee as IEEE, NanIsNegativeZero as FNUZ, NanOnlyAllOnes as FN};

/// The table of operand formats (docs/spec.md section 11), indexed by [`Format`].
pub static TABLE: [Row; Format::COUNT] = [
    Row { name: "float8_e4m3fn", short: "e4m3", kind: float(4, 3, 7, FN, "e4m3"), note: "OCP FP8; HFP8's forward format" },
    Row { name: "float8_e5m2", short: "e5m2", kind: float(5, 2, 15, IEEE, "e5m2"), note: "OCP FP8; HFP8's gradient format" },
    Row { name: "float8_e4m3fnuz", short: "", kind: float(4, 3, 8, FNUZ, "e4m3fnuz"), note: "AMD MI300, Graphcore" },
    Row { name: "float8_e5m2fnuz", short: "", kind: float(5, 2, 16, FNUZ, "e5m2fnuz"), note: "AMD MI300, Graphcore" },
    Row { name: "float8_e4m3", short: "", kind: float(4, 3, 7, IEEE, "e4m3ieee"), note: "IEEE-style; PULP FPnew FP8ALT" },
    Row { name: "float8_e3m4", short: "", kind: float(3, 4, 3, IEEE, "e3m4"), note: "IEEE-style" },
    Row { name: "float8_e4m3b11fnuz", short: "", kind: float(4, 3, 11, FNUZ, "e4m3b11fnuz"), note: "a moved bias (HFP8, CFloat8)" },
    Row { name: "float6_e3m2fn", short: "", kind: float(3, 2, 3, FIN, "e3m2"), note: "OCP MXFP6" },
    Row { name: "float6_e2m3fn", short: "", kind: float(2, 3, 1, FIN, "e2m3"), note: "OCP MXFP6" },
    Row { name: "float4_e2m1fn", short: "", kind: float(2, 1, 1, FIN, "e2m1"), note: "OCP MXFP4; FracTrain-style low precision" },
    Row { name: "int8", short: "", kind: Kind::Int { bits: 8 }, note: "Banner 2018 integer GEMMs, OCP MXINT8" },
];

impl Format {
    /// Rows in the table.
    pub const COUNT: usize = 11;

    /// Every operand format, in the table's order.
    pub const ALL: [Format; Format::COUNT] = [
        Format::E4M3,
        Format::E5M2,
        Format::E4M3FNUZ,
        Format::E5M2FNUZ,
        Format::E4M3_IEEE,
        Format::E3M4,
        Format::E4M3B11FNUZ,
        Format::E3M2,
        Format::E2M3,
        Format::E2M1,
        Format::INT8,
    ];

    /// The format's row of [`TABLE`].
    pub const fn row(self) -> &'static Row {
        &TABLE[self as usize]
    }

    /// ml_dtypes' name of the format (`float8_e4m3fn`, .., `int8`).
    pub const fn name(self) -> &'static str {
        self.row().name
    }

    /// The float format's descriptor, or None for an integer format.
    pub const fn float(self) -> Option<&'static FloatFormat> {
        match &self.row().kind {
            Kind::Float(f) => Some(f),
            Kind::Int { .. } => None,
        }
    }

    /// Whether it is an integer format.
    pub const fn is_int(self) -> bool {
        self.float().is_none()
    }

    /// Bits of a code (8, 6 or 4): codes are the low bits of a `u8`.
    pub const fn bits(self) -> u32 {
        match &self.row().kind {
            Kind::Float(f) => f.width(),
            Kind::Int { bits } => *bits,
        }
    }

    /// Whether `code` is a code of this format (no bit set above [`Format::bits`]).
    pub const fn is_code(self, code: u8) -> bool {
        self.bits() >= 8 || code >> self.bits() == 0
    }

    /// Exponent of the grid every finite value lies on: every value is an integer times
    /// 2^lsb_exp (-9 for E4M3FN, -16 for E5M2, 0 for INT8).
    pub const fn lsb_exp(self) -> i32 {
        match self.float() {
            Some(f) => f.lsb_exp(),
            None => 0,
        }
    }

    /// The code of the largest finite value (0x7E for E4M3FN, 0x7F for INT8).
    pub const fn max_code(self) -> u8 {
        match &self.row().kind {
            Kind::Float(f) => f.max_finite() as u8,
            Kind::Int { bits } => u8::MAX >> (8 - *bits + 1),
        }
    }

    /// The largest finite value (448 for E4M3FN, 127 for INT8).
    pub fn max_value(self) -> f64 {
        self.to_f64(self.max_code())
    }

    /// The largest magnitude of a value: [`Format::max_value`], or 2^(bits - 1) for an
    /// integer format (INT8's -128).
    pub fn max_magnitude(self) -> f64 {
        match &self.row().kind {
            Kind::Float(_) => self.max_value(),
            Kind::Int { bits } => 2f64.powi(*bits as i32 - 1),
        }
    }

    /// The power of two an element of this format carries inside an OCP MX block (OCP MX v1.0
    /// section 5.3): 0 for the floating-point formats, 2^-6 for MXINT8's two's complement
    /// elements (a code x reads as x / 64, so -2 <= x / 64 < 2).
    pub const fn mx_unit_exp(self) -> i32 {
        match self.row().kind {
            Kind::Float(_) => 0,
            Kind::Int { bits } => 2 - bits as i32,
        }
    }

    /// emax of the OCP MX scale rule: the exponent of the largest normal element value
    /// (8 for E4M3FN, 15 for E5M2, 2 for E2M1, 0 for MXINT8).
    pub fn mx_emax(self) -> i32 {
        (self.max_value() * 2f64.powi(self.mx_unit_exp())).log2().floor() as i32
    }

    /// Decodes a code of this format (a table look-up; bits above [`Format::bits`] ignored).
    #[inline]
    pub fn decode(self, code: u8) -> Decoded {
        DECODED[self as usize][code as usize]
    }

    /// The exact value of a code as binary32 (NaN for NaN codes), by table look-up.
    #[inline]
    pub(crate) fn to_f32(self, code: u8) -> f32 {
        VALUES[self as usize][code as usize]
    }

    /// The exact value of a code as f64 (NaN for NaN codes).
    pub fn to_f64(self, code: u8) -> f64 {
        self.decode(code).to_f64()
    }

    /// Its tag in generated module and file names: the table's short tag (`e4m3`, `e4m3fnuz`,
    /// `e2m1`, ..., `int8`), unique, without ml_dtypes' `floatN_` prefix.
    pub const fn tag(self) -> &'static str {
        match &self.row().kind {
            Kind::Float(f) => f.name,
            Kind::Int { .. } => self.row().name,
        }
    }

    /// The names accepted for it: ml_dtypes' name and the short one, if any.
    pub fn names(self) -> impl Iterator<Item = &'static str> {
        [self.row().name, self.row().short].into_iter().filter(|n| !n.is_empty())
    }
}

/// Every code of every format decoded, at compile time.
static DECODED: [[Decoded; 256]; Format::COUNT] = {
    let mut out = [[Decoded { sign: false, class: Class::Zero }; 256]; Format::COUNT];
    let mut f = 0;
    while f < Format::COUNT {
        let mut code = 0;
        while code < 256 {
            out[f][code] = decode_row(&TABLE[f].kind, code as u32);
            code += 1;
        }
        f += 1;
    }
    out
};

/// Every code of every format as binary32, at compile time (see [`Decoded::to_f32`]).
static VALUES: [[f32; 256]; Format::COUNT] = {
    let mut out = [[0.0; 256]; Format::COUNT];
    let mut f = 0;
    while f < Format::COUNT {
        let mut code = 0;
        while code < 256 {
            out[f][code] = DECODED[f][code].to_f32();
            code += 1;
        }
        f += 1;
    }
    out
};

const fn decode_row(kind: &Kind, code: u32) -> Decoded {
    match kind {
        Kind::Float(f) => f.decode(code),
        Kind::Int { bits } => {
            let unused = 32 - *bits;
            let v = ((code << unused) as i32) >> unused;
            let class = if v == 0 { Class::Zero } else { Class::Finite { sig: v.unsigned_abs(), exp: 0 } };
            Decoded { sign: v < 0, class }
        }
    }
}

impl fmt::Display for Format {
    /// The short name where there is one (`e4m3`, `e5m2`), else ml_dtypes' name.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.names().last().unwrap_or(self.name()))
    }
}

/// Error for a format name that is not in the table.
#[derive(Debug, thiserror::Error)]
#[error("unknown format '{0}' (expected one of {list})", list = known_names())]
pub struct UnknownFormat(String);

/// Every accepted format name, comma-separated.
pub fn known_names() -> String {
    Format::ALL.iter().flat_map(|f| f.names()).collect::<Vec<_>>().join(", ")
}

impl FromStr for Format {
    type Err = UnknownFormat;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let lower = s.to_ascii_lowercase();
        let alias = if lower == "e4m3fn" { "e4m3" } else { lower.as_str() };
        Format::ALL.into_iter().find(|f| f.names().any(|n| n == alias)).ok_or_else(|| UnknownFormat(s.to_string()))
    }
}

/// The operand formats a generated datapath takes (`generate --formats LIST`, docs/spec.md
/// section 11): a set, whose select codes number its formats in the table's order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct FormatSet(u16);

impl FormatSet {
    /// Today's pair, the default: E4M3FN (select 0) and E5M2 (select 1).
    pub const DEFAULT: FormatSet = FormatSet(1 << Format::E4M3 as u16 | 1 << Format::E5M2 as u16);

    /// The set of these formats (repeats ignored); None when empty.
    pub fn new(formats: impl IntoIterator<Item = Format>) -> Option<Self> {
        let bits = formats.into_iter().fold(0u16, |s, f| s | 1 << f as u16);
        (bits != 0).then_some(FormatSet(bits))
    }

    /// The formats in select-code order.
    pub fn formats(self) -> impl Iterator<Item = Format> {
        Format::ALL.into_iter().filter(move |&f| self.contains(f))
    }

    /// Whether the set has `fmt`.
    pub fn contains(self, fmt: Format) -> bool {
        self.0 >> fmt as u16 & 1 == 1
    }

    /// How many formats.
    pub fn len(self) -> usize {
        self.0.count_ones() as usize
    }

    /// Never: a set has at least one format.
    pub fn is_empty(self) -> bool {
        false
    }

    /// Width of a select port: ceil(log2(len)), and 1 for a single format (whose select is
    /// ignored).
    pub fn select_bits(self) -> u32 {
        (usize::BITS - (self.len() - 1).leading_zeros()).max(1)
    }

    /// The select code of `fmt`, if the set has it.
    pub fn select(self, fmt: Format) -> Option<u32> {
        self.formats().position(|f| f == fmt).map(|i| i as u32)
    }

    /// The format of a select code, if the code names one.
    pub fn format(self, select: u32) -> Option<Format> {
        self.formats().nth(select as usize)
    }
}

impl fmt::Display for FormatSet {
    /// The names, comma-separated, as `--formats` takes them.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.len() == Format::COUNT {
            return f.write_str("all");
        }
        f.write_str(&self.formats().map(|x| x.to_string()).collect::<Vec<_>>().join(","))
    }
}

impl FromStr for FormatSet {
    type Err = UnknownFormat;
    /// A comma-separated list of format names, or `all` for the whole table.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if s.eq_ignore_ascii_case("all") {
            return Ok(FormatSet::new(Format::ALL).expect("a non-empty table"));
        }
        let formats = s.split(',').map(|n| n.trim().parse()).collect::<Result<Vec<Format>, _>>()?;
        FormatSet::new(formats).ok_or_else(|| UnknownFormat(s.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spec_table_constants() {
        assert_eq!(Format::E4M3.max_code(), 0x7E);
        assert_eq!(Format::E5M2.max_code(), 0x7B);
        assert_eq!(FP16.max_finite(), 0x7BFF);
        assert_eq!(BF16.max_finite(), 0x7F7F);
        assert_eq!(FP16.to_f64(0x7BFF), 65504.0);
        assert_eq!(FP16.to_f64(0x0001), 2f64.powi(-24));
        assert_eq!(FP16.canonical_nan() as u16, FP16_NAN);
        assert_eq!(FP32.canonical_nan(), 0x7FC0_0000);
        // docs/spec.md section 11: max finite and least subnormal of every row.
        let expect: [(Format, f64, i32); 11] = [
            (Format::E4M3, 448.0, -9),
            (Format::E5M2, 57344.0, -16),
            (Format::E4M3FNUZ, 240.0, -10),
            (Format::E5M2FNUZ, 57344.0, -17),
            (Format::E4M3_IEEE, 240.0, -9),
            (Format::E3M4, 15.5, -6),
            (Format::E4M3B11FNUZ, 30.0, -13),
            (Format::E3M2, 28.0, -4),
            (Format::E2M3, 7.5, -3),
            (Format::E2M1, 6.0, -1),
            (Format::INT8, 127.0, 0),
        ];
        for (f, max, lsb) in expect {
            assert_eq!((f.max_value(), f.to_f64(1)), (max, 2f64.powi(lsb)), "{f}");
        }
    }

    #[test]
    fn nan_and_inf_codes() {
        let nans = |f: Format| (0..=255u8).filter(|&c| f.is_code(c) && f.decode(c).class == Class::Nan).collect::<Vec<_>>();
        assert_eq!(nans(Format::E4M3), vec![0x7F, 0xFF]);
        assert_eq!(nans(Format::E5M2), vec![0x7D, 0x7E, 0x7F, 0xFD, 0xFE, 0xFF]);
        assert_eq!(nans(Format::E4M3FNUZ), vec![0x80]);
        assert!(nans(Format::E2M1).is_empty());
        assert_eq!(Format::E5M2.decode(0xFC), Decoded { sign: true, class: Class::Inf });
        assert_eq!(Format::INT8.decode(0x80), Decoded { sign: true, class: Class::Finite { sig: 128, exp: 0 } });
        assert!(!Format::E2M1.is_code(0x10) && Format::E2M1.is_code(0x0F));
    }

    #[test]
    fn names_parse_back() {
        for f in Format::ALL {
            for n in f.names() {
                assert_eq!(n.parse::<Format>().unwrap(), f);
            }
            assert_eq!(f.to_string().parse::<Format>().unwrap(), f);
        }
        assert_eq!("E4M3FN".parse::<Format>().unwrap(), Format::E4M3);
        assert!("e4m4".parse::<Format>().unwrap_err().to_string().contains("float4_e2m1fn"));
    }

    #[test]
    fn every_operand_value_is_an_fp16_value() {
        for fmt in Format::ALL {
            for code in (0..=255u8).filter(|&c| fmt.is_code(c)) {
                let v = fmt.to_f64(code);
                let h = half::f16::from_f64(v);
                assert!(v.is_nan() && h.is_nan() || h.to_f64() == v, "{fmt} 0x{code:02x}");
            }
        }
    }
}
