//! Conversion into every format of the table against the spec's SR and saturation rules
//! (property tests against a brute-force search of each format's grid). The RNE casts of
//! every float16 input and of random float32s are checked against ml_dtypes by
//! python/tests/test_formats.py.

mod common;

use common::*;
use fp8mac::{encode_f16, Format, Rounding};
use half::f16;
use proptest::prelude::*;

/// The non-negative grid of `fmt`: its finite values, then the same binade structure
/// continued above max finite ("exponent range unbounded above"; integers for INT8) past
/// every FP16 magnitude.
fn grid(fmt: Format) -> Vec<f64> {
    let mut g: Vec<f64> = codes(fmt).map(|c| fp8_value(c, fmt)).filter(|v| v.is_finite() && *v >= 0.0).collect();
    g.sort_by(f64::total_cmp);
    g.dedup();
    while g[g.len() - 1] <= 65536.0 {
        let last = g[g.len() - 1];
        let step = fmt.float().map_or(1.0, |f| (last.log2().floor() - f.man_bits as f64).exp2());
        g.push(last + step);
    }
    g
}

/// The largest finite value, by the oracle's values.
fn max_value(fmt: Format) -> f64 {
    codes(fmt).map(|c| fp8_value(c, fmt)).filter(|v| v.is_finite()).fold(0.0, f64::max)
}

/// The code of `v` (a value of the format) with the sign of `negative`, by the oracle's values.
fn code_of(fmt: Format, v: f64, negative: bool) -> u8 {
    let v = if negative { -v } else { v };
    codes(fmt)
        .find(|&c| fp8_value(c, fmt) == v && (v != 0.0 || fp8_value(c, fmt).is_sign_negative() == negative))
        .expect("a value of the format")
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    /// SR onto the FP8 grid: t and t+u bracket |x| (found by search); the result rounds up for
    /// exactly the rnd with F + rnd >= 2^R, F = floor((|x| - t) / u * 2^R).
    #[test]
    fn encode_sr_matches_exact_definition(fmt in any_format(), bits in finite_fp16_code(), r in 1u32..=8) {
        let x = f16::from_bits(bits).to_f64();
        let g = grid(fmt);
        let mag = x.abs();
        let i = g.partition_point(|&v| v <= mag) - 1;
        let (t, u) = (g[i], g[i + 1] - g[i]);
        let f = ((mag - t) / u * (1u64 << r) as f64).floor() as u64;
        // Saturating; INT8 reaches one further below zero.
        let max = if fmt.is_int() && x < 0.0 { max_value(fmt) + 1.0 } else { max_value(fmt) };
        for rnd in 0..(1u32 << r) {
            let y = encode_f16(f16::from_bits(bits), fmt, Rounding::Stochastic { bits: r, rnd }, true);
            let want = if f + rnd as u64 >= 1 << r { t + u } else { t };
            let want = want.min(max);
            prop_assert_eq!(fp8_value(y, fmt).abs(), want, "{} x {} rnd {}", fmt, x, rnd);
            // The sign is kept, except where the format has no -0.
            let signed_zero = fmt.float().is_some_and(|f| f.has_negative_zero());
            if want != 0.0 || signed_zero {
                prop_assert_eq!(fp8_value(y, fmt).is_sign_negative(), x.is_sign_negative(), "{} sign of x {}", fmt, x);
            }
        }
    }

    /// Saturation changes exactly the overflows: they become +-max finite.
    #[test]
    fn encode_saturate_only_clamps_overflow(fmt in any_format(), bits in fp16_code(), sr in any::<bool>(), rnd in any::<u8>()) {
        let r = if sr { Rounding::Stochastic { bits: 8, rnd: rnd as u32 } } else { Rounding::NearestEven };
        let x = f16::from_bits(bits);
        let plain = encode_f16(x, fmt, r, false);
        let sat = encode_f16(x, fmt, r, true);
        let overflowed = !x.is_nan() && !fp8_value(plain, fmt).is_finite();
        if overflowed {
            prop_assert_eq!(sat, code_of(fmt, max_value(fmt), x.is_sign_negative()));
        } else {
            prop_assert_eq!(sat, plain);
        }
    }
}

/// The spec's own examples (section 3).
#[test]
fn spec_examples() {
    let q = |x: f32, sat| encode_f16(f16::from_f32(x), Format::E4M3, Rounding::NearestEven, sat);
    assert_eq!(q(464.0, false), 0x7E, "464 rounds to 448, a tie to even");
    assert_eq!(q(465.0, false), 0x7F, "465 overflows to NaN");
    assert_eq!(q(-465.0, false), 0xFF);
    assert_eq!(q(465.0, true), 0x7E);
    let inf = f16::INFINITY;
    assert_eq!(encode_f16(inf, Format::E5M2, Rounding::NearestEven, false), 0x7C);
    assert_eq!(encode_f16(-inf, Format::E5M2, Rounding::NearestEven, true), 0xFB);
    assert_eq!(encode_f16(-inf, Format::E4M3, Rounding::NearestEven, false), 0xFF);
    assert_eq!(encode_f16(f16::NAN, Format::E5M2, Rounding::NearestEven, true), 0x7E);
}

/// docs/spec.md section 11's overflow rules beyond the OCP pair: an FNUZ format overflows to
/// its NaN 0x80 and has no -0; FP4 saturates either way; INT8 rounds to nearest even and clips.
#[test]
fn table_format_examples() {
    let q = |x: f32, fmt, sat| encode_f16(f16::from_f32(x), fmt, Rounding::NearestEven, sat);
    assert_eq!(q(1000.0, Format::E4M3FNUZ, false), 0x80);
    assert_eq!(q(-1000.0, Format::E4M3FNUZ, true), 0xFF, "-240");
    assert_eq!(q(-1e-6, Format::E4M3FNUZ, false), 0x00, "no -0");
    assert_eq!(q(1000.0, Format::E4M3_IEEE, false), 0x78, "+inf");
    assert_eq!(q(100.0, Format::E2M1, false), 0x07, "6");
    assert_eq!(q(-5.0, Format::E2M1, false), 0x0E, "-4: 5 ties to even");
    assert_eq!(q(2.5, Format::INT8, false), 2);
    assert_eq!(q(-3.5, Format::INT8, false), (-4i8) as u8);
    assert_eq!(q(-1000.0, Format::INT8, false), 0x80, "-128");
    assert_eq!(q(1000.0, Format::INT8, false), 0x7F);
}

/// `amax_scale_exp` at the format boundaries: the largest S with amax 2^S <= max finite,
/// clamped to -64..=64; 0 for nothing to scale.
#[test]
fn amax_scale_exp_at_the_boundaries() {
    use fp8mac::reference::amax_scale_exp;
    use fp8mac::Format::{E4M3, E5M2};
    assert_eq!(amax_scale_exp(448.0, E4M3), 0);
    assert_eq!(amax_scale_exp(448.000_001, E4M3), -1);
    assert_eq!(amax_scale_exp(224.0, E4M3), 1);
    assert_eq!(amax_scale_exp(57344.0, E5M2), 0);
    assert_eq!(amax_scale_exp(57344.0 / 4.0, E5M2), 2);
    assert_eq!(amax_scale_exp(2f64.powi(-80), E4M3), 64);
    assert_eq!(amax_scale_exp(1e300, E5M2), -64);
    assert_eq!(amax_scale_exp(0.0, E4M3), 0);
    assert_eq!(amax_scale_exp(f64::NAN, E4M3), 0);
}

/// Scaling is exact: x 2^S quantises like the value x 2^S itself, at the subnormal and
/// overflow ends too.
#[test]
fn scaled_quantisation_is_exact() {
    use fp8mac::reference::{encode_f32, encode_f32_scaled};
    for fmt in Format::ALL {
        for bits in (0u32..1 << 16).map(|i| i.wrapping_mul(2654435761)) {
            let x = f32::from_bits(bits);
            if !x.is_finite() {
                continue;
            }
            for s in [-10, -1, 1, 7] {
                let scaled = x as f64 * 2f64.powi(s);
                if (scaled as f32) as f64 == scaled {
                    assert_eq!(
                        encode_f32_scaled(x, fmt, Rounding::NearestEven, false, s),
                        encode_f32(scaled as f32, fmt, Rounding::NearestEven, false),
                        "{fmt} {x:e} * 2^{s}"
                    );
                }
            }
        }
    }
}
