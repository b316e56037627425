//! The exact array's FP32 column rounder (`fp8_rounder_fp32`) on its own, in rust-hdl's
//! simulator, against the reference model's one rounding (`reference::round_once`): sums T
//! of every width with random pending carries, binary32 C of every class (zeros, subnormals,
//! the largest finite, infinities, NaN) and C = -2^s T + small (cancellation), RNE ties
//! decided by a bit 60 places below, s at both ends,
//! RNE and SR, one output per cycle through the pipeline.

use fp8mac::hdl::rounder_fp32::{RounderFp32, LATENCY};
use fp8mac::reference::{round_once, OutFormat, Rounding};
use fp8mac::rng::SrStream;
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

fn random_t(rng: &mut StdRng) -> i128 {
    let width = rng.random_range(0..=86u32);
    let mag = if width == 0 { 0 } else { rng.random::<u128>() >> (128 - width) | 1 << (width - 1) };
    // A tie of binary32's RNE (24 bits, then the guard bit) decided by one bit far below it.
    let mag = if width % 4 == 0 {
        (rng.random::<u128>() >> 103 | 1 << 24 | 1) << rng.random_range(1..=61u32) | rng.random_range(0..2u128)
    } else {
        mag
    };
    if rng.random() {
        -(mag as i128)
    } else {
        mag as i128
    }
}

fn random_c(rng: &mut StdRng, t: i128, s: i32) -> u32 {
    match rng.random_range(0..10) {
        0 => [0, 0x8000_0000, 1, 0x8000_0001, 0x007F_FFFF, 0x0080_0000, 0x7F7F_FFFF, 0xFF7F_FFFF][rng.random_range(0..8)],
        1 => [0x7F80_0000, 0xFF80_0000, 0x7FC0_0000, 0x7F80_0001][rng.random_range(0..4)],
        2..=4 => {
            // -2^s T, nudged: cancellation
            let x = -(t as f64) * 2f64.powi(s - 34);
            (x as f32).to_bits().wrapping_add(rng.random_range(0..3)).wrapping_sub(1)
        }
        5 => rng.random::<u32>() & 0x80FF_FFFF, // tiny: exponent field 0 or 1
        _ => rng.random(),
    }
}

fn run<const R: usize>(cases: &[Case], sr: bool, rng: &mut StdRng) {
    let mut uut = RounderFp32::<R, 32>::new(SEGMENTS);
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
        let want = round_once(OutFormat::Fp32, x.c, x.t, x.s - 34, rounding);
        assert_eq!(y, want, "T = {} (2^{}), C = 0x{:08x}, sr {sr}: got 0x{y:08x}, want 0x{want:08x}", x.t, x.s - 34, x.c);
    }
}

/// The scale is a GEMM's constant: each run keeps one s.
fn cases(rng: &mut StdRng, s: i32, n: usize) -> Vec<Case> {
    (0..n)
        .map(|_| {
            let t = random_t(rng);
            Case { t, c: random_c(rng, t, s), s, seed: rng.random::<u32>() | 1 }
        })
        .collect()
}

#[test]
fn fp32_rounder_equals_the_reference() {
    let mut rng = StdRng::seed_from_u64(32);
    for s in [-64, -40, 0, 17, 64] {
        let cs = cases(&mut rng, s, 4000);
        run::<8>(&cs, false, &mut rng);
        run::<8>(&cs, true, &mut rng);
        run::<16>(&cs, true, &mut rng);
    }
}
