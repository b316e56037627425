"""Runs the cocotb bench of fp8_systolic under Icarus Verilog for two configurations: the
committed rtl-out/ (4x4, D = 1) and a freshly generated 2x3 array at D = 3; then the bench of
the exact arrays (test_systolic_exact.py) on freshly generated ones: FP16 out (3x2), binary32
out (3x2) and E4M3-only (2x3), and on the committed rtl-out/fp8_systolic_exact.v (4x4) if it
exists.

    .venv/bin/python testbench/cocotb/run.py   (after `cargo build --release`)
"""
import os
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

from cocotb_tools.runner import get_runner

ROOT = Path(__file__).resolve().parents[2]
FP8MAC = os.environ.get("FP8MAC", str(ROOT / "target" / "release" / "fp8mac"))


def bench(verilog: Path, test_module: str, env: dict, label: str, build_dir: Path) -> None:
    """Builds `verilog` (its top module named as the file) and runs `test_module` on it; exits
    on any failed case."""
    top = verilog.stem
    runner = get_runner("icarus")
    runner.build(sources=[verilog], hdl_toplevel=top, build_dir=build_dir, timescale=("1ns", "1ps"))
    results = runner.test(hdl_toplevel=top, test_module=test_module, build_dir=build_dir, test_dir=Path(__file__).parent,
                          extra_env={"FP8MAC": FP8MAC, "SR_BITS": "8", **env}, results_xml=str(build_dir / "results.xml"))
    cases = list(ET.parse(results).getroot().iter("testcase"))
    bad = [c.get("name") for c in cases if c.find("failure") is not None or c.find("error") is not None]
    print(f"cocotb: {label}: {len(cases)} cases, {len(bad)} failed {bad}")
    if bad or not cases:
        sys.exit(f"cocotb: {label} failed")


def run(verilog: Path, rows: int, cols: int, pipeline: int, build_dir: Path) -> None:
    env = {"ROWS": str(rows), "COLS": str(cols), "PIPELINE": str(pipeline)}
    bench(verilog, "test_systolic", env, f"fp8_systolic {rows}x{cols} D = {pipeline}", build_dir)


def run_exact(verilog: Path, rows: int, cols: int, variant: str, max_k: int, build_dir: Path) -> None:
    # The top is fp8_systolic_exact, its _bf16 and _fp32 variants or fp8_systolic_exact_e4m3.
    env = {"ROWS": str(rows), "COLS": str(cols), "VARIANT": variant, "MAX_K": str(max_k)}
    bench(verilog, "test_systolic_exact", env, f"{verilog.stem} {rows}x{cols} max-k {max_k}", build_dir)


EXACT = [  # (rows, cols, variant, max-k, generate options); with max-k 32 the accumulator has 9
    (3, 2, "fp16", 32, []),  # segments, 72 = 67 + 5 bits: K = 32 runs of 57344^2 fill every one
    (3, 2, "fp32", 65536, ["--out-format", "fp32"]),
    (2, 2, "bf16", 65536, ["--out-format", "bf16"]),
    (2, 3, "e4m3", 65536, ["--formats", "e4m3"]),
]


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        run(ROOT / "rtl-out" / "fp8_systolic.v", 4, 4, 1, tmp / "build-4x4")
        gen = tmp / "rtl-2x3-p3"
        subprocess.run([FP8MAC, "generate", "--rows", "2", "--cols", "3", "--pipeline", "3", "--out", str(gen)],
                       check=True, stdout=subprocess.DEVNULL)
        run(gen / "fp8_systolic.v", 2, 3, 3, tmp / "build-2x3")
    print("cocotb: fp8_systolic 4x4 (D = 1) and 2x3 (D = 3) under Icarus: every result equals the reference model")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        names = []
        for rows, cols, variant, max_k, options in EXACT:
            gen = tmp / f"rtl-exact-{variant}-{rows}x{cols}"
            subprocess.run([FP8MAC, "generate", "--accumulate", "exact", "--rows", str(rows), "--cols", str(cols),
                            "--max-k", str(max_k), *options, "--out", str(gen)], check=True, stdout=subprocess.DEVNULL)
            (verilog,) = gen.glob("fp8_systolic_exact*.v")
            run_exact(verilog, rows, cols, variant, max_k, tmp / f"build-exact-{variant}")
            names.append(f"{verilog.stem} {rows}x{cols}")
        committed = ROOT / "rtl-out" / "fp8_systolic_exact.v"
        if committed.exists():
            run_exact(committed, 4, 4, "fp16", 65536, tmp / "build-exact-4x4")
            names.append("fp8_systolic_exact 4x4 (rtl-out)")
    print(f"cocotb: {', '.join(names)} under Icarus: every result equals the reference model")


if __name__ == "__main__":
    main()
