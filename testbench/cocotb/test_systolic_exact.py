"""cocotb bench of the exact systolic arrays (fp8_systolic_exact, _bf16, _fp32, _e4m3, _mxD), written
from the documentation only: README "The systolic array" -> "The exact array" (its numbered
protocol), "Random bits of a GEMM", docs/spec.md sections 8 and 12 ("Block scales in the exact
array": the xa_i / xb_j port codes are worked out here from that text), and the header of the
generated Verilog.

The driver is its own scheduler, built from those rules: tiles (in random order) start at
irregular periods >= the least one, steps are spread by idle cycles (also a start with `valid`
low), pops fall anywhere in their windows (both ends, spread, as close as rule 5 allows: S =
max(COLS, 2) cycles apart, late in the last window), `shift` toggles at random in the cycles
before tile 0's sums arrive (S cycles apart too), and every input
the protocol leaves free (operands of idle cycles and padding rows / columns, `c_j` and
`seed_j` outside pops, `seed_j` with `sr` low, `fmt_a`/`fmt_b` on the E4M3-only array) carries
random codes. An independent protocol checker re-derives, from the control signals alone,
which cycle carries which step and which pop reads which row; it raises ProtocolError when a
schedule breaks the rules or disagrees with what the scheduler meant. Every Y bit is compared
with the reference model (`fp8mac gemm --accumulate exact --engine reference`).

Blocks (rule 8, docs/spec.md section 12 "Blocks on the exact array"): each output's K steps run
as consecutive tiles of n, the pops of every block after the first raise `chain` and carry
random `c_j`, the seeds are the streams stepped once per earlier block, and the checker also
holds each chained pop at least CHAIN cycles after the pop ROWS pops before it. Y against the
reference model's `--block n`.

Environment: FP8MAC (the binary), ROWS, COLS, VARIANT (fp16 | bf16 | fp32 | e4m3), SR_BITS (8), MAX_K
(the array's `generate --max-k`, 65536 by default), SCALE_BITS (its `--scale-bits`, 0 by default:
with D > 0 every GEMM drives xa_i / xb_j, all-zero offsets unless it has MX scales),
EXACT_BENCH_MUTATE (for showing that the bench fails; unset in normal runs):
  pop-early    tile 0's first pop one cycle before its window (checker off)
  pop-late     tile 0's last pop one cycle after its window (checker off)
  pop-close    tile 0's pops S - 1 cycles apart (checker off)
  tile-seed    seed_j = stream_seed(seed, row in tile, column in tile)
  stepped-seed seed_j = the stream's state after its first step
  latency      read y_j one cycle after pop + L
  chain-c      in blocks: chain low on every pop (each block then adds to the random c_j)
"""
import os
import subprocess
import tempfile

import cocotb
import ml_dtypes
import numpy as np
from cocotb.clock import Clock
from cocotb.triggers import FallingEdge, ReadOnly

FP8MAC = os.environ.get("FP8MAC", "fp8mac")
ROWS, COLS = int(os.environ.get("ROWS", "4")), int(os.environ.get("COLS", "4"))
VARIANT = os.environ.get("VARIANT", "fp16")
SR_BITS = int(os.environ.get("SR_BITS", "8"))
MAX_K = int(os.environ.get("MAX_K", "65536"))  # the array's `generate --max-k`
MUTATE = os.environ.get("EXACT_BENCH_MUTATE", "")
SCALE_BITS = int(os.environ.get("SCALE_BITS", "0"))  # the array's `generate --scale-bits`
E8M0_BIAS, E8M0_NAN, PORT_NAN = 127, 0xFF, 1 << 4  # docs/spec.md section 12: bit 4 of xa_i marks a NaN scale
# The output format of the variant: exponent bits, fraction bits, code width.
OUT = VARIANT if VARIANT in ("bf16", "fp32") else "fp16"
EBITS, MBITS, WIDTH = {"fp16": (5, 10, 16), "bf16": (8, 7, 16), "fp32": (8, 23, 32)}[OUT]
FP32 = OUT == "fp32"
SIGN = 1 << (WIDTH - 1)
CODE = np.uint32 if FP32 else np.uint16
E4M3_ONLY = VARIANT == "e4m3"
# README: L = cols - 1 + the gather register and the rounder's 15 stages (every output format).
LATENCY = COLS + 15
SPACING = max(COLS, 2)  # rule 5: the least distance between two shifts
WINDOW_END = 2  # rule 5: tile n's window ends at t_(n+2) + 2
PMIN = max(ROWS * SPACING, ROWS + 1 + (ROWS - 1) * SPACING)  # rule 3: the least distance between two starts
SPAN = (ROWS - 1) * SPACING  # rule 5: from a tile's first pop to its last, at the closest
CHAIN = 17  # rule 8: a chained pop comes at least this many cycles after the pop ROWS pops before it
MASK64 = (1 << 64) - 1
MASK32 = (1 << 32) - 1
FORMAT_PAIRS = [("e4m3", "e4m3")] if E4M3_ONLY else [
    ("e4m3", "e4m3"), ("e4m3", "e5m2"), ("e5m2", "e4m3"), ("e5m2", "e5m2")]


# ---------------------------------------------------------------- random bits (README)

def splitmix64(z):
    z = (z + 0x9E3779B97F4A7C15) & MASK64
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK64
    return z ^ (z >> 31)


def stream_seed(seed, i, j):
    return (splitmix64(seed ^ splitmix64((i << 32) | j)) >> 32) or 1


def xorshift32(x):
    x ^= (x << 13) & MASK32
    x ^= x >> 17
    x ^= (x << 5) & MASK32
    return x


# ---------------------------------------------------------------- data

def _finite(fmt):
    codes = np.arange(256)
    if fmt == "e4m3":
        return codes[(codes & 0x7F) != 0x7F]
    return codes[(codes & 0x7F) < 0x7C]


SPECIALS = {"e4m3": [0x7F, 0xFF, 0x00, 0x80], "e5m2": [0x7C, 0xFC, 0x7D, 0x7E, 0x7F, 0xFD, 0xFE, 0xFF, 0x00, 0x80]}


def fp8(rng, shape, fmt, p_special, band=None):
    """Codes of fmt: finite ones (with band, only exponent fields in band), a fraction
    p_special replaced by NaN, infinities (E5M2) and zeros of both signs."""
    pool = _finite(fmt)
    if band is not None:
        shift = 3 if fmt == "e4m3" else 2
        e = (pool & 0x7F) >> shift
        pool = pool[(e >= band[0]) & (e <= band[1])]
    x = rng.choice(pool, size=shape).astype(np.uint8)
    mask = rng.random(shape) < p_special
    x[mask] = rng.choice(SPECIALS[fmt], size=int(mask.sum()))
    return x


def c_codes(rng, shape, p_special):
    """C as bit patterns of the output format, every class: normals of a wide range of
    magnitudes, subnormals, zeros, infinities, NaNs with random payloads."""
    bias, inf = (1 << (EBITS - 1)) - 1, ((1 << EBITS) - 1) << MBITS
    spread = 20 if EBITS == 8 else 7
    exp = np.clip(rng.normal(bias + 4, spread, size=shape).astype(np.int64), 1, (1 << EBITS) - 2)
    bits = (exp << MBITS) | rng.integers(0, 1 << MBITS, size=shape)
    sub = rng.random(shape) < 0.05
    bits[sub] = rng.integers(0, 1 << MBITS, size=int(sub.sum()))
    # zero, infinity, the canonical NaN, NaNs of other payloads, the largest finite, the least subnormal
    specials = [0x0, inf, inf | 1 << (MBITS - 1), inf + 1, SIGN - 1, inf - 1, 1]
    bits |= rng.integers(0, 2, size=shape) << (WIDTH - 1)
    mask = rng.random(shape) < p_special
    bits[mask] = rng.choice(specials, size=int(mask.sum())) | (rng.integers(0, 2, size=int(mask.sum())) << (WIDTH - 1))
    zero = rng.random(shape) < 0.05
    bits[zero] = rng.integers(0, 2, size=int(zero.sum())) << (WIDTH - 1)
    return (bits & ((1 << WIDTH) - 1)).astype(CODE)


def reference(g, block=None):
    """Y bits from the reference model, through the command line (with `block`: blocks of
    that many products, rounded once each)."""
    with tempfile.TemporaryDirectory() as d:
        p = {n: os.path.join(d, n + ".npy") for n in "abcy"}
        np.save(p["a"], g.a)
        np.save(p["b"], g.b)
        np.save(p["c"], g.c.view(np.float32) if FP32 else g.c)  # FP16 and BF16 as uint16 bits
        args = [FP8MAC, "gemm", "--a", p["a"], "--b", p["b"], "--c", p["c"], "--fmt-a", g.fmt_a, "--fmt-b", g.fmt_b,
                "--scale-exp", str(g.scale), "--engine", "reference", "--output", p["y"]]
        args += ["--block", str(block)] if block else ["--accumulate", "exact"]
        if OUT != "fp16":
            args += ["--out", OUT]
        if g.seed is not None:
            args += ["--sr", "--sr-bits", str(SR_BITS), "--seed", str(g.seed)]
        if g.xa is not None:
            np.save(os.path.join(d, "xa.npy"), g.xa)
            np.save(os.path.join(d, "xb.npy"), g.xb)
            args += ["--scale-a", os.path.join(d, "xa.npy"), "--scale-b", os.path.join(d, "xb.npy"), "--scale-block", str(g.g)]
        subprocess.run(args, check=True, stdout=subprocess.DEVNULL)
        y = np.load(p["y"])
        return y.view(CODE)


def fit_scale(g, target=4):
    """An s that brings the typical |sum| near 2^target (the test's choice of data, not a
    reference: float64 products of the decoded codes, NaNs and infinities left out)."""
    dt = {"e4m3": ml_dtypes.float8_e4m3fn, "e5m2": ml_dtypes.float8_e5m2}
    a = g.a.view(dt[g.fmt_a]).astype(np.float64)
    b = g.b.view(dt[g.fmt_b]).astype(np.float64)
    a[~np.isfinite(a)] = 0
    b[~np.isfinite(b)] = 0
    t = np.abs(a @ b)
    t = t[t > 0]
    if t.size == 0:
        return 0
    return int(np.clip(round(target - np.log2(np.median(t))), -64, 64))


class Gemm:
    def __init__(self, a, b, c, fmt_a, fmt_b, scale=0, seed=None):
        self.a, self.b, self.c = a, b, c
        self.m, self.k = a.shape
        self.n = b.shape[1]
        self.fmt_a, self.fmt_b, self.scale, self.seed = fmt_a, fmt_b, scale, seed
        self.xa = self.xb = None  # MX block scales (E8M0 codes), blocks of self.g along K
        self.g = 32


def fp8_is_zero(code):
    return (int(code) & 0x7F) == 0  # E4M3 and E5M2: +0 and -0


def port_scales(g):
    """The xa / xb port codes and the s the array takes (docs/spec.md section 12, "Block scales
    in the exact array"): offsets above each matrix's least code over the blocks holding a
    nonzero operand, 0 for a block of zeros, the NaN bit for 0xFF; s + both least codes unbiased."""
    def offsets(codes, live):
        used = [int(x) for (i, q), x in np.ndenumerate(codes) if x != E8M0_NAN and live(i, q)]
        least = min(used) if used else E8M0_BIAS
        assert not used or max(used) - least <= (1 << SCALE_BITS) - 1, "the bench's data must fit the array"
        port = np.zeros(codes.shape, dtype=np.int64)
        for (i, q), x in np.ndenumerate(codes):
            port[i, q] = PORT_NAN if x == E8M0_NAN else (int(x) - least if live(i, q) else 0)
        return port, least
    blocks = lambda q: range(q * g.g, min((q + 1) * g.g, g.k))
    pa, la = offsets(g.xa, lambda i, q: any(not fp8_is_zero(g.a[i, kk]) for kk in blocks(q)))
    pb, lb = offsets(g.xb.T, lambda j, q: any(not fp8_is_zero(g.b[kk, j]) for kk in blocks(q)))
    return pa, pb.T, g.scale + (la - E8M0_BIAS) + (lb - E8M0_BIAS)


def random_scales(rng, g, block, spread):
    """MX scales on g: blocks of `block`, each matrix's codes within `spread` of a random least,
    a few NaN scales, and a block of zeros (A's or B's) under a code far from the rest."""
    groups = -(-g.k // block)
    g.g = block
    def codes(shape):
        x = int(rng.integers(112, 136)) + rng.integers(0, spread + 1, size=shape)
        x[rng.random(shape) < 0.03] = E8M0_NAN
        return x.astype(np.uint8)
    g.xa, g.xb = codes((g.m, groups)), codes((groups, g.n))
    i, q = int(rng.integers(0, g.m)), int(rng.integers(0, groups))
    g.a[i, q * block:(q + 1) * block] = 0x80
    g.xa[i, q] = int(rng.integers(0, 255))
    q, j = int(rng.integers(0, groups)), int(rng.integers(0, g.n))
    g.b[q * block:(q + 1) * block, j] = 0x00
    g.xb[q, j] = int(rng.integers(0, 255))


def random_gemm(rng, m, k, n, fmt_a, fmt_b, scale, seed, p_special=None, band=None, cancel=False):
    """Random codes; specials at a rate that leaves most outputs finite unless p_special is
    given; scale None picks s by fit_scale."""
    p = min(0.05, 0.12 / (k + 1)) if p_special is None else p_special
    a = fp8(rng, (m, k), fmt_a, p, band)
    b = fp8(rng, (k, n), fmt_b, p, band)
    if cancel and k >= 2:
        # rows with an even index: products pairwise equal and opposite, plus a last odd one
        half = k // 2
        b[1:2 * half:2] = b[0:2 * half:2]
        a[0::2, 1:2 * half:2] = a[0::2, 0:2 * half:2] ^ 0x80
    c = c_codes(rng, (m, n), 0.05 if p_special is None else p_special)
    g = Gemm(a, b, c, fmt_a, fmt_b, 0, seed)
    g.scale = fit_scale(g, int(rng.integers(-2, 12))) if scale is None else scale
    return g


# ---------------------------------------------------------------- schedule and checker

class ProtocolError(Exception):
    """A schedule that breaks the documented protocol."""


class Style:
    """How freely the scheduler uses what the rules allow."""

    def __init__(self, t0=1, gap=(0, 0), idle=0.0, lead_idle=0.0, pops="first", free_shift=0.0, noise=True,
                 tail=(0, 0), order="rows"):
        self.t0, self.gap, self.idle, self.lead_idle = t0, gap, idle, lead_idle
        self.pops, self.free_shift, self.noise, self.tail, self.order = pops, free_shift, noise, tail, order


def plan(rng, ntiles, k, st, mutate=MUTATE, chained=()):
    """Control signals of a GEMM of ntiles tiles of k steps (a number, or one per tile), and
    what the scheduler means by them: steps {cycle: (tile, k)}, pops {cycle: (tile, row)}.
    Cycle 0 is the reset. A tile in `chained` is a block after its outputs' first (rule 8):
    its pops raise chain, each at least CHAIN cycles after the pop ROWS pops before it."""
    ks = k if isinstance(k, list) else [k] * ntiles
    pmin = max(PMIN, CHAIN) if chained else PMIN
    starts, steps, t = [], {}, st.t0
    for n in range(ntiles + 1):  # the last start is the flush
        starts.append(t)
        if n == ntiles:
            break
        c, last = t, t - 1
        if ks[n] and rng.random() < st.lead_idle:
            c += int(rng.integers(1, 4))  # a start with valid low: the first step comes later
        for kk in range(ks[n]):
            if kk and rng.random() < st.idle:
                c += int(rng.integers(1, 4))
            steps[c] = (n, kk)
            last = c
            c += 1
        t = max(t + pmin, last + 1) + int(rng.integers(st.gap[0], st.gap[1] + 1))
    pops, prev, order = {}, -SPACING, []
    for n in range(ntiles):
        lo = max(starts[n + 1] + ROWS + 3, prev + SPACING)  # SPACING after the previous exchange's last pop
        if n + 2 < len(starts):
            hi = starts[n + 2] + WINDOW_END
        else:  # the last tile's window has no end: pop late sometimes
            hi = lo + SPAN + int(rng.integers(st.tail[0], st.tail[1] + 1))
        mode = st.pops if st.pops != "mixed" else rng.choice(["first", "last", "ends", "spread"])
        slack = hi - lo - SPAN  # cycles the pops may spread over beyond SPACING apart
        if mode == "first":
            extra = [0] * ROWS
        elif mode == "last":
            extra = [slack] * ROWS
        elif mode == "ends":
            extra = [0] + sorted(map(int, rng.integers(0, slack + 1, size=ROWS - 2))) + [slack] if ROWS > 1 else [0]
        else:
            extra = sorted(map(int, rng.integers(0, slack + 1, size=ROWS)))
        cyc = [lo + s * SPACING + extra[s] for s in range(ROWS)]
        if mutate == "pop-early" and n == 0:
            cyc = [lo - 1 + s * SPACING for s in range(ROWS)]
        if mutate == "pop-late" and n == 0 and n + 2 < len(starts):
            cyc = [hi + 1 - SPAN + s * SPACING for s in range(ROWS)]
        if mutate == "pop-close" and n == 0:
            cyc = [lo + s * (SPACING - 1) for s in range(ROWS)]
        if n in chained:  # no pop closer than CHAIN to the one ROWS pops before it
            for s in range(ROWS):
                cyc[s] = max([cyc[s], order[-ROWS] + CHAIN] + [cyc[s - 1] + SPACING] * (s > 0))
                order.append(cyc[s])
                if n + 2 < len(starts) and cyc[s] > hi - (ROWS - 1 - s) * SPACING:
                    raise ProtocolError("the scheduler's chained pops do not fit their window")
        else:
            order.extend(cyc)
        for s, cy in enumerate(cyc):
            pops[cy] = (n, ROWS - 1 - s)
        prev = cyc[-1]
    end = max(pops) + LATENCY + 2
    ctrl = [dict(rst=0, start=0, valid=0, shift=0, chain=0) for _ in range(end)]
    ctrl[0]["rst"] = 1
    for t in starts:
        ctrl[t]["start"] = 1
    for t in steps:
        ctrl[t]["valid"] = 1
    for t in pops:
        ctrl[t]["shift"] = 1
        ctrl[t]["chain"] = int(pops[t][0] in chained and mutate != "chain-c")
    # before tile 0's sums arrive, shift is free (SPACING cycles apart, and from the first pop)
    last = -SPACING
    for t in range(1, min(starts[1] + WINDOW_END + 1, min(pops) - SPACING + 1)):
        if t >= last + SPACING and rng.random() < st.free_shift:
            ctrl[t]["shift"] = 1
            last = t
    return ctrl, steps, pops


def check(ctrl, k):
    """The protocol, re-derived from the control signals alone (README, "The exact array"):
    returns (steps, pops) as {cycle: (tile, k)} and {cycle: (tile, row)}. `k`: the steps of
    every tile, or a list of each tile's (blocks)."""
    if not ctrl[0]["rst"] or any(f["rst"] for f in ctrl[1:]):
        raise ProtocolError("rst must be high in cycle 0 only")
    starts = [t for t, f in enumerate(ctrl) if f["start"]]
    if len(starts) < 2 or starts[0] < 1:
        raise ProtocolError("need t_0 >= 1, the tiles and the flush")
    ntiles = len(starts) - 1
    steps = {}
    counts = [0] * len(starts)
    for t, f in enumerate(ctrl):
        if not f["valid"]:
            continue
        if t < starts[0]:
            raise ProtocolError(f"valid in cycle {t} before the first start")
        n = max(i for i, s in enumerate(starts) if s <= t)
        if n == ntiles:
            raise ProtocolError(f"valid in cycle {t}: the flush has no steps")
        steps[t] = (n, counts[n])
        counts[n] += 1
    ks = k if isinstance(k, list) else [k] * ntiles
    for n in range(ntiles):
        if counts[n] != ks[n]:
            raise ProtocolError(f"tile {n} has {counts[n]} steps, not K = {ks[n]}")
        if starts[n + 1] - starts[n] < PMIN:
            raise ProtocolError(f"starts {starts[n]} and {starts[n + 1]} closer than max(rows S, rows + 1 + (rows - 1) S) = {PMIN}")
    pops, owner = {}, {}
    for n in range(ntiles):
        lo = starts[n + 1] + ROWS + 3
        hi = starts[n + 2] + WINDOW_END if n + 2 < len(starts) else len(ctrl) - 1
        for t in range(lo, hi + 1):
            owner[t] = n
    seen = [0] * ntiles
    last = None
    for t, f in enumerate(ctrl):
        if not f["shift"]:
            continue
        if last is not None and t - last < SPACING:
            raise ProtocolError(f"shift in cycles {last} and {t}: fewer than S = {SPACING} apart")
        last = t
        if t in owner:
            n = owner[t]
            if seen[n] == ROWS:
                raise ProtocolError(f"shift in cycle {t}: tile {n} already had its {ROWS} pops")
            pops[t] = (n, ROWS - 1 - seen[n])
            seen[n] += 1
        elif t > starts[1] + WINDOW_END:
            raise ProtocolError(f"shift in cycle {t}, outside every window")
    for n in range(ntiles):
        if seen[n] != ROWS:
            raise ProtocolError(f"tile {n} popped {seen[n]} times in its window, not {ROWS}")
    order = sorted(pops)
    for i, t in enumerate(order):
        if ctrl[t]["chain"] and (i < ROWS or t - order[i - ROWS] < CHAIN):
            raise ProtocolError(f"chained pop in cycle {t}: fewer than {CHAIN} cycles after the pop {ROWS} pops before it")
    return steps, pops


# ---------------------------------------------------------------- driver

class Dut:
    def __init__(self, dut):
        self.dut = dut
        self.a = [getattr(dut, f"a_{i}") for i in range(ROWS)]
        self.b = [getattr(dut, f"b_{j}") for j in range(COLS)]
        self.c = [getattr(dut, f"c_{j}") for j in range(COLS)]
        self.s = [getattr(dut, f"seed_{j}") for j in range(COLS)]
        self.y = [getattr(dut, f"y_{j}") for j in range(COLS)]
        self.xa = [getattr(dut, f"xa_{i}") for i in range(ROWS)] if SCALE_BITS else []
        self.xb = [getattr(dut, f"xb_{j}") for j in range(COLS)] if SCALE_BITS else []
        self.clock = None

    def start_clock(self):
        if self.clock is None:
            self.clock = cocotb.start_soon(Clock(self.dut.clk, 10, unit="ns").start())


async def run_gemm(d, g, rng, st, checked=True, label="", block=None):
    """Drives one GEMM (reset first) and compares every Y with the reference model; with
    `block`, each output's K steps as consecutive tiles of that many (rule 8)."""
    want = reference(g, block)
    outs = [(r0, c0) for r0 in range(0, g.m, ROWS) for c0 in range(0, g.n, COLS)]
    if st.order == "shuffle":
        outs = [outs[i] for i in rng.permutation(len(outs))]
    n_block = block or max(g.k, 1)
    # each tile: (r0, c0, its first step of K, its block number), blocks of one output in a row
    tiles = [(r0, c0, k0, b) for r0, c0 in outs for b, k0 in enumerate(range(0, max(g.k, 1), n_block))]
    ks = [min(n_block, g.k - k0) for _, _, k0, _ in tiles]
    chained = {n for n, (_, _, _, b) in enumerate(tiles) if b > 0}
    ctrl, steps, pops = plan(rng, len(tiles), ks, st, chained=chained)
    if checked and MUTATE not in ("pop-early", "pop-late", "pop-close"):
        c_steps, c_pops = check(ctrl, ks)
        if c_steps != steps or c_pops != pops:
            raise ProtocolError("the checker reads the schedule differently from the scheduler")
    cbits = WIDTH
    noise = (lambda bits: int(rng.integers(0, 1 << bits))) if st.noise else (lambda bits: 0)
    sr = g.seed is not None
    reads = {}
    for t, (n, row) in pops.items():
        r0, c0, k0, b = tiles[n]
        if k0 + ks[n] < g.k:
            continue  # not the output's last block: its Y is not read
        gi = r0 + row
        reads.setdefault(t + LATENCY + (MUTATE == "latency"), []).extend(
            (j, gi, c0 + j) for j in range(COLS) if gi < g.m and c0 + j < g.n)
    d.dut.fmt_a.value = int(rng.integers(0, 2)) if E4M3_ONLY else int(g.fmt_a == "e5m2")
    d.dut.fmt_b.value = int(rng.integers(0, 2)) if E4M3_ONLY else int(g.fmt_b == "e5m2")
    d.dut.sr.value = int(sr)
    if g.xa is not None:
        pa, pb, s = port_scales(g)
    else:  # no block scales: every offset 0
        pa, pb, s = np.zeros((g.m, max(1, -(-g.k // g.g))), np.int64), np.zeros((max(1, -(-g.k // g.g)), g.n), np.int64), g.scale
    d.dut.scale_exp.value = s & 0xFF
    got = np.zeros((g.m, g.n), dtype=CODE)
    seen = np.zeros((g.m, g.n), dtype=bool)
    for t, f in enumerate(ctrl):
        await FallingEdge(d.dut.clk)
        d.dut.rst.value, d.dut.start.value = f["rst"], f["start"]
        d.dut.valid.value, d.dut.shift.value = f["valid"], f["shift"]
        d.dut.chain.value = f["chain"] if f["shift"] else noise(1)
        if t in steps:
            n, kk = steps[t]
            r0, c0, k0, _ = tiles[n]
            kk += k0
            for i in range(ROWS):
                d.a[i].value = int(g.a[r0 + i, kk]) if r0 + i < g.m else noise(8)
            for j in range(COLS):
                d.b[j].value = int(g.b[kk, c0 + j]) if c0 + j < g.n else noise(8)
            for i, h in enumerate(d.xa):
                h.value = int(pa[r0 + i, kk // g.g]) if r0 + i < g.m else noise(5)
            for j, h in enumerate(d.xb):
                h.value = int(pb[kk // g.g, c0 + j]) if c0 + j < g.n else noise(5)
        else:
            for h in d.a + d.b:
                h.value = noise(8)
            for h in d.xa + d.xb:
                h.value = noise(5)
        if t in pops:
            n, row = pops[t]
            r0, c0, _, b = tiles[n]
            gi = r0 + row
            for j in range(COLS):
                gj = c0 + j
                inside = gi < g.m and gj < g.n
                d.c[j].value = int(g.c[gi, gj]) if inside and not f["chain"] else noise(cbits)
                if sr and inside:
                    if MUTATE == "tile-seed":
                        s = stream_seed(g.seed, row, j)
                    else:
                        s = stream_seed(g.seed, gi, gj)
                    if MUTATE == "stepped-seed":
                        s = xorshift32(s)
                    for _ in range(b):  # one step per earlier block's rounding
                        s = xorshift32(s)
                    d.s[j].value = s
                else:
                    d.s[j].value = noise(32)
        else:
            for h in d.c:
                h.value = noise(cbits)
            for h in d.s:
                h.value = noise(32)
        if t in reads:
            await ReadOnly()  # y_j of cycle t: just before the edge that ends it
            for j, gi, gj in reads[t]:
                got[gi, gj] = int(d.y[j].value)
                seen[gi, gj] = True
    assert seen.all(), f"{label}: {int((~seen).sum())} outputs never read"
    bad = np.argwhere(got != want)
    if len(bad):
        i, j = map(int, bad[0])
        w = WIDTH // 4
        raise AssertionError(
            f"{label}: {len(bad)} of {g.m * g.n} outputs differ (M K N = {g.m} {g.k} {g.n}, {g.fmt_a} x {g.fmt_b}, "
            f"s = {g.scale}, seed = {g.seed}); first at ({i}, {j}): got {int(got[i, j]):#0{w + 2}x}, "
            f"want {int(want[i, j]):#0{w + 2}x}")
    ebits, mbits = EBITS, MBITS
    e = (want.astype(np.int64) >> mbits) & ((1 << ebits) - 1)
    mant = want.astype(np.int64) & ((1 << mbits) - 1)
    top = (1 << ebits) - 1
    nan, inf, zero = int(((e == top) & (mant != 0)).sum()), int(((e == top) & (mant == 0)).sum()), int(((e == 0) & (mant == 0)).sum())
    sub = int(((e == 0) & (mant != 0)).sum())
    d.dut._log.info(f"{label}: {g.m}x{g.k}x{g.n} {g.fmt_a} x {g.fmt_b} s = {g.scale} "
                    f"{'SR seed ' + str(g.seed) if g.seed is not None else 'RNE'}, {len(tiles)} tiles, {len(ctrl)} cycles: "
                    f"{g.m * g.n} outputs equal ({g.m * g.n - nan - inf - zero - sub} normal, {sub} subnormal, "
                    f"{zero} zero, {inf} inf, {nan} NaN)")


def rand_mn(rng, least=1):
    """M and N not multiples of the array size (from least on)."""
    pick = lambda size: int(rng.choice([x for x in range(least * size, 3 * size + 1) if x % size] or [max(1, least * size)]))
    return pick(ROWS), pick(COLS)


RICH = Style(t0=3, gap=(0, 4), idle=0.2, lead_idle=0.3, pops="mixed", free_shift=0.4, tail=(0, 40), order="shuffle")


# ---------------------------------------------------------------- tests

@cocotb.test()
async def stream_seed_matches_the_readme_vectors(dut):
    """The README's test vectors of stream_seed and the first xorshift32 step."""
    assert stream_seed(0, 0, 0) == 0xA706DD2F
    assert stream_seed(1, 2, 3) == 0xB1F106F4
    assert stream_seed(7, 0, 1) == 0x7716DA39
    assert xorshift32(0xB1F106F4) == 0xB4D60203


@cocotb.test(skip=SCALE_BITS == 0)
async def mx_block_scales(dut):
    """On an array of --scale-bits D: MX block scales of blocks of 1, 3, 8 and 32 within 2^D - 1
    of each matrix's least, NaN scales, blocks of zeros under far codes, RNE and SR, random
    schedules; Y against the reference model's exact accumulation with the same scales."""
    d = Dut(dut)
    d.start_clock()
    rng = np.random.default_rng(11)
    for idx in range(12):
        fa, fb = FORMAT_PAIRS[idx % len(FORMAT_PAIRS)]
        m, n = rand_mn(rng)
        k = int(rng.integers(1, 70))
        seed = int(rng.integers(0, 1 << 62)) if idx % 3 == 2 else None
        g = random_gemm(rng, m, k, n, fa, fb, int(rng.integers(-8, 9)), seed)
        random_scales(rng, g, [1, 3, 8, 32][idx % 4], (1 << SCALE_BITS) - 1)
        await run_gemm(d, g, rng, RICH if idx % 2 else Style(), label=f"MX {idx}")


@cocotb.test()
async def k1_every_format_pair_with_specials(dut):
    """K = 1 (a tile shorter than its least period), every format pair, heavy specials in A, B
    and C, s = 0, RNE; tiles back to back at the least period from cycle 1."""
    d = Dut(dut)
    d.start_clock()
    rng = np.random.default_rng(1)
    for fa, fb in FORMAT_PAIRS:
        m, n = rand_mn(rng)
        g = random_gemm(rng, m, 1, n, fa, fb, 0, None, p_special=0.25)
        await run_gemm(d, g, rng, Style(t0=1, pops="first", noise=True), label="K=1")


@cocotb.test()
async def random_shapes_every_pair_rne_and_sr(dut):
    """Random M, N (not multiples of the array), K below, at and above the array size, every
    format pair, RNE and SR (random 64-bit seeds), s at both ends and between, irregular
    periods, idle cycles, pops anywhere in their windows, random padding and free inputs."""
    d = Dut(dut)
    d.start_clock()
    rng = np.random.default_rng(2)
    scales = [-64, None, 64, None, 0, None, int(rng.integers(-63, 64)), None]  # None: s fitted to the data
    runs = [(fa, fb, sr) for fa, fb in FORMAT_PAIRS for sr in (False, True)]
    runs *= (2 if E4M3_ONLY else 1) * (2 if ROWS * COLS <= 6 else 1)  # small arrays are cheap: more GEMMs
    for idx, (fa, fb, sr) in enumerate(runs):
        m, n = rand_mn(rng, least=0 if idx % 4 == 3 else 1)
        k = int(rng.choice([1, ROWS - 1 or 1, ROWS + 1, 2 * ROWS + 3, int(rng.integers(2, 40))]))
        s = scales[idx % len(scales)]
        seed = int(rng.integers(0, 1 << 63)) * 2 + int(rng.integers(0, 2)) if sr else None
        band = None if idx % 2 else (5, 11)
        g = random_gemm(rng, m, k, n, fa, fb, s, seed, band=band)
        await run_gemm(d, g, rng, RICH, label=f"random {fa}x{fb}")


@cocotb.test()
async def scale_exp_ends_and_cancellation(dut):
    """s = -64 and 64 (and fitted ones) on sums whose products cancel pairwise, leaving the
    odd last product or C; the E5M2 case 57344^2 - 57344^2 + 2^-32 at s = 64, 32, 0, -64."""
    d = Dut(dut)
    d.start_clock()
    rng = np.random.default_rng(3)
    for s, sr in ((-64, False), (64, True), (None, False), (None, True), (-64, True)):
        fa, fb = FORMAT_PAIRS[int(rng.integers(0, len(FORMAT_PAIRS)))]
        m, n = rand_mn(rng)
        k = int(rng.integers(2, 12))
        g = random_gemm(rng, m, k, n, fa, fb, s, 99 if sr else None, cancel=True)
        await run_gemm(d, g, rng, RICH, label=f"cancel s={s}")
    if not E4M3_ONLY:
        # one 2^-32 product beside cancelling 57344^2 terms
        a = np.array([[0x7B, 0xFB, 0x01], [0x7B, 0xFB, 0x81], [0x01, 0x00, 0x80]], dtype=np.uint8)
        b = np.array([[0x7B, 0x01], [0x7B, 0x81], [0x01, 0x7B]], dtype=np.uint8)
        c = np.zeros((3, 2), dtype=CODE)
        c[1, 1] = SIGN
        for s in (64, 32, 0, -64):
            await run_gemm(d, Gemm(a, b, c, "e5m2", "e5m2", s), rng, RICH, label=f"2^-32 s={s}")
    else:
        a = np.array([[0x7E, 0xFE, 0x01], [0x01, 0x81, 0x01]], dtype=np.uint8)
        b = np.array([[0x7E, 0x7E], [0x7E, 0x01], [0x01, 0x01]], dtype=np.uint8)
        c = np.zeros((2, 2), dtype=np.uint16)
        for s in (64, 18, 0, -64):
            await run_gemm(d, Gemm(a, b, c, "e4m3", "e4m3", s), rng, RICH, label=f"2^-18 s={s}")


@cocotb.test()
async def long_k_many_cycles(dut):
    """K = 600 (or the array's max-k if smaller: hundreds of cycles per tile), with idle
    cycles inside the tiles, RNE and SR."""
    d = Dut(dut)
    d.start_clock()
    rng = np.random.default_rng(4)
    pairs = FORMAT_PAIRS
    for sr in (False, True):
        fa, fb = pairs[int(rng.integers(0, len(pairs)))] if not sr else pairs[-1]
        m, n = ROWS + 1, COLS + 1 if sr else COLS - 1 or 1
        g = random_gemm(rng, m, min(600, MAX_K), n, fa, fb, None, 2024 if sr else None, p_special=0.0002)
        await run_gemm(d, g, rng, Style(t0=2, gap=(0, 2), idle=0.02, pops="mixed", tail=(0, 5)), label="long K")


@cocotb.test()
async def max_k_runs_of_the_largest_product(dut):
    """K = max-k (when the array was generated with a small --max-k) runs of the largest
    product, +-57344^2 (+-448^2 on the E4M3-only array): rows of all-positive, all-negative and
    mixed sums that need every accumulator bit; RNE and SR."""
    if MAX_K > 1024:
        dut._log.info(f"max-k = {MAX_K}: too long for this bench, skipped (long_k_many_cycles runs K = 600)")
        return
    d = Dut(dut)
    d.start_clock()
    rng = np.random.default_rng(8)
    fmt = "e4m3" if E4M3_ONLY else "e5m2"
    big = 0x7E if E4M3_ONLY else 0x7B
    m, n, k = ROWS + 1, COLS, MAX_K
    a = np.full((m, k), big, dtype=np.uint8)
    a[1] |= 0x80  # row 1: every product -big^2 (with a positive column)
    a[2 % m, 1::2] |= 0x80
    b = np.full((k, n), big, dtype=np.uint8)
    if n > 1:
        b[:, 1] |= 0x80
        b[-1, n - 1] = 0x01  # last column: one tiny product instead of the last big one
    for sr, seed in ((False, None), (True, 31337)):
        c = c_codes(rng, (m, n), 0.0)
        c[0, 0] = 0
        g = Gemm(a, b, c, fmt, fmt, 0, seed)
        g.scale = fit_scale(g, 12 if OUT == "fp16" else 0)
        await run_gemm(d, g, rng, Style(t0=1, idle=0.01, pops="mixed"), label=f"max-k {k}")


@cocotb.test()
async def least_and_cli_schedules(dut):
    """The least schedule (t_0 = 1, P = max(K, rows S, rows + 1 + (rows - 1) S) exactly, pops
    S cycles apart at the first cycles of each window, then at the last ones), K below the least
    period and K >= it; and the schedule the README says `fp8mac gemm` drives (t_0 = 1 + rows,
    the same P)."""
    d = Dut(dut)
    d.start_clock()
    rng = np.random.default_rng(5)
    for k in sorted({1, max(1, PMIN - 1), PMIN, PMIN + 2}):
        for pops in ("first", "last"):
            fa, fb = FORMAT_PAIRS[int(rng.integers(0, len(FORMAT_PAIRS)))]
            m, n = 2 * ROWS + 1, COLS + 1
            g = random_gemm(rng, m, k, n, fa, fb, None, int(rng.integers(0, 1000)) if pops == "last" else None)
            await run_gemm(d, g, rng, Style(t0=1, pops=pops, noise=pops == "last"), label=f"least K={k} {pops}")
    m, n, k = ROWS + 2, 2 * COLS - 1, ROWS + 1
    g = random_gemm(rng, m, k, n, *FORMAT_PAIRS[-1], None, None)
    cli = Style(t0=1 + ROWS, pops="first", noise=False)
    await run_gemm(d, g, rng, cli, label="fp8mac gemm's schedule")


@cocotb.test()
async def blocks_chain_through_the_block_store(dut):
    """Rule 8: blocks of 1, 3 and 8 products (the last shorter where n does not divide K) and
    one block, every format pair, RNE and SR, each output's blocks in consecutive tiles, pops
    anywhere rule 8 allows, `chain` random outside pops and `c_j` random on chained pops; with
    MX block scales on an array of --scale-bits D. Y against the reference's --block n."""
    d = Dut(dut)
    d.start_clock()
    rng = np.random.default_rng(12)
    for idx in range(8):
        fa, fb = FORMAT_PAIRS[idx % len(FORMAT_PAIRS)]
        m, n = rand_mn(rng)
        k = int(rng.integers(2, 40))
        block = [1, 3, 8, k][idx % 4]
        seed = int(rng.integers(0, 1 << 62)) if idx % 2 else None
        g = random_gemm(rng, m, k, n, fa, fb, None, seed)
        if SCALE_BITS:
            random_scales(rng, g, 8, (1 << SCALE_BITS) - 1)
        await run_gemm(d, g, rng, RICH if idx % 2 else Style(), label=f"blocks of {block}", block=block)
    # the checker refuses a chained pop without the pop ROWS pops before it, or too close to it
    ctrl, _, pops = plan(rng, 2, 4, Style(t0=2), mutate="", chained={1})
    check(ctrl, 4)
    first = min(pops)
    ctrl[first]["chain"] = 1
    try:
        check(ctrl, 4)
    except ProtocolError:
        pass
    else:
        raise AssertionError("the checker let a chained pop of the first block through")


@cocotb.test()
async def k0_tiles_return_c(dut):
    """K = 0 (rule 7): tiles of a start alone give Y = C, NaN canonical."""
    d = Dut(dut)
    d.start_clock()
    rng = np.random.default_rng(6)
    for fa, fb in FORMAT_PAIRS[:2]:
        m, n = rand_mn(rng)
        g = random_gemm(rng, m, 0, n, fa, fb, int(rng.integers(-64, 65)), 5, p_special=0.3)
        await run_gemm(d, g, rng, RICH, label="K=0")


@cocotb.test()
async def protocol_checker_refuses_bad_schedules(dut):
    """The checker raises on schedules that break the rules: a pop one cycle before or after
    its window, two pops S - 1 cycles apart, a start closer than the least period or
    before the last step, rows - 1 or rows + 1 pops, valid during the flush, shift between two
    windows."""
    rng = np.random.default_rng(7)
    for bad in ("early", "late", "crowded", "close", "before-last-step", "few", "many", "flush-valid", "gap", "valid-first"):
        if ROWS == 1 and bad in ("close", "gap", "crowded"):
            continue  # one row: starts are always 1 apart, windows leave no gap, a tile pops once
        k = PMIN + 2 if bad == "before-last-step" else 1 if bad == "close" else 3
        gap = 2 * SPACING if bad == "many" else 0  # room in tile 0's window for a pop too many
        ctrl, steps, pops = plan(rng, 3, k, Style(t0=2, gap=(gap, gap), pops="last" if bad == "late" else "first"), mutate="")
        check(ctrl, k)  # the unbroken schedule passes
        starts = [t for t, f in enumerate(ctrl) if f["start"]]
        first = sorted(t for t, (n, _) in pops.items() if n == 0)
        if bad == "early":
            ctrl[first[0]]["shift"], ctrl[first[0] - 1]["shift"] = 0, 1
        elif bad == "late":
            ctrl[first[-1]]["shift"], ctrl[first[-1] + 1]["shift"] = 0, 1
        elif bad == "crowded":  # tile 0's second pop a cycle nearer its first
            ctrl[first[1]]["shift"], ctrl[first[1] - 1]["shift"] = 0, 1
        elif bad == "close":  # tile 1 one cycle before the least period allows
            assert starts[1] - starts[0] == PMIN
            ctrl[starts[1]]["start"], ctrl[starts[1] - 1]["start"] = 0, 1
        elif bad == "before-last-step":  # a start in tile 0's last step
            last = max(t for t, (n, _) in steps.items() if n == 0)
            ctrl[starts[1]]["start"], ctrl[last]["start"] = 0, 1
        elif bad == "valid-first":
            ctrl[starts[0] - 1]["valid"] = 1
        elif bad == "few":
            ctrl[first[0]]["shift"] = 0
        elif bad == "many":
            ctrl[first[-1] + SPACING]["shift"] = 1
        elif bad == "flush-valid":
            ctrl[starts[-1]]["valid"] = 1
        elif bad == "gap":
            ctrl[starts[1] + WINDOW_END + 1]["shift"] = 1
        try:
            check(ctrl, k)
        except ProtocolError:
            continue
        raise AssertionError(f"the checker accepted a broken schedule ({bad})")
