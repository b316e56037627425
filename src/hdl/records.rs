//! The records that pass between the MAC's stages ([`super::mac`]), field by field; the
//! generated Verilog prints their layout above each stage's module.
// LogicStruct derives accessors (get_my_width_*, get_my_offset_*) that carry no docs.
#![allow(missing_docs)]

use rust_hdl::prelude::*;

use crate::format::FP16;

/// Bias of the weights `k` between stages: k = E + 64 keeps every weight of an FP8 product
/// (2^-32 and up) and an FP16 addend positive in 7 bits.
pub const K_BIAS: i32 = 64;
/// k of FP16's smallest normal weight, 2^-14: the floor of every frame.
pub const K_MIN: i32 = FP16.emin() + K_BIAS;

/// The special-case outcome, decided from the operands in `multiply` and carried to `round`.
#[derive(Copy, Clone, Debug, PartialEq, Default, LogicStruct)]
pub struct Specials {
    /// An exact zero result is -0 (the product is a -0 and c is -0).
    pub neg_zero: Bit,
    /// The result is NaN.
    pub nan: Bit,
    /// The result is an infinity.
    pub inf: Bit,
    /// Its sign.
    pub inf_sign: Bit,
}

/// The addend, unpacked beside the multiplier.
#[derive(Copy, Clone, Debug, PartialEq, Default, LogicStruct)]
pub struct Addend {
    /// FP16 code of c.
    pub code: Bits<16>,
    /// Weight of its bit 10, biased by [`K_BIAS`]; at least [`K_MIN`] (subnormals).
    pub k: Bits<7>,
    /// Trailing zeros of its significand (any value if c is zero): the sticky bit needs it.
    pub tz: Bits<4>,
}

/// multiply -> norm_product.
#[derive(Copy, Clone, Debug, PartialEq, Default, LogicStruct)]
pub struct RawProduct {
    /// sig_a x sig_b, not normalised: value = sig x 2^(ex - 36).
    pub sig: Bits<8>,
    /// ex_a + ex_b.
    pub ex: Bits<7>,
    /// The product is zero.
    pub zero: Bit,
    /// Its sign.
    pub sign: Bit,
    /// The addend.
    pub c: Addend,
    /// The special cases.
    pub special: Specials,
}

/// norm_product -> align.
#[derive(Copy, Clone, Debug, PartialEq, Default, LogicStruct)]
pub struct Product {
    /// The product's significand, leading one at bit 7 (zero for a zero product).
    pub sig: Bits<8>,
    /// Weight of bit 7, biased by [`K_BIAS`].
    pub k: Bits<7>,
    /// Trailing zeros of `sig` (any value if zero).
    pub tz: Bits<4>,
    /// The product is zero.
    pub zero: Bit,
    /// Its sign.
    pub sign: Bit,
    /// The addend.
    pub c: Addend,
    /// The special cases.
    pub special: Specials,
}

/// align -> add.
#[derive(Copy, Clone, Debug, PartialEq, Default, LogicStruct)]
pub struct Aligned {
    /// The smaller operand, shifted into the window (sticky bit included).
    pub other: Bits<32>,
    /// The frame operand's 11-bit significand (window bits 30..20).
    pub frame: Bits<11>,
    /// Weight of the frame's bit 10, biased by [`K_BIAS`].
    pub k: Bits<7>,
    /// The frame's sign.
    pub sign: Bit,
    /// The signs differ: subtract.
    pub subtract: Bit,
    /// The special cases.
    pub special: Specials,
}

/// add -> count.
#[derive(Copy, Clone, Debug, PartialEq, Default, LogicStruct)]
pub struct Sum {
    /// Magnitude of the sum in the window.
    pub mag: Bits<32>,
    /// How far the sum may shift left before its bit 31 weighs less than 2^-14.
    pub room: Bits<7>,
    /// Sign of the sum.
    pub sign: Bit,
    /// The special cases.
    pub special: Specials,
}

/// count -> shift.
#[derive(Copy, Clone, Debug, PartialEq, Default, LogicStruct)]
pub struct Counted {
    /// The sum, as from add.
    pub sum: Sum,
    /// The normalising shift, min(leading zeros, room).
    pub n: Bits<5>,
    /// The sum is exactly zero.
    pub zero: Bit,
}

/// shift -> round.
#[derive(Copy, Clone, Debug, PartialEq, Default, LogicStruct)]
pub struct Normalised {
    /// The sum shifted left by n: FP16 significand at bits 31..21, the rest below.
    pub sig: Bits<32>,
    /// Biased FP16 exponent of bit 31 (before the hidden bit is added in).
    pub e: Bits<7>,
    /// Sign of the result.
    pub sign: Bit,
    /// The sum is exactly zero.
    pub zero: Bit,
    /// The special cases.
    pub special: Specials,
}

/// What an exact-accumulation element knows of its products' special cases (docs/spec.md section 8),
/// beside the sum; OR-ed (AND-ed for `all_neg_zero`) over a tile's products.
#[derive(Copy, Clone, Debug, PartialEq, Default, LogicStruct)]
pub struct ExactFlags {
    /// A NaN operand, or a product inf x 0.
    pub nan: Bit,
    /// A product +inf.
    pub pos_inf: Bit,
    /// A product -inf.
    pub neg_inf: Bit,
    /// Every product is a zero of negative sign.
    pub all_neg_zero: Bit,
}

/// What the exact array's rounder has decided about an output besides its magnitude, carried
/// from stage to stage.
#[derive(Copy, Clone, Debug, PartialEq, Default, LogicStruct)]
pub struct Verdict {
    /// The result is NaN.
    pub nan: Bit,
    /// The result is an infinity from an operand (of sign `inf_sign`).
    pub inf: Bit,
    /// Its sign.
    pub inf_sign: Bit,
    /// An exact zero result is -0 (C is -0 and every product a -0).
    pub neg_zero: Bit,
    /// |2^s T| >= 2^21: beyond FP16 whatever C is (infinity of T's sign).
    pub ovf: Bit,
    /// The sign of the result (of T while C is not yet added).
    pub sign: Bit,
}
