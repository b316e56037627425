"""Writes widen.txt: every code of every operand format as the FP16 bits of ml_dtypes' value.

The oracle data of docs/spec.md section 11: the SoftFloat MAC oracle widens operands through
this table, never through fp8mac's own decoder. One line per format of fp8mac.FORMATS: its
ml_dtypes name (numpy's for int8), then 256 FP16 codes in hex (0000 for codes with a bit above
the format's width; NaNs as 7e00). After adding a row to the table, rebuild the Python package
(make python) and run, in its environment:
    python src/verify/widen.py > src/verify/widen.txt
python/tests/test_formats.py checks the committed file against ml_dtypes.
"""
import ml_dtypes
import numpy as np


def dtype_and_bits(name):
    """The dtype that names a format (ml_dtypes', else numpy's) and the bits of its codes."""
    dtype = np.dtype(getattr(ml_dtypes, name, None) or name)
    info = ml_dtypes.iinfo(dtype) if dtype.kind in "iu" or name.startswith(("int", "uint")) else ml_dtypes.finfo(dtype)
    return dtype, info.bits


def widened(name):
    codes = np.arange(256, dtype=np.uint8)
    dtype, bits = dtype_and_bits(name)
    # A narrow format's code in the low bits, sign-extended for the integers (ml_dtypes' int4
    # stores a code as its value's byte).
    stored = codes.view(np.int8) << (8 - bits) >> (8 - bits) if dtype.kind in "iu" or name.startswith("int") else codes
    values = stored.astype(np.uint8).view(dtype).astype(np.float16)
    out = values.view(np.uint16).copy()
    out[np.isnan(values)] = 0x7E00
    out[codes >> bits != 0] = 0
    return out


if __name__ == "__main__":
    import fp8mac

    for name in fp8mac.FORMATS:
        print(name, " ".join(f"{v:04x}" for v in widened(name)))
