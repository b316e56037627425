//! The shared hardware primitives, each on its own: exhaustive in rust-hdl's simulator against
//! arithmetic written here from their definitions, and their Verilog lint-clean in Verilator.

use std::process::Command;

use fp8mac::format::FormatSet;
use fp8mac::hdl::primitives::{OctetZeroCount, RoundUp, SigLayout, Unpack, XorshiftStep, ZeroCount};
use fp8mac::reference::Rounding;
use fp8mac::rng::SrStream;
use fp8mac::Format;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rust_hdl::prelude::*;

fn settle<B: Block>(uut: &mut B) {
    assert!(simulate(uut, 100), "combinational logic did not settle");
}

/// The unpacker of every set of one or two formats in each layout that takes them (enumerated
/// from the table), on every code of each of its formats at that format's select code:
/// sig x 2^(ex - offset) is the code's magnitude, ex >= 1, and the sign, NaN and infinity flags
/// are ml_dtypes' (the oracle table). The Normalised layout's significands are h.mmm.
#[test]
fn unpack_every_code_of_every_set() {
    for layout in [SigLayout::Normalised, SigLayout::Integer] {
        let formats: Vec<Format> = Format::ALL.into_iter().filter(|&f| layout.takes(f)).collect();
        let sets = formats.iter().flat_map(|&f| formats.iter().map(move |&g| FormatSet::new([f, g]).unwrap()));
        for set in sets {
            let mut uut = Unpack::new(set, layout);
            uut.connect_all();
            let offset = layout.offset(set);
            for fmt in set.formats() {
                for code in (0..=255u8).filter(|&c| fmt.is_code(c)) {
                    uut.code.next = (code as u64).into();
                    uut.fmt.next = (set.select(fmt).unwrap() as u64).into();
                    settle(&mut uut);
                    let (sig, ex) = (uut.sig.val().to_u16() as f64, uut.ex.val().to_u8() as i32);
                    let v = half::f16::from_bits(fp8mac::verify::oracle::widen(fmt, code)).to_f64();
                    let what = format!("{layout:?} {set}: {fmt} 0x{code:02x}");
                    assert_eq!(uut.nan.val(), v.is_nan(), "{what}: nan");
                    assert_eq!(uut.inf.val(), v.is_infinite(), "{what}: inf");
                    assert!(ex >= 1, "{what}: ex = {ex}");
                    if v.is_finite() {
                        assert_eq!(sig * 2f64.powi(ex - offset), v.abs(), "{what}");
                        assert_eq!(uut.sign.val(), v.is_sign_negative(), "{what}: sign");
                        let normal = fmt.float().is_some_and(|f| v.abs() >= 2f64.powi(f.emin()));
                        if layout == SigLayout::Normalised && normal {
                            assert!((8.0..16.0).contains(&sig), "{what}: h.mmm, got {sig}");
                        }
                    }
                }
            }
        }
    }
    assert!(Format::ALL.iter().all(|&f| SigLayout::Integer.takes(f)), "the exact element takes every format");
}

fn zero_count<const W: usize, const N: usize>(leading: bool) {
    let mut uut = if leading { ZeroCount::<W, N>::leading() } else { ZeroCount::<W, N>::trailing() };
    uut.connect_all();
    for x in 0..1u64 << W {
        uut.x.next = x.into();
        settle(&mut uut);
        let want = match (x, leading) {
            (0, _) => W as u64,
            (_, true) => x.leading_zeros() as u64 - (64 - W) as u64,
            (_, false) => x.trailing_zeros() as u64,
        };
        let got: u64 = uut.count.val().into();
        assert_eq!(got, want, "W = {W}, leading = {leading}, x = {x:#b}");
    }
}

/// Every input of every counter the MAC uses, both directions.
#[test]
fn zero_count_every_input() {
    zero_count::<4, 3>(true);
    zero_count::<4, 3>(false);
    zero_count::<8, 4>(true);
    zero_count::<8, 4>(false);
    zero_count::<10, 4>(true);
    zero_count::<10, 4>(false);
}

/// Every word, every random input and both modes of an 8-bit word with its grid at bit 4 and
/// at bit 5 (fewer random bits than discarded bits): RNE and SR as docs/spec.md section 2 defines
/// them, computed here on the fraction of a grid step.
fn round_up<const R: usize>(lsb: usize) {
    let mut uut = RoundUp::<R, 8>::at(lsb);
    uut.connect_all();
    for word in 0..256u64 {
        let (q, rem, step) = (word >> lsb, word & ((1 << lsb) - 1), 1u64 << lsb);
        for sr in [false, true] {
            for rnd in 0..1u64 << R {
                uut.sr.next = sr;
                uut.rnd.next = rnd.into();
                uut.word.next = word.into();
                settle(&mut uut);
                let want = if sr {
                    // F = floor(rem / step x 2^R); up when F + rnd >= 2^R.
                    (rem << R) / step + rnd >= 1 << R
                } else {
                    2 * rem > step || (2 * rem == step && q % 2 == 1)
                };
                assert_eq!(uut.up.val(), want, "R = {R}, lsb = {lsb}, word = {word:#010b}, sr = {sr}, rnd = {rnd}");
                if !sr {
                    break; // rnd is not read
                }
            }
        }
    }
}

#[test]
fn round_up_every_word_and_random_input() {
    round_up::<4>(4);
    round_up::<2>(5);
    round_up::<3>(3);
}

/// The octet counter on words with their highest one at every position and random bits
/// below it, and on zero (count 0), at the rounders' two widths (64 and 144 bits), fed one a
/// cycle: each count two clock edges after its word.
#[test]
fn octet_zero_count_every_position() {
    fn check<const W: usize, const N: usize>() {
        let mut uut = OctetZeroCount::<W, N>::default();
        uut.connect_all();
        let mut rng = StdRng::seed_from_u64(W as u64);
        let mut tops = vec![]; // the highest one of each word fed in, oldest first
                               // in random order, so that a count one cycle early or late is another word's
        let mut order: Vec<Option<usize>> = (0..W).map(Some).chain([None]).flat_map(|t| [t; 8]).collect();
        order.shuffle(&mut rng);
        for top in order {
            let mut x = Bits::<W>::default();
            if let Some(t) = top {
                for i in 0..t {
                    x = x.replace_bit(i, rng.random());
                }
                x = x.replace_bit(t, true);
            }
            uut.x.next = x;
            uut.clk.next = Clock::from(false);
            settle(&mut uut);
            uut.clk.next = Clock::from(true);
            settle(&mut uut);
            tops.push(top);
            // after this edge (the previous word's second), the count is the previous word's
            if let [.., before, _] = tops[..] {
                let got: u64 = uut.count.val().into();
                assert_eq!(got, before.map_or(0, |t| (W - 1 - t) as u64), "W = {W}, highest one at {before:?}");
            }
        }
    }
    check::<64, 7>();
    check::<144, 8>();
}

/// The xorshift32 stream's next state: one step is Marsaglia's published value and the model's
/// stream from random states; `load` starts from the seed; without `step` the state passes.
#[test]
fn xorshift_step_equals_the_model() {
    let mut uut = XorshiftStep::default();
    uut.connect_all();
    let mut rng = StdRng::seed_from_u64(1);
    let next = |uut: &mut XorshiftStep, state: u32, seed: u32, load: bool, step: bool| {
        uut.state.next = (state as u64).into();
        uut.seed.next = (seed as u64).into();
        uut.load.next = load;
        uut.step.next = step;
        settle(uut);
        uut.next_state.val().to_u32()
    };
    // Marsaglia (2003), "Xorshift RNGs", the (13, 17, 5) triple.
    assert_eq!(next(&mut uut, 2463534242, 7, false, true), 723471715);
    assert_eq!(next(&mut uut, 7, 2463534242, true, true), 723471715);
    for _ in 0..2000 {
        let (state, seed): (u32, u32) = (rng.random_range(1..=u32::MAX), rng.random());
        let Rounding::Stochastic { rnd, .. } = SrStream::new(state, 32).next_rounding() else { unreachable!() };
        assert_eq!(next(&mut uut, state, seed, false, true), rnd, "state {state:#x}");
        assert_eq!(next(&mut uut, seed, state, true, true), rnd, "seed {state:#x}");
        assert_eq!(next(&mut uut, state, seed, false, false), state);
        assert_eq!(next(&mut uut, seed, state, true, false), state);
    }
}

/// Each primitive's Verilog passes `verilator --lint-only -Wall` (WIDTH waived, as for every
/// generated file: rust-hdl prints literals 32 bits wide; UNUSEDSIGNAL: the unpacker leaves
/// the sign bit to its caller).
#[test]
fn primitives_verilog_lints_clean() {
    fn lint<B: Block>(mut uut: B, name: &str) {
        uut.connect_all();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("top.v");
        std::fs::write(&path, generate_verilog(&uut)).unwrap();
        let out = Command::new("verilator")
            .args(["--lint-only", "-Wall", "-Wno-WIDTH", "-Wno-DECLFILENAME", "-Wno-UNUSEDSIGNAL"])
            .arg(&path)
            .output()
            .expect("verilator is installed (make setup)");
        assert!(out.status.success(), "{name}: {}", String::from_utf8_lossy(&out.stderr));
    }
    lint(Unpack::new(FormatSet::new([Format::E4M3, Format::INT8]).unwrap(), SigLayout::Integer), "Unpack");
    lint(ZeroCount::<8, 4>::leading(), "ZeroCount<8, 4>");
    lint(RoundUp::<8, 32>::at(21), "RoundUp<8, 32>");
    lint(OctetZeroCount::<144, 8>::default(), "OctetZeroCount<144, 8>");
    lint(XorshiftStep::default(), "XorshiftStep");
}
