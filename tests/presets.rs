//! The presets of the block family (docs/spec.md section 12) against what their sources publish.
//!
//! h100-fp8: the 5000 E4M3 and 5000 E5M2 inner products of 32 terms that Khattak and Mikaitis
//! measured on an H100 (github.com/north-numerical-computing/MATLAB-tensor-core,
//! model_validation/H100; C = 0, binary32 out), converted by tests/data/h100_fp8/convert.py.

use std::num::NonZeroUsize;
use std::path::Path;

use fp8mac::progress::Progress;
use fp8mac::reference::presets::{preset, PRESETS};
use fp8mac::reference::{gemm_blocks, gemm_exact, BlockRounding, Blocks, OutFormat};
use fp8mac::{Exact, Format, SrConfig};
use ndarray::{s, Array1, Array2};
use ndarray_npy::read_npy;

fn data<T: ndarray_npy::ReadableElement, D: ndarray::Dimension>(name: &str) -> ndarray::Array<T, D>
where
    ndarray::Array<T, D>: ndarray_npy::ReadNpyExt,
{
    read_npy(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/h100_fp8").join(name)).expect("test data")
}

/// Every published H100 FP8 result, bit for bit.
#[test]
fn h100_fp8_reproduces_the_measured_h100_results() {
    let blocks = preset("h100-fp8").unwrap().blocks(None, None, 0).unwrap();
    for (fmt, name) in [(Format::E4M3, "e4m3"), (Format::E5M2, "e5m2")] {
        let (a, b): (Array2<u8>, Array2<u8>) = (data(&format!("{name}_a.npy")), data(&format!("{name}_b.npy")));
        let d: Array1<u32> = data(&format!("{name}_d.npy"));
        let mut wrong = Vec::new();
        for r in 0..a.nrows() {
            let (row, col) = (a.slice(s![r..r + 1, ..]), b.slice(s![r..r + 1, ..]).reversed_axes());
            let y = gemm_blocks(row, fmt, col, fmt, Array2::zeros((1, 1)).view(), &blocks, None, &Progress::hidden()).unwrap();
            if y[(0, 0)] != d[r] {
                wrong.push((r, y[(0, 0)], d[r]));
            }
        }
        assert!(wrong.is_empty(), "{name}: {} of {} differ, first {:x?}", wrong.len(), a.nrows(), &wrong[..wrong.len().min(5)]);
    }
}

/// fp16-chain and exact give today's engines' bits; every preset builds for its formats and
/// refuses the others and SR where it rounds otherwise.
#[test]
fn presets_name_the_ends_of_the_family_and_refuse_what_they_lack() {
    let a = Array2::from_shape_fn((3, 70), |(i, k)| ((i * 37 + k * 11) % 0x7E) as u8);
    let b = Array2::from_shape_fn((70, 2), |(k, j)| ((k * 13 + j * 5 + 1) % 0x7E) as u8 | (0x80 * (k % 3 == 0) as u8));
    let c = Array2::zeros((3, 2));
    let exact =
        gemm_exact(a.view(), Format::E4M3, b.view(), Format::E4M3, c.view(), &Exact { out: OutFormat::Fp32, scale_exp: 0, sr: None });
    let blocks = preset("exact").unwrap().blocks(Some(OutFormat::Fp32), None, 0).unwrap();
    let y = gemm_blocks(a.view(), Format::E4M3, b.view(), Format::E4M3, c.view(), &blocks, None, &Progress::hidden()).unwrap();
    assert_eq!(y, exact.unwrap());
    let sr = SrConfig { bits: 8, seed: 3 };
    let chain = preset("fp16-chain").unwrap().blocks(None, Some(sr), 0).unwrap();
    assert_eq!(chain, Blocks { rounding: BlockRounding::Stochastic(sr), ..Blocks::new(NonZeroUsize::new(1), OutFormat::Fp16) });
    for p in &PRESETS {
        for &acc in p.acc {
            assert!(p.blocks(Some(acc), None, 0).is_ok(), "{} into {acc}", p.name);
        }
    }
    assert!(preset("mxdotp").unwrap().blocks(Some(OutFormat::Fp16), None, 0).is_err());
    assert!(preset("h100-fp8").unwrap().blocks(None, Some(sr), 0).is_err());
    assert!(preset("tpu").is_err());
}
