//! GEMM, `Y = A x B + C` (docs/spec.md section 4): every output a sequential MAC chain in increasing k.

use half::f16;
use ndarray::parallel::prelude::*;
use ndarray::{Array2, ArrayView2, Axis};

use super::mac::{mac_nearest, mac_wide};
use super::round::Rounding;
use crate::format::Format;
use crate::progress::{Interrupted, Progress};
use crate::rng::{stream_seed, SrStream};

/// Stochastic rounding of a GEMM: `bits` random bits per MAC from the streams of [`crate::rng`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SrConfig {
    /// Random bits per rounding R (1..=16 on the hardware engines).
    pub bits: u32,
    /// Seed of the per-output streams ([`crate::rng::stream_seed`]).
    pub seed: u64,
}

/// The largest M x N that the command line and Python accept unless told otherwise
/// (`--max-outputs`, `max_outputs`): Y and the model's working arrays take up to 32 bytes per
/// output, so 2^26 outputs need about 2 GiB.
pub const DEFAULT_MAX_OUTPUTS: u64 = 1 << 26;

/// Operands that do not multiply: shapes that disagree, or a code that is not one of its format.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum OperandError {
    /// A code with a bit set above its format's width (a 6- or 4-bit format uses the low bits).
    #[error("{matrix}[{row}][{col}] = 0x{code:02X} is not a {fmt} code (a {bits}-bit format uses the low {bits} bits)", bits = fmt.bits())]
    Code {
        /// "A" or "B".
        matrix: &'static str,
        /// Row of the code.
        row: usize,
        /// Column of the code.
        col: usize,
        /// The code.
        code: u8,
        /// Its format.
        fmt: Format,
    },
    /// A's columns and B's rows differ.
    #[error("A is {m}x{k} but B is {kb}x{n}: inner dimensions differ")]
    Inner {
        /// A's rows.
        m: usize,
        /// A's columns.
        k: usize,
        /// B's rows.
        kb: usize,
        /// B's columns.
        n: usize,
    },
    /// C's shape is not A x B's.
    #[error("C is {cm}x{cn} but A x B is {m}x{n}")]
    Addend {
        /// C's rows.
        cm: usize,
        /// C's columns.
        cn: usize,
        /// A's rows.
        m: usize,
        /// B's columns.
        n: usize,
    },
}

/// Checks that `A (m x k) x B (k x n) + C (m x n)` is well formed.
pub fn check_shapes(a: (usize, usize), b: (usize, usize), c: (usize, usize)) -> Result<(), OperandError> {
    let ((m, k), (kb, n)) = (a, b);
    if k != kb {
        return Err(OperandError::Inner { m, k, kb, n });
    }
    if c != (m, n) {
        return Err(OperandError::Addend { cm: c.0, cn: c.1, m, n });
    }
    Ok(())
}

/// Checks that every code of A and B is one of its format ([`OperandError::Code`]).
pub fn check_codes(a: ArrayView2<u8>, fmt_a: Format, b: ArrayView2<u8>, fmt_b: Format) -> Result<(), OperandError> {
    for (matrix, m, fmt) in [("A", a, fmt_a), ("B", b, fmt_b)] {
        if fmt.bits() < 8 {
            if let Some(((row, col), &code)) = m.indexed_iter().find(|(_, &c)| !fmt.is_code(c)) {
                return Err(OperandError::Code { matrix, row, col, code, fmt });
            }
        }
    }
    Ok(())
}

/// [`check_shapes`] and [`check_codes`]: what every GEMM checks before it computes.
pub fn check_operands(a: ArrayView2<u8>, fmt_a: Format, b: ArrayView2<u8>, fmt_b: Format, c: (usize, usize)) -> Result<(), OperandError> {
    check_shapes(a.dim(), b.dim(), c)?;
    check_codes(a, fmt_a, b, fmt_b)
}

/// `Y = A x B + C` with the MAC of [`super::mac`], rows computed in parallel.
///
/// Output `(i, j)` is `acc = C[i][j]; for k in 0..K { acc = mac(A[i][k], B[k][j], acc) }`; with
/// `sr`, MAC `k` of output `(i, j)` takes the `k`-th value of that output's stream.
pub fn gemm(
    a: ArrayView2<u8>,
    fmt_a: Format,
    b: ArrayView2<u8>,
    fmt_b: Format,
    c: ArrayView2<f16>,
    sr: Option<SrConfig>,
) -> Result<Array2<f16>, OperandError> {
    check_operands(a, fmt_a, b, fmt_b, c.dim())?;
    Ok(chain(a, fmt_a, b, fmt_b, c, sr, &Progress::hidden()).expect("nothing cancels a private Progress"))
}

/// [`gemm`], advancing `progress` by one per finished row of Y and stopping with
/// [`Interrupted`] once it is cancelled.
///
/// # Errors
/// Shapes that do not multiply ([`OperandError`]), or [`Interrupted`].
pub fn gemm_with_progress(
    a: ArrayView2<u8>,
    fmt_a: Format,
    b: ArrayView2<u8>,
    fmt_b: Format,
    c: ArrayView2<f16>,
    sr: Option<SrConfig>,
    progress: &Progress,
) -> anyhow::Result<Array2<f16>> {
    check_operands(a, fmt_a, b, fmt_b, c.dim())?;
    Ok(chain(a, fmt_a, b, fmt_b, c, sr, progress)?)
}

/// The MAC chains of a checked GEMM (also block accumulation's n = 1 into FP16).
pub(super) fn chain(
    a: ArrayView2<u8>,
    fmt_a: Format,
    b: ArrayView2<u8>,
    fmt_b: Format,
    c: ArrayView2<f16>,
    sr: Option<SrConfig>,
    progress: &Progress,
) -> Result<Array2<f16>, Interrupted> {
    match sr {
        // RNE on the operands' binary32 values: the fastest exact route.
        None => chains(a.mapv(|x| fmt_a.to_f32(x)), b.mapv(|x| fmt_b.to_f32(x)), c, progress, |_, _, x, w, acc| {
            x.iter().zip(w).fold(acc, |acc, (&x, &w)| mac_nearest(x, w, acc))
        }),
        Some(_) => chain_values(a.mapv(|x| fmt_a.to_f64(x)), b.mapv(|x| fmt_b.to_f64(x)), c, sr, progress),
    }
}

/// The MAC chains on operand values as float64: codes of table formats, each possibly times a
/// power of two (MX block scales folded into the operands: block accumulation's n = 1).
pub(super) fn chain_values(
    a: Array2<f64>,
    b: Array2<f64>,
    c: ArrayView2<f16>,
    sr: Option<SrConfig>,
    progress: &Progress,
) -> Result<Array2<f16>, Interrupted> {
    chains(a, b, c, progress, |i, j, x, w, acc| {
        let mut stream = sr.map(|s| SrStream::new(stream_seed(s.seed, i, j), s.bits));
        x.iter().zip(w).fold(acc, |acc, (&x, &w)| {
            let rounding = stream.as_mut().map_or(Rounding::NearestEven, SrStream::next_rounding);
            mac_wide(x, w, acc, rounding)
        })
    })
}

/// Output (i, j) of Y = `chain(i, j, row i of A, column j of B, C[i][j])` on FP16 bits, rows
/// in parallel; `progress` steps once per row.
fn chains<T: Copy + Send + Sync>(
    a: Array2<T>,
    b: Array2<T>,
    c: ArrayView2<f16>,
    progress: &Progress,
    chain: impl Fn(usize, usize, &[T], &[T], u16) -> u16 + Sync,
) -> Result<Array2<f16>, Interrupted> {
    // B transposed, so each output's chain walks contiguous memory.
    let bt = b.t().as_standard_layout().into_owned();
    let a = a.as_standard_layout().into_owned();
    let mut y = c.to_owned();
    y.axis_iter_mut(Axis(0)).into_par_iter().enumerate().try_for_each(|(i, mut row)| {
        progress.check()?;
        let x = a.row(i).to_slice().expect("standard layout");
        for (j, out) in row.iter_mut().enumerate() {
            let w = bt.row(j).to_slice().expect("standard layout");
            *out = f16::from_bits(chain(i, j, x, w, out.to_bits()));
        }
        progress.step(1)
    })?;
    Ok(y)
}
