//! Exact accumulation (docs/spec.md section 8) against an oracle that shares no code with the model:
//! Operand values from ml_dtypes' table (src/verify/widen.txt), sums as exact rationals (num-rational), and a rounding
//! of rationals derived here from the specification's (docs/spec.md) definitions (and tested on its own against
//! Rust's and `half`'s correctly rounded conversions).

mod common;

use common::{any_format, codes};
use std::num::NonZeroUsize;

use fp8mac::format::FormatSet;
use fp8mac::progress::Progress;
use fp8mac::reference::{gemm_blocks, Align, BlockRounding, BlockScales, Blocks};
use fp8mac::rng::{stream_seed, SrStream};
use fp8mac::{gemm_exact, mac, Exact, Format, OutFormat, Rounding, SrConfig};
use half::{bf16, f16};
use ndarray::{s, Array2};
use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::{One, Signed, ToPrimitive, Zero};
use proptest::prelude::*;
use rand::{rngs::StdRng, Rng, SeedableRng};

// ------------------------------------------------------------------------------------------
// The oracle

/// What an FP8 or output code means, from third-party decoders.
#[derive(Clone, Debug, PartialEq)]
enum Value {
    Nan,
    Inf(bool),
    /// A finite value and the sign of a zero.
    Finite(BigRational, bool),
}

fn value_of(x: f64) -> Value {
    if x.is_nan() {
        Value::Nan
    } else if x.is_infinite() {
        Value::Inf(x < 0.0)
    } else {
        Value::Finite(BigRational::from_float(x).expect("finite"), x.is_sign_negative())
    }
}

fn fp8_value(code: u8, fmt: Format) -> Value {
    value_of(common::fp8_value(code, fmt))
}

fn out_value(code: u32, out: OutFormat) -> Value {
    value_of(match out {
        OutFormat::Fp16 => f16::from_bits(code as u16).to_f64(),
        OutFormat::Bf16 => bf16::from_bits(code as u16).to_f64(),
        OutFormat::Fp32 => f32::from_bits(code) as f64,
    })
}

/// (significand bits with the hidden one, smallest normal exponent, largest finite value).
fn grid(out: OutFormat) -> (i32, i32, f64) {
    match out {
        OutFormat::Fp16 => (11, -14, 65504.0),
        OutFormat::Bf16 => (8, -126, bf16::MAX.to_f64()),
        OutFormat::Fp32 => (24, -126, f32::MAX as f64),
    }
}

fn pow2(e: i32) -> BigRational {
    if e >= 0 {
        BigRational::from_integer(BigInt::one() << e as u32)
    } else {
        BigRational::new(BigInt::one(), BigInt::one() << (-e) as u32)
    }
}

/// Rounds a non-zero rational onto `out`'s grid (RNE, or SR with R bits `rnd` as docs/spec.md section 2
/// words it), returning the code; magnitudes above the largest finite value become infinity.
fn round_rational(q: &BigRational, out: OutFormat, rounding: Rounding) -> u32 {
    round_rational_keep(q, out, None, rounding)
}

/// [`round_rational`] onto `out`'s exponent range with `keep` fraction bits (all of `out`'s without).
fn round_rational_keep(q: &BigRational, out: OutFormat, keep: Option<u32>, rounding: Rounding) -> u32 {
    let (p, emin, max) = grid(out);
    let (p, max) = match keep {
        // The largest finite value with keep fraction bits: 2^emax (2 - 2^-keep).
        Some(k) => (k as i32 + 1, max / (2.0 - 2f64.powi(1 - p)) * (2.0 - 2f64.powi(-(k as i32)))),
        None => (p, max),
    };
    let negative = q.is_negative();
    let m = q.abs();
    // e = floor(log2 |q|), from an estimate corrected by exact comparisons.
    let mut e = m.to_f64().map_or(0, |f| if f > 0.0 && f.is_finite() { f.log2().floor() as i32 } else { 0 });
    while pow2(e) > m {
        e -= 1;
    }
    while pow2(e + 1) <= m {
        e += 1;
    }
    let quantum = e.max(emin) - (p - 1);
    let scaled = &m / pow2(quantum);
    let n = scaled.floor();
    let frac = &scaled - &n;
    let up = match rounding {
        Rounding::NearestEven => {
            let half = BigRational::new(BigInt::one(), BigInt::from(2));
            frac > half || (frac == half && n.to_integer() % 2 == BigInt::one())
        }
        Rounding::Stochastic { bits, rnd } => {
            let f = (frac * pow2(bits as i32)).floor().to_integer();
            f + BigInt::from(rnd) >= BigInt::one() << bits
        }
        Rounding::TowardZero => false,
    };
    let mag = (n + if up { BigRational::one() } else { BigRational::zero() }) * pow2(quantum);
    let mag = mag.to_f64().unwrap_or(f64::INFINITY);
    let v = match (mag > max, rounding) {
        (false, _) => mag,
        (true, Rounding::TowardZero) => max,
        (true, _) => f64::INFINITY,
    };
    let v = if negative { -v } else { v };
    match out {
        OutFormat::Fp16 => f16::from_f64(v).to_bits() as u32,
        OutFormat::Bf16 => bf16::from_f64(v).to_bits() as u32,
        OutFormat::Fp32 => (v as f32).to_bits(),
    }
}

fn nan(out: OutFormat) -> u32 {
    match out {
        OutFormat::Fp16 => 0x7E00,
        OutFormat::Bf16 => 0x7FC0,
        OutFormat::Fp32 => 0x7FC0_0000,
    }
}

fn inf(out: OutFormat, negative: bool) -> u32 {
    let code = match out {
        OutFormat::Fp16 => 0x7C00,
        OutFormat::Bf16 => 0x7F80,
        OutFormat::Fp32 => 0x7F80_0000,
    };
    code | if negative { sign(out) } else { 0 }
}

fn sign(out: OutFormat) -> u32 {
    match out {
        OutFormat::Fp16 | OutFormat::Bf16 => 0x8000,
        OutFormat::Fp32 => 0x8000_0000,
    }
}

/// One output of docs/spec.md section 8, from the definitions.
fn oracle(a: &[u8], fa: Format, b: &[u8], fb: Format, c: u32, exact: &Exact, rounding: Rounding) -> u32 {
    let scales = vec![Value::Finite(BigRational::one(), false); a.len()];
    block_oracle(a, fa, b, fb, &scales, c, exact, &Accumulator::default(), rounding)
}

/// How the oracle's block aligns its terms and rounds (docs/spec.md section 12 and its named
/// parameters): p bits below the largest leading bit (or, `by_exponent`, below the largest
/// exponent), and the fraction bits the accumulator keeps.
#[derive(Clone, Copy, Debug, Default)]
struct Accumulator {
    p: Option<u32>,
    by_exponent: bool,
    keep: Option<u32>,
}

/// floor(log2 x) of a positive rational.
fn floor_log2(x: &BigRational) -> i32 {
    let mut e = x.to_f64().map_or(0, |f| if f > 0.0 && f.is_finite() { f.log2().floor() as i32 } else { 0 });
    while pow2(e) > *x {
        e -= 1;
    }
    while pow2(e + 1) <= *x {
        e += 1;
    }
    e
}

/// The smallest normal exponent of an operand format, from its values alone: its positive values
/// are consecutive multiples of the smallest one up to 2^(emin + 1). An integer's exponent is its
/// leading bit's (emin 0).
fn emin_of(fmt: Format) -> i32 {
    if fmt == Format::INT8 {
        return 0;
    }
    let mut v: Vec<f64> = codes(fmt).map(|c| common::fp8_value(c, fmt)).filter(|v| v.is_finite() && *v > 0.0).collect();
    v.sort_by(f64::total_cmp);
    let s = v[0];
    let last = v.windows(2).find(|w| w[1] - w[0] > s).map_or(v[v.len() - 1], |w| w[0]);
    last.log2() as i32 - 1
}

/// The exponent of a non-zero value of a format of smallest normal exponent `emin`.
fn exponent(v: &BigRational, emin: i32) -> i32 {
    floor_log2(&v.abs()).max(emin)
}

/// An E8M0 scale code's value (OCP MX v1.0): 2^(x - 127), 0xFF a NaN.
fn e8m0_value(x: u8) -> Value {
    if x == 0xFF {
        Value::Nan
    } else {
        Value::Finite(pow2(x as i32 - 127), false)
    }
}

/// t truncated toward zero to a multiple of `q`.
fn truncate(t: &BigRational, q: &BigRational) -> BigRational {
    (t / q).trunc() * q
}

/// One block of docs/spec.md section 12 from the definitions: `acc' = round(align_p(acc,
/// 2^s xs_k a_k b_k))`, `xs_k` the product of the two block scales of product k (a value, or a NaN).
#[allow(clippy::too_many_arguments)]
fn block_oracle(
    a: &[u8],
    fa: Format,
    b: &[u8],
    fb: Format,
    xs: &[Value],
    c: u32,
    exact: &Exact,
    how: &Accumulator,
    rounding: Rounding,
) -> u32 {
    let (out, s) = (exact.out, exact.scale_exp);
    let cv = out_value(c, out);
    let mut terms = Vec::new(); // finite products
    let mut exponents = Vec::new(); // their exponents for alignment by exponent
    let (emin_a, emin_b) = (emin_of(fa), emin_of(fb));
    let (mut nan_seen, mut pos_inf, mut neg_inf) = (cv == Value::Nan, cv == Value::Inf(false), cv == Value::Inf(true));
    let mut all_neg_zero = true;
    for ((&x, &w), xs) in a.iter().zip(b).zip(xs) {
        let Value::Finite(scale, _) = xs else {
            nan_seen = true;
            continue;
        };
        match (fp8_value(x, fa), fp8_value(w, fb)) {
            (Value::Nan, _) | (_, Value::Nan) => nan_seen = true,
            (Value::Inf(sx), Value::Inf(sw)) => {
                if sx ^ sw {
                    neg_inf = true
                } else {
                    pos_inf = true
                }
            }
            (Value::Inf(si), Value::Finite(v, sv)) | (Value::Finite(v, sv), Value::Inf(si)) => {
                if v.is_zero() {
                    nan_seen = true;
                } else if si ^ sv {
                    neg_inf = true
                } else {
                    pos_inf = true
                }
            }
            (Value::Finite(vx, sx), Value::Finite(vw, sw)) => {
                if !vx.is_zero() && !vw.is_zero() {
                    exponents.push(exponent(&vx, emin_a) + exponent(&vw, emin_b) + floor_log2(scale) + s);
                }
                let p = vx * vw * scale * pow2(s);
                all_neg_zero &= p.is_zero() && (sx ^ sw);
                terms.push(p);
            }
        }
    }
    if nan_seen || (pos_inf && neg_inf) {
        return nan(out);
    }
    if pos_inf || neg_inf {
        return inf(out, neg_inf);
    }
    let Value::Finite(cq, c_neg) = cv else { unreachable!("C is finite here") };
    terms.push(cq.clone());
    if !cq.is_zero() {
        exponents.push(exponent(&cq, grid(out).1));
    }
    if let Some(p) = how.p {
        // E: the weight of the largest term's leading bit, or the largest exponent.
        let e = match how.by_exponent {
            true => exponents.iter().copied().max(),
            false => terms.iter().map(|t| t.abs()).filter(|t| !t.is_zero()).max().map(|big| floor_log2(&big)),
        };
        if let Some(e) = e {
            let q = pow2(e - p as i32);
            terms = terms.iter().map(|t| truncate(t, &q)).collect();
        }
    }
    let total: BigRational = terms.into_iter().fold(BigRational::zero(), |acc, t| acc + t);
    if total.is_zero() {
        return if cq.is_zero() && c_neg && all_neg_zero { sign(out) } else { 0 };
    }
    round_rational_keep(&total, out, how.keep, rounding)
}

// ------------------------------------------------------------------------------------------
// The oracle's rounding on its own

/// RNE as Rust's f64 -> f32 and `half`'s f32 -> f16 and f32 -> bf16 conversions do it (both correctly
/// rounded; `half`'s f64 -> f16 is not: it rounds twice, through f32).
#[test]
fn oracle_rounding_equals_library_conversions() {
    let mut rng = StdRng::seed_from_u64(1);
    for _ in 0..20_000 {
        let x = f64::from_bits(rng.random::<u64>() & !(0x7FFu64 << 52) | ((rng.random_range(900u64..1150)) << 52));
        let q = BigRational::from_float(x).unwrap();
        assert_eq!(round_rational(&q, OutFormat::Fp32, Rounding::NearestEven), (x as f32).to_bits(), "{x:e}");
        let x = x as f32;
        let q = BigRational::from_float(x).unwrap();
        assert_eq!(round_rational(&q, OutFormat::Fp16, Rounding::NearestEven), f16::from_f32(x).to_bits() as u32, "{x:e}");
        assert_eq!(round_rational(&q, OutFormat::Bf16, Rounding::NearestEven), bf16::from_f32(x).to_bits() as u32, "{x:e}");
    }
}

/// SR by its definition: halfway between two FP16 values with R = 8, rnd 127 stays down and
/// 128 goes up; a quarter of the way goes up from rnd 192 on.
#[test]
fn oracle_stochastic_rounding_thresholds() {
    let one = BigRational::one();
    let step = pow2(-10);
    let half_way = &one + &step / BigRational::from_integer(2.into());
    let quarter = &one + &step / BigRational::from_integer(4.into());
    let sr = |rnd| Rounding::Stochastic { bits: 8, rnd };
    assert_eq!(round_rational(&half_way, OutFormat::Fp16, sr(127)), 0x3C00);
    assert_eq!(round_rational(&half_way, OutFormat::Fp16, sr(128)), 0x3C01);
    assert_eq!(round_rational(&quarter, OutFormat::Fp16, sr(191)), 0x3C00);
    assert_eq!(round_rational(&quarter, OutFormat::Fp16, sr(192)), 0x3C01);
}

// ------------------------------------------------------------------------------------------
// The model against the oracle

fn check(a: &Array2<u8>, fa: Format, b: &Array2<u8>, fb: Format, c: &Array2<u32>, exact: &Exact) -> Result<(), TestCaseError> {
    let y = gemm_exact(a.view(), fa, b.view(), fb, c.view(), exact).unwrap();
    for ((i, j), &got) in y.indexed_iter() {
        let rounding = exact.sr.map_or(Rounding::NearestEven, |s| SrStream::new(stream_seed(s.seed, i, j), s.bits).next_rounding());
        let (row, col) = (a.row(i).to_vec(), b.column(j).to_vec());
        let want = oracle(&row, fa, &col, fb, c[(i, j)], exact, rounding);
        prop_assert_eq!(got, want, "({}, {}) {} x {} {:?}, C = {:#x}", i, j, fa, fb, exact, c[(i, j)]);
    }
    Ok(())
}

fn out_code(out: OutFormat) -> BoxedStrategy<u32> {
    match out {
        OutFormat::Fp16 | OutFormat::Bf16 => any::<u16>().prop_map(u32::from).boxed(),
        OutFormat::Fp32 => any::<u32>().boxed(),
    }
}

fn matrix<T: std::fmt::Debug + Clone + 'static>(r: usize, c: usize, e: BoxedStrategy<T>) -> impl Strategy<Value = Array2<T>> {
    prop::collection::vec(e, r * c).prop_map(move |v| Array2::from_shape_vec((r, c), v).unwrap())
}

/// Codes of `fmt`: finite 15 times in 16, any code otherwise, so that specials appear
/// anywhere without swamping every sum.
fn code(fmt: Format) -> BoxedStrategy<u8> {
    let all: Vec<u8> = codes(fmt).collect();
    let finite: Vec<u8> = codes(fmt).filter(|&c| common::fp8_value(c, fmt).is_finite()).collect();
    prop_oneof![15 => prop::sample::select(finite), 1 => prop::sample::select(all)].boxed()
}

fn case() -> impl Strategy<Value = (Array2<u8>, Format, Array2<u8>, Format, Array2<u32>, Exact)> {
    let out = prop::sample::select(OutFormat::ALL.to_vec());
    let scale = prop_oneof![Just(0i32), Just(-64), Just(64), -64i32..=64];
    let sr = prop::option::of((1u32..=16, any::<u64>()).prop_map(|(bits, seed)| SrConfig { bits, seed }));
    ((1usize..5, 0usize..12, 1usize..5), out, any_format(), any_format(), scale, sr).prop_flat_map(|((m, k, n), out, fa, fb, s, sr)| {
        (
            matrix(m, k, code(fa)),
            Just(fa),
            matrix(k, n, code(fb)),
            Just(fb),
            matrix(m, n, out_code(out)),
            Just(Exact { out, scale_exp: s, sr }),
        )
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(600))]

    /// Random shapes (K = 0 included), any pair of table formats, specials anywhere, s anywhere in
    /// -64..=64, RNE and SR with 1..16 bits, FP16, BF16 and FP32 out.
    #[test]
    fn exact_gemm_equals_rational_oracle((a, fa, b, fb, c, exact) in case()) {
        check(&a, fa, &b, fb, &c, &exact)?;
    }

    /// Block accumulation (docs/spec.md section 12, exact alignment): blocks of n = 1 .. 5
    /// products (K a multiple of n or not, K = 0 and 1 included), each block one rounding of
    /// the oracle with the accumulator as C and the output's stream stepped once per block.
    #[test]
    fn block_gemm_equals_rational_oracle((a, fa, b, fb, c, exact) in case(), n in 1usize..=5) {
        let blocks = Blocks { rounding: rounding_of(exact.sr), scale_exp: exact.scale_exp, ..Blocks::new(NonZeroUsize::new(n), exact.out) };
        let y = gemm_blocks(a.view(), fa, b.view(), fb, c.view(), &blocks, None, &Progress::hidden()).unwrap();
        for ((i, j), &got) in y.indexed_iter() {
            let mut stream = exact.sr.map(|s| SrStream::new(stream_seed(s.seed, i, j), s.bits));
            let mut acc = c[(i, j)];
            for k0 in (0..a.ncols()).step_by(n) {
                let k1 = (k0 + n).min(a.ncols());
                let rounding = stream.as_mut().map_or(Rounding::NearestEven, SrStream::next_rounding);
                let (row, col) = (a.slice(s![i, k0..k1]).to_vec(), b.slice(s![k0..k1, j]).to_vec());
                acc = oracle(&row, fa, &col, fb, acc, &exact, rounding);
            }
            prop_assert_eq!(got, acc, "({}, {}) n = {}, {} x {} {:?}, C = {:#x}", i, j, n, fa, fb, exact, c[(i, j)]);
        }
    }

    /// The presets at the family's ends: n = all is exact accumulation (section 8, one
    /// rounding also at K = 0); n = 1 into FP16 with s = 0 (which runs the FP16 chain's engine,
    /// section 4) equals K one-product exact roundings, each taking the last as its C (RNE),
    /// bit for bit on random shapes with specials.
    #[test]
    fn block_presets_equal_exact_and_the_fp16_chain((a, fa, b, fb, c, exact) in case()) {
        let all = Blocks { rounding: rounding_of(exact.sr), scale_exp: exact.scale_exp, ..Blocks::new(None, exact.out) };
        let y = gemm_blocks(a.view(), fa, b.view(), fb, c.view(), &all, None, &Progress::hidden()).unwrap();
        prop_assert_eq!(y, gemm_exact(a.view(), fa, b.view(), fb, c.view(), &exact).unwrap());
        let c16 = c.mapv(|x| x & 0xFFFF);
        let chain = Blocks::new(NonZeroUsize::new(1), OutFormat::Fp16);
        let y = gemm_blocks(a.view(), fa, b.view(), fb, c16.view(), &chain, None, &Progress::hidden()).unwrap();
        let one = Exact { out: OutFormat::Fp16, scale_exp: 0, sr: None };
        let mut acc = c16;
        for k in 0..a.ncols() {
            acc = gemm_exact(a.slice(s![.., k..k + 1]), fa, b.slice(s![k..k + 1, ..]), fb, acc.view(), &one).unwrap();
        }
        prop_assert_eq!(y, acc);
    }
}

/// A block accumulator's parameters beyond [`Exact`]: n (`None`: all), p (`None`: exact
/// alignment), RZ in place of RNE, and the scale block length g with its E8M0 scales.
#[derive(Clone, Debug)]
struct Family {
    n: Option<usize>,
    how: Accumulator,
    promote: Option<usize>,
    rz: bool,
    g: usize,
    xa: Array2<u8>,
    xb: Array2<u8>,
}

/// E8M0 scale codes: mostly near 2^0, sometimes anywhere (0 = 2^-127, 254 = 2^127, 0xFF NaN).
fn scale_code() -> BoxedStrategy<u8> {
    prop_oneof![12 => 117u8..=137, 2 => any::<u8>(), 1 => Just(0u8), 1 => Just(254u8), 1 => Just(0xFFu8)].boxed()
}

fn family_case() -> impl Strategy<Value = (Array2<u8>, Format, Array2<u8>, Format, Array2<u32>, Exact, Family)> {
    let how = (prop::option::of(prop_oneof![1u32..=30, Just(64u32)]), any::<bool>(), prop::option::of(0u32..=7))
        .prop_map(|(p, by_exponent, keep)| Accumulator { p, by_exponent, keep });
    let shape = (prop::option::of(1usize..=5), prop::option::of(1usize..=7), any::<bool>(), 1usize..=4);
    (case(), how, shape).prop_flat_map(|((a, fa, b, fb, c, exact), how, (n, promote, rz, g))| {
        let groups = a.ncols().div_ceil(g);
        let (m, cols) = (a.nrows(), b.ncols());
        (Just((a, fa, b, fb, c, exact)), matrix(m, groups, scale_code()), matrix(groups, cols, scale_code())).prop_map(
            move |((a, fa, b, fb, c, exact), xa, xb)| {
                let exact = Exact { sr: if rz { None } else { exact.sr }, ..exact };
                (a, fa, b, fb, c, exact, Family { n, how, promote, rz, g, xa, xb })
            },
        )
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(800))]

    /// Section 12 in full against the oracle, block by block: n = 1 .. 5 or all, p = 1 .. 30
    /// and 64 or exact, RNE, SR and RZ, block scales of g = 1 .. 4 (NaN, 2^-127 and 2^127
    /// included) on random shapes with specials, s anywhere, FP16, BF16 and FP32 accumulators.
    #[test]
    fn block_family_equals_rational_oracle((a, fa, b, fb, c, exact, f) in family_case()) {
        let y = family_gemm(&a, fa, &b, fb, &c, &exact, &f);
        for ((i, j), &got) in y.indexed_iter() {
            let want = family_oracle(&a, fa, &b, fb, &c, &exact, &f, i, j);
            prop_assert_eq!(got, want, "({}, {}) {:?}, {} x {} {:?}, C = {:#x}", i, j, f, fa, fb, exact, c[(i, j)]);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// n = 1 into FP16 (the FP16 chain's MACs, which the model runs with the scales folded into
    /// the operands) with block scales anywhere (NaN, 2^-127 and 2^127 included), s, RNE and SR.
    #[test]
    fn scaled_fp16_chain_equals_rational_oracle((a, fa, b, fb, c, exact, f) in family_case()) {
        let exact = Exact { out: OutFormat::Fp16, ..exact };
        let c = c.mapv(|x| x & 0xFFFF);
        let f = Family { n: Some(1), how: Accumulator::default(), promote: None, rz: false, ..f };
        let y = family_gemm(&a, fa, &b, fb, &c, &exact, &f);
        for ((i, j), &got) in y.indexed_iter() {
            let want = family_oracle(&a, fa, &b, fb, &c, &exact, &f, i, j);
            prop_assert_eq!(got, want, "({}, {}) {:?}, {} x {} {:?}, C = {:#x}", i, j, f, fa, fb, exact, c[(i, j)]);
        }
    }
}

/// `gemm_blocks` with the family's parameters.
fn family_gemm(a: &Array2<u8>, fa: Format, b: &Array2<u8>, fb: Format, c: &Array2<u32>, exact: &Exact, f: &Family) -> Array2<u32> {
    let rounding = match (f.rz, exact.sr) {
        (true, _) => BlockRounding::TowardZero,
        (false, sr) => rounding_of(sr),
    };
    let align = match (f.how.p, f.how.by_exponent) {
        (None, _) => Align::Exact,
        (Some(p), false) => Align::Bits(p),
        (Some(p), true) => Align::Exponent(p),
    };
    let blocks = Blocks {
        align,
        rounding,
        scale_exp: exact.scale_exp,
        keep: keep_of(f, exact),
        promote: f.promote.and_then(NonZeroUsize::new),
        ..Blocks::new(f.n.and_then(NonZeroUsize::new), exact.out)
    };
    let scales = BlockScales { a: f.xa.view(), b: f.xb.view(), g: NonZeroUsize::new(f.g).unwrap() };
    gemm_blocks(a.view(), fa, b.view(), fb, c.view(), &blocks, Some(&scales), &Progress::hidden()).unwrap()
}

/// keep: at most the accumulator's fraction bits (7 for BF16).
fn keep_of(f: &Family, exact: &Exact) -> Option<u32> {
    f.how.keep.map(|k| k.min(exact.out.spec().man_bits))
}

/// Output (i, j) of the family's GEMM from section 12 alone: blocks in order, each through
/// [`block_oracle`], promotion by [`add_oracle`].
#[allow(clippy::too_many_arguments)]
fn family_oracle(
    a: &Array2<u8>,
    fa: Format,
    b: &Array2<u8>,
    fb: Format,
    c: &Array2<u32>,
    exact: &Exact,
    f: &Family,
    i: usize,
    j: usize,
) -> u32 {
    let how = Accumulator { keep: keep_of(f, exact), ..f.how };
    let k = a.ncols();
    // Promotion: partial accumulations of `promote` products each, from +0.
    let partials: Vec<(usize, usize)> = match f.promote {
        None => vec![(0, k)],
        Some(every) => (0..k).step_by(every).map(|k0| (k0, (k0 + every).min(k))).collect(),
    };
    let blocks_of = |(p0, p1): (usize, usize)| -> Vec<(usize, usize)> {
        match f.n {
            None => vec![(p0, p1)],
            Some(n) => (p0..p1).step_by(n).map(|k0| (k0, (k0 + n).min(p1))).collect(),
        }
    };
    let mut stream = exact.sr.map(|s| SrStream::new(stream_seed(s.seed, i, j), s.bits));
    // OCP MX v1.0 section 5.3: an MXINT8 element x means x / 64.
    let int8 = pow2(if fa == Format::INT8 { -6 } else { 0 } + if fb == Format::INT8 { -6 } else { 0 });
    let xs: Vec<Value> = (0..k)
        .map(|k| match (e8m0_value(f.xa[(i, k / f.g)]), e8m0_value(f.xb[(k / f.g, j)])) {
            (Value::Finite(x, _), Value::Finite(w, _)) => Value::Finite(x * w * &int8, false),
            _ => Value::Nan,
        })
        .collect();
    let mut acc = c[(i, j)];
    for &part in &partials {
        let mut partial = if f.promote.is_some() { 0 } else { acc };
        for (k0, k1) in blocks_of(part) {
            let rounding = match stream.as_mut() {
                Some(s) => s.next_rounding(),
                None if f.rz => Rounding::TowardZero,
                None => Rounding::NearestEven,
            };
            let (row, col) = (a.slice(s![i, k0..k1]).to_vec(), b.slice(s![k0..k1, j]).to_vec());
            partial = block_oracle(&row, fa, &col, fb, &xs[k0..k1], partial, exact, &how, rounding);
        }
        acc = if f.promote.is_some() { add_oracle(acc, partial, exact.out) } else { partial };
    }
    acc
}

/// A GEMM larger than the model's output tiles (128 x 256): blocks of 2 with SR streams,
/// MX block scales and promotion, every output of the rows and columns on either side of each
/// tile boundary against the oracle (each output's stream and scales belong to its place in
/// the whole Y, not in its tile).
#[test]
fn outputs_across_the_models_tiles_equal_the_oracle() {
    let mut rng = StdRng::seed_from_u64(25);
    let (m, k, n, g) = (131, 9, 259, 4);
    let (fa, fb) = (Format::E4M3, Format::E5M2);
    let a = Array2::from_shape_fn((m, k), |_| rng.random::<u8>());
    let b = Array2::from_shape_fn((k, n), |_| rng.random::<u8>());
    let c = Array2::from_shape_fn((m, n), |_| rng.random_range(0x3000_0000u32..0x4000_0000) | rng.random::<u32>() & 0x8000_0000);
    let groups = k.div_ceil(g);
    let xa = Array2::from_shape_fn((m, groups), |_| rng.random_range(117u8..=137));
    let xb = Array2::from_shape_fn((groups, n), |_| rng.random_range(117u8..=137));
    let exact = Exact { out: OutFormat::Fp32, scale_exp: 0, sr: Some(SrConfig { bits: 8, seed: 9 }) };
    let f = Family { n: Some(2), how: Accumulator::default(), promote: Some(5), rz: false, g, xa, xb };
    let y = family_gemm(&a, fa, &b, fb, &c, &exact, &f);
    let edges =
        |len: usize, tile: usize| (0..len).filter(move |x| matches!(x % tile, 0 | 1) || matches!((x + 1) % tile, 0) || x + 1 == len);
    for i in edges(m, 128) {
        for j in edges(n, 256) {
            assert_eq!(y[(i, j)], family_oracle(&a, fa, &b, fb, &c, &exact, &f, i, j), "({i}, {j})");
        }
    }
}

fn add_oracle(x: u32, y: u32, out: OutFormat) -> u32 {
    match (out_value(x, out), out_value(y, out)) {
        (Value::Nan, _) | (_, Value::Nan) => nan(out),
        (Value::Inf(a), Value::Inf(b)) if a != b => nan(out),
        (Value::Inf(a), _) | (_, Value::Inf(a)) => inf(out, a),
        (Value::Finite(a, an), Value::Finite(b, bn)) => {
            let total = a + b;
            if total.is_zero() {
                if an && bn {
                    sign(out)
                } else {
                    0
                }
            } else {
                round_rational(&total, out, Rounding::NearestEven)
            }
        }
    }
}

fn run(a: Array2<u8>, fa: Format, b: Array2<u8>, fb: Format, c: Array2<u32>, exact: Exact) {
    check(&a, fa, &b, fb, &c, &exact).unwrap();
}

/// Cancellation: the smallest E5M2 product 2^-32 beside +57344^2 and -57344^2, in every
/// order; to FP32 it survives exactly (times 2^s), to FP16 it underflows to +0.
#[test]
fn tiny_product_survives_cancellation_of_the_largest() {
    let (big, tiny) = (0x7Bu8, 0x01u8); // 57344 and 2^-16 in E5M2
    let terms = [(big, big), (big | 0x80, big), (tiny, tiny)];
    for order in [[0, 1, 2], [2, 0, 1], [0, 2, 1], [1, 2, 0]] {
        let a = Array2::from_shape_fn((1, 3), |(_, k)| terms[order[k]].0);
        let b = Array2::from_shape_fn((3, 1), |(k, _)| terms[order[k]].1);
        for out in OutFormat::ALL {
            for s in [0, 40, -64, 64] {
                run(a.clone(), Format::E5M2, b.clone(), Format::E5M2, Array2::zeros((1, 1)), Exact { out, scale_exp: s, sr: None });
            }
        }
        let y = fp8mac::gemm_exact_f32(a.view(), Format::E5M2, b.view(), Format::E5M2, Array2::zeros((1, 1)).view(), 0, None).unwrap();
        assert_eq!(y[(0, 0)], 2f32.powi(-32));
    }
}

/// Long runs of the largest product: K past the f64 chunk (2^17 E4M3 products, 2^21 E5M2
/// digit products) sums exactly, and 2^s brings the sum back into range.
#[test]
fn long_runs_of_the_largest_product_are_exact() {
    for (fmt, max, k) in [(Format::E4M3, 0x7Eu8, (1 << 17) + 3), (Format::E5M2, 0x7B, (1 << 21) + 5)] {
        let a = Array2::from_elem((1, k), max);
        let b = Array2::from_elem((k, 1), max);
        for (s, out) in [(-40, OutFormat::Fp16), (0, OutFormat::Fp32), (-64, OutFormat::Fp32)] {
            let y = gemm_exact(a.view(), fmt, b.view(), fmt, Array2::zeros((1, 1)).view(), &Exact { out, scale_exp: s, sr: None }).unwrap();
            let v = fmt.to_f64(max);
            let want = BigRational::from_float(v * v).unwrap() * BigRational::from_integer(k.into()) * pow2(s);
            assert_eq!(y[(0, 0)], round_rational(&want, out, Rounding::NearestEven), "{fmt} K = {k} s = {s}");
        }
    }
}

/// The smallest E4M3 product (2^-18), then 2^19 of the largest and 2^19 of its negative:
/// partial sums reach 2^53.6 units of 2^-18, where an f64 sum would lose the first product
/// unless K is cut into exact chunks. The result is that product alone.
#[test]
fn tiny_product_survives_long_cancelling_runs() {
    let k = 1 << 20;
    let a = Array2::from_shape_fn((1, k + 1), |(_, i)| match i {
        0 => 0x01u8,
        i if i <= k / 2 => 0x7E,
        _ => 0xFE,
    });
    let b = Array2::from_shape_fn((k + 1, 1), |(i, _)| if i == 0 { 0x01u8 } else { 0x7E });
    let y = fp8mac::gemm_exact_f32(a.view(), Format::E4M3, b.view(), Format::E4M3, Array2::zeros((1, 1)).view(), 0, None).unwrap();
    assert_eq!(y[(0, 0)], 2f32.powi(-18));
}

/// K = 1, s = 0, FP16 out is the fused MAC: every (a, b) of every format pair, with the
/// addend set of the MAC sweeps, RNE and SR.
#[test]
fn k1_exact_equals_mac_for_every_pair() {
    for fa in Format::ALL {
        for fb in Format::ALL {
            // The default pair with 252 addends, every other pair with the 52 edge ones.
            let default = [fa, fb].iter().all(|f| FormatSet::DEFAULT.contains(*f));
            let col: Vec<u8> = codes(fa).collect();
            let codes_a = Array2::from_shape_vec((col.len(), 1), col).unwrap();
            let row: Vec<u8> = codes(fb).collect();
            let row = Array2::from_shape_vec((1, row.len()), row).unwrap();
            for (n, &c) in fp8mac::verify::addend_set(if default { 200 } else { 0 }, 3).iter().enumerate() {
                let sr = (n % 2 == 1).then_some(SrConfig { bits: 8, seed: n as u64 });
                let cc = Array2::from_elem((codes_a.nrows(), row.ncols()), c as u32);
                let exact = Exact { out: OutFormat::Fp16, scale_exp: 0, sr };
                let y = gemm_exact(codes_a.view(), fa, row.view(), fb, cc.view(), &exact).unwrap();
                for ((i, j), &got) in y.indexed_iter() {
                    let r = sr.map_or(Rounding::NearestEven, |s| SrStream::new(stream_seed(s.seed, i, j), 8).next_rounding());
                    let (i, j) = (codes_a[(i, 0)] as usize, row[(0, j)] as usize);
                    let want = mac(i as u8, fa, j as u8, fb, f16::from_bits(c), r).to_bits() as u32;
                    assert_eq!(got, want, "a=0x{i:02x} ({fa}) b=0x{j:02x} ({fb}) c=0x{c:04x} {r:?}");
                }
            }
        }
    }
}

/// K = 0 returns C unchanged, both signs of zero included.
#[test]
fn k0_returns_c() {
    for out in OutFormat::ALL {
        let c = Array2::from_shape_vec((1, 4), vec![0, sign(out), 0x3C00, nan(out)]).unwrap();
        let a = Array2::zeros((1, 0));
        let b = Array2::zeros((0, 4));
        let y = gemm_exact(a.view(), Format::E4M3, b.view(), Format::E5M2, c.view(), &Exact { out, scale_exp: 7, sr: None }).unwrap();
        assert_eq!(y, c);
    }
}

/// An out-of-range s is refused with the flag's name.
#[test]
fn scale_exp_out_of_range_is_refused() {
    let err = gemm_exact(
        Array2::zeros((1, 1)).view(),
        Format::E4M3,
        Array2::zeros((1, 1)).view(),
        Format::E4M3,
        Array2::zeros((1, 1)).view(),
        &Exact { out: OutFormat::Fp16, scale_exp: 65, sr: None },
    )
    .unwrap_err();
    assert_eq!(err.to_string(), "--scale-exp must be -64..=64, got 65");
}

/// INT8 x INT8 exact GEMMs are integer matrix products: against i64 arithmetic, long K with
/// the extreme codes (-128 x -128 repeated) and random ones, FP32 out (exact below 2^24).
#[test]
fn int8_exact_gemm_equals_integer_matmul() {
    let mut rng = StdRng::seed_from_u64(5);
    for (m, k, n) in [(3, 1000, 4), (2, 1, 2), (5, 300, 3)] {
        let a = Array2::from_shape_fn((m, k), |(i, _)| if i == 0 { 0x80 } else { rng.random::<u8>() });
        let b = Array2::from_shape_fn((k, n), |(_, j)| if j == 0 { 0x80 } else { rng.random::<u8>() });
        let exact = Exact { out: OutFormat::Fp32, scale_exp: 0, sr: None };
        let c = Array2::zeros((m, n));
        let y = gemm_exact(a.view(), Format::INT8, b.view(), Format::INT8, c.view(), &exact).unwrap();
        for ((i, j), &got) in y.indexed_iter() {
            let want: i64 = (0..k).map(|kk| a[(i, kk)] as i8 as i64 * b[(kk, j)] as i8 as i64).sum();
            assert_eq!(f32::from_bits(got) as f64, want as f64, "({i}, {j})");
        }
    }
}

fn rounding_of(sr: Option<SrConfig>) -> BlockRounding {
    sr.map_or(BlockRounding::NearestEven, BlockRounding::Stochastic)
}

/// The block family's float64 path rounds the exact total, not float64's rounding of it: C = 2^20
/// plus 2^-4 (half a binary32 step there) plus 2^-40 lies just above the tie and must round up;
/// float64 alone would drop the 2^-40 and round the tie to even, down.
/// E5M2 (16 x 1 + 2^-16 x 2^-16, s = -8) and E4M3 (256 x 256 + 2^-9 x 2^-9, s = -20) reach it by
/// the model's two float64 routes (sums of two integer slices, and of one).
#[test]
fn a_tie_and_a_far_smaller_term_round_up_through_float64() {
    let c = Array2::from_elem((1, 1), 0x4980_0000u32); // 2^20
    for (fmt, a, b, s) in [(Format::E5M2, [0x4Cu8, 0x01], [0x3Cu8, 0x01], -8), (Format::E4M3, [0x78, 0x01], [0x78, 0x01], -20)] {
        let (a, b) = (Array2::from_shape_vec((1, 2), a.to_vec()).unwrap(), Array2::from_shape_vec((2, 1), b.to_vec()).unwrap());
        for n in [None, NonZeroUsize::new(2)] {
            let blocks = Blocks { scale_exp: s, ..Blocks::new(n, OutFormat::Fp32) };
            let y = gemm_blocks(a.view(), fmt, b.view(), fmt, c.view(), &blocks, None, &Progress::hidden()).unwrap();
            assert_eq!(y[(0, 0)], 0x4980_0001, "{fmt}, n = {n:?}");
        }
    }
}
