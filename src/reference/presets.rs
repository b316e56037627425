//! The published accumulators as presets of the block family (docs/spec.md section 12): one
//! table that the command line (`gemm --preset`), Python (`gemm(preset=..)`), the accuracy
//! study and the README's family table read.

use std::num::NonZeroUsize;

use super::block::{Align, BlockRounding, Blocks};
use super::exact::OutFormat;
use super::gemm::SrConfig;

/// How a preset rounds its accumulator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PresetRounding {
    /// RNE, or SR when asked (the units fp8mac builds).
    NearestOrStochastic,
    /// RNE only.
    NearestEven,
    /// Toward zero only.
    TowardZero,
}

/// One published accumulator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Preset {
    /// Its name on the command line and in Python.
    pub name: &'static str,
    /// Products per block (`None`: the whole dot product).
    pub n: Option<usize>,
    /// How a block's terms are aligned.
    pub align: Align,
    /// The accumulator formats it has; the first is the default.
    pub acc: &'static [OutFormat],
    /// How it rounds.
    pub rounding: PresetRounding,
    /// Fraction bits the accumulator keeps, if fewer than the format's.
    pub keep: Option<u32>,
    /// Products per promoted partial accumulator, if any.
    pub promote: Option<usize>,
    /// Where the parameters come from.
    pub source: &'static str,
}

use OutFormat::{Bf16, Fp16, Fp32};

/// The presets, in the order the README lists them.
pub static PRESETS: [Preset; 5] = [
    Preset {
        name: "fp16-chain",
        n: Some(1),
        align: Align::Exact,
        acc: &[Fp16],
        rounding: PresetRounding::NearestOrStochastic,
        keep: None,
        promote: None,
        source: "HFP8 (Sun et al., NeurIPS 2019): FP16 accumulation, one rounding per MAC; fp8mac's fp8_systolic",
    },
    Preset {
        name: "exact",
        n: None,
        align: Align::Exact,
        acc: &[Fp16, Bf16, Fp32],
        rounding: PresetRounding::NearestOrStochastic,
        keep: None,
        promote: None,
        source: "Kulisch-style exact accumulation, one rounding per output; fp8mac's fp8_systolic_exact",
    },
    Preset {
        name: "mxdotp",
        n: Some(8),
        align: Align::Exact,
        acc: &[Fp32, Bf16],
        rounding: PresetRounding::NearestEven,
        keep: None,
        promote: None,
        source: "PULP cvfpu MXDOTP (fpnew_mxdotp_multi.sv, ASAP 2025): 8 FP8 products summed exactly with the accumulator, one rounding",
    },
    Preset {
        name: "h100-fp8",
        n: Some(32),
        align: Align::Exponent(13),
        acc: &[Fp32],
        rounding: PresetRounding::TowardZero,
        keep: Some(13),
        promote: None,
        source: "Khattak and Mikaitis (arXiv 2512.07004, 2025; MATLAB-tensor-core H100TC.m): 32 products aligned to the largest exponent, 13 fraction bits, RZ",
    },
    Preset {
        name: "deepseek-v3",
        n: Some(32),
        align: Align::Exponent(13),
        acc: &[Fp32],
        rounding: PresetRounding::TowardZero,
        keep: Some(13),
        promote: Some(128),
        source: "DeepSeek-V3 report (arXiv 2412.19437) sections 3.3.2 and 3.5.2: h100-fp8 partials promoted into binary32 every 128 products",
    },
];

/// A preset name or choice the table does not have.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum PresetError {
    /// No preset of this name.
    #[error("unknown preset '{0}' (expected one of {names})", names = names())]
    Unknown(String),
    /// An accumulator format the preset does not have.
    #[error("preset {preset} accumulates into {have}, not {asked}")]
    Format {
        /// The preset.
        preset: &'static str,
        /// The format asked for.
        asked: OutFormat,
        /// Its formats.
        have: String,
    },
    /// Stochastic rounding asked of a preset that rounds otherwise.
    #[error("preset {0} rounds {1}: stochastic rounding is for fp16-chain, exact or a block accumulator of your own")]
    Rounding(&'static str, &'static str),
}

/// The presets' names, comma-separated.
pub fn names() -> String {
    PRESETS.iter().map(|p| p.name).collect::<Vec<_>>().join(", ")
}

/// The preset of this name.
///
/// # Errors
/// [`PresetError::Unknown`].
pub fn preset(name: &str) -> Result<&'static Preset, PresetError> {
    PRESETS.iter().find(|p| p.name == name).ok_or_else(|| PresetError::Unknown(name.to_string()))
}

impl Preset {
    /// The block accumulator, into `acc` (the preset's first format without one), with SR
    /// where the preset allows it, and products scaled by 2^`scale_exp`.
    ///
    /// # Errors
    /// A format the preset does not have, or SR asked of a preset that rounds otherwise.
    pub fn blocks(&self, acc: Option<OutFormat>, sr: Option<SrConfig>, scale_exp: i32) -> Result<Blocks, PresetError> {
        let acc = acc.unwrap_or(self.acc[0]);
        if !self.acc.contains(&acc) {
            let have = self.acc.iter().map(|f| f.name()).collect::<Vec<_>>().join(" or ");
            return Err(PresetError::Format { preset: self.name, asked: acc, have });
        }
        let rounding = match (self.rounding, sr) {
            (PresetRounding::NearestOrStochastic, Some(sr)) => BlockRounding::Stochastic(sr),
            (PresetRounding::TowardZero, None) => BlockRounding::TowardZero,
            (PresetRounding::NearestEven | PresetRounding::NearestOrStochastic, None) => BlockRounding::NearestEven,
            (PresetRounding::NearestEven, Some(_)) => return Err(PresetError::Rounding(self.name, "to nearest even")),
            (PresetRounding::TowardZero, Some(_)) => return Err(PresetError::Rounding(self.name, "toward zero")),
        };
        Ok(Blocks {
            align: self.align,
            rounding,
            scale_exp,
            keep: self.keep,
            promote: self.promote.and_then(NonZeroUsize::new),
            ..Blocks::new(self.n.and_then(NonZeroUsize::new), acc)
        })
    }
}
