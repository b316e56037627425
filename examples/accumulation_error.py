"""Relative error of FP8 dot products against K, per accumulation mode (the README's table).

One-signed E4M3 data (0.5 .. 0.9375), M = N = 8; the exact result in float64 (exact for
E4M3 products and K <= 2^17). Run from the repository after `cargo build --release`:

    .venv/bin/python examples/accumulation_error.py
"""
import os
import subprocess
import tempfile

import numpy as np
B = os.path.abspath(os.environ.get("FP8MAC", "target/release/fp8mac"))
def e4m3(code):
    code = np.asarray(code, dtype=np.int64)
    s = np.where(code & 0x80, -1.0, 1.0); e = (code >> 3) & 0xF; m = code & 7
    v = np.where(e == 0, m / 8 * 2.0**-6, (1 + m / 8) * 2.0**(e - 7))
    return s * v
os.chdir(tempfile.mkdtemp())

rng = np.random.default_rng(0)
M = N = 8
print("| K | fp16 chain (RNE) | fp16 chain (SR, R=8) | exact -> fp16 | exact -> fp32 |")
print("|---|---|---|---|---|")
for K in [256, 1024, 4096, 16384, 65536]:
    a = rng.integers(0x30, 0x38, size=(M, K)).astype(np.uint8)  # E4M3 0.5 .. 0.9375, one-signed
    b = rng.integers(0x30, 0x38, size=(K, N)).astype(np.uint8)
    np.save("a.npy", a); np.save("b.npy", b)
    exact = e4m3(a) @ e4m3(b)  # exact in float64 (K <= 2^17)
    row = []
    for extra, out in [([], "u2"), (["--sr", "--seed", "1"], "u2"), (["--accumulate", "exact"], "u2"), (["--accumulate", "exact", "--out", "fp32"], "f4")]:
        subprocess.run([B, "gemm", "--a", "a.npy", "--b", "b.npy", "--fmt-a", "e4m3", "--fmt-b", "e4m3", "--output", "y.npy"] + extra, check=True)
        y = np.load("y.npy")
        y = y.view(np.float16).astype(np.float64) if out == "u2" else y.astype(np.float64)
        row.append(np.linalg.norm(y - exact) / np.linalg.norm(exact))
    print(f"| {K} | " + " | ".join(f"{r:.2e}" for r in row) + " |")
