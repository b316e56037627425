"""The Python package against ml_dtypes and against the command line, and its errors."""

import os
import subprocess
from pathlib import Path

import ml_dtypes
import numpy as np
import pytest

import fp8mac

ROOT = Path(__file__).resolve().parents[2]
CLI = os.environ.get("FP8MAC", str(ROOT / "target" / "release" / "fp8mac"))
ML = {"e4m3": ml_dtypes.float8_e4m3fn, "e5m2": ml_dtypes.float8_e5m2}
NAN = {"e4m3": 0x7F, "e5m2": 0x7E}
MAX = {"e4m3": 448.0, "e5m2": 57344.0}


def cli(*args):
    subprocess.run([CLI, *map(str, args)], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def expected_codes(x, fmt):
    """ml_dtypes' cast, with NaN as the specification's (docs/spec.md) canonical code (ml_dtypes keeps the sign)."""
    with np.errstate(invalid="ignore"):  # NaN inputs: the cast is the point
        codes = x.astype(ML[fmt]).view(np.uint8).copy()
    codes[np.isnan(x)] = NAN[fmt]
    return codes


@pytest.mark.parametrize("fmt", ["e4m3", "e5m2"])
def test_quantize_every_float16_equals_ml_dtypes(fmt):
    x = np.arange(1 << 16, dtype=np.uint16).view(np.float16)
    np.testing.assert_array_equal(fp8mac.quantize(x, fmt), expected_codes(x, fmt))


@pytest.mark.parametrize("fmt", ["e4m3", "e5m2"])
def test_quantize_float32_equals_ml_dtypes(fmt):
    rng = np.random.default_rng(1)
    # Every exponent a float32 has, random mantissas and signs: 2 M values.
    bits = rng.integers(0, 1 << 32, size=2_000_000, dtype=np.uint64).astype(np.uint32)
    x = bits.view(np.float32)
    np.testing.assert_array_equal(fp8mac.quantize(x, fmt), expected_codes(x, fmt))


@pytest.mark.parametrize("fmt", ["e4m3", "e5m2"])
def test_saturating_quantize_equals_clip_then_cast(fmt):
    rng = np.random.default_rng(2)
    x = (rng.standard_normal(200_000) * 10.0 ** rng.integers(-6, 7, 200_000)).astype(np.float32)
    x[:4] = [np.inf, -np.inf, 1e30, -1e30]
    clipped = np.clip(x, -MAX[fmt], MAX[fmt])
    np.testing.assert_array_equal(fp8mac.quantize(x, fmt, saturate=True), expected_codes(clipped, fmt))


def test_quantize_walks_fortran_arrays_in_row_major_order():
    x = np.linspace(-3, 3, 35 * 17, dtype=np.float32).reshape(35, 17)
    c_order = fp8mac.quantize(x, "e5m2", rounding="sr", seed=4)
    np.testing.assert_array_equal(fp8mac.quantize(np.asfortranarray(x), "e5m2", rounding="sr", seed=4), c_order)
    np.testing.assert_array_equal(fp8mac.quantize(x[::-1][::-1], "e5m2", rounding="sr", seed=4), c_order)
    strided = fp8mac.quantize(x[:, ::2], "e5m2")
    np.testing.assert_array_equal(strided, fp8mac.quantize(np.ascontiguousarray(x[:, ::2]), "e5m2"))


def test_quantize_equals_the_cli_with_sr_and_scale(tmp_path):
    x = np.random.default_rng(3).standard_normal((50, 40)).astype(np.float32)
    np.save(tmp_path / "x.npy", x)
    cli("quantize", "--input", tmp_path / "x.npy", "--fmt", "e4m3", "--sr", "--seed", 9, "--output", tmp_path / "q.npy", "--quiet")
    np.testing.assert_array_equal(fp8mac.quantize(x, "e4m3", rounding="sr", seed=9), np.load(tmp_path / "q.npy"))
    # x * 2^-3 exactly, then rounded: the same as quantising the scaled float32 values.
    np.testing.assert_array_equal(fp8mac.quantize(x, "e4m3", scale_exp=-3), fp8mac.quantize(x / 8, "e4m3"))


def test_as_ml_dtypes_and_dequantize_round_trip():
    x = np.array([1.5, -0.25, 448.0, 3e-3], dtype=np.float32)
    q = fp8mac.quantize(x, "e4m3", as_ml_dtypes=True)
    assert q.dtype == ml_dtypes.float8_e4m3fn
    np.testing.assert_array_equal(fp8mac.dequantize(q), q.astype(np.float32))
    np.testing.assert_array_equal(fp8mac.dequantize(q.view(np.uint8), "e4m3"), q.astype(np.float32))


def random_case(rng, m, k, n):
    a = rng.integers(0, 256, size=(m, k), dtype=np.uint8)
    b = rng.integers(0, 256, size=(k, n), dtype=np.uint8)
    c = (rng.integers(0, 0x7C00, size=(m, n)) | (rng.integers(0, 2, size=(m, n)) << 15)).astype(np.uint16)
    return a, b, c


@pytest.mark.parametrize("engine", ["reference", "verilator"])
@pytest.mark.parametrize("fmt_a, fmt_b", [("e4m3", "e4m3"), ("e4m3", "e5m2"), ("e5m2", "e4m3"), ("e5m2", "e5m2")])
@pytest.mark.parametrize("sr", [False, True])
def test_gemm_equals_the_cli(tmp_path, engine, fmt_a, fmt_b, sr):
    rng = np.random.default_rng(hash((engine, fmt_a, fmt_b, sr)) % 1000)
    m, k, n = rng.integers(1, 9, size=3)
    a, b, c = random_case(rng, m, k, n)
    for name, v in (("a", a), ("b", b), ("c", c)):
        np.save(tmp_path / f"{name}.npy", v)
    extra = ["--sr", "--seed", 21] if sr else []
    cli("gemm", "--a", tmp_path / "a.npy", "--b", tmp_path / "b.npy", "--c", tmp_path / "c.npy", "--fmt-a", fmt_a,
        "--fmt-b", fmt_b, "--engine", engine, "--output", tmp_path / "y.npy", *extra)
    want = np.load(tmp_path / "y.npy")
    rounding = dict(rounding="sr", seed=21) if sr else {}
    got = fp8mac.gemm(a, b, c, fmt_a=fmt_a, fmt_b=fmt_b, engine=engine, **rounding)
    assert got.dtype == np.float16
    np.testing.assert_array_equal(got.view(np.uint16), want)


@pytest.mark.parametrize("out", ["fp16", "bf16", "fp32"])
def test_exact_gemm_equals_the_cli(tmp_path, out):
    rng = np.random.default_rng(5)
    a = rng.integers(0, 0x7C, size=(6, 300), dtype=np.uint8)
    b = rng.integers(0, 0x7C, size=(300, 5), dtype=np.uint8)
    np.save(tmp_path / "a.npy", a)
    np.save(tmp_path / "b.npy", b)
    cli("gemm", "--a", tmp_path / "a.npy", "--b", tmp_path / "b.npy", "--fmt-a", "e5m2", "--fmt-b", "e4m3", "--accumulate",
        "exact", "--out", out, "--scale-exp", -7, "--sr", "--seed", 2, "--output", tmp_path / "y.npy")
    want = np.load(tmp_path / "y.npy")
    got = fp8mac.gemm(a, b, fmt_a="e5m2", fmt_b="e4m3", accumulate="exact", out=out, scale_exp=-7, rounding="sr", seed=2)
    if out == "bf16":
        assert got.dtype == ml_dtypes.bfloat16 and want.dtype == np.uint16  # the CLI writes BF16 bits
        np.testing.assert_array_equal(got.view(np.uint16), want)
    elif out == "fp16":
        np.testing.assert_array_equal(got.view(np.uint16), want)
    else:
        np.testing.assert_array_equal(got.view(np.uint32), want.view(np.uint32))


@pytest.mark.parametrize("engine", ["rtl-sim", "verilator"])
def test_exact_gemm_on_the_array_equals_the_cli(tmp_path, engine):
    rng = np.random.default_rng(8)
    a, b, c = random_case(rng, 7, 19, 6)
    for name, v in (("a", a), ("b", b), ("c", c)):
        np.save(tmp_path / f"{name}.npy", v)
    cli("gemm", "--a", tmp_path / "a.npy", "--b", tmp_path / "b.npy", "--c", tmp_path / "c.npy", "--fmt-a", "e4m3",
        "--fmt-b", "e5m2", "--accumulate", "exact", "--scale-exp", 5, "--sr", "--seed", 4, "--output", tmp_path / "y.npy")
    want = np.load(tmp_path / "y.npy")  # the reference engine
    got = fp8mac.gemm(a, b, c, fmt_a="e4m3", fmt_b="e5m2", accumulate="exact", scale_exp=5, rounding="sr", seed=4,
                      engine=engine, rows=3, cols=2, max_k=32)
    np.testing.assert_array_equal(got.view(np.uint16), want)
    with pytest.raises(ValueError, match="K = 19 is beyond the array's exact range, 2\\^4"):
        fp8mac.gemm(a, b, c, fmt_a="e4m3", fmt_b="e5m2", accumulate="exact", engine=engine, max_k=16)


@pytest.mark.parametrize("engine", ["rtl-sim", "verilator"])
def test_e4m3_only_exact_array_equals_the_reference(engine):
    rng = np.random.default_rng(9)
    a, b, c = random_case(rng, 5, 23, 3)
    want = fp8mac.gemm(a, b, c, fmt_a="e4m3", fmt_b="e4m3", accumulate="exact", scale_exp=-7)
    got = fp8mac.gemm(a, b, c, fmt_a="e4m3", fmt_b="e4m3", accumulate="exact", scale_exp=-7, engine=engine, rows=2,
                      cols=3, formats="e4m3")
    np.testing.assert_array_equal(got.view(np.uint16), want.view(np.uint16))
    with pytest.raises(ValueError, match="this array takes e4m3 operands .*not e5m2"):
        fp8mac.gemm(a, b, c, fmt_a="e5m2", fmt_b="e4m3", accumulate="exact", engine=engine, formats="e4m3")
    with pytest.raises(ValueError, match="the FP16-chain array takes .*float4_e2m1fn.* \\(not int8\\)"):
        fp8mac.gemm(a, b, c, fmt_a="e4m3", fmt_b="e4m3", engine=engine, formats="e4m3,int8")
    with pytest.raises(ValueError, match="max_k needs accumulate='exact'"):
        fp8mac.gemm(a, b, c, fmt_a="e4m3", fmt_b="e4m3", max_k=256)


@pytest.mark.parametrize("engine", ["rtl-sim", "verilator"])
@pytest.mark.parametrize("out, dtype, bits", [("bf16", ml_dtypes.bfloat16, np.uint16), ("fp32", np.float32, np.uint32)])
def test_bf16_and_fp32_out_exact_arrays_equal_the_reference(engine, out, dtype, bits, tmp_path):
    rng = np.random.default_rng(10)
    a, b, _ = random_case(rng, 5, 17, 4)
    c = rng.integers(0, np.iinfo(bits).max, size=(5, 4), dtype=np.uint64, endpoint=True).astype(bits).view(dtype)  # every class
    want = fp8mac.gemm(a, b, c, fmt_a="e5m2", fmt_b="e4m3", accumulate="exact", out=out, scale_exp=-20, rounding="sr",
                       seed=3)
    got = fp8mac.gemm(a, b, c, fmt_a="e5m2", fmt_b="e4m3", accumulate="exact", out=out, scale_exp=-20, rounding="sr",
                      seed=3, engine=engine, rows=2, cols=3)
    assert got.dtype == dtype
    np.testing.assert_array_equal(got.view(bits), want.view(bits))
    names = [os.path.basename(p) for p in fp8mac.generate(tmp_path, out_format=out)]
    assert f"fp8_systolic_exact_{out}.v" in names
    with pytest.raises(ValueError, match="unknown output format 'fp64'"):
        fp8mac.generate(tmp_path, out_format="fp64")
    with pytest.raises(TypeError, match=f"expected .* with out='{out}'"):
        fp8mac.gemm(a, b, np.zeros((5, 4), np.float16), fmt_a="e5m2", fmt_b="e4m3", accumulate="exact", out=out)
    if out == "bf16":
        with pytest.raises(TypeError, match="a BF16 addend needs out='bf16'"):
            fp8mac.gemm(a, b, c, fmt_a="e5m2", fmt_b="e4m3", accumulate="exact")


def test_ml_dtypes_inputs_equal_their_uint8_views():
    rng = np.random.default_rng(6)
    a, b, c = random_case(rng, 5, 7, 3)
    by_codes = fp8mac.gemm(a, b, c, fmt_a="e5m2", fmt_b="e4m3")
    by_dtype = fp8mac.gemm(a.view(ml_dtypes.float8_e5m2), b.view(ml_dtypes.float8_e4m3fn), c.view(np.float16))
    np.testing.assert_array_equal(by_codes.view(np.uint16), by_dtype.view(np.uint16))


def test_mac_and_streams():
    assert fp8mac.mac(0x3C, "e4m3", 0x40, "e5m2", np.float16(0.25)) == np.float16(3.25)
    assert fp8mac.stream_seed(1, 2, 3) == 0xB1F106F4
    assert fp8mac.stream_values(1, 2, 3, sr_bits=8, n=1) == [3]


def test_generate_writes_the_verilog(tmp_path):
    paths = fp8mac.generate(tmp_path, rows=2, cols=3, pipeline=2, max_k=1024)
    names = ["fp16_to_fp8.v", "fp8_gemm_engine.h", "fp8_gemm_engine.v", "fp8_gemm_engine_exact.h",
             "fp8_gemm_engine_exact.v", "fp8_mac.v", "fp8_systolic.v", "fp8_systolic_exact.v", "fp8mac.core"]
    assert sorted(Path(p).name for p in paths) == names
    assert "module fp8_systolic(" in (tmp_path / "fp8_systolic.v").read_text()
    assert "module fp8_gemm_engine_exact(" in (tmp_path / "fp8_gemm_engine_exact.v").read_text()
    assert "#define FP8_GEMM_ENGINE_EXACT_STATUS       0x04u" in (tmp_path / "fp8_gemm_engine_exact.h").read_text()
    assert "#define FP8_GEMM_ENGINE_LANES 2u" in (tmp_path / "fp8_gemm_engine.h").read_text()
    assert "exact for K <= 2^10" in (tmp_path / "fp8_systolic_exact.v").read_text()
    with pytest.raises(ValueError, match="max_k must be a power of two"):
        fp8mac.generate(tmp_path, max_k=1000)
    paths = fp8mac.generate(tmp_path / "e4m3", formats="e4m3")
    assert "fp8_systolic_exact_e4m3.v" in [Path(p).name for p in paths]
    assert "every operand is e4m3: --formats e4m3" in (tmp_path / "e4m3" / "fp8_systolic_exact_e4m3.v").read_text()
    assert "fp8_systolic_exact_e4m3.v" in (tmp_path / "e4m3" / "fp8mac.core").read_text()


BAD = [
    (lambda: fp8mac.quantize(np.ones(3), "e4m3"), TypeError, "float64"),
    (lambda: fp8mac.quantize(np.ones(3, np.float32), "e3m3"), ValueError, "unknown format 'e3m3'"),
    (lambda: fp8mac.quantize(np.ones(3, np.float32), "e4m3", rounding="up"), ValueError, "unknown rounding"),
    (lambda: fp8mac.quantize(np.ones(3, np.float32), "e4m3", rounding="sr", sr_bits=17), ValueError, "^sr_bits must be 1..=16, got 17"),
    (lambda: fp8mac.gemm(np.zeros((2, 3), np.uint8), np.zeros((4, 2), np.uint8), fmt_a="e4m3", fmt_b="e4m3"), ValueError, "inner dimensions"),
    (lambda: fp8mac.gemm(np.zeros((2, 3), np.uint8), np.zeros((3, 2), np.uint8), fmt_b="e4m3"), ValueError, "give its format"),
    (lambda: fp8mac.gemm(np.zeros((2, 3), np.int8), np.zeros((3, 2), np.uint8), fmt_a="e4m3", fmt_b="e4m3"), ValueError, "a has dtype int8 but the format given is 'e4m3'"),
    (lambda: fp8mac.gemm(np.zeros((2, 3), ml_dtypes.float8_e5m2), np.zeros((3, 2), np.uint8), fmt_a="e4m3", fmt_b="e4m3"), ValueError, "has dtype float8_e5m2 but the format given is 'e4m3'"),
    (lambda: fp8mac.gemm(np.zeros(3, np.uint8), np.zeros((3, 2), np.uint8), fmt_a="e4m3", fmt_b="e4m3"), ValueError, "1-D"),
    (lambda: fp8mac.gemm(np.zeros((2, 3), np.uint8), np.zeros((3, 2), np.uint8), np.zeros((2, 2), np.float32), fmt_a="e4m3", fmt_b="e4m3"), TypeError, "float16"),
    (lambda: fp8mac.gemm(np.zeros((2, 3), np.uint8), np.zeros((3, 2), np.uint8), np.zeros((3, 2), np.float16), fmt_a="e4m3", fmt_b="e4m3"), ValueError, "C is 3x2"),
    (lambda: fp8mac.gemm(np.zeros((2, 3), np.uint8), np.zeros((3, 2), np.uint8), fmt_a="e4m3", fmt_b="e4m3", engine="spice"), ValueError, "unknown engine"),
    (lambda: fp8mac.gemm(np.zeros((2, 3), np.uint8), np.zeros((3, 2), np.uint8), fmt_a="e4m3", fmt_b="e4m3", engine="verilator", rows=0), ValueError, "^rows must be 1..=64, got 0"),
    (lambda: fp8mac.gemm(np.zeros((2, 3), np.uint8), np.zeros((3, 2), np.uint8), fmt_a="e4m3", fmt_b="e4m3", accumulate="exact", scale_exp=65), ValueError, "^scale_exp must be -64..=64, got 65"),
    (lambda: fp8mac.gemm(np.zeros((2, 3), np.uint8), np.zeros((3, 2), np.uint8), fmt_a="e4m3", fmt_b="e4m3", out="fp32"), ValueError, "accumulate='exact'"),
    (lambda: fp8mac.mac(0x100, "e4m3", 0, "e4m3"), ValueError, "not a code"),
    (lambda: fp8mac.mac(0x38, "e4m3", 0x38, "e4m3", rounding="sr"), ValueError, "needs rnd"),
    (lambda: fp8mac.generate("/nonexistent/dir/x", rows=65), ValueError, "^rows must be 1..=64, got 65"),
]


@pytest.mark.parametrize("call, error, message", BAD, ids=[m for _, _, m in BAD])
def test_bad_input_raises_a_clear_error(call, error, message):
    with pytest.raises(error, match=message.replace("(", r"\(").replace(")", r"\)").replace(".", r"\.")):
        call()
