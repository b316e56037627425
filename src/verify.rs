//! Sweeps that compare two MAC models block by block: one block is every (a, b) pair of one
//! format pair for one addend `c` and one rounding set-up, 65536 cases.

use std::sync::atomic::{AtomicU64, Ordering::Relaxed};
use std::sync::Mutex;

use indicatif::{ProgressBar, ProgressStyle};
use rand::{rngs::StdRng, Rng, SeedableRng};
use rayon::prelude::*;

use crate::format::{Fp8Format, FP16_INF, FP16_NAN};
use half::f16;

use crate::reference::{mac_bits, to_fp8, Rounding};

/// Cases in one block: all (a, b) code pairs, indexed `a << 8 | b`.
pub const BLOCK: usize = 1 << 16;

/// One block of MAC cases: every (a, b) for fixed formats, addend and rounding.
#[derive(Clone, Debug)]
pub struct MacBlock {
    pub fmt_a: Fp8Format,
    pub fmt_b: Fp8Format,
    pub c: u16,
    /// Stochastic rounding with these `bits`; `rnd[a << 8 | b]` is case (a, b)'s random input.
    pub sr: Option<(u32, Vec<u32>)>,
}

/// The rounding of case `i` of a block with optional SR bits and random inputs.
fn case_rounding(sr: &Option<(u32, Vec<u32>)>, i: usize) -> Rounding {
    match sr {
        Some((bits, rnd)) => Rounding::Stochastic { bits: *bits, rnd: rnd[i] },
        None => Rounding::NearestEven,
    }
}

/// `BLOCK` uniform random `bits`-bit values from `seed`.
fn random_bits(bits: u32, seed: u64) -> Vec<u32> {
    let mut rng = StdRng::seed_from_u64(seed);
    (0..BLOCK).map(|_| rng.random::<u32>() & ((1 << bits) - 1)).collect()
}

impl MacBlock {
    /// The rounding of case `i`.
    pub fn rounding(&self, i: usize) -> Rounding {
        case_rounding(&self.sr, i)
    }
}

impl Block for MacBlock {
    fn describe(&self, i: usize, got: u16, want: u16) -> String {
        format!(
            "a=0x{:02x} ({}) b=0x{:02x} ({}) c=0x{:04x} {}: got 0x{got:04x}, want 0x{want:04x}",
            i >> 8, self.fmt_a, i & 0xFF, self.fmt_b, self.c, describe_rounding(self.rounding(i))
        )
    }
}

/// One block of conversion cases: every FP16 input for one format and mode.
#[derive(Clone, Debug)]
pub struct ConvertBlock {
    pub fmt: Fp8Format,
    pub saturate: bool,
    /// Stochastic rounding with these `bits`; `rnd[x]` is input x's random value.
    pub sr: Option<(u32, Vec<u32>)>,
}

impl ConvertBlock {
    /// The rounding of input `x`.
    pub fn rounding(&self, x: usize) -> Rounding {
        case_rounding(&self.sr, x)
    }

    /// Every format and mode: RNE, and SR with `bits` random bits from `seed`, each saturating
    /// or not.
    pub fn all_modes(bits: u32, seed: u64) -> Vec<ConvertBlock> {
        let mut out = Vec::new();
        for fmt in Fp8Format::ALL {
            for saturate in [false, true] {
                out.push(ConvertBlock { fmt, saturate, sr: None });
                let seed = seed ^ ((fmt as u64) << 1) ^ saturate as u64;
                out.push(ConvertBlock { fmt, saturate, sr: Some((bits, random_bits(bits, seed))) });
            }
        }
        out
    }
}

impl Block for ConvertBlock {
    fn describe(&self, x: usize, got: u16, want: u16) -> String {
        format!(
            "x=0x{x:04x} {} sat={} {}: got 0x{got:02x}, want 0x{want:02x}",
            self.fmt, self.saturate as u8, describe_rounding(self.rounding(x))
        )
    }
}

fn describe_rounding(r: Rounding) -> String {
    match r {
        Rounding::NearestEven => "rne".to_string(),
        Rounding::Stochastic { bits, rnd } => format!("sr{bits} rnd=0x{rnd:x}"),
    }
}

/// A block of 65536 cases that can describe any one of them for a failure report.
pub trait Block: Sync {
    /// Case `i`, with the two results, for people.
    fn describe(&self, i: usize, got: u16, want: u16) -> String;
}

/// Something that computes whole blocks: the reference model, SoftFloat, an RTL simulation.
pub trait BlockModel<B>: Sync {
    /// A short name for reports.
    fn name(&self) -> &str;
    /// The 65536 results of `block`, in case order.
    fn eval(&self, block: &B) -> anyhow::Result<Vec<u16>>;
}

/// The reference model as a [`MacModel`].
pub struct ReferenceModel;

impl BlockModel<MacBlock> for ReferenceModel {
    fn name(&self) -> &str {
        "reference"
    }
    fn eval(&self, block: &MacBlock) -> anyhow::Result<Vec<u16>> {
        let (fa, fb) = (block.fmt_a, block.fmt_b);
        Ok((0..BLOCK).map(|i| mac_bits(fa.decode((i >> 8) as u8), fb.decode(i as u8), block.c, block.rounding(i))).collect())
    }
}

impl BlockModel<ConvertBlock> for ReferenceModel {
    fn name(&self) -> &str {
        "reference"
    }
    fn eval(&self, block: &ConvertBlock) -> anyhow::Result<Vec<u16>> {
        Ok((0..BLOCK).map(|x| to_fp8(f16::from_bits(x as u16), block.fmt, block.rounding(x), block.saturate) as u16).collect())
    }
}

/// Berkeley SoftFloat as a [`MacModel`] (round to nearest even only).
pub struct SoftFloatModel;

impl BlockModel<MacBlock> for SoftFloatModel {
    fn name(&self) -> &str {
        "softfloat"
    }
    fn eval(&self, block: &MacBlock) -> anyhow::Result<Vec<u16>> {
        anyhow::ensure!(block.sr.is_none(), "SoftFloat has no stochastic rounding");
        let tables = crate::oracle::widen_tables();
        let (ta, tb) = (&tables[block.fmt_a as usize], &tables[block.fmt_b as usize]);
        Ok((0..BLOCK).map(|i| crate::oracle::f16_mul_add(ta[i >> 8], tb[i & 0xFF], block.c)).collect())
    }
}

/// FP16 addends that cover every class and the edges: signed zeros, subnormals, the normal
/// range's ends, ones, infinities, NaNs, then `random` uniform codes from `seed`.
pub fn addend_set(random: usize, seed: u64) -> Vec<u16> {
    let edges = [
        0x0000, 0x0001, 0x0002, 0x01FF, 0x0200, 0x03FF, 0x0400, 0x0401, 0x07FF, 0x1000, 0x2400,
        0x3800, 0x3BFF, 0x3C00, 0x3C01, 0x4000, 0x5BFF, 0x5C00, 0x7000, 0x7A00, 0x7BFE, 0x7BFF,
        FP16_INF, FP16_NAN, 0x7C01, 0x7DFF,
    ];
    let mut rng = StdRng::seed_from_u64(seed);
    let signed = edges.iter().flat_map(|&c| [c, c | 0x8000]);
    signed.chain((0..random).map(|_| rng.random::<u16>())).collect()
}

/// The blocks of a sweep: every format pair for every addend in `addends`, RNE, or SR with
/// `bits` bits and uniform random `rnd` drawn from `seed`.
pub fn blocks(addends: &[u16], sr: Option<(u32, u64)>) -> impl Iterator<Item = MacBlock> + '_ {
    let pairs = Fp8Format::ALL.into_iter().flat_map(|fa| Fp8Format::ALL.map(|fb| (fa, fb)));
    pairs.flat_map(move |(fmt_a, fmt_b)| {
        addends.iter().map(move |&c| {
            let sr = sr.map(|(bits, seed)| {
                (bits, random_bits(bits, seed ^ ((c as u64) << 8) ^ ((fmt_a as u64) << 1) ^ fmt_b as u64))
            });
            MacBlock { fmt_a, fmt_b, c, sr }
        })
    })
}

/// The outcome of a sweep.
#[derive(Debug, Default)]
pub struct Tally {
    pub cases: u64,
    pub mismatches: u64,
    /// The first few mismatches, formatted for people.
    pub examples: Vec<String>,
}

const MAX_EXAMPLES: usize = 10;

/// Runs `blocks` through both models in parallel and counts the cases whose bits differ.
pub fn compare<B: Block>(
    dut: &dyn BlockModel<B>,
    golden: &dyn BlockModel<B>,
    blocks: &[B],
    progress: bool,
) -> anyhow::Result<Tally> {
    let bar = if progress { ProgressBar::new(blocks.len() as u64) } else { ProgressBar::hidden() };
    bar.set_style(
        ProgressStyle::with_template("{msg} [{elapsed_precise}] {wide_bar} {pos}/{len} blocks, eta {eta}")
            .expect("static template"),
    );
    bar.set_message(format!("{} vs {}", dut.name(), golden.name()));
    let mismatches = AtomicU64::new(0);
    let examples = Mutex::new(Vec::new());
    blocks.par_iter().try_for_each(|block| -> anyhow::Result<()> {
        let (got, want) = (dut.eval(block)?, golden.eval(block)?);
        for (i, (g, w)) in got.iter().zip(&want).enumerate().filter(|(_, (g, w))| g != w) {
            mismatches.fetch_add(1, Relaxed);
            let mut ex = examples.lock().expect("no panics hold this lock");
            if ex.len() < MAX_EXAMPLES {
                ex.push(block.describe(i, *g, *w));
            }
        }
        bar.inc(1);
        Ok(())
    })?;
    bar.finish_and_clear();
    Ok(Tally {
        cases: blocks.len() as u64 * BLOCK as u64,
        mismatches: mismatches.into_inner(),
        examples: examples.into_inner().expect("no panics hold this lock"),
    })
}

/// One MAC case, for engines fed vector by vector.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MacCase {
    pub a: u8,
    pub fmt_a: Fp8Format,
    pub b: u8,
    pub fmt_b: Fp8Format,
    pub c: u16,
    pub rounding: Rounding,
}

/// One conversion case, for engines fed vector by vector.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ConvertCase {
    pub x: u16,
    pub fmt: Fp8Format,
    pub rounding: Rounding,
    pub saturate: bool,
}
