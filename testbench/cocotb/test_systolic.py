"""cocotb bench of fp8_systolic, driving the protocol exactly as the README and the header of
fp8_systolic.v state it (written from those rules, not from the project's Rust scheduler).

Expected results come from the reference model (`fp8mac gemm --engine reference`). Tiles
start at irregular periods (P, then P + D, ...) to check that any start a multiple of D and
at least P after the previous one works, and the protocol checker below raises on any
schedule that breaks the rules. Configuration from the environment: FP8MAC (the binary),
ROWS, COLS, PIPELINE, SR_BITS.
"""
import os
import subprocess
import tempfile

import cocotb
import numpy as np
from cocotb.clock import Clock
from cocotb.triggers import FallingEdge

FP8MAC = os.environ["FP8MAC"]
ROWS, COLS, D = int(os.environ["ROWS"]), int(os.environ["COLS"]), int(os.environ["PIPELINE"])
SR_BITS = int(os.environ.get("SR_BITS", "8"))
MASK64 = (1 << 64) - 1


def splitmix64(z):
    z = (z + 0x9E3779B97F4A7C15) & MASK64
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK64
    return z ^ (z >> 31)


def stream_seed(seed, i, j):
    """The documented seed of output (i, j)'s SR stream."""
    return (splitmix64(seed ^ splitmix64((i << 32) | j)) >> 32) or 1


def reference(a, b, c, fmt_a, fmt_b, seed):
    """Y from the reference model, through the command line."""
    with tempfile.TemporaryDirectory() as d:
        paths = {n: os.path.join(d, n + ".npy") for n in "abcy"}
        np.save(paths["a"], a)
        np.save(paths["b"], b)
        np.save(paths["c"], c)
        args = [FP8MAC, "gemm", "--a", paths["a"], "--b", paths["b"], "--c", paths["c"], "--fmt-a", fmt_a,
                "--fmt-b", fmt_b, "--engine", "reference", "--output", paths["y"]]
        if seed is not None:
            args += ["--sr", "--sr-bits", str(SR_BITS), "--seed", str(seed)]
        subprocess.run(args, check=True)
        return np.load(paths["y"])


class ProtocolError(Exception):
    """A schedule that breaks the README's rules."""


def schedule(m, k, n, periods):
    """Per cycle, the port values (a dict of name -> value or list), and where results pop:
    (cycle, row, first column). `periods[t]` is the distance from tile t's start to the next
    start (the flush after the last tile)."""
    P = D * max(k, 2 * ROWS)
    xchg = D * ROWS
    tiles = [(r0, c0) for r0 in range(0, m, ROWS) for c0 in range(0, n, D * COLS)]
    if len(periods) < len(tiles):
        raise ProtocolError("a period per tile is needed")
    for p in periods:
        if p < P or p % D:
            raise ProtocolError(f"tile period {p}: must be a multiple of D = {D} and at least P = {P}")
    starts = [1 + xchg]
    for p in periods[: len(tiles)]:
        starts.append(starts[-1] + p)
    flush = starts[-1]  # where tile len(tiles) would start
    total = flush + 2 * xchg + COLS + 1
    frames = [dict(rst=0, valid=0, start=0, shift=0, a=[0] * ROWS, b=[0] * COLS, c=[0] * COLS, seed=[0] * COLS)
              for _ in range(total)]
    frames[0]["rst"] = 1
    pops = []
    # Exchange e loads tile e's C (e = 0: the preload) and pops tile e - 2's Y.
    for e in range(len(tiles) + 2):
        begin = 1 if e == 0 else starts[e - 1] + xchg
        for s in range(xchg):
            f = frames[begin + s]
            if f["shift"] or (f["valid"] or f["start"]) and e > 0 and begin + s >= starts[min(e, len(tiles))]:
                raise ProtocolError(f"exchange {e} overlaps cycle {begin + s}")
            f["shift"] = 1
            row, lane = ROWS - 1 - s // D, s % D
            if e < len(tiles):
                f["load"] = (e, row, lane)
            if e >= 2:
                pops.append((begin + s + COLS - 1, e - 2, row, lane))
    for t, (r0, c0) in enumerate(tiles):
        for kk in range(k):
            for lane in range(D):
                f = frames[starts[t] + kk * D + lane]
                f.update(valid=1, start=int(kk == 0), step=(t, kk, lane))
    for lane in range(D):
        frames[flush + lane]["start"] = 1
    return frames, pops, tiles


async def run_gemm(dut, m, k, n, fmt_a, fmt_b, seed, periods_extra):
    rng = np.random.default_rng(m * 1000 + k * 10 + n)
    a = rng.integers(0, 256, size=(m, k), dtype=np.uint8)
    b = rng.integers(0, 256, size=(k, n), dtype=np.uint8)
    c = (rng.integers(0, 0x7C00, size=(m, n)) | (rng.integers(0, 2, size=(m, n)) << 15)).astype(np.uint16)
    want = reference(a, b, c, fmt_a, fmt_b, seed)
    P = D * max(k, 2 * ROWS)
    tiles_count = -(-m // ROWS) * -(-n // (D * COLS))
    periods = [P + D * periods_extra[t % len(periods_extra)] for t in range(tiles_count)]
    frames, pops, tiles = schedule(m, k, n, periods)
    dut.fmt_a.value = int(fmt_a == "e5m2")
    dut.fmt_b.value = int(fmt_b == "e5m2")
    dut.sr.value = int(seed is not None)
    got = np.zeros((m, n), dtype=np.uint16)
    seen = np.zeros((m, n), dtype=bool)
    by_cycle = {}
    for cycle, tile, row, lane in pops:
        by_cycle.setdefault(cycle, []).append((tile, row, lane))
    for t, f in enumerate(frames):
        await FallingEdge(dut.clk)
        for tile, row, lane in by_cycle.get(t, []):
            r0, c0 = tiles[tile]
            for j in range(COLS):
                gi, gj = r0 + row, c0 + lane * COLS + j
                if gi < m and gj < n:
                    got[gi, gj] = int(getattr(dut, f"y_{j}").value)
                    seen[gi, gj] = True
        a_vals, b_vals, c_vals, s_vals = [0] * ROWS, [0] * COLS, [0] * COLS, [0] * COLS
        if "step" in f:
            tile, kk, lane = f["step"]
            r0, c0 = tiles[tile]
            a_vals = [int(a[r0 + i, kk]) if r0 + i < m else 0 for i in range(ROWS)]
            b_vals = [int(b[kk, c0 + lane * COLS + j]) if c0 + lane * COLS + j < n else 0 for j in range(COLS)]
        if "load" in f:
            tile, row, lane = f["load"]
            r0, c0 = tiles[tile]
            for j in range(COLS):
                gi, gj = r0 + row, c0 + lane * COLS + j
                if gi < m and gj < n:
                    c_vals[j] = int(c[gi, gj])
                    s_vals[j] = stream_seed(seed, gi, gj) if seed is not None else 0
        dut.rst.value, dut.valid.value, dut.start.value, dut.shift.value = f["rst"], f["valid"], f["start"], f["shift"]
        for i in range(ROWS):
            getattr(dut, f"a_{i}").value = a_vals[i]
        for j in range(COLS):
            getattr(dut, f"b_{j}").value = b_vals[j]
            getattr(dut, f"c_{j}").value = c_vals[j]
            getattr(dut, f"seed_{j}").value = s_vals[j]
    assert seen.all(), "some outputs were never popped"
    bad = np.argwhere(got != want)
    assert len(bad) == 0, f"{len(bad)} of {m * n} differ, first at {tuple(bad[0])}: got {got[tuple(bad[0])]:#06x}, want {want[tuple(bad[0])]:#06x}"


async def start_clock(dut):
    cocotb.start_soon(Clock(dut.clk, 10, unit="ns").start())


@cocotb.test()
async def tiles_back_to_back_rne(dut):
    """K >= 2 rows, ragged edge tiles, E4M3 x E4M3, RNE, tiles back to back."""
    await start_clock(dut)
    await run_gemm(dut, ROWS + 2, 2 * ROWS + 3, D * COLS + 1, "e4m3", "e4m3", None, [0])


@cocotb.test()
async def short_tiles_irregular_periods_sr(dut):
    """K < 2 rows, tiles started P, P + D, P + 3 D apart, E5M2 x E4M3, stochastic rounding."""
    await start_clock(dut)
    await run_gemm(dut, 2 * ROWS, 3, 2 * D * COLS, "e5m2", "e4m3", 11, [0, 1, 3])


@cocotb.test()
async def protocol_checker_refuses_bad_periods(dut):
    """The driver's checker: a period that is not a multiple of D, or shorter than P, raises."""
    P = D * max(3, 2 * ROWS)
    bad = [P - D] + ([P + 1] if D > 1 else [])
    for period in bad:
        try:
            schedule(ROWS, 3, COLS, [period])
        except ProtocolError:
            continue
        raise AssertionError(f"period {period} was accepted")
