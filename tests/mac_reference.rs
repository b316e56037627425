//! The reference MAC against Berkeley SoftFloat (RNE) and the exact definition of SR.

mod common;

use common::*;
use fp8mac::{format::FP16_NAN, mac, Format, Rounding};
use half::f16;
use proptest::prelude::*;
use rayon::prelude::*;
use softfloat_wrapper::RoundingMode;

fn ref_mac(a: u8, fa: Format, b: u8, fb: Format, c: u16, r: Rounding) -> u16 {
    mac(a, fa, b, fb, f16::from_bits(c), r).to_bits()
}

/// Every (a, b) code pair of the given format pairs, for every addend, against SoftFloat.
fn mac_rne_equals_softfloat(pairs: &[(Format, Format)], addends: &[u16]) {
    let failures: Vec<String> = addends
        .par_iter()
        .flat_map_iter(|&c| {
            pairs.iter().flat_map(move |&(fa, fb)| {
                codes(fa).flat_map(move |a| codes(fb).map(move |b| (a, b))).filter_map(move |(a, b)| {
                    let got = ref_mac(a, fa, b, fb, c, Rounding::NearestEven);
                    let want = softfloat_mac(a, fa, b, fb, c, RoundingMode::TiesToEven);
                    (got != want).then(|| format!("a=0x{a:02x} {fa} b=0x{b:02x} {fb} c=0x{c:04x}: got 0x{got:04x} want 0x{want:04x}"))
                })
            })
        })
        .collect();
    assert!(failures.is_empty(), "{} mismatches, first: {:#?}", failures.len(), &failures[..failures.len().min(10)]);
}

/// The default pair's four format pairs, every (a, b), for 352 addends covering every class.
#[test]
fn mac_rne_equals_softfloat_default_pairs() {
    let addends = fp8mac::verify::addend_set(300, 7);
    assert!(addends.len() >= 300);
    let pair = [Format::E4M3, Format::E5M2];
    mac_rne_equals_softfloat(&pair.iter().flat_map(|&fa| pair.map(|fb| (fa, fb))).collect::<Vec<_>>(), &addends);
}

/// Every pair of formats of the table (121 of them), every (a, b), for the 52 edge addends
/// of every class (docs/spec.md section 11: SoftFloat on the widened operands stays the oracle).
#[test]
fn mac_rne_equals_softfloat_every_format_pair() {
    let addends = fp8mac::verify::addend_set(0, 7);
    assert!(addends.len() >= 40);
    let pairs: Vec<_> = Format::ALL.iter().flat_map(|&fa| Format::ALL.map(|fb| (fa, fb))).collect();
    mac_rne_equals_softfloat(&pairs, &addends);
}

/// Exact value of a*b + c in units of 2^-34 (every operand of every table format is a
/// multiple of 2^-17, every FP16 addend of 2^-24).
fn exact_scaled(a: u8, fa: Format, b: u8, fb: Format, c: u16) -> i128 {
    let scale = |x: f64, bits: i32| (x * 2f64.powi(bits)) as i128; // exact: x is on that grid
    scale(fp8_value(a, fa), 17) * scale(fp8_value(b, fb), 17) + scale(f16::from_bits(c).to_f64(), 34)
}

fn f16_scaled_mag(bits: u16) -> i128 {
    let x = f16::from_bits(bits).to_f64().abs();
    if x.is_infinite() {
        (65504 + 32) << 34
    } else {
        (x * 2f64.powi(34)) as i128
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// SR on finite operands: with t the result truncated toward zero and `away` the next grid
    /// point away from zero (both from SoftFloat's directed roundings), every result is t or
    /// away; it is away exactly when F + rnd >= 2^R, where F is computed here from the exact
    /// value; so over all rnd the round-ups number F, and exact results never move.
    #[test]
    fn mac_sr_matches_exact_definition(
        ((fa, a), (fb, b)) in (format_and_code(), format_and_code()),
        c in finite_fp16_code(),
        bits in 1u32..=10,
    ) {
        prop_assume!(fp8_value(a, fa).is_finite() && fp8_value(b, fb).is_finite());
        let v = exact_scaled(a, fa, b, fb, c);
        prop_assume!(v != 0);
        let negative = v < 0;
        let t = softfloat_mac(a, fa, b, fb, c, RoundingMode::TowardZero);
        let away_mode = if negative { RoundingMode::TowardNegative } else { RoundingMode::TowardPositive };
        let away = softfloat_mac(a, fa, b, fb, c, away_mode);
        let rem = v.abs() - f16_scaled_mag(t);
        let f = if t == away { 0 } else { (rem << bits) / (f16_scaled_mag(away) - f16_scaled_mag(t)) };
        // Beyond 65536 the truncated value itself is above 65504: infinity for every rnd.
        let f = f.min(1 << bits);
        let mut ups = 0;
        for rnd in 0..(1u32 << bits) {
            let y = ref_mac(a, fa, b, fb, c, Rounding::Stochastic { bits, rnd });
            prop_assert!(y == t || y == away, "rnd {rnd}: 0x{y:04x} is neither 0x{t:04x} nor 0x{away:04x}");
            let up = y != t;
            prop_assert_eq!(up, f + rnd as i128 >= 1 << bits, "rnd {} F {}", rnd, f);
            ups += up as i128;
        }
        prop_assert_eq!(ups, f);
    }

    /// Negating a and c negates every non-zero, non-NaN result, in both rounding modes.
    #[test]
    fn mac_is_sign_symmetric(
        (fa, fb) in (formats(), formats()),
        (a, b, c) in (fp8_code(), fp8_code(), fp16_code()),
        rnd in any::<u8>(), sr in any::<bool>(),
    ) {
        let r = if sr { Rounding::Stochastic { bits: 8, rnd: rnd as u32 } } else { Rounding::NearestEven };
        let y = ref_mac(a, fa, b, fb, c, r);
        let mirrored = ref_mac(a ^ 0x80, fa, b, fb, c ^ 0x8000, r);
        if y & 0x7FFF != 0 && y != FP16_NAN {
            prop_assert_eq!(mirrored, y ^ 0x8000);
        }
    }

    /// SR never changes special-case results: they equal the RNE ones for every rnd.
    #[test]
    fn mac_sr_specials_equal_rne(
        (fa, fb) in (formats(), formats()),
        (a, b, c) in (fp8_code(), fp8_code(), fp16_code()),
        (which, pick) in (0..3usize, any::<prop::sample::Index>()),
        rnd in any::<u8>(),
    ) {
        // Force one operand to a NaN or an infinity of its format.
        let specials8 = |f: Format| if f == Format::E4M3 { vec![0x7F, 0xFF] } else { vec![0x7C, 0xFC, 0x7D, 0x7E, 0xFF] };
        let specials16 = [0x7C00u16, 0xFC00, 0x7E00, 0x7C01, 0xFFFF];
        let (a, b, c) = match which {
            0 => (*pick.get(&specials8(fa)), b, c),
            1 => (a, *pick.get(&specials8(fb)), c),
            _ => (a, b, *pick.get(&specials16)),
        };
        prop_assert_eq!(
            ref_mac(a, fa, b, fb, c, Rounding::Stochastic { bits: 8, rnd: rnd as u32 }),
            ref_mac(a, fa, b, fb, c, Rounding::NearestEven)
        );
    }
}

/// The zero-sign rule of docs/spec.md section 2, item 5, from its own words.
#[test]
fn exact_zero_signs() {
    let m = |a, b, c| ref_mac(a, Format::E4M3, b, Format::E4M3, c, Rounding::NearestEven);
    assert_eq!(m(0x80, 0x38, 0x8000), 0x8000, "(-0 * 1) + -0 = -0");
    assert_eq!(m(0x00, 0x38, 0x8000), 0x0000, "(+0 * 1) + -0 = +0");
    assert_eq!(m(0x80, 0x38, 0x0000), 0x0000, "(-0 * 1) + +0 = +0");
    assert_eq!(m(0x38, 0x38, 0xBC00), 0x0000, "1 * 1 - 1 = +0 (cancellation)");
    assert_eq!(m(0xB8, 0x38, 0x3C00), 0x0000, "-1 * 1 + 1 = +0 (cancellation)");
    // E5M2 2^-16 * 2^-16 = 2^-32 underflows to a zero that keeps the product's sign.
    let tiny = |a, b, c| ref_mac(a, Format::E5M2, b, Format::E5M2, c, Rounding::NearestEven);
    assert_eq!(tiny(0x81, 0x01, 0x0000), 0x8000);
    assert_eq!(tiny(0x01, 0x01, 0x8000), 0x0000);
}
