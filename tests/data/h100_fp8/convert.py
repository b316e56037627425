"""Converts the H100 FP8 tensor-core measurements published with Khattak and Mikaitis' models
(github.com/north-numerical-computing/MATLAB-tensor-core, model_validation/H100/{E4M3,E5M2}:
a_*.txt and b_*.txt rows of 32 operands as float32 hex words, d_H100_fp32.txt the GPU's binary32
results as bit strings, C = 0) into .npy files of codes: {fmt}_a.npy (rows x 32 uint8),
{fmt}_b.npy (rows x 32 uint8), {fmt}_d.npy (rows uint32 binary32 bits).

Usage: python convert.py PATH/TO/MATLAB-tensor-core
"""

import pathlib
import sys

import ml_dtypes
import numpy as np

DTYPES = {"e4m3": ml_dtypes.float8_e4m3fn, "e5m2": ml_dtypes.float8_e5m2}


def words(path):
    return np.array([[int(w, 16) for w in line.split()] for line in path.read_text().split("\n") if line.strip()], np.uint32)


def main(root):
    out = pathlib.Path(__file__).parent
    for fmt, dtype in DTYPES.items():
        d = root / "model_validation" / "H100" / fmt.upper()
        for side in "ab":
            x = words(d / f"{side}_H100_{fmt.upper()}.txt").view(np.float32)
            codes = x.astype(dtype)
            assert (codes.astype(np.float32) == x).all(), "every operand is a value of the format"
            np.save(out / f"{fmt}_{side}.npy", codes.view(np.uint8))
        bits = [int(line, 2) for line in (d / "d_H100_fp32.txt").read_text().split() if line]
        np.save(out / f"{fmt}_d.npy", np.array(bits, np.uint32))


if __name__ == "__main__":
    main(pathlib.Path(sys.argv[1]))
