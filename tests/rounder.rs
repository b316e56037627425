//! The exact array's rounder (`fp8_rounder`) on its own, into every output format
//! (FP16, BF16, binary32), in rust-hdl's simulator, against the reference model's one
//! rounding (`reference::round_once`): sums T of every width with random pending carries, C of
//! every class (zeros, subnormals, the largest finite, infinities, NaN) and C = -2^s T + small
//! (cancellation), RNE ties decided by a bit 60 places below, results in and near the format's
//! range, s at both ends, RNE and SR, T shifted wholly below the window under a large C (the
//! sticky bit from every byte), one output per cycle through the pipeline.

use fp8mac::format::FloatFormat;
use fp8mac::hdl::rounder::{Rounder, LATENCY};
use fp8mac::reference::{round_once, OutFormat, Rounding};
use fp8mac::rng::SrStream;
use half::{bf16, f16};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use rust_hdl::prelude::*;

/// Segments of the full array's sums at K <= 2^16: T in 88-bit two's complement.
const SEGMENTS: usize = 11;

struct Case {
    t: i128,
    c: u32,
    s: i32,
    seed: u32,
}

/// A 96-bit port value from the low bits of `v`.
fn bits96(v: u128) -> Bits<96> {
    fp8mac::hdl::primitives::wide(v)
}

/// T split into segments and pending carries, as the array hands it over: random carry bits,
/// the segments holding the rest modulo 2^88.
fn split(t: i128, rng: &mut StdRng) -> (u128, u16) {
    let modulus = 1u128 << (8 * SEGMENTS);
    let carry: u16 = rng.random::<u16>() & ((1 << SEGMENTS) - 1);
    let carried: u128 = (0..SEGMENTS).filter(|s| carry >> s & 1 == 1).map(|s| 1u128 << (8 * s + 8)).sum();
    let seg = (t as u128).wrapping_sub(carried) % modulus;
    (seg, carry)
}

/// T of a random width, half the time one that puts 2^s T in or near `out`'s range.
fn random_t(rng: &mut StdRng, out: &FloatFormat, s: i32) -> i128 {
    let top = (out.emin() - out.man_bits as i32)..=((out.max_finite() >> out.man_bits) as i32 - out.bias + 1);
    let width = if rng.random() { rng.random_range(0..=86u32) } else { (rng.random_range(top) + 34 - s + 1).clamp(0, 86) as u32 };
    let mag = if width == 0 { 0 } else { rng.random::<u128>() >> (128 - width) | 1 << (width - 1) };
    // A tie of RNE (p bits, then the guard bit) decided by one bit far below it.
    let p = out.man_bits + 1;
    let mag = if width % 4 == 0 {
        (rng.random::<u128>() >> (127 - p) | 1 << p | 1) << rng.random_range(1..=61u32) | rng.random_range(0..2u128)
    } else {
        mag
    };
    if rng.random() {
        -(mag as i128)
    } else {
        mag as i128
    }
}

/// The code of `x` in `out`, by the `half` crate's conversions (round to nearest).
fn code_of(x: f64, out: OutFormat) -> u32 {
    match out {
        OutFormat::Fp16 => u32::from(f16::from_f64(x).to_bits()),
        OutFormat::Bf16 => u32::from(bf16::from_f64(x).to_bits()),
        OutFormat::Fp32 => (x as f32).to_bits(),
    }
}

fn random_c(rng: &mut StdRng, out: OutFormat, t: i128, s: i32) -> u32 {
    let f = out.spec();
    let (sign, inf, lsb) = (1u32 << (f.width() - 1), f.max_finite() + 1, 1u32 << f.man_bits);
    let width_mask = (sign << 1).wrapping_sub(1);
    match rng.random_range(0..10) {
        // zeros, the least subnormal, the largest subnormal, the least normal, the largest finite
        0 => [0, sign, 1, sign | 1, lsb - 1, lsb, f.max_finite(), sign | f.max_finite()][rng.random_range(0..8)],
        1 => [inf, sign | inf, f.canonical_nan(), inf + 1][rng.random_range(0..4)],
        2..=4 => {
            // -2^s T, nudged: cancellation
            let x = -(t as f64) * 2f64.powi(s - 34);
            code_of(x, out).wrapping_add(rng.random_range(0..3)).wrapping_sub(1) & width_mask
        }
        5 => rng.random::<u32>() & (sign | ((lsb << 1) - 1)), // tiny: exponent field 0 or 1
        _ => rng.random::<u32>() & width_mask,
    }
}

fn run<const R: usize, const O: usize, const W: usize>(out: OutFormat, cases: &[Case], sr: bool, rng: &mut StdRng) {
    let mut uut = Rounder::<R, O, W>::new(SEGMENTS, out.spec());
    uut.connect_all();
    let mut got = Vec::new();
    // The scale is fixed during a GEMM: the cycles after the last case keep it.
    let idle = Case { t: 0, c: 0, s: cases[0].s, seed: 1 };
    for cycle in 0..cases.len() + LATENCY {
        let x = cases.get(cycle).unwrap_or(&idle);
        let (seg, carry) = split(x.t, rng);
        uut.seg.next = bits96(seg);
        uut.carry.next = (carry as u64).into();
        uut.c.next = (x.c as u64).into();
        uut.seed.next = (x.seed as u64).into();
        uut.sr.next = sr;
        uut.scale_exp.next = (x.s as u8 as u64).into();
        uut.clk.next = Clock::from(false);
        assert!(simulate(&mut uut, 1000));
        if cycle >= LATENCY {
            got.push(uut.y.val().to_u32());
        }
        uut.clk.next = Clock::from(true);
        assert!(simulate(&mut uut, 1000));
    }
    for (x, y) in cases.iter().zip(got) {
        let rounding = if sr { SrStream::new(x.seed, R as u32).next_rounding() } else { Rounding::NearestEven };
        let want = round_once(out, x.c, x.t, x.s - 34, rounding);
        assert_eq!(y, want, "{out}: T = {} (2^{}), C = 0x{:08x}, sr {sr}: got 0x{y:08x}, want 0x{want:08x}", x.t, x.s - 34, x.c);
    }
}

/// The scale is a GEMM's constant: each run keeps one s.
fn cases(rng: &mut StdRng, out: OutFormat, s: i32, n: usize) -> Vec<Case> {
    (0..n)
        .map(|_| {
            let t = random_t(rng, out.spec(), s);
            Case { t, c: random_c(rng, out, t, s), s, seed: rng.random::<u32>() | 1 }
        })
        .collect()
}

/// T shifted wholly out of a `w`-bit window under a large C of the other sign, one case per bit
/// of |T| (s = -64): every bit of T's frame, byte by byte, is all the sticky bit sees, and with
/// SR (1 random bit) it decides whether C + 2^s T rounds back to C. Only wide-range formats
/// reach so far (T's frame top is 2^(61 + s), C's must be more than w - 97 bits above it).
fn lost_cases(rng: &mut StdRng, out: OutFormat, w: usize) -> Vec<Case> {
    let (f, s) = (out.spec(), -64);
    let t_top = 61 + s; // the weight of T's frame top, bit w - 2
    let e_max = (f.max_finite() >> f.man_bits) as i32 - f.bias;
    let mut all = Vec::new();
    for k in 0..86usize {
        // (|T| < 2^86, as random_t's: the 88-bit two's complement sum holds it)
        // |T| = 2^k sits at frame bit w - 97 + k: lost when C's top is d >= w - 97 + k above
        let d = w - 97 + k + rng.random_range(0..4);
        let e = d as i32 + t_top;
        if d >= w || e > e_max {
            continue;
        }
        let c = (1u32 << (f.width() - 1)) | (((e + f.bias) as u32) << f.man_bits) | rng.random_range(0..1u32 << f.man_bits);
        for _ in 0..4 {
            all.push(Case { t: 1i128 << k, c, s, seed: rng.random::<u32>() | 1 });
        }
    }
    all
}

/// The cases of one format, RNE and SR at R = 1, 8 and 16, through the rounder of `O`-bit codes
/// and a `W`-bit window (the array's choice for the format).
fn check<const O: usize, const W: usize>(out: OutFormat) {
    let mut rng = StdRng::seed_from_u64(32);
    let lost = lost_cases(&mut rng, out, W);
    assert_eq!(lost.is_empty(), out == OutFormat::Fp16, "{out}: FP16 alone cannot reach below the window");
    if !lost.is_empty() {
        run::<1, O, W>(out, &lost, true, &mut rng);
        run::<8, O, W>(out, &lost, false, &mut rng);
    }
    for s in [-64, -40, 0, 17, 44, 64] {
        let cs = cases(&mut rng, out, s, 3000);
        run::<8, O, W>(out, &cs, false, &mut rng);
        run::<8, O, W>(out, &cs, true, &mut rng);
        run::<16, O, W>(out, &cs, true, &mut rng);
        run::<1, O, W>(out, &cs, true, &mut rng);
    }
}

#[test]
fn fp16_rounder_equals_the_reference() {
    check::<16, 128>(OutFormat::Fp16);
}

#[test]
fn bf16_rounder_equals_the_reference() {
    check::<16, 128>(OutFormat::Bf16);
}

#[test]
fn fp32_rounder_equals_the_reference() {
    check::<32, 144>(OutFormat::Fp32);
}
