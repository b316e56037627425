"""FP8 training in miniature on fp8mac's bit-exact model: HFP8 (Sun et al. 2019) on digits.

A 64-256-256-10 MLP learns scikit-learn's bundled 8x8 digits (1797 images, nothing downloaded)
with every GEMM in FP8 on fp8mac's reference model:
* forward, Z = H W: E4M3 activations x E4M3 weights;
* backward, dW = H^T dZ and dH = dZ W^T: E5M2 gradients against E4M3 activations and weights
  (per-operand formats);
* per-tensor power-of-two scaling from amax (`fp8mac.amax_scale_exp`), with headroom so the
  FP16 accumulator of the chain modes stays finite (amax at 1/16 of E4M3's 448 and at 1/1024
  of E5M2's 57344); the scale is undone exactly: by `scale_exp` in exact mode, in float32 after
  the FP16 chain. For the gradients this per-tensor scale is loss scaling (Mellempudi et al.
  2019) in its dynamic, per-tensor form: the gradient is brought into E5M2's range whatever the
  loss's magnitude;
* gradients quantised to E5M2 with stochastic rounding (R = 8), activations and weights with
  RNE; float32 master weights, biases and optimiser (SGD with momentum).

Each accumulation mode trains the same network from the same initial weights, beside a float32
baseline: fp16 (the FP16 chain, RNE per MAC: the HFP8 datapath), fp16-sr (the chain with SR,
R = 8), exact16 and exact32 (exact accumulation rounded once to FP16 / FP32). Loss and test
accuracy per epoch are printed, written as JSON and plotted (SVG). Then the network trained on
the FP16 chain classifies the test set through the generated systolic array in Verilator, and
every logit is checked bit for bit against the reference model.

Run from the repository after `make python` (about 75 s on 2 cores):

    .venv/bin/python examples/fp8_training.py --out docs/training
"""
from __future__ import annotations

import argparse
import json
import os
import time

import numpy as np

import fp8mac

HEADROOM = {"e4m3": 4, "e5m2": 10}  # binades kept free above amax (see the docstring)
MODES = {
    "float32": None,
    "fp16": dict(accumulate="fp16"),
    "fp16-sr": dict(accumulate="fp16", rounding="sr", sr_bits=8),
    "exact16": dict(accumulate="exact", out="fp16"),
    "exact32": dict(accumulate="exact", out="fp32"),
}
SIZES = (64, 256, 256, 10)


def load_digits(seed=0):
    """(x_train, y_train, x_test, y_test): float32 pixels in [0, 1], an 80/20 split."""
    from sklearn.datasets import load_digits as load

    digits = load()
    x = (digits.data / 16.0).astype(np.float32)
    y = digits.target.astype(np.int64)
    order = np.random.default_rng(seed).permutation(len(y))
    cut = int(0.8 * len(y))
    return x[order[:cut]], y[order[:cut]], x[order[cut:]], y[order[cut:]]


class Fp8Gemm:
    """Y = X W of float32 matrices through fp8mac: both operands quantised with per-tensor
    power-of-two scales, multiplied in one accumulation mode, the scales undone exactly."""

    def __init__(self, mode, engine="reference", seed=0):
        self.mode, self.engine, self.calls = MODES[mode], engine, seed

    def __call__(self, x, fmt_x, w, fmt_w):
        self.calls += 1  # a fresh SR seed per GEMM
        qx, sx = quantize(x, fmt_x, self.calls)
        qw, sw = quantize(w, fmt_w, self.calls)
        mode = dict(self.mode)
        if self.engine != "reference":
            mode.update(engine=self.engine, rows=4, cols=4)
        if mode.get("rounding") == "sr":
            mode.update(seed=self.calls)
        if mode["accumulate"] == "exact":
            y = fp8mac.gemm(qx, qw, fmt_a=fmt_x, fmt_b=fmt_w, scale_exp=-(sx + sw), **mode)
            return y.astype(np.float32)
        y = fp8mac.gemm(qx, qw, fmt_a=fmt_x, fmt_b=fmt_w, **mode)
        return np.ldexp(y.astype(np.float32), -(sx + sw))


def quantize(x, fmt, seed):
    """FP8 codes of x * 2^S, S from amax with HEADROOM binades free; SR for gradients (E5M2)."""
    amax = float(np.max(np.abs(x))) if x.size else 0.0
    s = int(np.clip(fp8mac.amax_scale_exp(amax, fmt) - HEADROOM[fmt], -32, 32))
    x = np.ascontiguousarray(x, dtype=np.float32)
    sr = dict(rounding="sr", seed=seed) if fmt == "e5m2" else {}
    return fp8mac.quantize(x, fmt, saturate=True, scale_exp=s, **sr), s


def float32_gemm(x, fmt_x, w, fmt_w):
    return x @ w


class Mlp:
    """64-256-256-10, ReLU, softmax cross-entropy; float32 master weights."""

    def __init__(self, seed=1):
        rng = np.random.default_rng(seed)
        self.w = [(rng.standard_normal((m, n)) * np.sqrt(2.0 / m)).astype(np.float32) for m, n in zip(SIZES, SIZES[1:])]
        self.b = [np.zeros(n, np.float32) for n in SIZES[1:]]
        self.vw = [np.zeros_like(w) for w in self.w]
        self.vb = [np.zeros_like(b) for b in self.b]

    def forward(self, x, gemm):
        """Logits, and the inputs of every layer (kept for the backward pass)."""
        hs = [x]
        for i, (w, b) in enumerate(zip(self.w, self.b)):
            z = gemm(hs[-1], "e4m3", w, "e4m3") + b
            if i == len(self.w) - 1:
                return z, hs
            hs.append(np.maximum(z, 0.0))

    def step(self, x, y, gemm, lr=0.05, momentum=0.9):
        logits, hs = self.forward(x, gemm)
        p = softmax(logits)
        loss = -np.mean(np.log(p[np.arange(len(y)), y] + 1e-12))
        dz = p
        dz[np.arange(len(y)), y] -= 1.0
        dz /= len(y)
        for i in reversed(range(len(self.w))):
            dw = gemm(hs[i].T, "e4m3", dz, "e5m2")
            db = dz.sum(axis=0)
            if i > 0:
                dz = gemm(dz, "e5m2", self.w[i].T, "e4m3") * (hs[i] > 0)
            self.vw[i] = momentum * self.vw[i] - lr * dw
            self.vb[i] = momentum * self.vb[i] - lr * db
            self.w[i] += self.vw[i]
            self.b[i] += self.vb[i]
        return loss

    def predict(self, x, gemm):
        return np.argmax(self.forward(x, gemm)[0], axis=1)


def softmax(z):
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def train(mode, data, epochs, batch=32, seed=0):
    """Trains one network in `mode`; returns it and its history (loss, test accuracy per epoch)."""
    x, y, xt, yt = data
    gemm = float32_gemm if MODES[mode] is None else Fp8Gemm(mode)
    net = Mlp()
    rng = np.random.default_rng(seed)
    history = {"loss": [], "test_accuracy": []}
    for _ in range(epochs):
        order = rng.permutation(len(y))
        losses = [net.step(x[idx], y[idx], gemm) for idx in np.array_split(order, len(y) // batch)]
        history["loss"].append(float(np.mean(losses)))
        history["test_accuracy"].append(float(np.mean(net.predict(xt, gemm) == yt)))
    return net, history


def verilator_check(net, xt, yt):
    """The FP16-chain network's test-set logits through the generated 4x4 array in Verilator
    and through the reference model: returns (mismatching logits, accuracy)."""
    ref, hw = Fp8Gemm("fp16"), Fp8Gemm("fp16", engine="verilator")
    logits_ref, _ = net.forward(xt, ref)
    logits_hw, _ = net.forward(xt, hw)
    mismatches = int(np.sum(logits_ref.view(np.uint32) != logits_hw.view(np.uint32)))
    return mismatches, float(np.mean(np.argmax(logits_hw, axis=1) == yt))


def plot(histories, path):
    """Loss and test accuracy against epoch, one line per mode, as a small SVG (numpy only)."""
    colours = ["#000000", "#d62728", "#ff7f0e", "#1f77b4", "#9467bd"]
    panels = [("training loss", "loss", True), ("test accuracy", "test_accuracy", False)]
    w, h, pad = 420, 300, 50
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{2 * w}" height="{h + 30}" font-family="sans-serif" font-size="11">',
           f'<rect width="{2 * w}" height="{h + 30}" fill="white"/>']
    for p, (title, key, log) in enumerate(panels):
        x0 = p * w
        series = {m: np.array(hist[key]) for m, hist in histories.items()}
        values = np.concatenate(list(series.values()))
        f = np.log10 if log else (lambda v: v)
        lo, hi = f(values.min()), f(values.max())
        lo, hi = lo - 0.05 * (hi - lo + 1e-9), hi + 0.05 * (hi - lo + 1e-9)
        epochs = max(len(s) for s in series.values())
        px = lambda e: x0 + pad + (w - 1.5 * pad) * (e / max(epochs - 1, 1))
        py = lambda v: h - pad + 20 - (h - 1.5 * pad) * ((f(v) - lo) / (hi - lo))
        out.append(f'<text x="{x0 + w / 2}" y="16" text-anchor="middle" font-size="14">{title}{" (log)" if log else ""}</text>')
        out.append(f'<rect x="{x0 + pad}" y="{pad / 2 + 5}" width="{w - 1.5 * pad}" height="{h - 1.5 * pad}" fill="none" stroke="black"/>')
        for tick in np.linspace(lo, hi, 5):
            v = 10**tick if log else tick
            out.append(f'<text x="{x0 + pad - 4}" y="{py(v) + 4:.1f}" text-anchor="end">{v:.3g}</text>')
        for e in range(epochs):
            out.append(f'<text x="{px(e):.1f}" y="{h + 5}" text-anchor="middle">{e + 1}</text>')
        out.append(f'<text x="{x0 + w / 2}" y="{h + 22}" text-anchor="middle">epoch</text>')
        for i, (mode, s) in enumerate(series.items()):
            points = " ".join(f"{px(e):.1f},{py(v):.1f}" for e, v in enumerate(s))
            out.append(f'<polyline points="{points}" fill="none" stroke="{colours[i]}" stroke-width="2"/>')
            if p == 0:
                out.append(f'<text x="{w - pad - 60}" y="{pad + 14 * i + 10}" fill="{colours[i]}">{mode}</text>')
    out.append("</svg>")
    with open(path, "w") as fh:
        fh.write("\n".join(out) + "\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--epochs", type=int, default=8)
    parser.add_argument("--modes", default=",".join(MODES), help="comma-separated, of: " + ", ".join(MODES))
    parser.add_argument("--out", default=".", help="folder of training.json, training.svg and the layer tensors")
    parser.add_argument("--no-verilator", action="store_true", help="skip the Verilator inference")
    args = parser.parse_args()
    modes = list(dict.fromkeys(m.strip() for m in args.modes.split(",")))
    unknown = [m for m in modes if m not in MODES]
    if unknown or args.epochs < 1:
        parser.error(f"unknown mode '{unknown[0]}' (expected some of: {', '.join(MODES)})" if unknown else "--epochs must be at least 1")
    os.makedirs(args.out, exist_ok=True)
    data = load_digits()
    histories, nets = {}, {}
    print(f"{'mode':<8} {'epoch':>5} {'loss':>8} {'test acc.':>9}")
    for mode in modes:
        t = time.time()
        nets[mode], histories[mode] = train(mode, data, args.epochs)
        for e, (loss, acc) in enumerate(zip(*histories[mode].values())):
            print(f"{mode:<8} {e + 1:>5} {loss:>8.4f} {100 * acc:>8.1f}%")
        print(f"{mode:<8} trained in {time.time() - t:.1f} s")
    with open(os.path.join(args.out, "training.json"), "w") as fh:
        json.dump(histories, fh, indent=1)
    plot(histories, os.path.join(args.out, "training.svg"))
    # The second hidden layer's operands, for `fp8mac accuracy --network-a/--network-b`: from
    # an FP8-trained network (exact32's if trained).
    fp8 = [m for m in ("exact32", "exact16", "fp16", "fp16-sr") if m in nets]
    if fp8:
        trained = nets[fp8[0]]
        _, hs = trained.forward(data[0], float32_gemm)
        np.save(os.path.join(args.out, "layer2_activations.npy"), hs[1].astype(np.float32))
        np.save(os.path.join(args.out, "layer2_weights.npy"), trained.w[1])
        print(f"saved layer 2's activations and weights of the {fp8[0]} network in {args.out}")
    if "fp16" not in nets or args.no_verilator:
        print("Verilator inference skipped (it runs the network trained with mode fp16)")
    else:
        t = time.time()
        bad, acc = verilator_check(nets["fp16"], data[2], data[3])
        print(f"fp16 network on the generated 4x4 array in Verilator: test accuracy {100 * acc:.1f}%, "
              f"{bad} of {data[2].shape[0] * 10} logits differ from the reference model ({time.time() - t:.1f} s)")
        if bad:
            raise SystemExit(1)


if __name__ == "__main__":
    main()
