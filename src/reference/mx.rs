//! OCP MX block quantisation (OCP Microscaling Formats v1.0, docs/spec.md section 12): an array
//! is cut into blocks of g elements along one axis; each block shares one E8M0 scale
//! X = 2^e and its elements are x / X converted to the element format with saturation.
//!
//! The scale exponent e of a block with largest magnitude amax:
//! * `floor` (the OCP rule, as microsoft/microxcaling and gfloat): floor(log2 amax) - emax, emax
//!   the exponent of the element format's largest normal ([`Format::mx_emax`]), so that amax / X
//!   lies in [2^emax, 2^(emax + 1)) and may round above the largest element (then saturates);
//! * `rceil` (NVIDIA's conversion instruction, torchao's RCEIL): the smallest e with
//!   amax <= 2^e times the largest element, so that no element saturates.
//!
//! e is clamped to E8M0's -127..=127. A block of zeros takes 2^-127 (gfloat's choice: the
//! smallest scale); a block with a NaN takes the NaN scale 0xFF; an infinity makes amax
//! infinite (e = 127, the element saturating).

use std::num::NonZeroUsize;

use ndarray::{ArrayD, ArrayViewD, Axis, Zip};

use super::block::{E8M0_BIAS, E8M0_NAN};
use super::convert::encode_f32_scaled;
use super::gemm::SrConfig;
use super::round::Rounding;
use crate::format::Format;
use crate::rng::{stream_seed, SrStream};

/// The largest |e| of an E8M0 scale 2^e.
const E8M0_MAX_EXP: i32 = 127;

/// How a block's scale is chosen from its largest magnitude.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScaleRule {
    /// OCP MX v1.0 section 6.3: 2^(floor(log2 amax) - emax).
    Floor,
    /// Round the scale up: the smallest power of two with amax / X <= the largest element.
    Rceil,
}

impl std::str::FromStr for ScaleRule {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "floor" => Ok(ScaleRule::Floor),
            "rceil" => Ok(ScaleRule::Rceil),
            _ => Err(format!("unknown scale rule '{s}' (expected floor or rceil)")),
        }
    }
}

/// Where MX blocks lie in an array.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MxLayout {
    /// Elements per block, g (32 in OCP MX); the last block along the axis may be shorter.
    pub g: NonZeroUsize,
    /// The axis the blocks run along (the GEMM's reduction axis: 1 for A, 0 for B).
    pub axis: usize,
}

/// Input that MX quantisation refuses.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum MxError {
    /// The axis is not one of the array's.
    #[error("axis {axis} is out of range for an array of {ndim} dimensions")]
    Axis {
        /// The axis asked for.
        axis: usize,
        /// The array's dimensions.
        ndim: usize,
    },
    /// Scales whose shape does not match the codes' blocks.
    #[error("scales are {got:?} but codes of shape {codes:?} in blocks of {g} along axis {axis} need {want:?}")]
    ScaleShape {
        /// The scales' shape.
        got: Vec<usize>,
        /// The shape the codes call for.
        want: Vec<usize>,
        /// The codes' shape.
        codes: Vec<usize>,
        /// The block length.
        g: usize,
        /// The axis.
        axis: usize,
    },
    /// A code with a bit set above its format's width.
    #[error("code 0x{code:02X} at {at:?} is not a {fmt} code")]
    Code {
        /// The code.
        code: u8,
        /// Where it is.
        at: Vec<usize>,
        /// The format.
        fmt: Format,
    },
}

impl MxLayout {
    /// The shape of the scales of an array of shape `shape`.
    pub fn scale_shape(&self, shape: &[usize]) -> Result<Vec<usize>, MxError> {
        let mut s = shape.to_vec();
        let len = s.get_mut(self.axis).ok_or(MxError::Axis { axis: self.axis, ndim: shape.len() })?;
        *len = len.div_ceil(self.g.get());
        Ok(s)
    }

    /// The index of the scale of element `at`.
    fn scale_index(&self, at: &[usize]) -> Vec<usize> {
        let mut i = at.to_vec();
        i[self.axis] /= self.g.get();
        i
    }
}

/// The E8M0 scale code of a block from its elements, by `rule` for elements of `fmt`.
pub fn mx_scale_code(block: impl Iterator<Item = f32>, fmt: Format, rule: ScaleRule) -> u8 {
    let mut amax = 0f32;
    for x in block {
        if x.is_nan() {
            return E8M0_NAN;
        }
        amax = amax.max(x.abs());
    }
    if amax == 0.0 {
        return 0;
    }
    let e = match rule {
        _ if amax.is_infinite() => E8M0_MAX_EXP,
        ScaleRule::Floor => floor_log2(amax) - fmt.mx_emax(),
        ScaleRule::Rceil => {
            // The smallest e with amax <= max * 2^e: exact in f64 (powers of two, no overflow).
            let max = fmt.max_value() * 2f64.powi(fmt.mx_unit_exp());
            let mut e = floor_log2(amax) - max.log2().floor() as i32 - 1;
            while (amax as f64) > max * 2f64.powi(e) {
                e += 1;
            }
            e
        }
    };
    (e.clamp(-E8M0_MAX_EXP, E8M0_MAX_EXP) + E8M0_BIAS) as u8
}

/// floor(log2 |x|) of a finite non-zero f32, exactly (subnormals included).
fn floor_log2(x: f32) -> i32 {
    let bits = x.abs().to_bits();
    let (field, man) = ((bits >> 23) as i32, bits & 0x7F_FFFF);
    if field == 0 {
        -149 + (31 - man.leading_zeros() as i32)
    } else {
        field - 127
    }
}

/// OCP MX quantisation of `x` into codes of `fmt` and E8M0 scales (shape: `x`'s with the
/// block axis divided by g, rounded up). Elements round to nearest even, or with `sr` by one
/// SR stream (seed `stream_seed(seed, 0, 0)`) stepped once per element in row-major order, as
/// `quantize` does; they saturate; a block with a NaN scale holds the format's NaN code (or,
/// in a format without NaN, what a NaN converts to).
///
/// # Errors
/// [`MxError::Axis`] for an axis beyond `x`'s dimensions.
pub fn mx_quantize(
    x: ArrayViewD<f32>,
    fmt: Format,
    layout: &MxLayout,
    rule: ScaleRule,
    sr: Option<SrConfig>,
) -> Result<(ArrayD<u8>, ArrayD<u8>), MxError> {
    let mut scales = ArrayD::zeros(layout.scale_shape(x.shape())?);
    let g = layout.g.get();
    Zip::from(x.lanes(Axis(layout.axis))).and(scales.lanes_mut(Axis(layout.axis))).for_each(|lane, mut s| {
        for (block, s) in lane.axis_chunks_iter(Axis(0), g).zip(s.iter_mut()) {
            *s = mx_scale_code(block.iter().copied(), fmt, rule);
        }
    });
    let mut stream = sr.map(|s| SrStream::new(stream_seed(s.seed, 0, 0), s.bits));
    let mut codes = ArrayD::zeros(x.shape());
    for ((at, &v), code) in x.indexed_iter().zip(codes.iter_mut()) {
        let rounding = stream.as_mut().map_or(Rounding::NearestEven, SrStream::next_rounding);
        let scale = scales[layout.scale_index(ndarray::Dimension::slice(&at)).as_slice()];
        *code = if scale == E8M0_NAN {
            encode_f32_scaled(f32::NAN, fmt, rounding, true, 0)
        } else {
            encode_f32_scaled(v, fmt, rounding, true, -(scale as i32 - E8M0_BIAS + fmt.mx_unit_exp()))
        };
    }
    Ok((codes, scales))
}

/// The values of MX codes of `fmt` with their E8M0 scales: element x X, as f32 (a NaN scale or
/// code gives NaN; values beyond f32's range become infinite).
///
/// # Errors
/// Scales of the wrong shape for `layout`, an axis out of range, or a code outside `fmt`.
pub fn mx_dequantize(codes: ArrayViewD<u8>, scales: ArrayViewD<u8>, fmt: Format, layout: &MxLayout) -> Result<ArrayD<f32>, MxError> {
    let want = layout.scale_shape(codes.shape())?;
    if scales.shape() != want.as_slice() {
        let (got, codes) = (scales.shape().to_vec(), codes.shape().to_vec());
        return Err(MxError::ScaleShape { got, want, codes, g: layout.g.get(), axis: layout.axis });
    }
    if let Some((at, &code)) = codes.indexed_iter().find(|(_, &c)| !fmt.is_code(c)) {
        return Err(MxError::Code { code, at: ndarray::Dimension::slice(&at).to_vec(), fmt });
    }
    let mut y = ArrayD::zeros(codes.shape());
    for ((at, &c), y) in codes.indexed_iter().zip(y.iter_mut()) {
        let scale = scales[layout.scale_index(ndarray::Dimension::slice(&at)).as_slice()];
        *y = if scale == E8M0_NAN { f32::NAN } else { (fmt.to_f64(c) * 2f64.powi(scale as i32 - E8M0_BIAS + fmt.mx_unit_exp())) as f32 };
    }
    Ok(y)
}
