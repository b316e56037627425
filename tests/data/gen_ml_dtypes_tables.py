#!/usr/bin/env python3
"""Regenerates the conversion oracle tables: every FP16 bit pattern cast by ml_dtypes.

    pip install ml_dtypes numpy && python3 tests/data/gen_ml_dtypes_tables.py

Writes f16_to_e4m3fn.bin and f16_to_e5m2.bin beside this script: 65536 bytes each, byte i is
the FP8 code of the float16 with bits i (numpy's astype: round to nearest even, no saturation).
"""
from pathlib import Path

import ml_dtypes
import numpy as np

here = Path(__file__).parent
x = np.arange(65536, dtype=np.uint32).astype(np.uint16).view(np.float16)
for name, dtype in [("e4m3fn", ml_dtypes.float8_e4m3fn), ("e5m2", ml_dtypes.float8_e5m2)]:
    codes = x.astype(dtype).view(np.uint8)
    (here / f"f16_to_{name}.bin").write_bytes(codes.tobytes())
    print(f"f16_to_{name}.bin: ml_dtypes {ml_dtypes.__version__}")
