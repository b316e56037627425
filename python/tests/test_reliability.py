"""Faults a tester found in the Python package, each as a test (issue "Reliability, round 2"):
calls that aborted the interpreter, answered wrong without a word, or could not be stopped."""

import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import ml_dtypes
import numpy as np
import pytest

import fp8mac

E4M3 = ml_dtypes.float8_e4m3fn


def z(*shape):
    return np.zeros(shape, np.uint8)


def run_limited(code: str, memory_bytes: int):
    """Runs `code` in a fresh interpreter whose address space is limited (RLIMIT_AS)."""
    prelude = f"import resource; resource.setrlimit(resource.RLIMIT_AS, ({memory_bytes}, {memory_bytes}))\n"
    return subprocess.run([sys.executable, "-c", prelude + textwrap.dedent(code)], capture_output=True, text=True, timeout=120)


# Fault 2: a size that cannot fit is a ValueError before anything is allocated, not an abort.
def test_a_gemm_too_large_for_memory_raises_instead_of_aborting():
    out = run_limited("""
        import numpy as np, fp8mac
        try:
            fp8mac.gemm(np.zeros((15000, 1), np.uint8), np.zeros((1, 15000), np.uint8), fmt_a="e4m3", fmt_b="e4m3", accumulate="exact")
        except ValueError as e:
            print("ValueError:", e)
    """, 1536 << 20)
    assert out.returncode == 0, out.stderr
    assert "15000 x 15000 = 225000000 outputs, more than max_outputs=67108864" in out.stdout


@pytest.mark.parametrize("accumulate", ["fp16", "exact"])
def test_max_outputs_is_checked_before_work_and_can_be_raised(accumulate):
    a, b = z(300, 1), z(1, 4)
    with pytest.raises(ValueError, match=r"300 x 4 = 1200 outputs, more than max_outputs=1000"):
        fp8mac.gemm(a, b, fmt_a="e4m3", fmt_b="e4m3", accumulate=accumulate, max_outputs=1000)
    assert fp8mac.gemm(a, b, fmt_a="e4m3", fmt_b="e4m3", accumulate=accumulate, max_outputs=1200).shape == (300, 4)


def test_stream_values_refuses_a_count_it_cannot_hold():
    out = run_limited("""
        import fp8mac
        try:
            fp8mac.stream_values(0, 0, 0, 8, 10**10)
        except ValueError as e:
            print("ValueError:", e)
    """, 1536 << 20)
    assert out.returncode == 0, out.stderr
    assert "n must be at most 16777216" in out.stdout


# Fault 3: mac takes codes or ml_dtypes scalars, and refuses what is ambiguous.
def test_mac_takes_ml_dtypes_scalars_by_value():
    assert fp8mac.mac(E4M3(1.5), "e4m3", E4M3(2.0), "e4m3") == np.float16(3.0)
    assert fp8mac.mac(E4M3(1.5), b=ml_dtypes.float8_e5m2(2.0), c=np.float16(1.0)) == np.float16(4.0)
    # Codes and FP16 bits stay available, as numpy uint16 for the bits.
    assert fp8mac.mac(0x3C, "e4m3", 0x40, "e5m2", np.uint16(0x3C00)) == np.float16(4.0)
    with pytest.raises(ValueError, match="has dtype float8_e4m3fn but the format given is 'e5m2'"):
        fp8mac.mac(E4M3(1.5), "e5m2", 0x38, "e4m3")


@pytest.mark.parametrize("kwargs, error, message", [
    (dict(a=1.5), TypeError, "a = 1.5 \\(float\\): give a code"),
    (dict(b=np.float32(2.0)), TypeError, "b = 2.0 \\(float32\\)"),
    (dict(c=1), TypeError, "c = 1 \\(int\\)"),
    (dict(c=ml_dtypes.bfloat16(1.0)), TypeError, "\\(bfloat16\\)"),
    (dict(c=0.1), ValueError, "c = 0.1 is not an FP16 value"),
])
def test_mac_refuses_ambiguous_operands(kwargs, error, message):
    args = dict(a=0x38, fmt_a="e4m3", b=0x38, fmt_b="e4m3")
    args.update(kwargs)
    with pytest.raises(error, match=message):
        fp8mac.mac(**args)


# Fault 4: quantize checks scale_exp's range as gemm and the CLI do.
def test_quantize_refuses_a_scale_exp_out_of_range():
    with pytest.raises(ValueError, match="^scale_exp must be -64..=64, got 2147483647"):
        fp8mac.quantize(np.float32([1, -448]), "e4m3", scale_exp=2**31 - 1)
    assert list(fp8mac.quantize(np.float32([1, -448]), "e4m3", scale_exp=-64)) == [0x00, 0x80]


# Fault 5: a bytes path is a path, not its repr.
def test_generate_takes_bytes_and_pathlike_paths(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    fp8mac.generate(b"out/x", rows=1, cols=1)
    assert (tmp_path / "out" / "x" / "fp8_mac.v").exists()
    assert not any("b'" in p.name for p in tmp_path.iterdir())
    with pytest.raises(TypeError):
        fp8mac.generate(3)


# Fault 6: Ctrl-C stops a long call promptly and leaves the process healthy.
def interrupt_after(seconds):
    def later():
        time.sleep(seconds)
        os.kill(os.getpid(), signal.SIGINT)
    threading.Thread(target=later, daemon=True).start()


@pytest.mark.parametrize("engine, accumulate, n", [
    ("reference", "fp16", 1024),   # about 15 s of work on 2 cores
    ("rtl-sim", "fp16", 64),       # about a minute
    ("rtl-sim", "exact", 64),
    ("verilator", "fp16", 512),    # about 25 s once its model is built
])
def test_ctrl_c_interrupts_a_long_gemm(engine, accumulate, n):
    rng = np.random.default_rng(0)
    a, b = rng.integers(0, 0x70, (n, n), dtype=np.uint8), rng.integers(0, 0x70, (n, n), dtype=np.uint8)
    # Build (or find) the engine's model first, so that the interrupt lands in the GEMM.
    fp8mac.gemm(a[:1, :1], b[:1, :1], fmt_a="e4m3", fmt_b="e4m3", engine=engine, accumulate=accumulate, rows=2, cols=2)
    interrupt_after(1.0)
    started = time.monotonic()
    with pytest.raises(KeyboardInterrupt):
        fp8mac.gemm(a, b, fmt_a="e4m3", fmt_b="e4m3", engine=engine, accumulate=accumulate, rows=2, cols=2)
    assert time.monotonic() - started < 5.0
    # Still usable: the same engine answers right afterwards.
    small = fp8mac.gemm(a[:3, :5], b[:5, :3], fmt_a="e4m3", fmt_b="e4m3", engine=engine, accumulate=accumulate, rows=2, cols=2)
    ref = fp8mac.gemm(a[:3, :5], b[:5, :3], fmt_a="e4m3", fmt_b="e4m3", accumulate=accumulate)
    np.testing.assert_array_equal(small.view(np.uint16), ref.view(np.uint16))


def test_ctrl_c_during_a_verilator_build_leaves_no_scratch_folder(tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    monkeypatch.setenv("FP8MAC_CACHE", str(cache))
    interrupt_after(2.0)
    began = time.monotonic()
    with pytest.raises(KeyboardInterrupt):
        fp8mac.gemm(z(8, 8), z(8, 8), fmt_a="e4m3", fmt_b="e4m3", engine="verilator", rows=8, cols=8)
    # The 8x8 model takes minutes to build: the call returns once its Verilog is written
    # (a few seconds), whether the interrupt came before the build or during it.
    assert time.monotonic() - began < 20
    time.sleep(0.5)
    assert not [p for p in cache.rglob(".tmp*")], list(cache.rglob(".tmp*"))
    leftover = subprocess.run(["pgrep", "-f", str(cache)], capture_output=True, text=True).stdout
    assert leftover == "", leftover


# Misleading words.
def test_a_seed_needs_stochastic_rounding():
    with pytest.raises(ValueError, match="seed=3 needs rounding='sr'"):
        fp8mac.quantize(np.float32([1]), "e4m3", seed=3)
    with pytest.raises(ValueError, match="seed=3 needs rounding='sr'"):
        fp8mac.gemm(z(1, 1), z(1, 1), fmt_a="e4m3", fmt_b="e4m3", seed=3)


def test_errors_name_python_parameters_not_cli_flags():
    with pytest.raises(ValueError) as e:
        fp8mac.gemm(z(2, 8), z(8, 2), fmt_a="e4m3", fmt_b="e4m3", accumulate="exact", engine="rtl-sim", max_k=4)
    assert "K = 8 is beyond the array's exact range, 2^2 (max_k)" in str(e.value)
    assert "--" not in str(e.value) and "generate" not in str(e.value)


@pytest.mark.parametrize("array, message", [
    (np.zeros(3, ml_dtypes.float8_e8m0fnu), "has dtype float8_e8m0fnu, a format fp8mac does not implement yet"),
    (np.zeros(3, np.int16), "has dtype int16: expected uint8 codes with a format"),
    (np.zeros(3, "V1"), r"raw bytes.*pass x.view\(np.uint8\)"),
])
def test_dtype_errors_say_what_the_array_is(array, message):
    with pytest.raises(TypeError, match=message):
        fp8mac.dequantize(array)


def test_the_stubs_list_every_parameter():
    import inspect
    stubs = (Path(fp8mac.__file__).parent / "__init__.pyi").read_text()
    for name in fp8mac.__all__:
        if not callable(getattr(fp8mac, name)):
            continue
        for param in inspect.signature(getattr(fp8mac, name)).parameters:
            assert f"{param}:" in stubs, f"{name}({param}) is missing from __init__.pyi"


# Fault 7: arrays too large to build in reasonable time are refused first, with an override.
@pytest.mark.parametrize("engine", ["verilator", "rtl-sim"])
def test_arrays_too_large_to_simulate_are_refused_first(engine, tmp_path):
    started = time.monotonic()
    with pytest.raises(ValueError, match="^a 64 x 64 array has 4096 elements, more than the 256 allowed for simulation without allow_large"):
        fp8mac.gemm(z(6, 5), z(5, 7), fmt_a="e4m3", fmt_b="e4m3", engine=engine, rows=64, cols=64)
    with pytest.raises(ValueError, match="without allow_large"):
        fp8mac.gemm(z(6, 5), z(5, 7), fmt_a="e4m3", fmt_b="e4m3", accumulate="exact", engine=engine, rows=17, cols=16)
    with pytest.raises(ValueError, match="1024 allowed for generate without allow_large"):
        fp8mac.generate(tmp_path, rows=64, cols=64)
    assert time.monotonic() - started < 5.0
