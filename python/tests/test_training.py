"""The FP8 training example (examples/fp8_training.py), short, and the amax scale it uses."""

import importlib.util

import numpy as np
import pytest

import fp8mac
from test_fp8mac import MAX, ROOT

spec = importlib.util.spec_from_file_location("fp8_training", ROOT / "examples" / "fp8_training.py")
training = importlib.util.module_from_spec(spec)
spec.loader.exec_module(training)


@pytest.mark.parametrize("fmt", ["e4m3", "e5m2"])
def test_amax_scale_exp_at_the_format_boundaries(fmt):
    top = MAX[fmt]
    assert fp8mac.amax_scale_exp(top, fmt) == 0  # the largest value fits as it is
    assert fp8mac.amax_scale_exp(np.nextafter(top, np.inf), fmt) == -1  # a hair above does not
    assert fp8mac.amax_scale_exp(top / 2, fmt) == 1
    assert fp8mac.amax_scale_exp(np.nextafter(top / 2, np.inf), fmt) == 0
    assert fp8mac.amax_scale_exp(1.0, fmt) == int(np.floor(np.log2(top)))
    assert fp8mac.amax_scale_exp(1e-300, fmt) == 64  # clamped to the range of scale_exp
    assert fp8mac.amax_scale_exp(1e300, fmt) == -64
    for nothing in (0.0, float("nan"), float("inf")):
        assert fp8mac.amax_scale_exp(nothing, fmt) == 0
    # The chosen scale is the largest with which quantisation does not overflow.
    x = np.array([3.3e-3, -0.7], np.float32)
    s = fp8mac.amax_scale_exp(0.7, fmt)
    assert np.all(np.isfinite(fp8mac.dequantize(fp8mac.quantize(x, fmt, scale_exp=s), fmt)))
    assert not np.all(np.isfinite(fp8mac.dequantize(fp8mac.quantize(x, fmt, scale_exp=s + 1), fmt)))
    with pytest.raises(ValueError, match="e4m2"):
        fp8mac.amax_scale_exp(1.0, "e4m2")


@pytest.fixture(scope="module")
def short_runs():
    data = training.load_digits()
    return data, {mode: training.train(mode, data, epochs=3) for mode in ("float32", "exact32")}


def test_fp8_exact_training_matches_float32(short_runs):
    _, runs = short_runs
    f32, exact = runs["float32"][1]["test_accuracy"][-1], runs["exact32"][1]["test_accuracy"][-1]
    assert f32 > 0.9, "the float32 baseline learns"
    assert exact >= f32 - 0.02, f"FP8 with exact accumulation {exact:.3f} against float32 {f32:.3f}"
    loss = runs["exact32"][1]["loss"]
    assert loss[-1] < loss[0] / 2


def test_trained_network_runs_bit_exact_on_the_array_in_verilator(short_runs):
    (_, _, xt, yt), runs = short_runs
    net = runs["exact32"][0]
    mismatches, accuracy = training.verilator_check(net, xt[:64], yt[:64])
    assert mismatches == 0
    assert accuracy > 0.8
