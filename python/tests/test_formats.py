"""Every operand format of the table (docs/spec.md section 11) against ml_dtypes: every code
decodes to ml_dtypes' value; every float16 input and 2 M random float32 bit patterns quantise
(RNE, not saturating) to ml_dtypes' cast; saturating is clip, then cast. The table is
enumerated from fp8mac.FORMATS, so a new row is covered without being named here."""

import os
import pathlib

import ml_dtypes
import numpy as np
import pytest

import fp8mac

ROOT = pathlib.Path(__file__).resolve().parents[2]
FLOATS = [f for f in fp8mac.FORMATS if not f.startswith("int")]


def is_int(name):
    return name.startswith("int")


def dtype(name):
    return np.dtype(getattr(ml_dtypes, name, None) or name)


def bits(name):
    return (ml_dtypes.iinfo if is_int(name) else ml_dtypes.finfo)(dtype(name)).bits


def valid_codes(name):
    return np.arange(1 << bits(name), dtype=np.uint8) if bits(name) < 8 else np.arange(256, dtype=np.uint8)


def same(got, want):
    """Codes equal, or both NaN codes (ml_dtypes keeps a NaN's sign; the spec has one NaN)."""
    g, w = got.astype(np.float64), want.astype(np.float64)
    return (np.isnan(g) & np.isnan(w)) | (got.view(np.uint8) == want.view(np.uint8))


def test_the_table_is_ml_dtypes_names():
    assert fp8mac.FORMATS[:2] == ("float8_e4m3fn", "float8_e5m2")
    for name in fp8mac.FORMATS:
        dtype(name)  # every name is a dtype


@pytest.mark.parametrize("name", fp8mac.FORMATS)
def test_every_code_decodes_to_ml_dtypes_value(name):
    codes = valid_codes(name)
    got = fp8mac.dequantize(codes, name)
    want = codes.view(dtype(name)).astype(np.float32)
    np.testing.assert_array_equal(got, want)  # NaNs compare equal here, signed zeros by value
    real = ~np.isnan(want)
    np.testing.assert_array_equal(np.signbit(got[real]), np.signbit(want[real]))
    assert got.dtype == np.float32


@pytest.mark.parametrize("name", fp8mac.FORMATS)
def test_oracle_table_is_ml_dtypes(name):
    """src/verify/widen.txt (the SoftFloat oracle's operands) is what ml_dtypes says today."""
    lines = dict(line.split(" ", 1) for line in (ROOT / "src/verify/widen.txt").read_text().splitlines())
    table = np.array([int(h, 16) for h in lines[name].split()], dtype=np.uint16)
    codes = valid_codes(name)
    want = codes.view(dtype(name)).astype(np.float16)
    want_bits = want.view(np.uint16).copy()
    want_bits[np.isnan(want)] = 0x7E00
    np.testing.assert_array_equal(table[: len(codes)], want_bits)


def float16_inputs():
    return np.arange(1 << 16, dtype=np.uint16).view(np.float16)


def float32_inputs():
    rng = np.random.default_rng(11)
    return rng.integers(0, 1 << 32, size=2_000_000, dtype=np.uint32).view(np.float32)


@pytest.mark.parametrize("inputs", [float16_inputs, float32_inputs])
@pytest.mark.parametrize("name", FLOATS)
def test_rne_quantisation_is_ml_dtypes_cast(name, inputs):
    """Every float16, and 2 M random float32 bit patterns (one rounding, not through FP16)."""
    x = inputs()
    got = fp8mac.quantize(x, name, as_ml_dtypes=True)
    want = x.astype(dtype(name))
    ok = same(got, want)
    assert ok.all(), f"{(~ok).sum()} mismatches, first x = {x[~ok][:5]}: got {got.view(np.uint8)[~ok][:5]}, want {want.view(np.uint8)[~ok][:5]}"


@pytest.mark.parametrize("name", FLOATS)
def test_saturating_is_clip_then_cast(name):
    rng = np.random.default_rng(12)
    x = np.concatenate([rng.standard_normal(100_000) * 10.0 ** rng.integers(-8, 8, 100_000), [np.inf, -np.inf]]).astype(np.float32)
    big = float(ml_dtypes.finfo(dtype(name)).max)
    got = fp8mac.quantize(x, name, saturate=True, as_ml_dtypes=True)
    want = np.clip(x, -big, big).astype(dtype(name))
    assert same(got, want).all()


def test_int8_is_round_half_even_then_clip():
    rng = np.random.default_rng(13)
    x = np.concatenate([rng.standard_normal(100_000) * 100, [0.5, 1.5, 2.5, -2.5, 127.5, -128.5, 1e9, -1e9]]).astype(np.float32)
    got = fp8mac.quantize(x, "int8", as_ml_dtypes=True)
    assert got.dtype == np.int8
    np.testing.assert_array_equal(got, np.clip(np.rint(x), -128, 127).astype(np.int8))


@pytest.mark.parametrize("name", fp8mac.FORMATS)
def test_typed_arrays_round_trip_and_gemm(name):
    """A typed array names its format in gemm; the exact GEMM of integers-valued data is exact."""
    rng = np.random.default_rng(14)
    a = fp8mac.quantize(rng.standard_normal((3, 5)).astype(np.float32), name, saturate=True, as_ml_dtypes=True)
    b = fp8mac.quantize(rng.standard_normal((5, 2)).astype(np.float32), name, saturate=True, as_ml_dtypes=True)
    assert a.dtype == dtype(name)
    y = fp8mac.gemm(a, b, accumulate="exact", out="fp32")
    want = a.astype(np.float64) @ b.astype(np.float64)
    np.testing.assert_allclose(y, want, rtol=2**-23)


def test_int8_exact_gemm_equals_numpy_int64_matmul():
    rng = np.random.default_rng(15)
    a = rng.integers(-128, 128, size=(7, 300), dtype=np.int8)
    b = rng.integers(-128, 128, size=(300, 5), dtype=np.int8)
    a[0, :] = -128
    b[:, 0] = -128
    y = fp8mac.gemm(a, b, accumulate="exact", out="fp32")
    np.testing.assert_array_equal(y.astype(np.int64), a.astype(np.int64) @ b.astype(np.int64))


def test_codes_above_the_width_are_refused():
    with pytest.raises(ValueError, match="not a float4_e2m1fn code"):
        fp8mac.dequantize(np.array([0x10], dtype=np.uint8), "float4_e2m1fn")
    with pytest.raises(ValueError, match="not a float6_e3m2fn code"):
        fp8mac.gemm(np.full((1, 1), 0x40, np.uint8), np.zeros((1, 1), np.uint8), fmt_a="float6_e3m2fn", fmt_b="e4m3")
    with pytest.raises(ValueError, match="not a float4_e2m1fn code"):
        fp8mac.mac(0x10, "float4_e2m1fn", 1, "e4m3")


def test_hardware_engines_refuse_other_formats_before_building():
    a = np.zeros((2, 2), np.int8)
    with pytest.raises(ValueError, match="this array takes e4m3,e5m2 operands"):
        fp8mac.gemm(a, a, engine="verilator", rows=2, cols=2)


def test_unknown_format_lists_the_table():
    with pytest.raises(ValueError, match="float4_e2m1fn"):
        fp8mac.quantize(np.zeros(2, np.float32), "fp4")


def test_a_moved_bias_is_a_scale_exp():
    """The README's claim: float8_e4m3b11fnuz is float8_e4m3fnuz with values times 2^-3."""
    rng = np.random.default_rng(16)
    x = (rng.standard_normal(50_000) * 10.0 ** rng.integers(-5, 3, 50_000)).astype(np.float32)
    b11 = fp8mac.quantize(x, "float8_e4m3b11fnuz")
    np.testing.assert_array_equal(b11, fp8mac.quantize(x, "float8_e4m3fnuz", scale_exp=3))
    a, b = b11[:600].reshape(20, 30), b11[600:1500].reshape(30, 30)
    y = fp8mac.gemm(a, b, fmt_a="float8_e4m3b11fnuz", fmt_b="float8_e4m3b11fnuz", accumulate="exact")
    y_scaled = fp8mac.gemm(a, b, fmt_a="float8_e4m3fnuz", fmt_b="float8_e4m3fnuz", accumulate="exact", scale_exp=-6)
    np.testing.assert_array_equal(y.view(np.uint16), y_scaled.view(np.uint16))


@pytest.mark.parametrize("engine", ["rtl-sim", "verilator"])
@pytest.mark.parametrize("formats", [("float4_e2m1fn", "float6_e2m3fn"), ("float8_e4m3fnuz", "float8_e4m3b11fnuz"),
                                     ("float8_e4m3", "float6_e3m2fn"), ("float6_e2m3fn", "float6_e3m2fn", "float4_e2m1fn"),
                                     ("e4m3", "e5m2", "float8_e4m3fnuz", "float8_e4m3", "float8_e4m3b11fnuz",
                                      "float6_e3m2fn", "float6_e2m3fn", "float4_e2m1fn")])
def test_exact_arrays_of_other_formats_equal_the_reference(engine, formats):
    """An exact array generated for a set of formats (generate --formats; three or more need
    wider select ports) runs pairs of them, specials included, bit for bit with the model."""
    rng = np.random.default_rng(17)
    fa, fb = formats[-1], formats[-2]
    a = rng.choice(valid_codes(fa), size=(3, 9)).astype(np.uint8)
    b = rng.choice(valid_codes(fb), size=(9, 2)).astype(np.uint8)
    c = rng.standard_normal((3, 2)).astype(np.float16)
    for x, y in [(fa, fb), (fb, fa), (fa, fa)]:
        aa, bb = (a if x == fa else rng.choice(valid_codes(x), size=(3, 9)).astype(np.uint8)), (b if y == fb else rng.choice(valid_codes(y), size=(9, 2)).astype(np.uint8))
        want = fp8mac.gemm(aa, bb, c, fmt_a=x, fmt_b=y, accumulate="exact", rounding="sr", seed=4)
        got = fp8mac.gemm(aa, bb, c, fmt_a=x, fmt_b=y, accumulate="exact", rounding="sr", seed=4, engine=engine, rows=2,
                          cols=2, formats=formats)
        np.testing.assert_array_equal(got.view(np.uint16), want.view(np.uint16))


@pytest.mark.parametrize("engine", ["rtl-sim", "verilator"])
def test_int8_gemm_on_the_exact_array_equals_numpy_int64_matmul(engine):
    """INT8 operands on an exact array generated for int8 (8-bit significands, three-byte
    products), the extremes -128 x -128 in a full row and column."""
    rng = np.random.default_rng(18)
    k = 300 if engine == "verilator" else 40
    a = rng.integers(-128, 128, size=(3, k), dtype=np.int8)
    b = rng.integers(-128, 128, size=(k, 3), dtype=np.int8)
    a[0, :] = -128
    b[:, 0] = -128
    y = fp8mac.gemm(a, b, accumulate="exact", out="fp32", engine=engine, rows=2, cols=2, formats="int8")
    np.testing.assert_array_equal(y.astype(np.int64), a.astype(np.int64) @ b.astype(np.int64))


@pytest.mark.parametrize("formats", [("float8_e4m3fnuz", "float8_e5m2fnuz"), ("float4_e2m1fn",)])
def test_fp16_chain_arrays_of_other_formats_equal_the_reference(formats):
    """The FP16-chain array generated for another set (E5M2FNUZ's bias of 16 moves the
    exponent offset) runs its pairs bit for bit with the model, RNE and SR."""
    rng = np.random.default_rng(19)
    for fa in formats:
        for fb in formats:
            a = rng.choice(valid_codes(fa), size=(3, 7)).astype(np.uint8)
            b = rng.choice(valid_codes(fb), size=(7, 3)).astype(np.uint8)
            c = rng.standard_normal((3, 3)).astype(np.float16)
            for rounding, seed in [("rne", None), ("sr", 5)]:
                want = fp8mac.gemm(a, b, c, fmt_a=fa, fmt_b=fb, rounding=rounding, seed=seed)
                got = fp8mac.gemm(a, b, c, fmt_a=fa, fmt_b=fb, rounding=rounding, seed=seed, engine="rtl-sim", rows=2,
                                  cols=2, pipeline=2, formats=formats)
                np.testing.assert_array_equal(got.view(np.uint16), want.view(np.uint16))


def test_generate_writes_the_arrays_a_set_allows(tmp_path):
    """generate(formats=...) writes both arrays for a set the FP16 chain takes, the exact one
    alone for INT8; the FP16 chain refuses E3M4 and INT8 by name."""
    fp4 = {os.path.basename(p) for p in fp8mac.generate(tmp_path / "fp4", formats="float4_e2m1fn")}
    assert {"fp8_systolic_e2m1.v", "fp8_systolic_exact_e2m1.v"} <= fp4
    int8 = {os.path.basename(p) for p in fp8mac.generate(tmp_path / "int8", formats="int8")}
    assert "fp8_systolic_exact_int8.v" in int8 and not any(n.startswith("fp8_systolic_int8") for n in int8)
    a = np.zeros((2, 2), np.int8)
    with pytest.raises(ValueError, match=r"FP16-chain array takes .* \(not int8\)"):
        fp8mac.gemm(a, a, engine="rtl-sim", rows=2, cols=2, formats="int8")
