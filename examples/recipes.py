"""The founding papers' training recipes on fp8mac's bit-exact model: a small CNN on digits.

A convolutional network with batch normalisation learns scikit-learn's bundled 8x8 digits (1797
images, nothing downloaded). Every GEMM runs on fp8mac's reference model, the convolutions as
im2col GEMMs, with each recipe's formats, scaling and accumulation:

1. ``banner`` (Banner et al. 2018, "Scalable methods for 8-bit training"): INT8 GEMMs with
   per-tensor scaling forward and for the layer gradients, accumulated exactly (as INT32 does);
   the weight gradients kept wider ("gradient bifurcation": FP16 operands, float32 products);
   Range Batch Normalisation (``--bn range``) against the usual one (``--bn std``).
2. ``mellempudi`` (Mellempudi et al. 2019): E5M2 weights, activations, errors and gradients,
   binary32 accumulation, dynamic loss scaling, gradients rounded with SR; master weights in FP16
   updated with fp8mac's SR (``--master fp16``) against float32 (``--master fp32``).
3. ``hfp8`` (Sun et al. 2019): E4M3 forward, E5M2 backward, the FP16 chain's accumulation, FP16
   master weights, first and last layers in FP16; batch-norm statistics re-tuned on the FP8
   forward pass before FP8 inference.
4. ``fractrain`` (Fu et al. 2020, progressive fractional quantisation): FP4 (E2M1) -> FP6 (E2M3)
   -> FP8 (E4M3) operands, the next precision once the loss plateaus, against fixed FP8; the
   training's cost counted in MACs and in the exact element's measured LUT-cycles.

Run from the repository after ``make python``:

    .venv/bin/python examples/recipes.py --recipe banner --epochs 8
"""
from __future__ import annotations

import argparse
import json
import os
import time

import numpy as np

import fp8mac

#: LUTs of the exact array's element for each PFQ stage's operand format (the element that
#: takes it, one MAC per cycle): the README's table "What a set of formats costs" (`fp8mac synth
#: --design pe --accumulate exact --formats`): float4_e2m1fn; the FP6 set
#: float6_e2m3fn,float6_e3m2fn,float4_e2m1fn; e4m3.
ELEMENT_LUT = {"float4_e2m1fn": 318, "float6_e2m3fn": 459, "e4m3": 515}
#: PFQ's stages, lowest precision first.
PFQ_STAGES = ("float4_e2m1fn", "float6_e2m3fn", "e4m3")
#: Binades kept free above a tensor's amax, so that the FP16 chain's accumulator stays finite.
HEADROOM = {"e4m3": 4, "e5m2": 10}


def load_digits(seed=0):
    """(x_train, y_train, x_test, y_test): float32 images N x 1 x 8 x 8 in [0, 1], 80/20."""
    from sklearn.datasets import load_digits as load

    digits = load()
    x = (digits.images / 16.0).astype(np.float32)[:, None]
    y = digits.target.astype(np.int64)
    order = np.random.default_rng(seed).permutation(len(y))
    cut = int(0.8 * len(y))
    return x[order[:cut]], y[order[:cut]], x[order[cut:]], y[order[cut:]]


# ---------------------------------------------------------------------------------------------
# GEMMs


class Gemm:
    """Y = X W of float32 matrices: each operand quantised to its format with a per-tensor
    power-of-two scale from amax (RNE), multiplied on fp8mac's reference model with
    ``accumulate`` ("exact32": one rounding into binary32; "fp16": the FP16 chain), the scales
    undone exactly. The operand named by ``err`` ("x" or "w") is an error: rounded with SR when
    the recipe says so, and under loss scaling not rescaled at all (the loss scale put it in
    range, or it overflows and the step is skipped). A format of None keeps the GEMM in float32
    on FP16 operands."""

    def __init__(self, rec, seed=0, engine="reference"):
        self.rec, self.calls, self.engine = rec, seed, engine

    def __call__(self, x, fmt_x, w, fmt_w, err=None):
        if fmt_x is None or fmt_w is None:
            return fp16(x) @ fp16(w)
        self.calls += 1  # a fresh SR seed per GEMM
        qx, sx = self.quantise(x, fmt_x, err == "x")
        qw, sw = self.quantise(w, fmt_w, err == "w")
        if self.rec.accumulate == "exact32":
            y = fp8mac.gemm(qx, qw, fmt_a=fmt_x, fmt_b=fmt_w, accumulate="exact", out="fp32", scale_exp=-(sx + sw))
            return y.astype(np.float32)
        hw = dict(engine=self.engine, rows=4, cols=4) if self.engine != "reference" else {}
        y = fp8mac.gemm(qx, qw, fmt_a=fmt_x, fmt_b=fmt_w, accumulate="fp16", **hw)
        return np.ldexp(y.astype(np.float32), -(sx + sw))

    def quantise(self, x, fmt, is_err):
        """Codes of x * 2^S and S: S from amax with HEADROOM binades free (saturating), or 0 for
        a loss-scaled error (overflowing to the format's infinity or NaN)."""
        x = np.ascontiguousarray(x, np.float32)
        sr = dict(rounding="sr", seed=self.calls) if is_err and self.rec.sr else {}
        if is_err and self.rec.loss_scaling:
            return fp8mac.quantize(x, fmt, **sr), 0
        amax = float(np.max(np.abs(x))) if x.size else 0.0
        s = int(np.clip(fp8mac.amax_scale_exp(amax, fmt) - HEADROOM.get(fmt, 0), -32, 32))
        return fp8mac.quantize(x, fmt, saturate=True, scale_exp=s, **sr), s


def fp16(x):
    """x rounded to FP16 (RNE), as float32."""
    return fp8mac.round_float(np.ascontiguousarray(x, np.float32), "fp16").astype(np.float32)


# ---------------------------------------------------------------------------------------------
# Layers


def im2col(x, stride):
    """N x C x H x W -> (N H' W') x (C 9) patches of a 3x3 convolution with padding 1."""
    n, c, h, w = x.shape
    xp = np.pad(x, ((0, 0), (0, 0), (1, 1), (1, 1)))
    ho, wo = (h - 1) // stride + 1, (w - 1) // stride + 1
    cols = np.empty((n, c, 3, 3, ho, wo), x.dtype)
    for i in range(3):
        for j in range(3):
            cols[:, :, i, j] = xp[:, :, i:i + stride * ho:stride, j:j + stride * wo:stride]
    return cols.transpose(0, 4, 5, 1, 2, 3).reshape(n * ho * wo, c * 9), (ho, wo)


def col2im(cols, shape, stride):
    """The adjoint of im2col: patch gradients summed back into N x C x H x W."""
    n, c, h, w = shape
    ho, wo = (h - 1) // stride + 1, (w - 1) // stride + 1
    cols = cols.reshape(n, ho, wo, c, 3, 3).transpose(0, 3, 4, 5, 1, 2)
    xp = np.zeros((n, c, h + 2, w + 2), cols.dtype)
    for i in range(3):
        for j in range(3):
            xp[:, :, i:i + stride * ho:stride, j:j + stride * wo:stride] += cols[:, :, i, j]
    return xp[:, :, 1:-1, 1:-1]


def range_scale(n):
    """Banner et al.'s C(n) = 1 / sqrt(2 ln n): range x C(n) estimates a Gaussian's standard
    deviation from n samples."""
    return 1.0 / np.sqrt(2.0 * np.log(n))


def batch_norm(x, kind, eps=1e-5):
    """Per-channel normalisation of N x C x H x W over N, H, W: (x - mean) / sd with ``std``, or
    (x - mean) / (C(n) (max - min)) with ``range`` (Range BN). Returns x_hat, the mean and the
    scale, and what the backward pass needs."""
    axes = (0, 2, 3)
    n = x.size // x.shape[1]
    mean = x.mean(axis=axes, keepdims=True)
    xc = x - mean
    if kind == "std":
        scale = np.sqrt((xc ** 2).mean(axis=axes, keepdims=True) + eps)
    else:
        scale = range_scale(n) * (x.max(axis=axes, keepdims=True) - x.min(axis=axes, keepdims=True)) + eps
    return xc / scale, mean, scale, (xc, scale, n, kind)


def batch_norm_backward(dxhat, cache):
    """dL/dx from dL/dx_hat (both normalisations; Range BN's scale depends on x only through
    its largest and smallest element per channel)."""
    xc, scale, n, kind = cache
    axes = (0, 2, 3)
    dmean_part = dxhat - dxhat.mean(axis=axes, keepdims=True)
    dscale = -(dxhat * xc).sum(axis=axes, keepdims=True) / scale ** 2
    if kind == "std":
        return dmean_part / scale + dscale * xc / (n * scale)
    x = xc  # the max and min of x - mean are those of x, shifted
    at_max = (x == x.max(axis=axes, keepdims=True)).astype(x.dtype)
    at_min = (x == x.min(axis=axes, keepdims=True)).astype(x.dtype)
    at_max /= at_max.sum(axis=axes, keepdims=True)
    at_min /= at_min.sum(axis=axes, keepdims=True)
    return dmean_part / scale + dscale * range_scale(n) * (at_max - at_min)


# ---------------------------------------------------------------------------------------------
# The network


class Recipe:
    """What a recipe sets: the formats of the forward operands (activations, weights) and of the
    backward ones (the error against the weights for the layer gradients; for the weight
    gradients, the error against the activations, None for the float32 of FP16 operands),
    the accumulation, SR on errors, the batch normalisation, which layers stay in FP16, the
    master weights, loss scaling."""

    def __init__(self, name, fwd, err, wgrad, accumulate, sr=False, bn="std", wide_ends=False, master="fp32", loss_scaling=False):
        self.name, self.fwd, self.err, self.wgrad, self.accumulate = name, fwd, err, wgrad, accumulate
        self.sr, self.bn, self.wide_ends, self.master, self.loss_scaling = sr, bn, wide_ends, master, loss_scaling


def recipe(name, bn="std", master=None):
    """The named recipe (see the module's docstring), with its --bn and --master options."""
    if name == "banner":
        return Recipe(name, ("int8", "int8"), ("int8", "int8"), None, "exact32", bn=bn)
    if name == "mellempudi":
        return Recipe(name, ("e5m2", "e5m2"), ("e5m2", "e5m2"), ("e5m2", "e5m2"), "exact32", sr=True, bn=bn,
                      master=master or "fp16", loss_scaling=True)
    if name == "hfp8":
        return Recipe(name, ("e4m3", "e4m3"), ("e5m2", "e4m3"), ("e5m2", "e4m3"), "fp16", sr=True, bn=bn, wide_ends=True,
                      master=master or "fp16")
    if name == "fractrain":
        return Recipe(name, ("e4m3", "e4m3"), ("e5m2", "e4m3"), ("e5m2", "e4m3"), "exact32", sr=True, bn=bn)
    raise ValueError(f"unknown recipe {name!r}")


class Cnn:
    """conv 3x3 (1 -> 8) - BN - ReLU - conv 3x3 stride 2 (8 -> 16) - BN - ReLU - linear (256 -> 10),
    softmax cross-entropy. Master weights in float32, or FP16 updated with SR."""

    SHAPES = ((9, 8), (72, 16), (256, 10))
    STRIDES = (1, 2)

    def __init__(self, rec, seed=1):
        rng = np.random.default_rng(seed)
        self.rec = rec
        self.w = [(rng.standard_normal(s) * np.sqrt(2.0 / s[0])).astype(np.float32) for s in self.SHAPES]
        self.gamma = [np.ones((1, c, 1, 1), np.float32) for c in (8, 16)]
        self.beta = [np.zeros((1, c, 1, 1), np.float32) for c in (8, 16)]
        self.bias = np.zeros(10, np.float32)
        self.running = [None, None]  # BN statistics for inference: (mean, scale) per layer
        self.vel = None
        self.updates = 0
        self.loss_scale, self.skipped = 2.0 ** 12, 0
        self.formats = None  # PFQ: the operand format of this stage, replacing the recipe's
        if rec.master == "fp16":
            self.w = [fp16(w) for w in self.w]

    def fmt(self, pair, layer):
        """The formats of a GEMM of `layer`: the recipe's, FP16 for the first and last layers
        of a recipe that keeps them wide, PFQ's stage format if one is set."""
        if self.rec.wide_ends and layer in (0, 2):
            return None, None
        if self.formats is not None and pair is not None:
            return self.formats, self.formats
        return pair if pair is not None else (None, None)

    def forward(self, x, gemm, train=True):
        caches = []
        h = x
        for layer in range(2):
            cols, (ho, wo) = im2col(h, self.STRIDES[layer])
            fa, fw = self.fmt(self.rec.fwd, layer)
            z = gemm(cols, fa, self.w[layer], fw).reshape(len(x), ho, wo, -1).transpose(0, 3, 1, 2)
            if train or self.running[layer] is None:
                xhat, mean, scale, bn = batch_norm(z, self.rec.bn)
                if train:
                    self.running[layer] = (mean, scale) if self.running[layer] is None else tuple(
                        0.9 * r + 0.1 * v for r, v in zip(self.running[layer], (mean, scale)))
            else:
                mean, scale = self.running[layer]
                xhat, bn = (z - mean) / scale, None
            a = np.maximum(self.gamma[layer] * xhat + self.beta[layer], 0.0)
            caches.append((h.shape, cols, xhat, bn, a))
            h = a
        flat = h.reshape(len(x), -1)
        fa, fw = self.fmt(self.rec.fwd, 2)
        return gemm(flat, fa, self.w[2], fw) + self.bias, caches, flat

    def step(self, x, y, gemm, lr=0.05, momentum=0.9):
        """One SGD step with momentum on a batch; returns the batch's loss (inf when loss
        scaling overflowed and the step was skipped)."""
        logits, caches, flat = self.forward(x, gemm)
        p = softmax(logits)
        loss = -np.mean(np.log(p[np.arange(len(y)), y] + 1e-12))
        scale = self.loss_scale if self.rec.loss_scaling else 1.0
        dz = (p - np.eye(10, dtype=np.float32)[y]) / len(y) * scale
        grads = {}
        grads["w2"] = self.wgrad(flat, dz, 2, gemm)
        grads["bias"] = dz.sum(axis=0)
        fe, fw = self.fmt(self.rec.err, 2)
        dh = gemm(dz, fe, self.w[2].T, fw, err="x").reshape(caches[1][4].shape)
        for layer in (1, 0):
            shape, cols, xhat, bn, a = caches[layer]
            dpre = dh * (a > 0)
            grads[f"gamma{layer}"] = (dpre * xhat).sum(axis=(0, 2, 3), keepdims=True)
            grads[f"beta{layer}"] = dpre.sum(axis=(0, 2, 3), keepdims=True)
            dz_l = batch_norm_backward(dpre * self.gamma[layer], bn)
            dz_cols = dz_l.transpose(0, 2, 3, 1).reshape(len(cols), -1)
            grads[f"w{layer}"] = self.wgrad(cols, dz_cols, layer, gemm)
            if layer > 0:
                fe, fw = self.fmt(self.rec.err, layer)
                dh = col2im(gemm(dz_cols, fe, self.w[layer].T, fw, err="x"), shape, self.STRIDES[layer])
        if not all(np.all(np.isfinite(g)) for g in grads.values()):
            self.loss_scale /= 2  # dynamic loss scaling: skip the step, halve the scale
            self.skipped += 1
            return float("inf")
        self.updates += 1
        if self.rec.loss_scaling and self.updates % 100 == 0:
            self.loss_scale *= 2
        self.apply({k: g / scale for k, g in grads.items()}, lr, momentum)
        return float(loss)

    def wgrad(self, acts, err, layer, gemm):
        """dW = acts^T err in the recipe's weight-gradient formats (float32 of FP16 operands
        where the recipe keeps them wide)."""
        fe, fa = self.fmt(self.rec.wgrad, layer)
        return gemm(acts.T, fa, err, fe, err="w")

    def apply(self, grads, lr, momentum):
        if self.vel is None:
            self.vel = {k: np.zeros_like(g) for k, g in grads.items()}
        for k, g in grads.items():
            self.vel[k] = momentum * self.vel[k] + g
        for layer in range(3):
            w = self.w[layer] - lr * self.vel[f"w{layer}"]
            self.w[layer] = self.master_round(w)
        for layer in range(2):
            self.gamma[layer] = self.gamma[layer] - lr * self.vel[f"gamma{layer}"]
            self.beta[layer] = self.beta[layer] - lr * self.vel[f"beta{layer}"]
        self.bias = self.bias - lr * self.vel["bias"]

    def master_round(self, w):
        """The master copy after an update: float32, or FP16 rounded with SR (R = 16)."""
        if self.rec.master != "fp16":
            return w.astype(np.float32)
        return fp8mac.round_float(w.astype(np.float32), "fp16", rounding="sr", sr_bits=16, seed=self.updates).astype(np.float32)

    def retune_bn(self, x, gemm, batch=64):
        """Re-estimates the BN statistics on the FP8 forward pass (HFP8's re-tuning before
        FP8 inference): the running averages replaced by the means over `x`'s batches."""
        stats = [[], []]
        for i in range(0, len(x), batch):
            saved = list(self.running)
            self.running = [None, None]
            self.forward(x[i:i + batch], gemm, train=True)
            for layer in range(2):
                stats[layer].append(self.running[layer])
            self.running = saved
        self.running = [tuple(np.mean([s[j] for s in stats[layer]], axis=0) for j in range(2)) for layer in range(2)]

    def accuracy(self, x, y, gemm, batch=256):
        hits = 0
        for i in range(0, len(x), batch):
            logits, _, _ = self.forward(x[i:i + batch], gemm, train=False)
            hits += int(np.sum(np.argmax(logits, axis=1) == y[i:i + batch]))
        return hits / len(y)


def softmax(z):
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def macs(net, batch):
    """Multiply-accumulates of one training step (forward, layer and weight gradients)."""
    positions = (64, 16)
    fwd = sum(batch * p * k * n for p, (k, n) in zip(positions, net.SHAPES[:2])) + batch * 256 * 10
    return 3 * fwd - batch * 64 * 9 * 8  # no layer gradient into the input


class Pfq:
    """FracTrain's progressive fractional quantisation: train at `stages[0]`, move to the next
    stage when an epoch's loss improved on the previous one's by less than `eps` (relative)."""

    def __init__(self, stages=PFQ_STAGES, eps=0.25):
        self.stages, self.eps, self.at, self.last = stages, eps, 0, None

    @property
    def stage(self):
        return self.stages[self.at]

    def end_epoch(self, loss):
        """Records an epoch's loss; True when it switched to the next stage."""
        plateau = self.last is not None and (self.last - loss) < self.eps * self.last
        self.last = loss
        if plateau and self.at + 1 < len(self.stages):
            self.at += 1
            self.last = None  # a new precision starts a new curve
            return True
        return False


def train(rec, data, epochs=8, batch=64, seed=1, pfq=None, log=print):
    """Trains the CNN with recipe `rec`; returns the network and its history per epoch (loss,
    test accuracy; with PFQ its stage's format and the cumulative MACs and LUT-cycles)."""
    x_train, y_train, x_test, y_test = data
    net, gemm = Cnn(rec, seed), Gemm(rec, seed)
    rng = np.random.default_rng(seed)
    hist = {"loss": [], "test_accuracy": []} | ({"stage": [], "macs": [], "lut_cycles": []} if pfq else {})
    total_macs = total_cost = 0.0
    for epoch in range(epochs):
        if pfq is not None:
            net.formats = pfq.stage
        order = rng.permutation(len(y_train))
        losses = []
        for i in range(0, len(order) - batch + 1, batch):
            idx = order[i:i + batch]
            losses.append(net.step(x_train[idx], y_train[idx], gemm))
            if pfq is not None:
                total_macs += macs(net, batch)
                total_cost += macs(net, batch) * ELEMENT_LUT[pfq.stage]
        loss = float(np.mean([v for v in losses if np.isfinite(v)]))
        acc = net.accuracy(x_test, y_test, gemm)
        hist["loss"].append(loss)
        hist["test_accuracy"].append(acc)
        if rec.loss_scaling:
            hist.setdefault("loss_scale", []).append(net.loss_scale)
            hist.setdefault("skipped_steps", []).append(net.skipped)
        stage = ""
        if pfq is not None:
            hist["stage"].append(pfq.stage)
            hist["macs"].append(total_macs)
            hist["lut_cycles"].append(total_cost)
            stage = f" ({pfq.stage})"
            pfq.end_epoch(loss)
        log(f"{rec.name:>10} epoch {epoch + 1}: loss {loss:.4f}, test accuracy {acc:.3f}{stage}")
    return net, hist


# ---------------------------------------------------------------------------------------------
# The runs of each recipe

#: Per recipe, its runs: (label, recipe name, options of `recipe`, PFQ's stages or None).
RUNS = {
    "banner": [("bn", "banner", dict(bn="std"), None), ("range-bn", "banner", dict(bn="range"), None)],
    "mellempudi": [("fp32-master", "mellempudi", dict(master="fp32"), None), ("fp16-master-sr", "mellempudi", dict(master="fp16"), None)],
    "hfp8": [("hfp8", "hfp8", {}, None)],
    "fractrain": [("fixed-fp8", "fractrain", {}, ("e4m3",)), ("pfq", "fractrain", {}, PFQ_STAGES)],
}


def run_recipe(name, data, epochs, log=print):
    """Every run of recipe `name`: {label: (net, history)}; HFP8's history adds the FP8
    inference accuracy before and after re-tuning the BN statistics."""
    runs = {}
    for label, rec_name, options, stages in RUNS[name]:
        net, hist = train(recipe(rec_name, **options), data, epochs, pfq=Pfq(stages) if stages else None, log=log)
        runs[label] = (net, hist)
    if name == "hfp8":
        net, hist = runs["hfp8"]
        gemm = Gemm(net.rec)
        hist["fp8_inference_running_bn"] = net.accuracy(data[2], data[3], gemm)
        net.retune_bn(data[0], gemm)
        hist["fp8_inference_retuned_bn"] = net.accuracy(data[2], data[3], gemm)
    return runs


def verilator_check(net, x, y):
    """The HFP8 network's test-set logits with its FP8 layer (the second convolution; the first
    and last stay in FP16) on the generated 4x4 array in Verilator and on the reference model:
    (mismatching logits, accuracy on the array)."""
    ref, hw = Gemm(net.rec), Gemm(net.rec, engine="verilator")
    logits_ref, _, _ = net.forward(x, ref, train=False)
    logits_hw, _, _ = net.forward(x, hw, train=False)
    mismatches = int(np.sum(logits_ref.view(np.uint32) != logits_hw.view(np.uint32)))
    return mismatches, float(np.mean(np.argmax(logits_hw, axis=1) == y))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--recipe", default="all", choices=[*RUNS, "all"])
    parser.add_argument("--epochs", type=int, default=8)
    parser.add_argument("--out", default=".", help="folder of recipes.json and one SVG plot per recipe")
    parser.add_argument("--no-verilator", action="store_true", help="skip HFP8's inference on the array in Verilator")
    args = parser.parse_args()
    if args.epochs < 1:
        parser.error("--epochs must be at least 1")
    os.makedirs(args.out, exist_ok=True)
    from fp8_training import plot  # the MLP example's SVG plot (numpy only)

    data = load_digits()
    names = list(RUNS) if args.recipe == "all" else [args.recipe]
    report = {}
    for name in names:
        t = time.time()
        runs = run_recipe(name, data, args.epochs)
        histories = {label: hist for label, (_, hist) in runs.items()}
        report[name] = histories
        plot({label: {k: h[k] for k in ("loss", "test_accuracy")} for label, h in histories.items()},
             os.path.join(args.out, f"{name}.svg"))
        print(f"{name}: {time.time() - t:.1f} s")
        if name == "hfp8":
            h = histories["hfp8"]
            print(f"hfp8 FP8 inference: {h['fp8_inference_running_bn']:.3f} with the running BN statistics, "
                  f"{h['fp8_inference_retuned_bn']:.3f} re-tuned")
            if not args.no_verilator:
                bad, acc = verilator_check(runs["hfp8"][0], data[2], data[3])
                h["verilator"] = {"mismatching_logits": bad, "test_accuracy": acc}
                print(f"hfp8 network on the generated 4x4 array in Verilator: test accuracy {100 * acc:.1f}%, "
                      f"{bad} of {data[2].shape[0] * 10} logits differ from the reference model")
                if bad:
                    raise SystemExit(1)
    with open(os.path.join(args.out, "recipes.json"), "w") as fh:
        json.dump(report, fh, indent=1)


if __name__ == "__main__":
    main()
