"""Block accumulation and its presets from Python (docs/spec.md section 12): the presets at the
ends of the family give the two modes' bits; an MX GEMM summed exactly equals the exact sum of the
dequantised operands, rounded once; the CLI and Python agree; bad input is one clear error.
(The family's every parameter is checked against a rational oracle in tests/exact_reference.rs,
and h100-fp8 against measured H100 results in tests/presets.rs.)"""

import pathlib
import subprocess
from fractions import Fraction

import numpy as np
import pytest

import fp8mac

ROOT = pathlib.Path(__file__).resolve().parents[2]
FP8MAC = ROOT / "target" / "release" / "fp8mac"


def codes(rng, shape):
    """Random finite E4M3 codes."""
    return (rng.integers(0, 0x7F, shape) | (rng.integers(0, 2, shape) << 7)).astype(np.uint8)


def test_presets_table():
    assert list(fp8mac.PRESETS) == ["fp16-chain", "exact", "mxdotp", "h100-fp8", "deepseek-v3"]
    h100 = fp8mac.PRESETS["h100-fp8"]
    assert (h100["n"], h100["align"], h100["p"], h100["rounding"], h100["keep"]) == (32, "exponent", 13, "rz", 13)
    assert fp8mac.PRESETS["deepseek-v3"]["promote"] == 128
    assert fp8mac.PRESETS["exact"]["n"] == "all"


@pytest.mark.parametrize("rounding", ["rne", "sr"])
def test_the_family_ends_are_the_two_modes(rounding):
    rng = np.random.default_rng(1)
    a, b = codes(rng, (5, 70)), codes(rng, (70, 4))
    c = rng.standard_normal((5, 4)).astype(np.float16)
    seed = 9 if rounding == "sr" else None
    kw = dict(fmt_a="e4m3", fmt_b="e5m2", rounding=rounding, seed=seed)
    chain = fp8mac.gemm(a, b, c, **kw)
    assert np.array_equal(fp8mac.gemm(a, b, c, preset="fp16-chain", **kw).view(np.uint16), chain.view(np.uint16))
    assert np.array_equal(fp8mac.gemm(a, b, c, block=1, **kw).view(np.uint16), chain.view(np.uint16))
    c32 = c.astype(np.float32)
    exact = fp8mac.gemm(a, b, c32, accumulate="exact", out="fp32", **kw)
    assert np.array_equal(fp8mac.gemm(a, b, c32, preset="exact", out="fp32", **kw).view(np.uint32), exact.view(np.uint32))
    assert np.array_equal(fp8mac.gemm(a, b, c32, block="all", out="fp32", **kw).view(np.uint32), exact.view(np.uint32))


def test_mx_gemm_summed_exactly_is_the_exact_sum_of_the_dequantised_operands():
    rng = np.random.default_rng(2)
    x, w = rng.standard_normal((6, 96)).astype(np.float32), (rng.standard_normal((96, 5)) * 1e-3).astype(np.float32)
    qa, sa = fp8mac.quantize_mx(x, "e4m3", axis=1)
    qb, sb = fp8mac.quantize_mx(w, "float6_e2m3fn", axis=0)
    y = fp8mac.gemm(qa, qb, fmt_a="e4m3", fmt_b="float6_e2m3fn", preset="exact", out="fp32", scale_a=sa, scale_b=sb)
    da, db = fp8mac.dequantize_mx(qa, sa, "e4m3", axis=1), fp8mac.dequantize_mx(qb, sb, "float6_e2m3fn", axis=0)
    for i in range(6):
        for j in range(5):
            s = sum(Fraction(float(da[i, k])) * Fraction(float(db[k, j])) for k in range(96))
            assert Fraction(float(s)) == s, "the sum fits a float64: one rounding to float32 below"
            assert y[i, j] == np.float32(float(s)), (i, j)


def test_mxint8_elements_read_as_code_over_64():
    a = np.array([[64, 32]], np.uint8)  # 1.0 and 0.5 in MXINT8
    b = np.array([[2], [4]], np.uint8)  # 2/64 and 4/64
    sa, sb = np.array([[127]], np.uint8), np.array([[127 + 6]], np.uint8)
    y = fp8mac.gemm(a, b, fmt_a="int8", fmt_b="int8", preset="exact", out="fp32", scale_a=sa, scale_b=sb)
    assert y[0, 0] == np.float32((1.0 * 2 + 0.5 * 4) / 64 * 64)


def test_cli_equals_python(tmp_path):
    rng = np.random.default_rng(3)
    a, b = codes(rng, (4, 100)), codes(rng, (100, 3))
    qa, sa = fp8mac.quantize_mx(rng.standard_normal((4, 100)).astype(np.float32), "e4m3", axis=1)
    qb, sb = fp8mac.quantize_mx(rng.standard_normal((100, 3)).astype(np.float32), "e4m3", axis=0)
    for name, arr in dict(a=a, b=b, qa=qa, sa=sa, qb=qb, sb=sb).items():
        np.save(tmp_path / f"{name}.npy", arr)

    def cli(*args):
        r = subprocess.run([str(FP8MAC), "gemm", "--fmt-a", "e4m3", "--fmt-b", "e4m3", "--output", "y.npy", *args],
                           capture_output=True, text=True, cwd=tmp_path)
        assert r.returncode == 0, r.stderr
        return np.load(tmp_path / "y.npy")

    for preset in fp8mac.PRESETS:
        got = cli("--a", "qa.npy", "--b", "qb.npy", "--preset", preset, "--scale-a", "sa.npy", "--scale-b", "sb.npy")
        want = fp8mac.gemm(qa, qb, fmt_a="e4m3", fmt_b="e4m3", preset=preset, scale_a=sa, scale_b=sb)
        assert np.array_equal(got, want.view(got.dtype)), preset
    got = cli("--a", "a.npy", "--b", "b.npy", "--block", "16", "--align", "9", "--rz", "--out-format", "bf16")
    want = fp8mac.gemm(a, b, fmt_a="e4m3", fmt_b="e4m3", block=16, align=9, rounding="rz", out="bf16")
    assert np.array_equal(got, want.view(np.uint16))


def test_bad_input_is_one_clear_error():
    a, b = np.zeros((2, 40), np.uint8), np.zeros((40, 3), np.uint8)
    kw = dict(fmt_a="e4m3", fmt_b="e4m3")
    with pytest.raises(ValueError, match="unknown preset 'tpu'"):
        fp8mac.gemm(a, b, preset="tpu", **kw)
    with pytest.raises(ValueError, match="accumulates into fp32 or bf16, not fp16"):
        fp8mac.gemm(a, b, preset="mxdotp", out="fp16", **kw)
    with pytest.raises(ValueError, match="rounds toward zero"):
        fp8mac.gemm(a, b, preset="h100-fp8", rounding="sr", **kw)
    with pytest.raises(ValueError, match="block must be"):
        fp8mac.gemm(a, b, block=0, **kw)
    with pytest.raises(ValueError, match="align needs block"):
        fp8mac.gemm(a, b, align=4, **kw)
    with pytest.raises(ValueError, match="scale A is 2x1 but must be 2x2"):
        fp8mac.gemm(a, b, preset="mxdotp", scale_a=np.zeros((2, 1), np.uint8), scale_b=np.zeros((2, 3), np.uint8), **kw)
    with pytest.raises(ValueError, match="in pairs"):
        fp8mac.gemm(a, b, scale_a=np.zeros((2, 2), np.uint8), **kw)


@pytest.mark.parametrize("engine", ["rtl-sim", "verilator"])
def test_mx_gemm_on_the_exact_array_with_block_scales(engine):
    """The exact array of scale_bits=2 takes MXFP8 scales in its elements: the same bits as the
    reference's exact preset, and against the exact sum of the dequantised operands."""
    rng = np.random.default_rng(3)
    x = (rng.standard_normal((5, 80)) * np.exp2(rng.integers(-1, 1, (5, 1)))).astype(np.float32)
    w = (rng.standard_normal((80, 3)) * 0.1).astype(np.float32)
    qa, sa = fp8mac.quantize_mx(x, "e4m3", axis=1)
    qb, sb = fp8mac.quantize_mx(w, "e5m2", axis=0)
    assert int(sa.max()) - int(sa.min()) <= 3 and int(sb.max()) - int(sb.min()) <= 3, "the data fits 2-bit offsets"
    kw = dict(fmt_a="e4m3", fmt_b="e5m2", out="fp32", scale_a=sa, scale_b=sb)
    want = fp8mac.gemm(qa, qb, preset="exact", **kw)
    got = fp8mac.gemm(qa, qb, accumulate="exact", engine=engine, rows=2, cols=3, scale_bits=2, **kw)
    assert np.array_equal(got.view(np.uint32), want.view(np.uint32))
    da, db = fp8mac.dequantize_mx(qa, sa, "e4m3", axis=1), fp8mac.dequantize_mx(qb, sb, "e5m2", axis=0)
    s = sum(Fraction(float(da[0, k])) * Fraction(float(db[k, 0])) for k in range(80))
    assert got[0, 0] == np.float32(float(s))


def test_block_scales_the_array_cannot_take_are_value_errors():
    a, b = np.full((1, 4), 0x38, np.uint8), np.full((4, 1), 0x38, np.uint8)
    sa, sb = np.array([[120, 125]], np.uint8), np.array([[127], [127]], np.uint8)
    kw = dict(fmt_a="e4m3", fmt_b="e4m3", accumulate="exact", engine="rtl-sim", rows=1, cols=1, scale_block=2)
    with pytest.raises(ValueError, match="span 2\\^5"):
        fp8mac.gemm(a, b, scale_a=sa, scale_b=sb, scale_bits=2, formats="e4m3", **kw)
    with pytest.raises(ValueError, match="an exact array with scale_bits"):
        fp8mac.gemm(a, b, scale_a=sa, scale_b=sb, **kw)
    with pytest.raises(ValueError, match="96-bit grid"):
        fp8mac.gemm(a, b, scale_a=sa, scale_b=sb, scale_bits=3, **kw)
    with pytest.raises(ValueError, match="scale_bits sets the exact array"):
        fp8mac.gemm(a, b, fmt_a="e4m3", fmt_b="e4m3", scale_a=sa, scale_b=sb, scale_bits=2)


@pytest.mark.parametrize("engine", ["rtl-sim", "verilator"])
def test_block_accumulators_on_the_exact_array(engine):
    """The exact array keeps each output's accumulator in its block store between blocks: the
    same bits as the reference model for MXDOTP under MX scales, blocks of 5 with SR into BF16
    and the FP16 chain (n = 1), whose reference is the FP16 array's own model."""
    rng = np.random.default_rng(4)
    x = (rng.standard_normal((5, 70)) * np.exp2(rng.integers(-1, 1, (5, 1)))).astype(np.float32)
    w = (rng.standard_normal((70, 3)) * 0.1).astype(np.float32)
    qa, sa = fp8mac.quantize_mx(x, "e4m3", axis=1)
    qb, sb = fp8mac.quantize_mx(w, "e5m2", axis=0)
    hw = dict(engine=engine, rows=2, cols=3)
    kw = dict(fmt_a="e4m3", fmt_b="e5m2", preset="mxdotp", scale_a=sa, scale_b=sb)
    want = fp8mac.gemm(qa, qb, **kw)
    assert np.array_equal(fp8mac.gemm(qa, qb, scale_bits=2, **kw, **hw).view(np.uint32), want.view(np.uint32))
    kw = dict(fmt_a="e4m3", fmt_b="e5m2", block=5, out="bf16", rounding="sr", seed=9)
    want = fp8mac.gemm(qa, qb, **kw)
    assert np.array_equal(fp8mac.gemm(qa, qb, **kw, **hw).view(np.uint16), want.view(np.uint16))
    chain = fp8mac.gemm(qa, qb, fmt_a="e4m3", fmt_b="e5m2", rounding="sr", seed=3)
    got = fp8mac.gemm(qa, qb, fmt_a="e4m3", fmt_b="e5m2", preset="fp16-chain", rounding="sr", seed=3, **hw)
    assert np.array_equal(got.view(np.uint16), chain.view(np.uint16))


def test_block_accumulators_the_array_does_not_build_are_value_errors():
    a, b = np.full((1, 8), 0x38, np.uint8), np.full((8, 1), 0x38, np.uint8)
    kw = dict(fmt_a="e4m3", fmt_b="e4m3", engine="rtl-sim", rows=1, cols=1)
    with pytest.raises(ValueError, match="truncating the terms"):
        fp8mac.gemm(a, b, preset="h100-fp8", **kw)
    with pytest.raises(ValueError, match="toward zero"):
        fp8mac.gemm(a, b, block=2, rounding="rz", **kw)
    with pytest.raises(ValueError, match="a block of 4 products is beyond"):
        fp8mac.gemm(a, b, block=4, max_k=2, **kw)
    with pytest.raises(ValueError, match="pipeline applies to the FP16 array"):
        fp8mac.gemm(a, b, block=2, pipeline=2, **kw)
    assert fp8mac.gemm(a, b, block=2, out="fp32", **kw)[0, 0] == 8.0
