//! .npy input and output with clear errors, and writes that never leave a partial file.

use std::io::{self, Read, Seek};
use std::path::Path;

use anyhow::{anyhow, bail, Result};
use half::f16;
use ndarray::{Array2, ArrayD, Dimension};
use ndarray_npy::npy::header::Header;
use ndarray_npy::{ReadDataError, ReadNpyError, ReadableElement, WritableElement, WriteNpyExt};
use py_literal::Value as PyValue;

/// An FP16 element of a float16 (`<f2`) .npy file, which ndarray-npy does not read itself.
#[derive(Clone, Copy, Default)]
struct NpyF16(f16);

impl ReadableElement for NpyF16 {
    fn read_to_end_exact_vec<R: Read>(mut reader: R, desc: &PyValue, len: usize) -> Result<Vec<Self>, ReadDataError> {
        let little = match desc {
            PyValue::String(s) if s == "<f2" => true,
            PyValue::String(s) if s == ">f2" => false,
            other => return Err(ReadDataError::WrongDescriptor(other.clone())),
        };
        let mut bytes = vec![0u8; len * 2];
        reader.read_exact(&mut bytes).map_err(|e| match e.kind() {
            io::ErrorKind::UnexpectedEof => ReadDataError::MissingData,
            _ => ReadDataError::Io(e),
        })?;
        let extra = reader.read_to_end(&mut Vec::new())?;
        if extra != 0 {
            return Err(ReadDataError::ExtraBytes(extra));
        }
        let word = |p: &[u8]| if little { u16::from_le_bytes([p[0], p[1]]) } else { u16::from_be_bytes([p[0], p[1]]) };
        Ok(bytes.chunks_exact(2).map(|p| NpyF16(f16::from_bits(word(p)))).collect())
    }
}

/// Rewords ndarray-npy's errors in the user's terms: which file, which dtype or rank was wanted.
fn describe(path: &Path, expected: &str, err: ReadNpyError) -> anyhow::Error {
    let what = match err {
        ReadNpyError::WrongDescriptor(d) => format!("has dtype {d}, expected {expected}"),
        ReadNpyError::WrongNdim(_, actual) => format!("is a {actual}-D array, expected {expected}"),
        ReadNpyError::Io(e) if e.kind() == io::ErrorKind::NotFound => "does not exist".to_string(),
        other => format!("is not a valid .npy file ({other})"),
    };
    anyhow!("{}: {what}", path.display())
}

/// Checks, before anything is allocated, that the data the header of `path` declares (its
/// shape times the element size of its dtype) is the data the file holds: a header is
/// untrusted input, and ndarray-npy allocates what it says.
fn check_size(path: &Path, expected: &str) -> Result<()> {
    if path.as_os_str() == "-" {
        bail!("-: reading standard input is not supported: give a .npy file");
    }
    let mut file = std::fs::File::open(path).map_err(|e| describe(path, expected, ReadNpyError::Io(e)))?;
    let not_a_file =
        |e: io::Error| anyhow!("{}: cannot read it as a .npy file ({e}): give a regular file, not a pipe or a device", path.display());
    let header = Header::from_reader(&mut file).map_err(|e| describe(path, expected, e.into()))?;
    let data = file.metadata().map_err(not_a_file)?.len().saturating_sub(file.stream_position().map_err(not_a_file)?);
    let PyValue::String(descr) = &header.type_descriptor else { return Ok(()) };
    let Some(item) = item_bytes(descr) else {
        // Not a plain numeric dtype: name it (ndarray-npy would only report a size).
        bail!("{}: has dtype '{descr}'{}, expected {expected}", path.display(), dtype_hint(descr));
    };
    let declared = header.shape.iter().try_fold(item, |n, &d| n.checked_mul(d as u64));
    match declared {
        Some(bytes) if bytes == data => Ok(()),
        Some(bytes) => {
            bail!("{}: its header declares shape {:?} ({bytes} bytes of data), but the file holds {data}", path.display(), header.shape)
        }
        None => bail!("{}: its header declares shape {:?}, more data than any file holds", path.display(), header.shape),
    }
}

/// The element size of a numeric dtype (`<f4`, `|u1`, `<c8`, ...); None for any other kind
/// (strings, raw bytes, objects, records).
fn item_bytes(descr: &str) -> Option<u64> {
    let code = descr.trim_start_matches(['<', '>', '|', '=']);
    let (kind, size) = code.split_at(code.find(|c: char| c.is_ascii_digit())?);
    matches!(kind, "b" | "i" | "u" | "f" | "c").then(|| size.parse().ok()).flatten()
}

/// What a dtype that is not numbers probably is, and what to do.
fn dtype_hint(descr: &str) -> &'static str {
    match descr.trim_start_matches(['<', '>', '|', '=']) {
        "V1" => " (raw bytes: an ml_dtypes float8 array saved with np.save; save x.view(np.uint8) instead)",
        d if d.starts_with('U') || d.starts_with('S') => " (strings)",
        _ => "",
    }
}

fn read<T: ReadableElement, D: Dimension>(path: &Path, expected: &str) -> Result<ndarray::Array<T, D>> {
    check_size(path, expected)?;
    ndarray_npy::read_npy(path).map_err(|e| describe(path, expected, e))
}

/// Reads a 2-D uint8 array (FP8 codes).
pub fn read_codes(path: &Path) -> Result<Array2<u8>> {
    read(path, "a 2-D uint8 array of FP8 codes")
}

/// Reads a uint8 array of FP8 codes of any shape.
pub fn read_codes_any(path: &Path) -> Result<ArrayD<u8>> {
    read(path, "a uint8 array of FP8 codes")
}

/// Reads a 2-D FP16 array: uint16 bit patterns or float16 values.
pub fn read_fp16(path: &Path) -> Result<Array2<f16>> {
    const EXPECTED: &str = "a 2-D uint16 array of FP16 bits or a float16 array";
    check_size(path, EXPECTED)?;
    match ndarray_npy::read_npy::<_, Array2<u16>>(path) {
        Ok(a) => Ok(a.mapv(f16::from_bits)),
        Err(ReadNpyError::WrongDescriptor(_)) => Ok(read::<NpyF16, _>(path, EXPECTED)?.mapv(|x| x.0)),
        Err(e) => Err(describe(path, EXPECTED, e)),
    }
}

/// Reads a 2-D uint16 array of BF16 bit patterns (numpy has no bfloat16; ml_dtypes' arrays
/// save as void, so the bits travel as uint16: `y.view(ml_dtypes.bfloat16)`).
pub fn read_bf16_bits(path: &Path) -> Result<Array2<u16>> {
    read(path, "a 2-D uint16 array of BF16 bits (an ml_dtypes bfloat16 array saves as void: save x.view(np.uint16))")
}

/// Reads a 2-D float32 array.
pub fn read_f32(path: &Path) -> Result<Array2<f32>> {
    read(path, "a 2-D float32 array")
}

/// Values to quantise: a float32 or float16 array of any shape.
pub enum Floats {
    /// float32 values.
    F32(ArrayD<f32>),
    /// float16 values.
    F16(ArrayD<f16>),
}

/// Reads a float32 or float16 array of any shape.
pub fn read_floats(path: &Path) -> Result<Floats> {
    const EXPECTED: &str = "float32 or float16";
    check_size(path, EXPECTED)?;
    match ndarray_npy::read_npy::<_, ArrayD<f32>>(path) {
        Ok(a) => Ok(Floats::F32(a)),
        Err(ReadNpyError::WrongDescriptor(_)) => Ok(Floats::F16(read::<NpyF16, _>(path, EXPECTED)?.mapv(|x| x.0))),
        Err(e) => Err(describe(path, EXPECTED, e)),
    }
}

/// Writes `array` to `path` as .npy, whole or not at all.
pub fn write_atomic<A, S, D>(path: &Path, array: &ndarray::ArrayBase<S, D>) -> Result<()>
where
    A: WritableElement,
    S: ndarray::Data<Elem = A>,
    D: Dimension,
{
    crate::io::atomic::write(path, |f| Ok(array.write_npy(std::io::BufWriter::new(f))?))
}
