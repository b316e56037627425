//! FP16 -> FP8 conversion against ml_dtypes' casts (every input) and the spec's SR and
//! saturation rules (property tests against a brute-force search of the FP8 grid).

mod common;

use common::*;
use fp8mac::{to_fp8, Fp8Format, Rounding};
use half::f16;
use proptest::prelude::*;

/// ml_dtypes' float16 -> float8 casts for all 65536 inputs (tests/data/gen_ml_dtypes_tables.py).
fn ml_dtypes_table(fmt: Fp8Format) -> &'static [u8] {
    match fmt {
        Fp8Format::E4M3 => include_bytes!("data/f16_to_e4m3fn.bin"),
        Fp8Format::E5M2 => include_bytes!("data/f16_to_e5m2.bin"),
    }
}

#[test]
fn to_fp8_rne_equals_ml_dtypes_all_inputs() {
    for fmt in Fp8Format::ALL {
        let table = ml_dtypes_table(fmt);
        let mut failures = Vec::new();
        for bits in 0..=u16::MAX {
            let x = f16::from_bits(bits);
            let got = to_fp8(x, fmt, Rounding::NearestEven, false);
            // ml_dtypes keeps a NaN's sign bit; the spec has one positive NaN code.
            let want = if x.is_nan() { table[bits as usize] & 0x7F } else { table[bits as usize] };
            if got != want {
                failures.push(format!("{fmt} x=0x{bits:04x}: got 0x{got:02x} want 0x{want:02x}"));
            }
        }
        assert!(failures.is_empty(), "{} mismatches: {:#?}", failures.len(), &failures[..failures.len().min(10)]);
    }
}

/// The non-negative FP8 grid of `fmt`: its finite values, then the same binade structure
/// continued above max finite ("exponent range unbounded above") past every FP16 magnitude.
fn grid(fmt: Fp8Format) -> Vec<f64> {
    let man = if fmt == Fp8Format::E4M3 { 3 } else { 2 };
    let mut g: Vec<f64> = (0..=0x7Fu8).map(|c| fp8_value(c, fmt)).filter(|v| v.is_finite()).collect();
    g.sort_by(f64::total_cmp);
    while g[g.len() - 1] <= 65536.0 {
        let last = g[g.len() - 1];
        g.push(last + (last.log2().floor() - man as f64).exp2());
    }
    g
}

fn max_finite(fmt: Fp8Format) -> u8 {
    if fmt == Fp8Format::E4M3 {
        0x7E
    } else {
        0x7B
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    /// SR onto the FP8 grid: t and t+u bracket |x| (found by search); the result rounds up for
    /// exactly the rnd with F + rnd >= 2^R, F = floor((|x| - t) / u * 2^R).
    #[test]
    fn to_fp8_sr_matches_exact_definition(fmt in formats(), bits in finite_fp16_code(), r in 1u32..=8) {
        let x = f16::from_bits(bits).to_f64();
        let g = grid(fmt);
        let mag = x.abs();
        let i = g.partition_point(|&v| v <= mag) - 1;
        let (t, u) = (g[i], g[i + 1] - g[i]);
        let f = ((mag - t) / u * (1u64 << r) as f64).floor() as u64;
        let max = fp8_value(max_finite(fmt), fmt);
        for rnd in 0..(1u32 << r) {
            let y = to_fp8(f16::from_bits(bits), fmt, Rounding::Stochastic { bits: r, rnd }, true);
            let want = if f + rnd as u64 >= 1 << r { t + u } else { t };
            let want = want.min(max); // saturating
            prop_assert_eq!(fp8_value(y & 0x7F, fmt), want, "x {} rnd {}", x, rnd);
            prop_assert_eq!(y >> 7 == 1, x.is_sign_negative(), "sign of x {}", x);
        }
    }

    /// Saturation changes exactly the overflows: they become +-max finite.
    #[test]
    fn to_fp8_saturate_only_clamps_overflow(fmt in formats(), bits in fp16_code(), sr in any::<bool>(), rnd in any::<u8>()) {
        let r = if sr { Rounding::Stochastic { bits: 8, rnd: rnd as u32 } } else { Rounding::NearestEven };
        let x = f16::from_bits(bits);
        let plain = to_fp8(x, fmt, r, false);
        let sat = to_fp8(x, fmt, r, true);
        let overflowed = !x.is_nan() && !fp8_value(plain, fmt).is_finite();
        if overflowed {
            prop_assert_eq!(sat, max_finite(fmt) | (plain & 0x80));
        } else {
            prop_assert_eq!(sat, plain);
        }
    }
}

/// The spec's own examples (section 3).
#[test]
fn spec_examples() {
    let q = |x: f32, sat| to_fp8(f16::from_f32(x), Fp8Format::E4M3, Rounding::NearestEven, sat);
    assert_eq!(q(464.0, false), 0x7E, "464 rounds to 448, a tie to even");
    assert_eq!(q(465.0, false), 0x7F, "465 overflows to NaN");
    assert_eq!(q(-465.0, false), 0xFF);
    assert_eq!(q(465.0, true), 0x7E);
    let inf = f16::INFINITY;
    assert_eq!(to_fp8(inf, Fp8Format::E5M2, Rounding::NearestEven, false), 0x7C);
    assert_eq!(to_fp8(-inf, Fp8Format::E5M2, Rounding::NearestEven, true), 0xFB);
    assert_eq!(to_fp8(-inf, Fp8Format::E4M3, Rounding::NearestEven, false), 0xFF);
    assert_eq!(to_fp8(f16::NAN, Fp8Format::E5M2, Rounding::NearestEven, true), 0x7E);
}

/// `amax_scale_exp` at the format boundaries: the largest S with amax 2^S <= max finite,
/// clamped to -64..=64; 0 for nothing to scale.
#[test]
fn amax_scale_exp_at_the_boundaries() {
    use fp8mac::reference::amax_scale_exp;
    use fp8mac::Fp8Format::{E4M3, E5M2};
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
    use fp8mac::reference::{f32_to_fp8, f32_to_fp8_scaled};
    for fmt in Fp8Format::ALL {
        for bits in (0u32..1 << 16).map(|i| i.wrapping_mul(2654435761)) {
            let x = f32::from_bits(bits);
            if !x.is_finite() {
                continue;
            }
            for s in [-10, -1, 1, 7] {
                let scaled = x as f64 * 2f64.powi(s);
                if (scaled as f32) as f64 == scaled {
                    assert_eq!(
                        f32_to_fp8_scaled(x, fmt, Rounding::NearestEven, false, s),
                        f32_to_fp8(scaled as f32, fmt, Rounding::NearestEven, false),
                        "{fmt} {x:e} * 2^{s}"
                    );
                }
            }
        }
    }
}
