"""The training recipes (examples/recipes.py): their parts against their definitions, and each
recipe's short run."""

import importlib.util

import numpy as np
import pytest

import fp8mac
from test_fp8mac import ROOT

spec = importlib.util.spec_from_file_location("recipes", ROOT / "examples" / "recipes.py")
recipes = importlib.util.module_from_spec(spec)
spec.loader.exec_module(recipes)


def test_range_bn_is_banners_formula():
    # One channel, n = 8 values: mean 2, range 9 - (-3) = 12, C(8) = 1 / sqrt(2 ln 8).
    x = np.array([1, 9, -3, 2, 2, 4, 0, 1], np.float32).reshape(2, 1, 2, 2)
    xhat, mean, scale, _ = recipes.batch_norm(x, "range", eps=0.0)
    c8 = 1.0 / np.sqrt(2.0 * np.log(8.0))
    assert mean.item() == pytest.approx(2.0)
    assert scale.item() == pytest.approx(12.0 * c8, rel=1e-6)
    np.testing.assert_allclose(xhat, (x - 2.0) / (12.0 * c8), rtol=1e-6)
    # For Gaussian data of deviation s, C(n) x range follows s: the largest of n samples is
    # about s (sqrt(2 ln n) - (ln ln n + ln 4 pi) / (2 sqrt(2 ln n))), so with n = 4096 the
    # scale is about 2 s (1 - 0.11) = 1.78 s (the constant is gamma's to absorb).
    g = np.random.default_rng(0).standard_normal((64, 1, 8, 8)).astype(np.float32) * 3.0
    _, _, scale, _ = recipes.batch_norm(g, "range")
    assert 1.6 * 3.0 < scale.item() < 2.0 * 3.0


@pytest.mark.parametrize("kind", ["std", "range"])
def test_batch_norm_backward_is_the_derivative(kind):
    rng = np.random.default_rng(1)
    x = rng.standard_normal((4, 2, 3, 3))
    up = rng.standard_normal(x.shape)
    loss = lambda v: float((recipes.batch_norm(v, kind)[0] * up).sum())
    _, _, _, cache = recipes.batch_norm(x, kind)
    grad = recipes.batch_norm_backward(up, cache)
    h = 1e-6
    n, i, j = np.unravel_index(np.argmax(x[:, 0]), x[:, 0].shape)  # channel 0's largest: Range BN's scale moves with it
    for idx in [(0, 0, 0, 0), (1, 1, 2, 1), (n, 0, i, j)]:
        e = np.zeros_like(x)
        e[idx] = h
        numeric = (loss(x + e) - loss(x - e)) / (2 * h)
        assert grad[idx] == pytest.approx(numeric, rel=1e-4, abs=1e-6), (kind, idx)


def test_im2col_and_col2im_are_adjoint():
    rng = np.random.default_rng(2)
    for stride in (1, 2):
        x = rng.standard_normal((2, 3, 8, 8))
        cols, _ = recipes.im2col(x, stride)
        c = rng.standard_normal(cols.shape)
        assert (cols * c).sum() == pytest.approx((x * recipes.col2im(c, x.shape, stride)).sum())


def test_round_float_rne_equals_numpy_and_ml_dtypes():
    import ml_dtypes

    rng = np.random.default_rng(4)
    bits = rng.integers(0, 2**32, 200_000, dtype=np.uint64).astype(np.uint32)
    x = bits.view(np.float32)
    x = np.concatenate([x, np.float32([0.0, -0.0, np.inf, -np.inf, 65519.99, 65520.0, 2.0**-25, -(2.0**-25) * 1.5])])
    finite = ~np.isnan(x)
    for out, dtype in (("fp16", np.float16), ("bf16", ml_dtypes.bfloat16)):
        with np.errstate(invalid="ignore", over="ignore"):  # numpy's own overflow to infinity
            got, want = fp8mac.round_float(x, out), x.astype(dtype)
        assert got.dtype == np.dtype(dtype)
        np.testing.assert_array_equal(got[finite].view(np.uint16), want[finite].view(np.uint16), err_msg=out)
        assert np.all(np.isnan(got[~finite].astype(np.float32)))
    np.testing.assert_array_equal(fp8mac.round_float(x, "fp32").view(np.uint32)[finite], x.view(np.uint32)[finite])
    with pytest.raises(TypeError, match="float32"):
        fp8mac.round_float(np.zeros(2), "fp16")
    with pytest.raises(ValueError, match="fp8"):
        fp8mac.round_float(x, "fp8")


def test_fp16_master_weights_with_sr_are_unbiased():
    """round_float with SR (R = 16 bits) rounds w up with probability floor(f 2^16) / 2^16, f the
    fraction of an FP16 step, so E[round(w)] is within 2^-16 steps of w; the mean of N seeds
    adds sampling noise of at most 1 / (2 sqrt(N)) steps (a Bernoulli's deviation is at most
    1/2), so 5 of those bound it. RNE, by contrast, moves every w by its distance to the grid."""
    rng = np.random.default_rng(3)
    w = (1.0 + rng.uniform(0, 1, 64) * 2.0 ** -10).astype(np.float32)  # between 1 and 1 + one step
    step = 2.0 ** -10
    n = 2000
    mean = np.mean([fp8mac.round_float(w, "fp16", rounding="sr", sr_bits=16, seed=s).astype(np.float64) for s in range(n)], axis=0)
    bound = step * (2.0 ** -16 + 5 / (2 * np.sqrt(n)))
    assert np.max(np.abs(mean - w)) <= bound
    rne = fp8mac.round_float(w, "fp16").astype(np.float64)
    assert np.max(np.abs(rne - w)) > 4 * bound


def test_pfq_switches_on_the_loss_plateau():
    pfq = recipes.Pfq(eps=0.1)
    stages = []
    for loss in [2.0, 1.0, 0.95, 0.9, 0.5, 0.49, 0.48, 0.479]:
        stages.append(pfq.stage)
        pfq.end_epoch(loss)
    # 0.95 improves on 1.0 by 5 % < 10 %: FP6 from the next epoch; a new stage starts its own
    # curve, so 0.9 compares with nothing; 0.49 improves on 0.5 by 2 %: FP8; the last stage stays.
    assert stages == ["float4_e2m1fn"] * 3 + ["float6_e2m3fn"] * 3 + ["e4m3"] * 2
    assert pfq.stage == "e4m3"


@pytest.fixture(scope="module")
def digits():
    return recipes.load_digits()


@pytest.mark.parametrize("name", ["banner", "mellempudi", "hfp8", "fractrain"])
def test_each_recipe_learns_in_two_epochs(digits, name):
    pfq = recipes.Pfq() if name == "fractrain" else None
    _, hist = recipes.train(recipes.recipe(name), digits, epochs=2, pfq=pfq, log=lambda _: None)
    assert hist["test_accuracy"][-1] > 0.6, hist  # chance is 0.1
    assert hist["loss"][-1] < hist["loss"][0]
    if pfq is not None:
        assert hist["stage"][0] == "float4_e2m1fn" and hist["lut_cycles"][-1] > 0


def test_hfp8_gemms_take_e5m2_errors_and_e4m3_otherwise(digits):
    """Every GEMM of one HFP8 step: the error operand (marked err) in E5M2, the activations and
    weights in E4M3, the first and last layers' GEMMs in FP16 (no format)."""
    rec = recipes.recipe("hfp8")
    net, inner = recipes.Cnn(rec), recipes.Gemm(rec)
    calls = []

    def gemm(x, fmt_x, w, fmt_w, err=None):
        calls.append((fmt_x, fmt_w, err))
        return inner(x, fmt_x, w, fmt_w, err=err)

    x, y = digits[0][:16], digits[1][:16]
    net.step(x, y, gemm)
    fp8 = [c for c in calls if c[0] is not None]
    assert fp8 and len(fp8) < len(calls)  # the wide ends ran without a format
    for fmt_x, fmt_w, err in fp8:
        assert {"x": fmt_x, "w": fmt_w}.get(err, "e5m2") == "e5m2"
        others = [f for f, side in ((fmt_x, "x"), (fmt_w, "w")) if side != err]
        assert others == ["e4m3"] * len(others), (fmt_x, fmt_w, err)
