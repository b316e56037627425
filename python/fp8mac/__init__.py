"""fp8mac: the bit-exact model of fp8mac's FP8 multiply-accumulate hardware, for numpy users.

Operand arrays (FP8, FP6, FP4, INT8: every format of ``FORMATS``, docs/spec.md section 11) are
uint8 codes with an explicit format, or arrays whose dtype names the format: ml_dtypes'
``float8_e4m3fn``, ``float8_e5m2``, ``float8_e4m3fnuz``, .., ``float4_e2m1fn``, and numpy's
``int8``. FP16 values are numpy float16 (uint16
bit patterns accepted), FP32 values float32. Every function follows the command line's
semantics (docs/spec.md sections 2-4, 8, 9) and raises ValueError or TypeError naming the problem;
the long ones release the GIL.
"""

from __future__ import annotations

import os

import numpy as np

from . import _native

__version__ = _native.__version__
__all__ = ["FORMATS", "PRESETS", "quantize", "dequantize", "quantize_mx", "dequantize_mx", "round_float", "mac", "gemm", "generate", "amax_scale_exp", "stream_seed", "stream_values",
           "__version__"]

#: The operand formats (docs/spec.md section 11), in the table's order: ml_dtypes dtype names
#: (numpy's ``int8``). A format is passed by this name or by its short name (``e4m3``, ``e5m2``).
FORMATS = tuple(name for name, _, _ in _native.FORMATS)
#: The presets of the block family (docs/spec.md section 12), by name: products per block n
#: ("all" for one block), alignment ("exact", or "exponent"/"leading-bit" with p bits), the
#: accumulator formats (the first the default), rounding, fraction bits kept, products per
#: promoted partial (None without), and the source.
PRESETS = {
    name: {"n": n or "all", "align": align, "p": p or None, "acc": tuple(acc), "rounding": rounding, "keep": keep or None,
           "promote": promote or None, "source": source}
    for name, n, align, p, acc, rounding, keep, promote, source in _native.PRESETS
}
_SHORT = {short: name for name, short, _ in _native.FORMATS if short}
_BITS = {name: bits for name, _, bits in _native.FORMATS}


def _format_name(fmt) -> str:
    """The table name of a format given by either of its names."""
    if not isinstance(fmt, str):
        raise TypeError(f"the format must be a name of fp8mac.FORMATS ('e4m3', 'float4_e2m1fn', ..), not {type(fmt).__name__}")
    name = fmt.lower()
    name = _SHORT.get("e4m3" if name == "e4m3fn" else name, name)
    if name not in _BITS:
        raise ValueError(f"unknown format '{fmt}' (expected one of {', '.join(FORMATS)}, or e4m3, e5m2)")
    return name


def _format_list(formats) -> str:
    """A generated datapath's formats as the native layer takes them: comma-separated names, "" for the default."""
    if formats is None:
        return ""
    if isinstance(formats, str):
        formats = formats.split(",")
    return ",".join(_format_name(f.strip()) for f in formats)


def _dtype_of(name: str):
    """The numpy dtype that names a format: ml_dtypes' (numpy's int8)."""
    if name == "int8":
        return np.dtype(np.int8)
    import ml_dtypes

    return np.dtype(getattr(ml_dtypes, name))


def _dtype_problem(dtype, what: str) -> str:
    """Why an array of `dtype` is not operand codes, with the way out where there is one."""
    expected = "expected uint8 codes with a format, or an array of a dtype of fp8mac.FORMATS (ml_dtypes float8_e4m3fn, .., numpy int8)"
    if dtype.name.startswith(("float8", "float6", "float4")):
        return f"{what} has dtype {dtype.name}, a format fp8mac does not implement yet: {expected}"
    if dtype.kind == "V" and dtype.itemsize == 1:
        return (f"{what} has dtype {dtype.str} (raw bytes: an ml_dtypes array saved with np.save loses its dtype): "
                f"{expected}; pass x.view(np.uint8) with its format")
    return f"{what} has dtype {dtype}: {expected}"


def _fp8(x, fmt, what: str):
    """An operand as (uint8 codes, format name): ml_dtypes (and int8) arrays name their format."""
    x = np.asarray(x)
    named = x.dtype.name if x.dtype.name in _BITS else None
    if named is not None:
        if fmt is not None and _format_name(fmt) != named:
            raise ValueError(f"{what} has dtype {x.dtype.name} but the format given is '{fmt}'")
        return x.view(np.uint8), named
    if x.dtype != np.uint8:
        raise TypeError(_dtype_problem(x.dtype, what))
    if fmt is None:
        raise ValueError(f"{what} is uint8 codes: give its format (a name of fp8mac.FORMATS)")
    return x, _format_name(fmt)


def _matrix(x, what: str):
    if x.ndim != 2:
        raise ValueError(f"{what} is a {x.ndim}-D array, expected 2-D")
    return x


def _fp16(c, what: str) -> np.ndarray:
    """FP16 values as float16: float16 arrays, or uint16 bit patterns."""
    c = np.asarray(c)
    if c.dtype == np.float16:
        return c
    if c.dtype == np.uint16:
        return c.view(np.float16)
    raise TypeError(f"{what} has dtype {c.dtype}: expected float16 (or uint16 FP16 bit patterns)")


def _rounding(rounding: str, seed=None) -> bool:
    """True for "sr"; a seed is refused with "rne", which draws no random bits (as the CLI)."""
    if rounding == "rz":
        raise ValueError("rounding='rz' (toward zero) is for block accumulators: it needs block")
    if rounding not in ("rne", "sr"):
        raise ValueError(f"unknown rounding '{rounding}' (expected 'rne' or 'sr')")
    if seed is not None and rounding != "sr":
        raise ValueError(f"seed={seed} needs rounding='sr': round-to-nearest-even draws no random bits")
    return rounding == "sr"


def _seed(seed) -> int:
    return 0 if seed is None else seed


def _scalar_code(x, fmt, what: str):
    """One FP8 operand of mac as (code, format name): an int code, or an ml_dtypes float8 scalar."""
    if isinstance(x, np.generic) and x.dtype.name in _BITS:
        codes, name = _fp8(np.asarray(x), fmt, what)
        return int(codes), name
    if isinstance(x, (bool, np.bool_)) or not isinstance(x, (int, np.integer)):
        raise TypeError(f"{what} = {x} ({type(x).__name__}): give a code (int 0..255) or a scalar of a dtype "
                        "of fp8mac.FORMATS (ml_dtypes float8_e4m3fn, ..); quantize() turns values into codes")
    if fmt is None:
        raise ValueError(f"{what} is a code: give its format (a name of fp8mac.FORMATS)")
    return int(x), _format_name(fmt)


def _addend_bits(c) -> int:
    """mac's FP16 addend as bits: a numpy float16 (a value), a numpy uint16 (bits), or a Python
    float that float16 holds exactly. A plain int would be ambiguous (value or bits?)."""
    if c is None:
        return 0
    if isinstance(c, np.float16):
        return int(np.asarray(c).view(np.uint16))
    if isinstance(c, np.uint16):
        return int(c)
    if isinstance(c, float):
        h = np.float16(c)
        if not (float(h) == c or (np.isnan(h) and np.isnan(c))):
            raise ValueError(f"c = {c!r} is not an FP16 value (nearest: {float(h)!r}): pass np.float16(c) to round it")
        return int(np.asarray(h).view(np.uint16))
    raise TypeError(f"c = {c} ({type(c).__name__}): give a numpy float16 value, numpy uint16 FP16 bits, "
                    "or a Python float that float16 holds exactly")


def quantize(x, fmt, *, rounding="rne", sr_bits=8, seed=None, saturate=False, scale_exp=0, as_ml_dtypes=False):
    """Quantises float32 or float16 values to codes of any operand format (docs/spec.md sections 3
    and 11), each rounded once.

    Args:
        x: array of any shape, float32 or float16 (other float dtypes are refused: convert
            them first, knowing that a float64 -> float32 step rounds too).
        fmt: a name of FORMATS ("float8_e4m3fn" or "e4m3", "e5m2", "float8_e4m3fnuz", ..,
            "float4_e2m1fn", "int8").
        rounding: "rne" (round to nearest, ties to even) or "sr" (stochastic, docs/spec.md section 2).
        sr_bits: random bits R of stochastic rounding, 1..16.
        seed: with "sr" only (default 0): one xorshift32 stream seeded with
            stream_seed(seed, 0, 0), stepped once per element in row-major (C) order, whatever
            x's memory order.
        saturate: out-of-range values become +-max finite (448 for E4M3FN, 57344 for E5M2)
            instead of the format's infinity, else its NaN; FP6, FP4 and INT8 clip either way
            (INT8 rounds to an integer; NaN becomes 0).
        scale_exp: quantise x * 2**scale_exp (the scaling is exact), scale_exp in -64..64.
        as_ml_dtypes: return an array of the format's dtype (ml_dtypes', numpy int8) instead of
            uint8 codes.

    Returns:
        uint8 codes of x's shape (a 6- or 4-bit format in the low bits), or the typed array.

    Raises:
        TypeError: x is not float32 or float16; ValueError: an unknown format or rounding,
        sr_bits or scale_exp out of range, a seed with "rne".
    """
    name = _format_name(fmt)
    sr = _rounding(rounding, seed)
    x = np.asarray(x)
    if x.dtype not in (np.float32, np.float16):
        raise TypeError(f"x has dtype {x.dtype}: expected float32 or float16")
    codes = _native.quantize(x, name, sr, sr_bits, _seed(seed), saturate, scale_exp)
    if as_ml_dtypes:
        return codes.view(_dtype_of(name))
    return codes


def dequantize(codes, fmt=None):
    """The exact values of codes of any operand format as float32 (docs/spec.md sections 1 and 11;
    NaN for NaN codes, +-inf for infinities; every value is a float32 exactly).

    Args:
        codes: uint8 codes of any shape with `fmt`, or an ml_dtypes float8 array.
        fmt: a name of FORMATS (implied by a typed array; a contradicting one is an error).

    Returns:
        float32 array of the same shape.

    Raises:
        TypeError: codes neither uint8 nor of a format's dtype; ValueError: an unknown or
        contradicting format, uint8 codes without one, a code with a bit above the format's width.
    """
    codes, name = _fp8(codes, fmt, "codes")
    return _native.dequantize(codes, name)


def _scale_codes(scales, what: str):
    """E8M0 scales as uint8 codes: a uint8 array, or ml_dtypes float8_e8m0fnu (its bytes)."""
    scales = np.asarray(scales)
    if scales.dtype.name == "float8_e8m0fnu":
        return scales.view(np.uint8)
    if scales.dtype != np.uint8:
        raise TypeError(f"{what} has dtype {scales.dtype}: give E8M0 codes as uint8 or ml_dtypes float8_e8m0fnu")
    return scales


def quantize_mx(x, fmt, *, block=32, axis=-1, scale_rule="floor", rounding="rne", sr_bits=8, seed=None, as_ml_dtypes=False):
    """OCP MX block quantisation (OCP Microscaling Formats v1.0; docs/spec.md section 12): blocks of
    `block` elements along `axis` share one E8M0 scale X = 2**e; each element is x / X converted
    to `fmt` with saturation. MXFP8 is fmt "e4m3" or "e5m2", MXFP6 "float6_e3m2fn" or
    "float6_e2m3fn", MXFP4 "float4_e2m1fn", MXINT8 "int8" (a code c then means c / 64).

    Args:
        x: float32 or float16 array of any shape.
        fmt: the element format, a name of FORMATS.
        block: elements per block g (OCP: 32); the last block along the axis may be shorter.
        axis: the axis blocks run along (default the last). For gemm's operands: 1 for A
            (M x K), 0 for B (K x N).
        scale_rule: "floor" (OCP: e = floor(log2 amax) - emax, emax the exponent of the
            element format's largest normal) or "rceil" (the smallest e with amax / 2**e at
            most the largest element: nothing saturates; NVIDIA's and torchao's MXFP8 rule).
            e is clamped to -127..127; a block of zeros takes 2**-127, a block holding a NaN
            the NaN scale (0xFF).
        rounding, sr_bits, seed: as quantize() (one SR stream over the elements in row-major order).
        as_ml_dtypes: return the codes as the format's dtype and the scales as ml_dtypes
            float8_e8m0fnu instead of uint8.

    Returns:
        (codes, scales): uint8 codes of x's shape and uint8 E8M0 codes (2**(s - 127), 0xFF NaN)
        of x's shape with the block axis divided by `block`, rounded up.

    Raises:
        TypeError: x not float32 or float16; ValueError: an unknown format, rule or rounding,
        block < 1, an axis out of range, sr_bits out of range, a seed with "rne".
    """
    name = _format_name(fmt)
    sr = _rounding(rounding, seed)
    x = np.asarray(x)
    if x.dtype not in (np.float32, np.float16):
        raise TypeError(f"x has dtype {x.dtype}: expected float32 or float16")
    codes, scales = _native.quantize_mx(x.astype(np.float32), name, block, axis, scale_rule, sr, sr_bits, _seed(seed))
    if as_ml_dtypes:
        return codes.view(_dtype_of(name)), scales.view(_e8m0())
    return codes, scales


def dequantize_mx(codes, scales, fmt=None, *, block=32, axis=-1):
    """The values of OCP MX codes with their E8M0 block scales, element x scale, as float32 (NaN
    for a NaN scale or code; beyond float32's range, +-inf). The inverse of quantize_mx's layout.

    Args:
        codes: uint8 codes with `fmt`, or an array of the format's dtype.
        scales: uint8 E8M0 codes or ml_dtypes float8_e8m0fnu, of codes' shape with the block
            axis divided by `block` (rounded up).
        fmt: the element format (implied by a typed array).
        block, axis: as quantize_mx.

    Returns:
        float32 array of codes' shape.

    Raises:
        TypeError: codes or scales of another dtype; ValueError: an unknown format, scales of the
        wrong shape, a code outside the format, block < 1, an axis out of range.
    """
    codes, name = _fp8(codes, fmt, "codes")
    return _native.dequantize_mx(codes, _scale_codes(scales, "scales"), name, block, axis)


def round_float(x, out="fp16", *, rounding="rne", sr_bits=8, seed=None):
    """Rounds float32 values once onto FP16, BF16 or binary32, the accumulators' formats: the
    update of 16-bit master weights (Mellempudi et al. 2019 update them with SR) on the model's
    own rounder (docs/spec.md section 2's RNE and SR).

    Args:
        x: float32 array of any shape (other dtypes are refused: convert them first, knowing
            that a float64 -> float32 step rounds too).
        out: "fp16", "bf16" or "fp32".
        rounding: "rne" or "sr".
        sr_bits: random bits R of stochastic rounding, 1..16.
        seed: with "sr" only (default 0): one xorshift32 stream seeded with
            stream_seed(seed, 0, 0), stepped once per element in row-major (C) order.

    Returns:
        An array of x's shape: float16 for "fp16", ml_dtypes.bfloat16 for "bf16", float32 for
        "fp32". Overflow gives infinity; NaN the canonical NaN; zeros keep their sign.

    Raises:
        TypeError: x is not float32; ValueError: an unknown format or rounding, sr_bits out of
        range, a seed with "rne".
    """
    sr = _rounding(rounding, seed)
    x = np.asarray(x)
    if x.dtype != np.float32:
        raise TypeError(f"x has dtype {x.dtype}: expected float32")
    bits = _native.round_float(x, str(out), sr, sr_bits, _seed(seed))
    if out == "fp32":
        return bits.view(np.float32)
    dtype = np.float16 if out == "fp16" else _bfloat16()
    return bits.astype(np.uint16).view(dtype)


def _e8m0():
    import ml_dtypes
    return ml_dtypes.float8_e8m0fnu


def mac(a, fmt_a=None, b=None, fmt_b=None, c=None, *, rounding="rne", sr_bits=8, rnd=None):
    """One fused MAC, y = a * b + c rounded once to FP16 (docs/spec.md section 2).

    Args:
        a, b: operands: int codes (0..255) with their formats, or scalars of a format's dtype
            (ml_dtypes float8_e4m3fn, .., numpy int8: the dtype names the format). Floats are refused: a value is
            not a code (quantize() gives codes).
        fmt_a, fmt_b: names of FORMATS; optional for typed scalars.
        c: the FP16 addend (default +0): a numpy float16 value, numpy uint16 FP16 bits, or a
            Python float that float16 holds exactly. A plain int is refused (value or bits?).
        rounding: "rne" or "sr"; with "sr", `rnd` (R random bits, below 2**sr_bits) is required.

    Returns:
        numpy float16.

    Raises:
        TypeError: an operand or addend of another type; ValueError: a code out of range, an
        unknown or contradicting format, a float that is not an FP16 value, "sr" without rnd,
        rnd >= 2**sr_bits.
    """
    sr = _rounding(rounding)
    if sr and rnd is None:
        raise ValueError("rounding='sr' needs rnd: the R random bits of this rounding")
    code_a, name_a = _scalar_code(a, fmt_a, "a")
    code_b, name_b = _scalar_code(b, fmt_b, "b")
    for value, what in ((code_a, "a"), (code_b, "b")):
        if not 0 <= value <= 0xFF:
            raise ValueError(f"{what} = {value} is not a code (0..0xff)")
    bits = _native.mac(code_a, name_a, code_b, name_b, _addend_bits(c), sr, sr_bits, int(rnd or 0))
    return np.uint16(bits).view(np.float16)


def gemm(a, b, c=None, *, fmt_a=None, fmt_b=None, accumulate="fp16", out=None, rounding="rne", sr_bits=8, seed=None,
         scale_exp=0, engine="reference", rows=4, cols=4, pipeline=1, max_k=65536, formats=None,
         max_outputs=_native.MAX_OUTPUTS, allow_large=False, preset=None, block=None, align=None,
         scale_a=None, scale_b=None, scale_block=32, scale_bits=0):
    """Y = A x B + C on FP8 operands (docs/spec.md sections 4, 8 and 12).

    Args:
        a: M x K operand: uint8 codes with `fmt_a`, or an array of a format's dtype (every
            format on the reference engine; those of `formats` on the hardware engines).
        b: K x N operand, likewise with `fmt_b`.
        c: M x N addend (default +0): float16 (or uint16 FP16 bits); with out="bf16"
            ml_dtypes.bfloat16 (or uint16 BF16 bits); float32 with out="fp32".
        accumulate: "fp16", every MAC rounded into the FP16 accumulator (the array's chain),
            or "exact", the products summed exactly and each output rounded once.
        out: with "exact" or block accumulation, the format of C and Y: "fp16" (default),
            "bf16" or "fp32"; a preset's default is its first format (PRESETS).
        rounding, sr_bits, seed: "rne", or "sr" with R = sr_bits random bits from the
            per-output streams of `seed` (docs/spec.md section 4; one value per output with
            "exact", per block with blocks); "rz" (toward zero) with `block`.
        preset: a published accumulator of docs/spec.md section 12 by name (PRESETS:
            "fp16-chain", "exact", "mxdotp", "h100-fp8", "deepseek-v3"). "rtl-sim" and
            "verilator" run the first three on the exact array of the preset's format (the
            GPU models, which truncate their terms, raise ValueError there).
        block: block accumulation (section 12): the accumulator rounds once per block of
            `block` products; "all" for one block. On "rtl-sim" and "verilator" the exact
            array keeps each output's accumulator between blocks in its block store (exact
            sums, RNE or SR: no `align`, no "rz"); a block, not K, must fit `max_k`.
        align: with `block`, truncate every term (accumulator included) to `align` bits below
            the largest term's leading bit before summing (default: exact sums).
        scale_a, scale_b: OCP MX block scales: E8M0 codes as uint8 or ml_dtypes
            float8_e8m0fnu, M x ceil(K / scale_block) and ceil(K / scale_block) x N
            (quantize_mx(.., axis=1) and (.., axis=0) give them); product k of output (i, j) is
            scaled by both of its blocks' scales (an int8 operand then reads as MXINT8, code / 64).
            The reference engine runs every mode with them; with accumulate="exact", a
            preset or block the hardware engines run them on the exact array of `scale_bits`.
        scale_block: the scale block length along K (OCP MX: 32).
        scale_bits: with accumulate="exact" or blocks on "rtl-sim" or "verilator": D, the exact array
            whose elements take block scales as D-bit offsets (1..4; `fp8mac generate
            --scale-bits D`): each matrix's scales (those of blocks of zeros aside) must lie
            within 2**D - 1 codes of its least, else ValueError.
        scale_exp: with "exact" or blocks, every product scaled by 2**scale_exp (Y = round(C +
            2**scale_exp A x B) with "exact"), scale_exp in -64..64.
        engine: "reference" (the model), "rtl-sim" (rust-hdl's simulator) or "verilator"
            (the generated Verilog), the last two on a rows x cols array: fp8_systolic of the
            given pipeline depth, or with "exact" fp8_systolic_exact (exact for K up to max_k,
            a power of two; with out="bf16" or "fp32" its rounder into that format,
            fp8_systolic_exact_bf16 or fp8_systolic_exact_fp32;
            with formats, the array generated for those formats); all give identical bits.
        formats: on "rtl-sim" or "verilator": the array's operand formats, names of FORMATS
            as a comma-separated str or a sequence (default the pair e4m3, e5m2; "e4m3"
            alone is the narrower E4M3-only array). The exact array takes every format; the
            FP16-chain array the floats of at most three mantissa bits (not float8_e3m4 or
            int8).
        max_outputs: the largest M x N accepted (default 2**26, about 2 GiB of working
            memory at up to 32 bytes per output), checked before anything is allocated.
        allow_large: let "rtl-sim" and "verilator" build arrays of more than 16 x 16
            elements (a Verilator build of minutes to hours).

    Returns:
        M x N float16 array (ml_dtypes.bfloat16 with out="bf16", float32 with out="fp32").

    Raises:
        TypeError: a dtype that is none of the above; ValueError: shapes that do not
        multiply, an unknown format, engine or mode, out-of-range parameters, a seed with
        "rne", a Y larger than max_outputs. KeyboardInterrupt: Ctrl-C stops the call within
        a row of the reference model's Y or a step of the array engines (the process stays
        usable).
    """
    a, name_a = _fp8(a, fmt_a, "a")
    b, name_b = _fp8(b, fmt_b, "b")
    _matrix(a, "a")
    _matrix(b, "b")
    exact_scales = accumulate == "exact" and preset is None and block is None
    blocks = preset is not None or block is not None or ((scale_a is not None or scale_b is not None) and not exact_scales)
    if not isinstance(scale_bits, (int, np.integer)) or isinstance(scale_bits, bool) or not 0 <= scale_bits <= 4:
        raise ValueError(f"scale_bits must be 0..4, got {scale_bits!r}")
    if scale_bits != 0 and not ((exact_scales or blocks) and engine != "reference"):
        raise ValueError("scale_bits sets the exact array: it needs accumulate='exact' (or blocks) on 'rtl-sim' or 'verilator'")
    if blocks:
        return _gemm_blocks(a, name_a, b, name_b, c, out, rounding, sr_bits, seed, scale_exp, engine, accumulate,
                            preset, block, align, scale_a, scale_b, scale_block, max_outputs,
                            (rows, cols, pipeline, max_k, _format_list(formats), allow_large, scale_bits))
    if align is not None:
        raise ValueError("align needs block (block accumulation)")
    out = "fp16" if out is None else out
    sr = _rounding(rounding, seed)
    seed = _seed(seed)
    if accumulate not in ("fp16", "exact"):
        raise ValueError(f"unknown accumulation '{accumulate}' (expected 'fp16' or 'exact')")
    if max_k != 65536 and accumulate != "exact":
        raise ValueError("max_k needs accumulate='exact'")
    if out not in ("fp16", "bf16", "fp32"):
        raise ValueError(f"unknown output format '{out}' (expected 'fp16', 'bf16' or 'fp32')")
    shape = (a.shape[0], b.shape[1])
    if accumulate == "fp16":
        if out != "fp16":
            raise ValueError(f"out='{out}' needs accumulate='exact'")
        if scale_exp != 0:
            raise ValueError("scale_exp needs accumulate='exact'")
        c = np.zeros(shape, np.float16) if c is None else _matrix(_fp16(c, "c"), "c")
        return _native.gemm_fp16(a, name_a, b, name_b, c, sr, sr_bits, seed, engine, rows, cols, pipeline,
                                 _format_list(formats), max_outputs, allow_large)
    c = _addend(c, out, shape)
    if (scale_a is None) != (scale_b is None):
        raise ValueError("block scales come in pairs: give scale_a and scale_b")
    scales = None
    if scale_a is not None:
        scales = (_matrix(_scale_codes(scale_a, "scale_a"), "scale_a"), _matrix(_scale_codes(scale_b, "scale_b"), "scale_b"))
    y = _native.gemm_exact(a, name_a, b, name_b, c, out, scale_exp, sr, sr_bits, seed, engine, rows, cols,
                           pipeline, max_k, _format_list(formats), max_outputs, allow_large, scales, scale_block, scale_bits)
    return y.view(_bfloat16()) if out == "bf16" else y


def _addend(c, out, shape):
    """C for the exact and block engines: float16 (or FP16 bits) for "fp16", uint16 BF16 bits
    (from ml_dtypes bfloat16) for "bf16", float32 for "fp32"; +0 without one."""
    if out == "fp16":
        if c is not None and np.asarray(c).dtype.name == "bfloat16":
            raise TypeError("c has dtype bfloat16: a BF16 addend needs out='bf16' (out='fp16' takes float16)")
        c = np.zeros(shape, np.float16) if c is None else _matrix(_fp16(c, "c"), "c")
    elif out == "bf16":
        bfloat16 = _bfloat16()
        c = np.zeros(shape, np.uint16) if c is None else np.asarray(c)
        if c.dtype not in (bfloat16, np.uint16):
            raise TypeError(f"c has dtype {c.dtype}: expected bfloat16 (or uint16 BF16 bit patterns) with out='bf16'")
        c = c.view(np.uint16)
    else:
        c = np.zeros(shape, np.float32) if c is None else np.asarray(c)
        if c.dtype != np.float32:
            raise TypeError(f"c has dtype {c.dtype}: expected float32 with out='fp32'")
    return _matrix(c, "c")


def _gemm_blocks(a, name_a, b, name_b, c, out, rounding, sr_bits, seed, scale_exp, engine, accumulate, preset, block,
                 align, scale_a, scale_b, scale_block, max_outputs, array):
    """gemm's block family (docs/spec.md section 12) on the reference model, or on the exact
    array of `array` = (rows, cols, pipeline, max_k, formats, allow_large, scale_bits)."""
    rows, cols, pipeline, max_k, formats, allow_large, scale_bits = array
    if engine != "reference" and pipeline != 1:
        raise ValueError("pipeline applies to the FP16 array; blocks run on the exact array, whose element has its own fixed four stages")
    if accumulate != "fp16":
        raise ValueError("accumulate names the arrays' two modes; with preset or block leave it out")
    if preset is not None and (block is not None or align is not None):
        raise ValueError(f"preset='{preset}' fixes its blocks and alignment: give block and align without a preset")
    if (scale_a is None) != (scale_b is None):
        raise ValueError("block scales come in pairs: give scale_a and scale_b")
    if preset is not None and preset not in PRESETS:
        raise ValueError(f"unknown preset '{preset}' (expected one of {', '.join(PRESETS)})")
    if rounding not in ("rne", "sr", "rz"):
        raise ValueError(f"unknown rounding '{rounding}' (expected 'rne', 'sr' or 'rz')")
    if rounding == "rz" and preset is not None:
        raise ValueError("rounding='rz' is for block accumulators of your own; a preset rounds as its source does")
    if seed is not None and rounding != "sr":
        raise ValueError(f"seed={seed} needs rounding='sr'")
    if out is None:
        out = PRESETS[preset]["acc"][0] if preset is not None else "fp16"
    if out not in ("fp16", "bf16", "fp32"):
        raise ValueError(f"unknown output format '{out}' (expected 'fp16', 'bf16' or 'fp32')")
    if block == "all" or block is None:
        n = 0
    elif isinstance(block, (int, np.integer)) and not isinstance(block, bool) and block >= 1:
        n = int(block)
    else:
        raise ValueError(f"block must be a number of products (1, 2, ..) or 'all', got {block!r}")
    if align is not None and not (isinstance(align, (int, np.integer)) and 1 <= align <= 64):
        raise ValueError(f"align must be 1..64 bits, got {align!r}")
    scales = None
    if scale_a is not None:
        scales = (_matrix(_scale_codes(scale_a, "scale_a"), "scale_a"), _matrix(_scale_codes(scale_b, "scale_b"), "scale_b"))
    c = _addend(c, out, (a.shape[0], b.shape[1]))
    y = _native.gemm_blocks(a, name_a, b, name_b, c, out, preset, n, align or 0, rounding, sr_bits, _seed(seed), scale_exp,
                            scales, scale_block, max_outputs, engine, rows, cols, max_k, formats, allow_large, scale_bits)
    return y.view(_bfloat16()) if out == "bf16" else y


def _bfloat16():
    """ml_dtypes' bfloat16, the dtype of BF16 C and Y (numpy has none)."""
    try:
        import ml_dtypes
    except ImportError:
        raise ImportError("out='bf16' takes and returns ml_dtypes.bfloat16 arrays: pip install ml_dtypes") from None
    return np.dtype(ml_dtypes.bfloat16)


def generate(out, *, rows=4, cols=4, sr_bits=8, pipeline=1, max_k=65536, formats=None, out_format="fp16",
             allow_large=False):
    """Writes the Verilog of a configuration (docs/spec.md section 5: fp8_mac.v, fp16_to_fp8.v,
    fp8_systolic.v, fp8_systolic_exact.v exact for K up to max_k, the GEMM engine around each
    array, fp8_gemm_engine.v and fp8_gemm_engine_exact.v, with their register maps
    fp8_gemm_engine.h and fp8_gemm_engine_exact.h (section 13), and the FuseSoC core
    fp8mac.core) into the folder `out` (created if missing), each file whole or not at all;
    returns the paths written (list of str). With formats (names of FORMATS, a comma-separated
    str or a sequence, or "all"; default e4m3, e5m2) both arrays are the ones for those formats
    (docs/spec.md section 11), e.g. "e4m3": fp8_systolic_e4m3.v and fp8_systolic_exact_e4m3.v;
    a set with float8_e3m4 or int8, which the FP16 chain does not take, gets the exact array
    alone. With out_format="bf16" or "fp32" the exact array's rounder rounds into that
    format (C and Y its bits), fp8_systolic_exact_bf16.v or fp8_systolic_exact_fp32.v. Arrays of more than 32 x 32 elements take
    minutes and GBs: they need allow_large=True.

    Raises:
        ValueError: rows or cols outside 1..64, sr_bits outside 1..16, pipeline outside 1..7,
        max_k not a power of two in 1..2**29, an unknown format name, out_format not
        "fp16", "bf16" or "fp32", more than 32 x 32 elements without allow_large, or a folder that
        cannot be written. TypeError: `out` is not a str,
        bytes or os.PathLike path.
    """
    return _native.generate(os.fsdecode(os.fspath(out)), rows, cols, sr_bits, pipeline, max_k, _format_list(formats), out_format,
                            allow_large)


def amax_scale_exp(amax, fmt):
    """Per-tensor power-of-two scaling (docs/spec.md section 6, the CLI's `quantize --amax`): the
    largest integer S in -64..64 such that amax * 2**S is at most the format's largest finite
    value (448 for E4M3FN, 57344 for E5M2, 127 for INT8), so no value of magnitude <= amax overflows, whatever
    the rounding, as long as that S is in range: S is clamped to -64..64 (amax above
    2^64 x the largest value still overflows). 0 for an amax <= 0, NaN or infinity.

    Args:
        amax: the largest magnitude of the tensor (float).
        fmt: a name of FORMATS.

    Returns:
        S (int): quantise with quantize(x, fmt, scale_exp=S); a GEMM of operands scaled by
        2**Sa and 2**Sb takes scale_exp=-(Sa + Sb) in exact mode.

    Raises:
        ValueError: an unknown format.
    """
    return _native.amax_scale_exp(float(amax), _format_name(fmt))


def stream_seed(seed, i, j):
    """The initial xorshift32 state (int, 32 bits, never 0) of output (i, j)'s SR stream under
    `seed` (docs/spec.md section 4; the README's "Random bits of a GEMM" gives the formula)."""
    return _native.stream_seed(seed, i, j)


def stream_values(seed, i, j, sr_bits=8, n=1):
    """The first `n` random values (R = sr_bits bits each) of output (i, j)'s SR stream: MAC k
    of a GEMM output rounds with value k; exact accumulation with value 0."""
    return _native.stream_values(seed, i, j, sr_bits, n)
