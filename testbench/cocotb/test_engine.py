"""cocotb bench of the GEMM engines (fp8_gemm_engine* around the FP16 chain, fp8_gemm_engine_exact*
around the exact array), written from their documentation: the README's "Dropping it into a
design", the generated C header (read here for every register offset, cause code, format code
and the build's shape: its accumulation, lanes, rows and columns) and the stream layout in the
Verilog header. The host side is cocotbext-axi: an AxiLiteMaster on the registers,
AxiStreamSources for A, B and C, an AxiStreamSink for Y, each with random pauses (at least a
quarter of the cycles idle) unless a test says otherwise. Every Y bit is compared with the
reference model (`fp8mac gemm --accumulate fp16|exact --engine reference`).

Environment: FP8MAC (the binary), HEADER (the engine's C header), VARIANT (fp16 | bf16 | fp32),
FORMATS (comma-separated names, in select-code order), SR_BITS.
"""
import itertools
import os
import re
import subprocess
import tempfile

import cocotb
import numpy as np
from cocotb.clock import Clock
from cocotb.triggers import ClockCycles, RisingEdge
from cocotbext.axi import AxiLiteBus, AxiLiteMaster, AxiStreamBus, AxiStreamFrame, AxiStreamSink, AxiStreamSource

FP8MAC = os.environ.get("FP8MAC", "fp8mac")
VARIANT = os.environ.get("VARIANT", "fp16")
FORMATS = os.environ.get("FORMATS", "e4m3,e5m2").split(",")
SR_BITS = int(os.environ.get("SR_BITS", "8"))
FP32 = VARIANT == "fp32"
CODE = np.uint32 if FP32 else np.uint16


def read_header(text, prefix):
    """The header's #defines of numbers, without the engine's prefix: {'CTRL': 0, 'ROWS': 4, ...}."""
    return {m.group(1): int(m.group(2), 0)
            for m in re.finditer(rf"#define {prefix}_(\w+)\s+(0x[0-9A-Fa-f]+|\d+)u", text)}


HEADER = open(os.environ["HEADER"]).read()
PREFIX = os.path.splitext(os.path.basename(os.environ["HEADER"]))[0].upper()
H = read_header(HEADER, PREFIX)
REG = read_header(HEADER.split("/* CTRL bits */")[0], PREFIX)  # the register offsets


ROWS, COLS, MAX_K = H["ROWS"], H["COLS"], H["MAX_K"]
EXACT = H["ACC"] == H["ACC_EXACT"]
LANES = H["LANES"]  # the FP16 chain's lanes D: a tile is ROWS x WIDTH of Y
WIDTH = COLS * LANES
LANE_BYTES = H["OUT_BITS"] // 8


def scale_of(rng, lo, hi):
    """A random s in lo..hi on the exact array; the chain has no scale: 0."""
    return int(rng.integers(lo, hi + 1)) if EXACT else 0


def _finite(fmt):
    codes = np.arange(256)
    return {
        "e4m3": codes[(codes & 0x7F) != 0x7F],
        "e5m2": codes[(codes & 0x7F) < 0x7C],
    }.get(fmt, codes)


def fp8(rng, shape, fmt, p_special=0.02):
    """Finite codes of fmt with a few NaNs, infinities and zeros (E4M3, E5M2)."""
    x = rng.choice(_finite(fmt), size=shape).astype(np.uint8)
    specials = {"e4m3": [0x7F, 0xFF, 0x00, 0x80], "e5m2": [0x7C, 0xFC, 0x7E, 0x00, 0x80]}.get(fmt)
    if specials:
        mask = rng.random(shape) < p_special
        x[mask] = rng.choice(specials, size=int(mask.sum()))
    return x


def c_codes(rng, shape):
    """C of the output format: random magnitudes around 1, both signs."""
    x = (rng.standard_normal(shape) * 4).astype(np.float32)
    if FP32:
        return x.view(np.uint32)
    if VARIANT == "bf16":
        return (x.view(np.uint32) >> 16).astype(np.uint16)
    return x.astype(np.float16).view(np.uint16)


def reference(a, b, c, fmt_a, fmt_b, scale, seed=None):
    with tempfile.TemporaryDirectory() as d:
        p = {n: os.path.join(d, n + ".npy") for n in "abcy"}
        np.save(p["a"], a)
        np.save(p["b"], b)
        np.save(p["c"], c.view(np.float32) if FP32 else c)
        args = [FP8MAC, "gemm", "--a", p["a"], "--b", p["b"], "--c", p["c"], "--fmt-a", fmt_a, "--fmt-b", fmt_b,
                "--formats", ",".join(FORMATS), "--engine", "reference", "--output", p["y"]]
        args += ["--accumulate", "exact", "--scale-exp", str(scale)] if EXACT else ["--accumulate", "fp16"]
        if VARIANT != "fp16":
            args += ["--out", VARIANT]
        if seed is not None:
            args += ["--sr", "--sr-bits", str(SR_BITS), "--seed", str(seed)]
        subprocess.run(args, check=True, stdout=subprocess.DEVNULL)
        return np.load(p["y"]).view(CODE)


def tiles(m, n):
    return [(r0, c0) for r0 in range(0, m, ROWS) for c0 in range(0, n, WIDTH)]


def streams(a, b, c):
    """The bytes of the A, B and C streams of a job, tile by tile (README)."""
    m, k = a.shape
    n = b.shape[1]
    sa, sb, sc = bytearray(), bytearray(), bytearray()
    for r0, c0 in tiles(m, n):
        pa = np.zeros((ROWS, k), np.uint8)
        pa[: min(ROWS, m - r0)] = a[r0:r0 + ROWS]
        pb = np.zeros((k, WIDTH), np.uint8)
        pb[:, : min(WIDTH, n - c0)] = b[:, c0:c0 + WIDTH]
        pc = np.zeros((min(ROWS, m - r0), WIDTH), CODE)
        pc[:, : min(WIDTH, n - c0)] = c[r0:r0 + ROWS, c0:c0 + WIDTH]
        sa += pa.T.tobytes()  # beat k: A[r0 + i][k] in byte i
        sb += pb.tobytes()  # beat k: B[k][c0 + x] in byte x
        sc += pc.tobytes()  # one beat per row inside M
    return bytes(sa), bytes(sb), bytes(sc)


def pauses(rng, idle):
    """A pause pattern with a fraction `idle` of cycles paused, in random bursts."""
    def gen():
        while True:
            yield bool(rng.random() < idle)
    return gen()


class Engine:
    def __init__(self, dut):
        self.dut = dut
        cocotb.start_soon(Clock(dut.clk, 10, unit="ns").start())
        self.axil = AxiLiteMaster(AxiLiteBus.from_prefix(dut, "s_axil"), dut.clk, dut.rst)
        self.a = AxiStreamSource(AxiStreamBus.from_prefix(dut, "s_axis_a"), dut.clk, dut.rst)
        self.b = AxiStreamSource(AxiStreamBus.from_prefix(dut, "s_axis_b"), dut.clk, dut.rst)
        self.c = AxiStreamSource(AxiStreamBus.from_prefix(dut, "s_axis_c"), dut.clk, dut.rst)
        self.y = AxiStreamSink(AxiStreamBus.from_prefix(dut, "m_axis_y"), dut.clk, dut.rst)

    async def reset(self):
        self.dut.rst.value = 1
        await ClockCycles(self.dut.clk, 3)
        self.dut.rst.value = 0
        await ClockCycles(self.dut.clk, 2)

    def stall(self, rng, idle):
        for port in (self.a, self.b, self.c, self.y):
            if idle:
                port.set_pause_generator(pauses(rng, idle))
            else:
                port.clear_pause_generator()
                port.pause = False  # the generator's last value stays otherwise

    async def write(self, name, value):
        await self.axil.write_dword(REG[name], value & 0xFFFFFFFF)

    async def read(self, name):
        return await self.axil.read_dword(REG[name])

    async def configure(self, m, n, k, fmt_a, fmt_b, scale=0, accumulate=None, rounding=0, seed=0):
        for name, value in [("M", m), ("N", n), ("K", k), ("FMT_A", fmt_a), ("FMT_B", fmt_b),
                            ("ACCUMULATE", H["ACC"] if accumulate is None else accumulate),
                            ("ROUNDING", rounding), ("SCALE_EXP", scale), ("SEED", seed), ("SEED_HI", seed >> 32)]:
            await self.write(name, value)

    async def wait_idle(self, limit=2_000_000):
        for _ in range(limit // 16):
            status = await self.read("STATUS")
            if not status & H["STATUS_BUSY"]:
                return status
            await ClockCycles(self.dut.clk, 16)
        raise AssertionError("the engine stayed busy")

    async def gemm(self, a, b, c, fmt_a, fmt_b, scale=0, seed=None):
        """Runs Y = round(C + 2^s A B) (exact) or the FP16 chain's Y = A B + C on the engine
        through the buses (RNE, or SR from `seed`); returns Y codes."""
        m, k = a.shape
        n = b.shape[1]
        sr = {} if seed is None else {"rounding": H["ROUND_SR"], "seed": seed}
        await self.configure(m, n, k, FORMATS.index(fmt_a), FORMATS.index(fmt_b), scale, **sr)
        sa, sb, sc = streams(a, b, c)
        await self.write("CTRL", H["CTRL_START"])
        for src, data in ((self.a, sa), (self.b, sb), (self.c, sc)):
            if data:
                await src.send(AxiStreamFrame(data))
        y = np.zeros((m, n), CODE)
        for r0, c0 in tiles(m, n):
            frame = await self.y.recv()
            rows = min(ROWS, m - r0)
            assert len(frame.tdata) == rows * WIDTH * LANE_BYTES
            got = np.frombuffer(bytes(frame.tdata), CODE).reshape(rows, WIDTH)
            y[r0:r0 + rows, c0:c0 + WIDTH] = got[:, : min(WIDTH, n - c0)]
            assert not got[:, min(WIDTH, n - c0):].any(), "lanes past N must be 0"
        status = await self.wait_idle()
        assert status & H["STATUS_DONE"] and not status & H["STATUS_ERROR"], hex(status)
        assert self.y.empty(), "Y beats after the job's last tile"
        return y


def formats_pairs():
    return list(itertools.product(FORMATS, FORMATS))


async def check_gemm(eng, rng, m, k, n, fmt_a, fmt_b, scale=0, label="", seed=None):
    a = fp8(rng, (m, k), fmt_a)
    b = fp8(rng, (k, n), fmt_b)
    c = c_codes(rng, (m, n))
    y = await eng.gemm(a, b, c, fmt_a, fmt_b, scale, seed)
    want = reference(a, b, c, fmt_a, fmt_b, scale, seed)
    bad = np.argwhere(y != want)
    assert not len(bad), f"{label} {m}x{k}x{n} {fmt_a}x{fmt_b} s={scale} seed={seed}: {len(bad)} mismatches, first {bad[0]}: {y[tuple(bad[0])]:#x} != {want[tuple(bad[0])]:#x}"


@cocotb.test()
async def registers_read_back_and_describe_the_build(dut):
    eng = Engine(dut)
    await eng.reset()
    b0 = await eng.read("BUILD0")
    assert (b0 & 0xFF, b0 >> 8 & 0xFF, 1 << (b0 >> 16 & 0xFF)) == (ROWS, COLS, MAX_K), hex(b0)
    assert b0 >> 28 == H["ACC"]
    b1 = await eng.read("BUILD1")
    assert (b1 & 0xFF, b1 >> 16 & 0x7) == (len(FORMATS), LANES), hex(b1)
    for name, value in [("M", 0x12345678), ("N", 7), ("K", 0xFFFF), ("SCALE_EXP", -3 & 0xFFFFFFFF), ("SEED", 0xDEADBEEF)]:
        await eng.write(name, value)
        assert await eng.read(name) == value, name
    assert await eng.read("STATUS") == 0
    assert await eng.axil.read_dword(0x50) == 0, "an unmapped address reads 0"


@cocotb.test()
async def random_gemms_under_stalls_every_pair(dut):
    """Shapes that are not multiples of the array, K = 1 and 0, every format pair, random s,
    back to back, with 25-50 % idle cycles on every stream."""
    eng = Engine(dut)
    await eng.reset()
    rng = np.random.default_rng(1)
    for fa, fb in formats_pairs():
        for m, k, n in [(ROWS + 1, 7, WIDTH + 2), (1, 1, 1), (2 * ROWS - 1, 2 * ROWS + 3, WIDTH - 1 or 1), (3, 0, 5)]:
            eng.stall(rng, rng.uniform(0.25, 0.5))
            await check_gemm(eng, rng, m, k, n, fa, fb, scale_of(rng, -8, 8), "stalls")


@cocotb.test()
async def stochastic_rounding_under_stalls(dut):
    """SR: every output's seed is stream_seed(seed, i, j) of the whole matrix (the engine
    computes them), 64-bit seeds, tiles past the first row and column, with stalls."""
    eng = Engine(dut)
    await eng.reset()
    rng = np.random.default_rng(6)
    for fa, fb in formats_pairs()[:2]:
        eng.stall(rng, rng.uniform(0.25, 0.5))
        seed = int(rng.integers(0, 2**63)) * 2 + 1
        await check_gemm(eng, rng, 2 * ROWS + 1, 33, 2 * WIDTH + 1, fa, fb, scale_of(rng, -4, 4), "SR", seed)
    eng.stall(rng, 0)
    m, k, n = 2 * ROWS, 256, 2 * WIDTH
    await check_gemm(eng, rng, m, k, n, FORMATS[0], FORMATS[-1], 0, "SR, no stalls", 12345)
    cycles = await eng.read("CYCLES")
    busy = len(tiles(m, n)) * k * LANES
    dut._log.info(f"engine {ROWS}x{COLS} D = {LANES} with SR, {m}x{k}x{n}: {busy} MAC cycles in {cycles} cycles: "
                  f"{busy / cycles:.1%} of the array's peak")


@cocotb.test()
async def long_k_and_scale_ends(dut):
    eng = Engine(dut)
    await eng.reset()
    rng = np.random.default_rng(2)
    eng.stall(rng, 0.3)
    fa, fb = FORMATS[0], FORMATS[-1]
    await check_gemm(eng, rng, ROWS, 700, WIDTH + 1, fa, fb, 0, "long K")
    for s in (-64, 64) if EXACT else ():
        await check_gemm(eng, rng, ROWS + 2, 5, 3, fa, fb, s, "scale end")


@cocotb.test()
async def sustained_rate_without_stalls(dut):
    """No pauses: the engine's CYCLES against the array's MAC cycles of the job (tiles x K x D):
    at K = 256 the array is busy at least 90 % of the time."""
    eng = Engine(dut)
    await eng.reset()
    rng = np.random.default_rng(3)
    eng.stall(rng, 0)
    m, k, n = 2 * ROWS, 256, 2 * WIDTH
    await check_gemm(eng, rng, m, k, n, FORMATS[0], FORMATS[0], 0, "no stalls")
    cycles, stalls = await eng.read("CYCLES"), await eng.read("STALLS")
    busy = len(tiles(m, n)) * k * LANES
    dut._log.info(f"engine {ROWS}x{COLS} D = {LANES}, {m}x{k}x{n}: {busy} MAC cycles in {cycles} cycles ({stalls} stalled): "
                  f"{busy / cycles:.1%} of the array's peak")
    assert busy / cycles >= 0.9, f"{busy} MAC cycles in {cycles} cycles"


@cocotb.test()
async def every_error_cause_starts_nothing(dut):
    eng = Engine(dut)
    await eng.reset()
    rng = np.random.default_rng(4)
    eng.stall(rng, 0)
    ok = dict(m=2, n=2, k=3, fmt_a=0, fmt_b=0, scale=0)
    cases = [
        ("K_RANGE", dict(ok, k=MAX_K + 1)),
        ("FMT_A", dict(ok, fmt_a=len(FORMATS))),
        ("FMT_B", dict(ok, fmt_b=len(FORMATS) + 3)),
        ("ACCUMULATE", dict(ok, accumulate=H["ACC_FP16"] if EXACT else H["ACC_EXACT"])),
        ("ACCUMULATE", dict(ok, accumulate=7)),
        ("SCALE_EXP", dict(ok, scale=65 if EXACT else 1)),
        ("SCALE_EXP", dict(ok, scale=-65 if EXACT else -1)),
        ("ROUNDING", dict(ok, rounding=2)),
    ]
    await eng.write("IRQ_ENABLE", 1)
    for cause, cfg in cases:
        await eng.configure(**cfg)
        await eng.write("CTRL", H["CTRL_START"])
        await ClockCycles(dut.clk, 4)
        status = await eng.read("STATUS")
        assert status & H["STATUS_ERROR"] and not status & H["STATUS_BUSY"], (cause, hex(status))
        assert (status >> 8) & 0xF == H["CAUSE_" + cause], (cause, hex(status))
        assert dut.irq.value == 1
        assert dut.s_axis_a_tready.value == 0 and dut.s_axis_c_tready.value == 0
        await eng.write("CTRL", H["CTRL_CLEAR"])
        await ClockCycles(dut.clk, 2)
        assert await eng.read("STATUS") == 0 and dut.irq.value == 0
    # Nothing was started: a good job runs next, and raises the interrupt when done.
    await check_gemm(eng, rng, 3, 4, 5, FORMATS[0], FORMATS[-1], 0, "after errors")
    assert dut.irq.value == 1
    await eng.write("IRQ_ENABLE", 0)


@cocotb.test()
async def reset_mid_job_then_the_next_job(dut):
    eng = Engine(dut)
    await eng.reset()
    rng = np.random.default_rng(5)
    eng.stall(rng, 0.3)
    m, k, n = 2 * ROWS + 1, 40, 2 * WIDTH + 1
    a, b, c = fp8(rng, (m, k), FORMATS[0]), fp8(rng, (k, n), FORMATS[0]), c_codes(rng, (m, n))
    await eng.configure(m, n, k, 0, 0)
    sa, sb, sc = streams(a, b, c)
    await eng.write("CTRL", H["CTRL_START"])
    for src, data in ((eng.a, sa), (eng.b, sb), (eng.c, sc)):
        await src.send(AxiStreamFrame(data))
    await ClockCycles(dut.clk, int(rng.integers(50, 300)))
    assert (await eng.read("STATUS")) & H["STATUS_BUSY"]
    await eng.reset()
    for port in (eng.a, eng.b, eng.c, eng.y):
        port.clear()
    await ClockCycles(dut.clk, 2)
    assert await eng.read("STATUS") == 0
    await check_gemm(eng, rng, m, 9, n, FORMATS[-1], FORMATS[0], scale_of(rng, 2, 2), "after reset")


@cocotb.test()
async def timing_diagram_of_a_small_job(dut):
    """One tile (M = rows, N = D cols, K = 6) without pauses, its streams and the array's
    controls sampled every cycle from CTRL's write: the README's diagram. The job takes K steps
    (D cycles each), one start and the flush (D cycles each), the exchanges (rows D shifts each:
    one on the exact array; three on the chain, the first C's, the second tile's C, the Y), and
    rows Y beats with tlast on the last."""
    from cocotb.triggers import FallingEdge
    eng = Engine(dut)
    await eng.reset()
    rng = np.random.default_rng(7)
    eng.stall(rng, 0)
    m, k, n = ROWS, 6, WIDTH
    a, b, c = fp8(rng, (m, k), FORMATS[0]), fp8(rng, (k, n), FORMATS[0]), c_codes(rng, (m, n))
    await eng.configure(m, n, k, 0, 0)
    sa, sb, sc = streams(a, b, c)
    for src, data in ((eng.a, sa), (eng.b, sb), (eng.c, sc)):
        await src.send(AxiStreamFrame(data))
    signals = {"a/b beat": lambda: dut.s_axis_a_tvalid.value & dut.s_axis_a_tready.value,
               "start": lambda: dut.arr_start.value, "valid": lambda: dut.arr_valid.value,
               "c beat": lambda: dut.s_axis_c_tvalid.value & dut.s_axis_c_tready.value,
               "shift": lambda: dut.arr_shift.value,
               "y tvalid": lambda: dut.m_axis_y_tvalid.value, "y tlast": lambda: dut.m_axis_y_tlast.value,
               "busy": lambda: dut.core.seq.busy.value}
    trace = {name: [] for name in signals}

    async def sample():
        while True:
            await FallingEdge(dut.clk)
            for name, f in signals.items():
                trace[name].append(int(f()))

    await eng.write("CTRL", H["CTRL_START"])
    sampler = cocotb.start_soon(sample())
    frame = await eng.y.recv()
    await ClockCycles(dut.clk, 2)
    sampler.cancel()
    want = reference(a, b, c, FORMATS[0], FORMATS[0], 0)
    assert (np.frombuffer(bytes(frame.tdata), CODE).reshape(ROWS, WIDTH) == want).all()
    first = trace["busy"].index(1)
    cycles = len(trace["busy"]) - first
    lines = [f"{'cycle':>9}  " + "".join(str(t % 10) for t in range(cycles))]
    for name, values in trace.items():
        lines.append(f"{name:>9}  " + "".join("1" if v else "." for v in values[first:]))
    dut._log.info("\n" + "\n".join(lines))
    exchanges = 1 if EXACT else 3
    assert sum(trace["a/b beat"]) == k and sum(trace["start"]) == 2 * LANES, trace["start"]
    assert sum(trace["valid"]) == k * LANES and sum(trace["shift"]) == exchanges * ROWS * LANES
    assert sum(trace["c beat"]) == ROWS and sum(trace["y tvalid"]) == ROWS and sum(trace["y tlast"]) == 1
