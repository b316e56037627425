"""OCP MX block quantisation (docs/spec.md section 12) against gfloat, an independent implementation
of OCP MX blocks (Graphcore's gfloat: compute_scale_amax and encode_block, the OCP rule): every
block's E8M0 scale and every element's value, for MXFP8 (E4M3, E5M2), MXFP6, MXFP4 and MXINT8,
on random blocks and on the boundaries: amax at and beside powers of two, zeros, subnormal and
huge blocks (the scale clamped), infinities and NaNs. The RCEIL rule is checked against its
definition in exact arithmetic, and the CLI against the Python API."""

import math
import pathlib
import subprocess

import ml_dtypes
import numpy as np
import pytest
from gfloat import RoundMode, decode_float, round_float
from gfloat.block import compute_scale_amax
from gfloat.formats import (format_info_mxfp4_e2m1, format_info_mxfp6_e2m3, format_info_mxfp6_e3m2,
                            format_info_mxfp8_e4m3, format_info_mxfp8_e5m2, format_info_mxint8)

import fp8mac

ROOT = pathlib.Path(__file__).resolve().parents[2]
G = 32

# fp8mac's element format -> gfloat's MX block format.
MX = {
    "e4m3": format_info_mxfp8_e4m3,
    "e5m2": format_info_mxfp8_e5m2,
    "float6_e3m2fn": format_info_mxfp6_e3m2,
    "float6_e2m3fn": format_info_mxfp6_e2m3,
    "float4_e2m1fn": format_info_mxfp4_e2m1,
    "int8": format_info_mxint8,
}


def gfloat_block(fi, vals):
    """gfloat's MX quantisation of one block: (scale, element values), elements decoded and
    scaled back as gfloat.quantize_block does (a NaN block: NaN scale, NaN elements)."""
    scale = compute_scale_amax(fi.etype.emax, vals)
    if math.isnan(scale):
        return scale, np.full(len(vals), np.nan)
    elems = [round_float(fi.etype, v / scale, RoundMode.TiesToEven, True) for v in vals]
    return scale, np.array(elems) * scale


def boundary_blocks(rng, fmt):
    """Blocks at the edges of the rule: amax at, just below and just above a power of two and
    the element format's largest value, zeros, subnormal, huge, infinite and NaN entries."""
    emax = MX[fmt].etype.emax
    top = float(MX[fmt].etype.max)
    blocks = []
    for e in (-140, -127, -100, -3, 0, 5, 40, 120, 127):
        for amax in (2.0 ** e, np.nextafter(np.float32(2.0 ** e), np.float32(0)), np.nextafter(np.float32(2.0 ** e), np.float32(np.inf)),
                     top * 2.0 ** (e - emax), top * 2.0 ** (e - emax) * (1 + 2 ** -20)):
            with np.errstate(over="ignore"):  # beside 2^127 x 448 the block holds float32 infinities
                v = (rng.standard_normal(G) * amax / 4).astype(np.float32)
                v[rng.integers(G)] = np.float32(amax) * rng.choice([-1, 1])
            blocks.append(v)
    blocks.append(np.zeros(G, np.float32))
    blocks.append(-np.zeros(G, np.float32))
    blocks.append((rng.standard_normal(G) * 1e-42).astype(np.float32))  # float32 subnormals
    blocks.append((rng.standard_normal(G) * 1e38).astype(np.float32))
    v = rng.standard_normal(G).astype(np.float32)
    v[3] = np.inf
    blocks.append(v)
    v = rng.standard_normal(G).astype(np.float32)
    v[7] = -np.inf
    blocks.append(v)
    return blocks


@pytest.mark.parametrize("fmt", sorted(MX))
def test_mx_quantisation_equals_gfloat(fmt):
    rng = np.random.default_rng(len(fmt))
    fi = MX[fmt]
    blocks = boundary_blocks(rng, fmt)
    for _ in range(300):
        blocks.append((rng.standard_normal(G) * 2.0 ** rng.integers(-30, 30)).astype(np.float32))
    x = np.stack(blocks)
    codes, scales = fp8mac.quantize_mx(x, fmt, block=G, axis=1)
    assert scales.shape == (len(blocks), 1) and codes.shape == x.shape
    got = fp8mac.dequantize_mx(codes, scales, fmt, block=G, axis=1)
    for r, block in enumerate(blocks):
        scale, want = gfloat_block(fi, block.astype(np.float64))
        with np.errstate(over="ignore"):
            want = want.astype(np.float32)  # dequantize_mx returns float32: 448 x 2^127 is +inf there
        code = scales[r, 0]
        assert float(2.0 ** (int(code) - 127)) == scale, (fmt, r, code, scale)
        ok = (got[r] == want) | (np.isnan(got[r]) & np.isnan(want))
        assert ok.all(), (fmt, r, block[~ok], got[r][~ok], want[~ok])


@pytest.mark.parametrize("fmt", sorted(MX))
def test_nan_blocks_take_the_nan_scale(fmt):
    x = np.ones((2, 64), np.float32)
    x[1, 40] = np.nan
    codes, scales = fp8mac.quantize_mx(x, fmt)
    assert scales.tolist() == [[127 - MX[fmt].etype.emax] * 2, [127 - MX[fmt].etype.emax, 0xFF]]
    y = fp8mac.dequantize_mx(codes, scales, fmt)
    assert np.isnan(y[1, 32:]).all() and not np.isnan(y[:, :32]).any() and (y[0] == 1).all()


def test_rceil_rule_from_its_definition():
    """RCEIL: the smallest e with amax <= 2**e x the largest element, from exact fractions; the
    scale is never below floor's."""
    from fractions import Fraction
    rng = np.random.default_rng(5)
    for fmt in MX:
        top = Fraction(float(MX[fmt].etype.max))
        blocks = boundary_blocks(rng, fmt) + [(rng.standard_normal(G) * 2.0 ** rng.integers(-20, 20)).astype(np.float32)
                                              for _ in range(100)]
        x = np.stack([b for b in blocks if np.isfinite(b).all()])
        _, scales = fp8mac.quantize_mx(x, fmt, scale_rule="rceil", axis=1)
        _, floor = fp8mac.quantize_mx(x, fmt, axis=1)
        for r in range(len(x)):
            amax = Fraction(float(np.abs(x[r]).max()))
            if amax == 0:
                assert scales[r, 0] == 0
                continue
            e = -127
            while amax > top * Fraction(2) ** e and e < 127:
                e += 1
            assert scales[r, 0] == e + 127, (fmt, r, scales[r, 0], e)
            assert scales[r, 0] >= floor[r, 0]


def test_scales_as_ml_dtypes_e8m0():
    x = np.linspace(-3, 3, 64, dtype=np.float32).reshape(2, 32)
    codes, scales = fp8mac.quantize_mx(x, "e4m3", as_ml_dtypes=True)
    assert codes.dtype == ml_dtypes.float8_e4m3fn and scales.dtype == ml_dtypes.float8_e8m0fnu
    assert scales.astype(np.float32).tolist() == [[2.0 ** (1 - 8)], [2.0 ** (1 - 8)]]
    assert np.array_equal(fp8mac.dequantize_mx(codes, scales), fp8mac.dequantize_mx(codes.view(np.uint8), scales.view(np.uint8), "e4m3"))


def test_blocks_run_along_the_chosen_axis_with_a_short_last_block():
    rng = np.random.default_rng(9)
    b = (rng.standard_normal((70, 3)) * np.array([1, 100, 1e-3])).astype(np.float32)
    codes, scales = fp8mac.quantize_mx(b, "e5m2", axis=0)
    assert scales.shape == (3, 3)
    codes_t, scales_t = fp8mac.quantize_mx(np.ascontiguousarray(b.T), "e5m2", axis=1)
    assert np.array_equal(codes, codes_t.T) and np.array_equal(scales, scales_t.T)


def test_bad_input_is_one_clear_error():
    x = np.ones((4, 8), np.float32)
    with pytest.raises(ValueError, match="axis 2 is out of range"):
        fp8mac.quantize_mx(x, "e4m3", axis=2)
    with pytest.raises(ValueError, match="block must be at least 1"):
        fp8mac.quantize_mx(x, "e4m3", block=0)
    with pytest.raises(ValueError, match="scale rule"):
        fp8mac.quantize_mx(x, "e4m3", scale_rule="ceil")
    codes, scales = fp8mac.quantize_mx(x, "e4m3", block=4)
    with pytest.raises(ValueError, match=r"scales are \[4, 1\]"):
        fp8mac.dequantize_mx(codes, scales[:, :1], "e4m3", block=4)
    with pytest.raises(TypeError, match="E8M0"):
        fp8mac.dequantize_mx(codes, scales.astype(np.int32), "e4m3", block=4)


def test_cli_writes_what_python_computes(tmp_path):
    rng = np.random.default_rng(3)
    x = (rng.standard_normal((5, 70)) * 10).astype(np.float32)
    np.save(tmp_path / "x.npy", x)
    fp8mac_bin = ROOT / "target" / "release" / "fp8mac"
    run = lambda *a: subprocess.run([str(fp8mac_bin), *a], capture_output=True, text=True, cwd=tmp_path)
    r = run("quantize", "--input", "x.npy", "--fmt", "float4_e2m1fn", "--mx", "--scale-rule", "rceil",
            "--scales", "s.npy", "--output", "c.npy")
    assert r.returncode == 0, r.stderr
    codes, scales = fp8mac.quantize_mx(x, "float4_e2m1fn", scale_rule="rceil")
    assert np.array_equal(np.load(tmp_path / "c.npy"), codes) and np.array_equal(np.load(tmp_path / "s.npy"), scales)
    r = run("dequantize", "--input", "c.npy", "--scales", "s.npy", "--fmt", "float4_e2m1fn", "--output", "y.npy")
    assert r.returncode == 0, r.stderr
    assert np.array_equal(np.load(tmp_path / "y.npy"), fp8mac.dequantize_mx(codes, scales, "float4_e2m1fn"))
    r = run("dequantize", "--input", "c.npy", "--scales", "s.npy", "--block", "16", "--fmt", "float4_e2m1fn", "--output", "z.npy")
    assert r.returncode != 0 and "scales are [5, 3]" in r.stderr and not (tmp_path / "z.npy").exists()
    r = run("quantize", "--input", "x.npy", "--fmt", "e4m3", "--mx", "--output", "d.npy")
    assert r.returncode != 0 and "--scales" in r.stderr and not (tmp_path / "d.npy").exists()
