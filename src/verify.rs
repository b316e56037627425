//! Sweeps that compare two MAC models block by block: one block is every (a, b) pair of one
//! format pair for one addend `c` and one rounding set-up, 65536 cases.

use std::sync::atomic::{AtomicU64, Ordering::Relaxed};
use std::sync::Mutex;

use indicatif::{ProgressBar, ProgressStyle};
use rand::{rngs::StdRng, Rng, SeedableRng};
use rayon::prelude::*;

use crate::format::{Fp8Format, FP16_INF, FP16_NAN};
use crate::reference::{mac_bits, Rounding};

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

impl MacBlock {
    /// The rounding of case `i`.
    pub fn rounding(&self, i: usize) -> Rounding {
        match &self.sr {
            Some((bits, rnd)) => Rounding::Stochastic { bits: *bits, rnd: rnd[i] },
            None => Rounding::NearestEven,
        }
    }
}

/// Something that computes MAC blocks: the reference model, SoftFloat, an RTL simulation.
pub trait MacModel: Sync {
    /// A short name for reports.
    fn name(&self) -> &str;
    /// Fills `out[a << 8 | b]` with the FP16 result of case (a, b).
    fn eval_block(&self, block: &MacBlock, out: &mut [u16]);
}

/// The reference model as a [`MacModel`].
pub struct ReferenceModel;

impl MacModel for ReferenceModel {
    fn name(&self) -> &str {
        "reference"
    }
    fn eval_block(&self, block: &MacBlock, out: &mut [u16]) {
        let da: Vec<_> = (0..=255u8).map(|x| block.fmt_a.decode(x)).collect();
        let db: Vec<_> = (0..=255u8).map(|x| block.fmt_b.decode(x)).collect();
        for (i, y) in out.iter_mut().enumerate() {
            *y = mac_bits(da[i >> 8], db[i & 0xFF], block.c, block.rounding(i));
        }
    }
}

/// Berkeley SoftFloat as a [`MacModel`] (round to nearest even only).
pub struct SoftFloatModel;

impl MacModel for SoftFloatModel {
    fn name(&self) -> &str {
        "softfloat"
    }
    fn eval_block(&self, block: &MacBlock, out: &mut [u16]) {
        assert!(block.sr.is_none(), "SoftFloat has no stochastic rounding");
        let tables = crate::oracle::widen_tables();
        let (ta, tb) = (&tables[block.fmt_a as usize], &tables[block.fmt_b as usize]);
        for (i, y) in out.iter_mut().enumerate() {
            *y = crate::oracle::f16_mul_add(ta[i >> 8], tb[i & 0xFF], block.c);
        }
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
                let mut rng = StdRng::seed_from_u64(seed ^ ((c as u64) << 8) ^ ((fmt_a as u64) << 1) ^ fmt_b as u64);
                (bits, (0..BLOCK).map(|_| rng.random::<u32>() & ((1 << bits) - 1)).collect())
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

/// Runs `blocks` through both models in parallel and counts disagreements (bit-exact, except
/// that any NaN equals any NaN only where both are the canonical 0x7E00: no NaN freedom).
pub fn compare(dut: &dyn MacModel, golden: &dyn MacModel, blocks: Vec<MacBlock>, progress: bool) -> Tally {
    let bar = if progress { ProgressBar::new(blocks.len() as u64) } else { ProgressBar::hidden() };
    bar.set_style(
        ProgressStyle::with_template("{msg} [{elapsed_precise}] {wide_bar} {pos}/{len} blocks, eta {eta}")
            .expect("static template"),
    );
    bar.set_message(format!("{} vs {}", dut.name(), golden.name()));
    let mismatches = AtomicU64::new(0);
    let examples = Mutex::new(Vec::new());
    blocks.par_iter().for_each_init(
        || (vec![0u16; BLOCK], vec![0u16; BLOCK]),
        |(got, want), block| {
            dut.eval_block(block, got);
            golden.eval_block(block, want);
            for (i, (g, w)) in got.iter().zip(want.iter()).enumerate().filter(|(_, (g, w))| g != w) {
                mismatches.fetch_add(1, Relaxed);
                let mut ex = examples.lock().expect("no panics hold this lock");
                if ex.len() < MAX_EXAMPLES {
                    ex.push(describe_case(block, i, *g, *w, dut.name(), golden.name()));
                }
            }
            bar.inc(1);
        },
    );
    bar.finish_and_clear();
    Tally {
        cases: blocks.len() as u64 * BLOCK as u64,
        mismatches: mismatches.into_inner(),
        examples: examples.into_inner().expect("no panics hold this lock"),
    }
}

fn describe_case(block: &MacBlock, i: usize, got: u16, want: u16, dut: &str, golden: &str) -> String {
    let rounding = match block.rounding(i) {
        Rounding::NearestEven => "rne".to_string(),
        Rounding::Stochastic { bits, rnd } => format!("sr{bits} rnd=0x{rnd:x}"),
    };
    format!(
        "a=0x{:02x} ({}) b=0x{:02x} ({}) c=0x{:04x} {rounding}: {dut} 0x{got:04x}, {golden} 0x{want:04x}",
        i >> 8, block.fmt_a, i & 0xFF, block.fmt_b, block.c
    )
}
