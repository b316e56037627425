//! Sweeps that compare two models batch by batch: a MAC batch is every (a, b) pair of one
//! format pair for one addend `c` and one rounding set-up, a conversion batch every FP16
//! input for one format and mode; 65536 cases each.

pub mod oracle;

use std::sync::atomic::{AtomicU64, Ordering::Relaxed};
use std::sync::Mutex;

use indicatif::{ProgressBar, ProgressStyle};
use rand::{rngs::StdRng, Rng, SeedableRng};
use rayon::prelude::*;

use crate::format::{Format, FormatSet, FP16_INF, FP16_NAN};
use half::f16;

use crate::reference::{encode_f16, mac_bits, Rounding, SrConfig};
use crate::sim::rtl::{SimConvert, SimMac};
use crate::sim::verilator::{VerilatorConvert, VerilatorMac};
use crate::sim::ALL_PAIRS;

/// Cases in one batch: all (a, b) code pairs, indexed `a << 8 | b`.
pub const BATCH: usize = ALL_PAIRS;

/// One batch of MAC cases: every (a, b) for fixed formats, addend and rounding.
#[derive(Clone, Debug)]
pub struct MacBatch {
    /// Format of a.
    pub fmt_a: Format,
    /// Format of b.
    pub fmt_b: Format,
    /// FP16 bits of the addend.
    pub c: u16,
    /// Stochastic rounding, if any: `rnd[a << 8 | b]` is case (a, b)'s random input.
    pub sr: Option<SrConfig>,
    /// The random inputs (empty without SR).
    pub rnd: Vec<u32>,
}

/// The rounding of case `i` of a batch with optional SR.
fn case_rounding(sr: Option<SrConfig>, rnd: &[u32], i: usize) -> Rounding {
    match sr {
        Some(SrConfig { bits, .. }) => Rounding::Stochastic { bits, rnd: rnd[i] },
        None => Rounding::NearestEven,
    }
}

/// `BATCH` uniform random values of `sr`'s bits from its seed (none without SR).
fn random_bits(sr: Option<SrConfig>) -> Vec<u32> {
    let Some(SrConfig { bits, seed }) = sr else { return Vec::new() };
    let mut rng = StdRng::seed_from_u64(seed);
    (0..BATCH).map(|_| rng.random::<u32>() & ((1 << bits) - 1)).collect()
}

impl MacBatch {
    /// The rounding of case `i`.
    pub fn rounding(&self, i: usize) -> Rounding {
        case_rounding(self.sr, &self.rnd, i)
    }

    /// The random inputs, with SR.
    fn rnd(&self) -> Option<&[u32]> {
        self.sr.map(|_| self.rnd.as_slice())
    }
}

impl Batch for MacBatch {
    fn describe(&self, i: usize, got: u16, want: u16) -> String {
        format!(
            "a=0x{:02x} ({}) b=0x{:02x} ({}) c=0x{:04x} {}: got 0x{got:04x}, want 0x{want:04x}",
            i >> 8,
            self.fmt_a,
            i & 0xFF,
            self.fmt_b,
            self.c,
            describe_rounding(self.rounding(i))
        )
    }
}

/// One batch of conversion cases: every FP16 input for one format and mode.
#[derive(Clone, Debug)]
pub struct ConvertBatch {
    /// The target format.
    pub fmt: Format,
    /// Out-of-range values become +-max finite.
    pub saturate: bool,
    /// Stochastic rounding, if any: `rnd[x]` is input x's random value.
    pub sr: Option<SrConfig>,
    /// The random inputs (empty without SR).
    pub rnd: Vec<u32>,
}

impl ConvertBatch {
    /// The rounding of input `x`.
    pub fn rounding(&self, x: usize) -> Rounding {
        case_rounding(self.sr, &self.rnd, x)
    }

    /// Every format and mode: RNE, and SR with `sr`'s bits, each saturating or not.
    pub fn all_modes(sr: SrConfig) -> Vec<ConvertBatch> {
        let mut out = Vec::new();
        for fmt in FormatSet::DEFAULT.formats() {
            for saturate in [false, true] {
                out.push(ConvertBatch { fmt, saturate, sr: None, rnd: Vec::new() });
                let sr = Some(SrConfig { seed: sr.seed ^ ((fmt as u64) << 1) ^ saturate as u64, ..sr });
                out.push(ConvertBatch { fmt, saturate, sr, rnd: random_bits(sr) });
            }
        }
        out
    }
}

impl Batch for ConvertBatch {
    fn describe(&self, x: usize, got: u16, want: u16) -> String {
        format!(
            "x=0x{x:04x} {} sat={} {}: got 0x{got:02x}, want 0x{want:02x}",
            self.fmt,
            self.saturate as u8,
            describe_rounding(self.rounding(x))
        )
    }
}

fn describe_rounding(r: Rounding) -> String {
    match r {
        Rounding::NearestEven => "rne".to_string(),
        Rounding::TowardZero => "rz".to_string(),
        Rounding::Stochastic { bits, rnd } => format!("sr{bits} rnd=0x{rnd:x}"),
    }
}

/// A batch of 65536 cases that can describe any one of them for a failure report.
pub trait Batch: Sync {
    /// Case `i`, with the two results, for people.
    fn describe(&self, i: usize, got: u16, want: u16) -> String;
}

/// Something that computes whole batches: the reference model, SoftFloat, an engine.
pub trait BatchModel<B>: Sync {
    /// A short name for reports.
    fn name(&self) -> &str;
    /// The 65536 results of `batch`, in case order.
    fn eval(&self, batch: &B) -> anyhow::Result<Vec<u16>>;
}

/// The reference model.
pub struct ReferenceModel;

impl BatchModel<MacBatch> for ReferenceModel {
    fn name(&self) -> &str {
        "reference"
    }
    fn eval(&self, batch: &MacBatch) -> anyhow::Result<Vec<u16>> {
        let (fa, fb) = (batch.fmt_a, batch.fmt_b);
        Ok((0..BATCH).map(|i| mac_bits(fa.decode((i >> 8) as u8), fb.decode(i as u8), batch.c, batch.rounding(i))).collect())
    }
}

impl BatchModel<ConvertBatch> for ReferenceModel {
    fn name(&self) -> &str {
        "reference"
    }
    fn eval(&self, batch: &ConvertBatch) -> anyhow::Result<Vec<u16>> {
        Ok((0..BATCH).map(|x| encode_f16(f16::from_bits(x as u16), batch.fmt, batch.rounding(x), batch.saturate) as u16).collect())
    }
}

/// Berkeley SoftFloat's f16_mulAdd (round to nearest even only).
pub struct SoftFloatModel;

impl BatchModel<MacBatch> for SoftFloatModel {
    fn name(&self) -> &str {
        "softfloat"
    }
    fn eval(&self, batch: &MacBatch) -> anyhow::Result<Vec<u16>> {
        anyhow::ensure!(batch.sr.is_none(), "SoftFloat has no stochastic rounding");
        let (ta, tb) = (oracle::widen_table(batch.fmt_a), oracle::widen_table(batch.fmt_b));
        Ok((0..BATCH).map(|i| oracle::f16_mul_add(ta[i >> 8], tb[i & 0xFF], batch.c)).collect())
    }
}

/// FP16 addends that cover every class and the edges: signed zeros, subnormals, the normal
/// range's ends, ones, infinities, NaNs, then `random` uniform codes from `seed`.
pub fn addend_set(random: usize, seed: u64) -> Vec<u16> {
    let edges = [
        0x0000, 0x0001, 0x0002, 0x01FF, 0x0200, 0x03FF, 0x0400, 0x0401, 0x07FF, 0x1000, 0x2400, 0x3800, 0x3BFF, 0x3C00, 0x3C01, 0x4000,
        0x5BFF, 0x5C00, 0x7000, 0x7A00, 0x7BFE, 0x7BFF, FP16_INF, FP16_NAN, 0x7C01, 0x7DFF,
    ];
    let mut rng = StdRng::seed_from_u64(seed);
    let signed = edges.iter().flat_map(|&c| [c, c | 0x8000]);
    signed.chain((0..random).map(|_| rng.random::<u16>())).collect()
}

/// The batches of a sweep: every format pair for every addend in `addends`, RNE, or SR with
/// `sr`'s bits and uniform random `rnd` drawn from its seed.
pub fn batches(addends: &[u16], sr: Option<SrConfig>) -> impl Iterator<Item = MacBatch> + '_ {
    let set = FormatSet::DEFAULT;
    let pairs = set.formats().flat_map(move |fa| set.formats().map(move |fb| (fa, fb)));
    pairs.flat_map(move |(fmt_a, fmt_b)| {
        addends.iter().map(move |&c| {
            let sr = sr.map(|s| SrConfig { seed: s.seed ^ ((c as u64) << 8) ^ ((fmt_a as u64) << 1) ^ fmt_b as u64, ..s });
            MacBatch { fmt_a, fmt_b, c, sr, rnd: random_bits(sr) }
        })
    })
}

/// The outcome of a sweep.
#[derive(Debug, Default)]
pub struct Tally {
    /// Cases compared.
    pub cases: u64,
    /// Cases whose bits differ.
    pub mismatches: u64,
    /// The first few mismatches, formatted for people.
    pub examples: Vec<String>,
}

const MAX_EXAMPLES: usize = 10;

/// Runs `batches` through both models in parallel and counts the cases whose bits differ.
pub fn compare<B: Batch>(dut: &dyn BatchModel<B>, golden: &dyn BatchModel<B>, batches: &[B], progress: bool) -> anyhow::Result<Tally> {
    let bar = if progress { ProgressBar::new(batches.len() as u64) } else { ProgressBar::hidden() };
    bar.set_style(
        ProgressStyle::with_template("{msg} [{elapsed_precise}] {wide_bar} {pos}/{len} batches, eta {eta}").expect("static template"),
    );
    bar.set_message(format!("{} vs {}", dut.name(), golden.name()));
    let mismatches = AtomicU64::new(0);
    let examples = Mutex::new(Vec::new());
    batches.par_iter().try_for_each(|batch| -> anyhow::Result<()> {
        let (got, want) = (dut.eval(batch)?, golden.eval(batch)?);
        for (i, (g, w)) in got.iter().zip(&want).enumerate().filter(|(_, (g, w))| g != w) {
            mismatches.fetch_add(1, Relaxed);
            let mut ex = examples.lock().expect("no panics hold this lock");
            if ex.len() < MAX_EXAMPLES {
                ex.push(batch.describe(i, *g, *w));
            }
        }
        bar.inc(1);
        Ok(())
    })?;
    bar.finish_and_clear();
    Ok(Tally {
        cases: batches.len() as u64 * BATCH as u64,
        mismatches: mismatches.into_inner(),
        examples: examples.into_inner().expect("no panics hold this lock"),
    })
}

/// rust-hdl's simulation of the combinational blocks (R = 8; slow: about 0.15 M evaluations/s).
pub struct RtlSimModel;

impl BatchModel<MacBatch> for RtlSimModel {
    fn name(&self) -> &str {
        "rtl-sim"
    }
    fn eval(&self, batch: &MacBatch) -> anyhow::Result<Vec<u16>> {
        anyhow::ensure!(batch.sr.is_none_or(|s| s.bits == 8), "the rtl-sim model has R = 8");
        let mut sim = SimMac::<8>::default();
        Ok((0..BATCH).map(|i| sim.eval((i >> 8) as u8, batch.fmt_a, i as u8, batch.fmt_b, batch.c, batch.rounding(i))).collect())
    }
}

impl BatchModel<ConvertBatch> for RtlSimModel {
    fn name(&self) -> &str {
        "rtl-sim"
    }
    fn eval(&self, batch: &ConvertBatch) -> anyhow::Result<Vec<u16>> {
        anyhow::ensure!(batch.sr.is_none_or(|s| s.bits == 8), "the rtl-sim model has R = 8");
        let mut sim = SimConvert::<8>::default();
        Ok((0..BATCH).map(|x| sim.eval(x as u16, batch.fmt, batch.rounding(x), batch.saturate) as u16).collect())
    }
}

impl BatchModel<MacBatch> for VerilatorMac {
    fn name(&self) -> &str {
        "verilator"
    }
    fn eval(&self, batch: &MacBatch) -> anyhow::Result<Vec<u16>> {
        self.eval_all_pairs(batch.fmt_a, batch.fmt_b, batch.c, batch.rnd())
    }
}

impl BatchModel<ConvertBatch> for VerilatorConvert {
    fn name(&self) -> &str {
        "verilator"
    }
    fn eval(&self, batch: &ConvertBatch) -> anyhow::Result<Vec<u16>> {
        let rnd = batch.sr.map(|_| batch.rnd.as_slice());
        Ok(self.eval_all_inputs(batch.fmt, batch.saturate, rnd)?.into_iter().map(u16::from).collect())
    }
}
