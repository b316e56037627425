//! Block accumulation (docs/spec.md section 12), for exact alignment inside a block: the K
//! products of an output are cut into blocks of n, each block's products summed exactly, and
//! the accumulator rounded into its format F once per block:
//!
//! ```text
//! acc_0 = C;  acc_(b+1) = round_F(acc_b + 2^s sum of block b's products);  Y = the last acc
//! ```
//!
//! n = 1 with F = FP16 is the FP16 chain of section 4 (HFP8's datapath), n = K is exact
//! accumulation (section 8); between them are the block dot-product units of MX hardware.
//! Each block is one [`super::exact`] rounding with the accumulator as its C; n = 1 into FP16
//! (with s = 0) runs the FP16 chain's engine, which gives the same bits K times faster. The
//! tests check both ends against [`super::gemm`] and [`super::gemm_exact`] on random shapes
//! and every n against a rational oracle.

use std::num::NonZeroUsize;

use half::f16;
use ndarray::{s, Array2, ArrayView2};

use super::exact::{round_block, ExactError, OutFormat, MAX_SCALE_EXP};
use super::gemm::{chain, check_operands, SrConfig};
use crate::format::Format;
use crate::progress::Progress;
use crate::rng::{stream_seed, SrStream};

/// How a block accumulator sums and rounds (docs/spec.md section 12, exact alignment).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Blocks {
    /// Products per block; `None`: the whole dot product in one block (section 8: one rounding
    /// even for K = 0, which makes a NaN C canonical), where n = K would round no block then.
    pub n: Option<NonZeroUsize>,
    /// The accumulator's format F (also C's and Y's).
    pub acc: OutFormat,
    /// s of the scale 2^s applied to every product, in -64..=64.
    pub scale_exp: i32,
    /// Stochastic rounding: output (i, j)'s stream steps once per block; RNE without.
    pub sr: Option<SrConfig>,
}

/// `Y` of section 12 on codes: A is M x K codes of `fmt_a`, B is K x N of `fmt_b`, C and Y are
/// M x N codes of `blocks.acc` (in the low bits of each `u32`).
///
/// # Errors
/// Shapes that do not multiply or a code outside its format ([`ExactError::Shape`]), s out of
/// range, or an interrupt.
pub fn gemm_blocks(
    a: ArrayView2<u8>,
    fmt_a: Format,
    b: ArrayView2<u8>,
    fmt_b: Format,
    c: ArrayView2<u32>,
    blocks: &Blocks,
    progress: &Progress,
) -> Result<Array2<u32>, ExactError> {
    check_operands(a, fmt_a, b, fmt_b, c.dim())?;
    if blocks.scale_exp.abs() > MAX_SCALE_EXP {
        return Err(ExactError::ScaleExp(blocks.scale_exp));
    }
    if blocks.n == NonZeroUsize::new(1) && blocks.acc == OutFormat::Fp16 && blocks.scale_exp == 0 {
        // The FP16 chain: the same roundings, one fused MAC each, K times faster than K block steps.
        let c = c.mapv(|x| f16::from_bits(x as u16));
        return Ok(chain(a, fmt_a, b, fmt_b, c.view(), blocks.sr, progress)?.mapv(|x| u32::from(x.to_bits())));
    }
    let k = a.ncols();
    let bounds: Vec<(usize, usize)> = match blocks.n {
        None => vec![(0, k)],
        Some(n) => (0..k).step_by(n.get()).map(|k0| (k0, (k0 + n.get()).min(k))).collect(),
    };
    let mut streams = blocks.sr.map(|s| Array2::from_shape_fn(c.dim(), |(i, j)| SrStream::new(stream_seed(s.seed, i, j), s.bits)));
    let mut acc = c.to_owned();
    for (k0, k1) in bounds {
        let (a_b, b_b) = (a.slice(s![.., k0..k1]), b.slice(s![k0..k1, ..]));
        acc = round_block(a_b, fmt_a, b_b, fmt_b, acc.view(), blocks.acc, blocks.scale_exp, streams.as_mut(), progress)?;
    }
    Ok(acc)
}
