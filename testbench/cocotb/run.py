"""Runs the cocotb bench of fp8_systolic under Icarus Verilog for two configurations: the
committed rtl-out/ (4x4, D = 1) and a freshly generated 2x3 array at D = 3.

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


def run(verilog: Path, rows: int, cols: int, pipeline: int, build_dir: Path) -> None:
    runner = get_runner("icarus")
    runner.build(sources=[verilog], hdl_toplevel="fp8_systolic", build_dir=build_dir, timescale=("1ns", "1ps"))
    env = {"FP8MAC": FP8MAC, "ROWS": str(rows), "COLS": str(cols), "PIPELINE": str(pipeline), "SR_BITS": "8"}
    results = runner.test(hdl_toplevel="fp8_systolic", test_module="test_systolic", build_dir=build_dir,
                          test_dir=Path(__file__).parent, extra_env=env, results_xml=str(build_dir / "results.xml"))
    cases = list(ET.parse(results).getroot().iter("testcase"))
    bad = [c.get("name") for c in cases if c.find("failure") is not None or c.find("error") is not None]
    print(f"cocotb: fp8_systolic {rows}x{cols} D = {pipeline}: {len(cases)} cases, {len(bad)} failed {bad}")
    if bad or not cases:
        sys.exit(f"cocotb: fp8_systolic {rows}x{cols} D = {pipeline} failed")


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        run(ROOT / "rtl-out" / "fp8_systolic.v", 4, 4, 1, tmp / "build-4x4")
        gen = tmp / "rtl-2x3-p3"
        subprocess.run([FP8MAC, "generate", "--rows", "2", "--cols", "3", "--pipeline", "3", "--out", str(gen)],
                       check=True, stdout=subprocess.DEVNULL)
        run(gen / "fp8_systolic.v", 2, 3, 3, tmp / "build-2x3")
    print("cocotb: fp8_systolic 4x4 (D = 1) and 2x3 (D = 3) under Icarus: every result equals the reference model")


if __name__ == "__main__":
    main()
