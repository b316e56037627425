//! Driving `fp8_systolic`: a GEMM becomes a cycle-by-cycle schedule of port values, any engine
//! (rust-hdl's simulator, Verilator) runs it, and the results are read back into Y.
//!
//! The schedule follows the protocol of the README ("The systolic array"). With pipeline
//! depth D, each element interleaves D lanes: a tile is rows x (D cols) outputs, lane l of
//! column j holding column l * cols + j of the tile, and cycle t of a tile feeds lane t mod D.
//! * cycle 0: `rst`;
//! * `rows` x D cycles of `shift` preload the first tile's C (and SR seeds), bottom row first,
//!   lane 0 first;
//! * tile n streams its K steps from cycle t_n, each step D cycles (one per lane, `A[i][k]` held,
//!   B[k][l cols + j] on b_j), `start` on the first step; tiles every
//!   D max(K, 2 rows) cycles, so the array is busy every cycle when K >= 2 rows;
//! * during tile n, at cycles t_n + D rows .. t_n + 2 D rows, `shift` pops tile n-1's Y
//!   (bottom row first, on `y` cols - 1 cycles later) while pushing tile n+1's C in;
//! * after the last tile a flush (D cycles of `start` without `valid`) and one more exchange
//!   pop its Y.
//!
//! The exact array ("The exact array" in the README) has one lane and no preload: the exchange
//! during tile n + 1 pops tile n's sums and takes their C, its pops are `cols` cycles apart
//! (the columns share one rounder; 2 on one column), and tiles come every max(K,
//! [`crate::hdl::systolic_exact::min_period`]) cycles, the least period at which every exchange
//! fits in its window.

use anyhow::{anyhow, bail, ensure, Result};
use half::f16;
use ndarray::{s, Array2, ArrayView2};
use std::num::NonZeroUsize;
use std::ops::Range;

pub use crate::config::Accumulator;
use crate::config::{Config, ExactArray, MAX_SCALE_BITS};
use crate::format::Format;
use crate::hdl::exact_pe::SCALE_NAN;
use crate::progress::Progress;
use crate::reference::{check_operands, Align, BlockRounding, BlockScales, Blocks, SrConfig, E8M0_BIAS, E8M0_NAN, MAX_SCALE_EXP};
use crate::rng::{stream_seed, xorshift32};

/// The array's input ports for one clock cycle.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Frame {
    /// Synchronous reset.
    pub rst: bool,
    /// `a` and `b` are one MAC step.
    pub valid: bool,
    /// k = 0 of a new tile (or the flush).
    pub start: bool,
    /// Exchange: push `c` and `seed`, pop Y.
    pub shift: bool,
    /// With `shift`, on the exact array: the popped sums continue their outputs' last Y
    /// (blocks after the first).
    pub chain: bool,
    /// Per row: the A operand.
    pub a: Vec<u8>,
    /// Per column: the B operand.
    pub b: Vec<u8>,
    /// Per column: C of the next tile (FP16, or binary32 on an exact array rounding into it).
    pub c: Vec<u32>,
    /// Per column: SR seeds.
    pub seed: Vec<u32>,
    /// Per row, on an exact array with block scales (else empty): the `xa` port, the scale of
    /// `a`'s block as [`PortScales`] codes it.
    pub xa: Vec<u8>,
    /// Per column, likewise: the `xb` port.
    pub xb: Vec<u8>,
}

/// Run-time configuration ports, constant over a GEMM.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Setup {
    /// Format of A.
    pub fmt_a: Format,
    /// Format of B.
    pub fmt_b: Format,
    /// Stochastic rounding.
    pub sr: bool,
    /// s of the scale 2^s (the exact array's `scale_exp` port; 0 for the FP16 array).
    pub scale_exp: i32,
}

impl Setup {
    /// The select codes of the formats on an array that accumulates as `acc` (and takes its formats).
    ///
    /// # Panics
    /// For a format the array does not take: [`gemm`] and [`gemm_exact`] check first.
    pub fn selects(&self, acc: Accumulator) -> (u32, u32) {
        let set = acc.formats();
        let sel = |f| set.select(f).expect("a format of the array");
        (sel(self.fmt_a), sel(self.fmt_b))
    }
}

impl Accumulator {
    /// Cycles by which an element finishes a tile later than the FP16 element of depth 1.
    fn pe_latency(self) -> usize {
        match self {
            Accumulator::Fp16(_) => 0,
            Accumulator::Exact { .. } => crate::hdl::systolic_exact::PE_LATENCY,
        }
    }

    /// Cycles from the bottom of a column to its `y` port, beyond the FP16 array's.
    fn out_latency(self) -> usize {
        match self {
            Accumulator::Fp16(_) => 0,
            Accumulator::Exact(_) => crate::hdl::systolic_exact::OUT_LATENCY,
        }
    }

    /// Cycles from one pop to the next: the exact array's columns share one rounder.
    fn pop_spacing(self, cols: usize) -> usize {
        match self {
            Accumulator::Fp16(_) => 1,
            Accumulator::Exact(_) => crate::hdl::systolic_exact::pop_spacing(cols),
        }
    }
}

/// Something that clocks an array through frames and returns `y` as seen in each cycle
/// (before that cycle's rising edge).
pub trait ArrayEngine {
    /// The array's shape and pipeline depth.
    fn config(&self) -> Config;
    /// How the array accumulates, and its formats.
    fn accumulator(&self) -> Accumulator;
    /// Runs the frames from the array's current state; one `y` vector per frame.
    fn run(&mut self, setup: Setup, frames: &[Frame]) -> Result<Vec<Vec<u32>>>;
    /// Cycles per call of [`ArrayEngine::run`] in a GEMM: about a tenth of a second of work,
    /// so that progress shows and a cancelled GEMM stops promptly.
    fn step_cycles(&self) -> usize {
        1 << 16
    }
}

/// Where a result appears: in `cycle`, `y[j]` holds Y[row][col0 + j].
struct Pop {
    cycle: usize,
    row: usize,
    col0: usize,
}

/// The cycle schedule of one GEMM, and where its results will appear.
pub struct Schedule {
    /// Port values, one frame per clock cycle.
    pub frames: Vec<Frame>,
    pops: Vec<Pop>,
    /// MAC steps issued (valid cycles x rows x cols), for utilisation figures.
    pub mac_slots: usize,
}

/// Tile period in cycles for a given K on the array of `cfg` accumulating as `acc`: the FP16
/// array's D max(K, 2 rows); the exact array's max(K, its least period), at which a tile's pops
/// meet both ends of their window.
pub fn tile_period(k: usize, cfg: &Config, acc: Accumulator) -> usize {
    match acc {
        Accumulator::Fp16(_) => cfg.pipeline * k.max(2 * cfg.rows),
        Accumulator::Exact(_) => k.max(crate::hdl::systolic_exact::min_period(cfg.rows, cfg.cols)),
    }
}

/// Tile period in cycles of a GEMM of depth K run in blocks of `n` steps (`None`: one block
/// of K) on an exact array: [`tile_period`] of a block, and when an output has a block after
/// its first, at least the cycles from a block's pop until its result is in the block store
/// ([`crate::hdl::systolic_exact::CHAIN_PERIOD`]).
pub fn block_period(k: usize, n: Option<NonZeroUsize>, cfg: &Config, acc: Accumulator) -> usize {
    match block_len(k, n) {
        len if len < k => tile_period(len, cfg, acc).max(crate::hdl::systolic_exact::CHAIN_PERIOD),
        _ => tile_period(k, cfg, acc),
    }
}

/// Steps per block of a GEMM of depth K in blocks of `n` (`None`, or n >= K: one block of K).
fn block_len(k: usize, n: Option<NonZeroUsize>) -> usize {
    n.map_or(k, NonZeroUsize::get).min(k)
}

/// One tile of the schedule: the outputs at rows r0.., columns c0.., over the steps `ks` of K
/// (block `block` of those outputs; the last block yields Y).
struct Tile {
    r0: usize,
    c0: usize,
    ks: Range<usize>,
    block: usize,
    last: bool,
}

impl Schedule {
    /// Schedules `Y = A x B + C` (K >= 1) on the array of `cfg`; out-of-range rows and
    /// columns of edge tiles are padded with zeros and their results dropped.
    pub fn gemm(a: ArrayView2<u8>, b: ArrayView2<u8>, c: ArrayView2<u16>, sr: Option<SrConfig>, cfg: &Config) -> Self {
        Self::gemm_on(a, b, c.mapv(u32::from).view(), sr, cfg, Accumulator::FP16)
    }

    /// [`Schedule::gemm`] for an array that accumulates as `acc` says (one lane if exact).
    pub fn gemm_on(a: ArrayView2<u8>, b: ArrayView2<u8>, c: ArrayView2<u32>, sr: Option<SrConfig>, cfg: &Config, acc: Accumulator) -> Self {
        Self::band(a, b, c, sr, cfg, acc, 0, None, None)
    }

    /// [`Schedule::gemm_on`] on an exact array in blocks of `n` products (docs/spec.md section
    /// 12, n < K): each block one tile, the pops of every block after an output's first with
    /// `chain` high, tiles every [`block_period`] cycles; only the last block's pops yield Y.
    pub fn blocks_on(
        a: ArrayView2<u8>,
        b: ArrayView2<u8>,
        c: ArrayView2<u32>,
        sr: Option<SrConfig>,
        cfg: &Config,
        exact: ExactArray,
        n: NonZeroUsize,
    ) -> Self {
        Self::band(a, b, c, sr, cfg, Accumulator::Exact(exact), 0, None, Some(n))
    }

    /// [`Schedule::gemm_on`] of a band of rows of a larger GEMM, its first row being row
    /// `row0` of the whole: that row number chooses the SR streams. With `scales` (of the
    /// whole GEMM), each step's `xa` and `xb` carry its blocks' scales. With `n` (an exact
    /// array only), each output's K steps run as blocks of n, one tile each, a block after the
    /// first `chain`ed to the output's last Y, its SR seed the output's stream stepped once per
    /// block before it.
    #[allow(clippy::too_many_arguments)]
    fn band(
        a: ArrayView2<u8>,
        b: ArrayView2<u8>,
        c: ArrayView2<u32>,
        sr: Option<SrConfig>,
        cfg: &Config,
        acc: Accumulator,
        row0: usize,
        scales: Option<&PortScales>,
        n_block: Option<NonZeroUsize>,
    ) -> Self {
        let exact = acc.is_exact();
        let cfg = &Config { pipeline: if exact { 1 } else { cfg.pipeline }, ..*cfg };
        let (rows, cols, lanes) = (cfg.rows, cfg.cols, cfg.pipeline);
        let (late, out) = (acc.pe_latency(), acc.out_latency());
        let (m, k, n) = (a.nrows(), a.ncols(), b.ncols());
        assert!(k >= 1, "K = 0 has no array schedule");
        assert!(exact || n_block.is_none(), "blocks run on the exact array");
        let width = cols * lanes; // columns of Y per tile
        let step = block_len(k, n_block);
        let tiles: Vec<Tile> = (0..m.div_ceil(rows))
            .flat_map(|ti| (0..n.div_ceil(width)).map(move |tj| (ti * rows, tj * width)))
            .flat_map(|(r0, c0)| {
                (0..k.div_ceil(step)).map(move |block| {
                    let ks = block * step..((block + 1) * step).min(k);
                    Tile { r0, c0, last: ks.end == k, ks, block }
                })
            })
            .collect();
        let period = block_period(k, n_block, cfg, acc);
        let exchange = rows * lanes; // shift cycles of one exchange
        let spacing = acc.pop_spacing(cols);
        let t0 = 1 + exchange;
        let flush = t0 + tiles.len() * period;
        let total = flush + 2 * exchange * spacing + cols + late + out;
        let lines = |n| if scales.is_some() { vec![0; n] } else { Vec::new() };
        let idle = Frame {
            a: vec![0; rows],
            b: vec![0; cols],
            c: vec![0; cols],
            seed: vec![0; cols],
            xa: lines(rows),
            xb: lines(cols),
            ..Frame::default()
        };
        let mut frames = vec![idle; total];
        frames[0].rst = true;
        // Exchange `e` loads tile e's C (preload e = 0, then during tile e - 1) and pops tile
        // e - 2's Y; on the exact array, it pops tile e - 2's sums, taking their C.
        let mut pops = Vec::new();
        for e in 0..=tiles.len() + 1 {
            if exact && e < 2 {
                continue; // nothing to preload, nothing to pop yet
            }
            let begin = if e == 0 { 1 } else { t0 + (e - 1) * period + exchange + late };
            for s in 0..exchange {
                let at = begin + s * spacing;
                let f = &mut frames[at];
                f.shift = true;
                // The bottom row goes in (and comes out) first, each row lane by lane.
                let (row, col0) = (rows - 1 - s / lanes, s % lanes * cols);
                let c_of = if exact { e.checked_sub(2) } else { Some(e) };
                if let Some(t) = c_of.and_then(|t| tiles.get(t)) {
                    f.chain = t.block > 0;
                    for j in 0..cols {
                        let (gi, gj) = (t.r0 + row, t.c0 + col0 + j);
                        if gi < m && gj < n {
                            f.c[j] = if f.chain { 0 } else { c[(gi, gj)] };
                            let stream = |s: SrConfig| (0..t.block).fold(stream_seed(s.seed, row0 + gi, gj), |x, _| xorshift32(x));
                            f.seed[j] = sr.map_or(0, stream);
                        }
                    }
                }
                if e >= 2 {
                    let t = &tiles[e - 2];
                    if t.last && t.r0 + row < m {
                        pops.push(Pop { cycle: at + cols - 1 + out, row: t.r0 + row, col0: t.c0 + col0 });
                    }
                }
            }
        }
        // Tile steps, then the flush.
        for (t, &Tile { r0, c0, ref ks, .. }) in tiles.iter().enumerate() {
            for kk in ks.clone() {
                for lane in 0..lanes {
                    let f = &mut frames[t0 + t * period + (kk - ks.start) * lanes + lane];
                    f.valid = true;
                    f.start = kk == ks.start;
                    for i in 0..rows.min(m - r0) {
                        f.a[i] = a[(r0 + i, kk)];
                    }
                    for j in 0..cols.min(n.saturating_sub(c0 + lane * cols)) {
                        f.b[j] = b[(kk, c0 + lane * cols + j)];
                    }
                    if let Some(sc) = scales {
                        let q = kk / sc.g;
                        for i in 0..rows.min(m - r0) {
                            f.xa[i] = sc.a[(row0 + r0 + i, q)];
                        }
                        for j in 0..cols.min(n.saturating_sub(c0)) {
                            f.xb[j] = sc.b[(q, c0 + j)];
                        }
                    }
                }
            }
        }
        for f in &mut frames[flush..flush + lanes] {
            f.start = true;
        }
        let steps: usize = tiles.iter().map(|t| t.ks.len()).sum();
        Schedule { frames, pops, mac_slots: steps * lanes * rows * cols }
    }

    /// The schedule's control ports cycle by cycle, as text: one line each for `rst`, `shift`
    /// (and `chain`, if a pop raises it), `valid` and `start` (`1` high, `.` low), then `y_j`
    /// with a letter in the cycle each
    /// pop's results leave (`a` for the first pop, `b` for the next, ..). The README's timing
    /// diagrams are printed so.
    pub fn timing_diagram(&self) -> String {
        let line = |name: &str, mark: &dyn Fn(usize) -> char| {
            let marks: Vec<String> = (0..self.frames.len()).map(|t| mark(t).to_string()).collect();
            format!("{name:>6}  {}\n", marks.join(" "))
        };
        let bit = |on: bool| if on { '1' } else { '.' };
        let letter = |t: usize| {
            let pop = self.pops.iter().position(|p| p.cycle == t);
            pop.map_or('.', |i| char::from(b'a' + (i % 26) as u8))
        };
        let chain = self.frames.iter().any(|f| f.chain).then(|| line("chain", &|t| bit(self.frames[t].chain)));
        [
            Some(line("cycle", &|t| char::from(b'0' + (t % 10) as u8))),
            Some(line("rst", &|t| bit(self.frames[t].rst))),
            Some(line("shift", &|t| bit(self.frames[t].shift))),
            chain,
            Some(line("valid", &|t| bit(self.frames[t].valid))),
            Some(line("start", &|t| bit(self.frames[t].start))),
            Some(line("y_j", &letter)),
        ]
        .into_iter()
        .flatten()
        .collect()
    }

    /// Reads Y out of the per-cycle outputs of a run.
    pub fn collect(&self, y: &[Vec<u32>], m: usize, n: usize) -> Array2<u32> {
        let mut out = Array2::zeros((m, n));
        for p in &self.pops {
            for (j, &v) in y[p.cycle].iter().enumerate().take(n.saturating_sub(p.col0)) {
                out[(p.row, p.col0 + j)] = v;
            }
        }
        out
    }
}

/// `Y = A x B + C` on an array engine, bit-exact with [`crate::reference::gemm`].
/// K = 0 performs no MAC, so Y = C without running the array.
pub fn gemm(
    engine: &mut dyn ArrayEngine,
    a: ArrayView2<u8>,
    fmt_a: Format,
    b: ArrayView2<u8>,
    fmt_b: Format,
    c: ArrayView2<f16>,
    sr: Option<SrConfig>,
) -> Result<Array2<f16>> {
    gemm_with_progress(engine, a, fmt_a, b, fmt_b, c, sr, &Progress::hidden())
}

/// [`gemm`], the cycles run in steps that advance `progress` (its length is set to the
/// cycle count).
#[allow(clippy::too_many_arguments)]
pub fn gemm_with_progress(
    engine: &mut dyn ArrayEngine,
    a: ArrayView2<u8>,
    fmt_a: Format,
    b: ArrayView2<u8>,
    fmt_b: Format,
    c: ArrayView2<f16>,
    sr: Option<SrConfig>,
    progress: &Progress,
) -> Result<Array2<f16>> {
    check_operands(a, fmt_a, b, fmt_b, c.dim())?;
    let acc = engine.accumulator();
    ensure!(!acc.is_exact(), "this array accumulates exactly: use gemm_exact");
    super::check_formats(acc.formats(), fmt_a, fmt_b)?;
    let setup = Setup { fmt_a, fmt_b, sr: sr.is_some(), scale_exp: 0 };
    let y = run(engine, a, b, c.mapv(|x| x.to_bits() as u32).view(), setup, sr, None, None, progress)?;
    Ok(y.mapv(|code| f16::from_bits(code as u16)))
}

/// `Y = round(C + 2^s A x B)` (docs/spec.md section 8) on an exact array engine, bit-exact with
/// [`crate::reference::gemm_exact`]: A is M x K FP8 codes of `fmt_a`, B K x N of `fmt_b`, C
/// and Y M x N codes of the array's output format (FP16, BF16 or binary32, in the low bits of
/// each `u32`). K = 0 returns C without running the array.
///
/// With OCP MX block `scales` (docs/spec.md section 12, n = all, exact: bit-exact with
/// [`crate::reference::gemm_blocks`]) on an array of `--scale-bits D`, each product moves by
/// its blocks' scales in the elements: [`PortScales`] gives the offsets the ports carry.
///
/// # Errors
/// Shapes that do not multiply, s outside -64..=64, K above the array's 2^H, an engine of the
/// FP16 array, block scales of the wrong shape, on an array without them, or whose spread or
/// least the array cannot take ([`PortScales::new`]), or the engine's own failure.
#[allow(clippy::too_many_arguments)]
pub fn gemm_exact(
    engine: &mut dyn ArrayEngine,
    a: ArrayView2<u8>,
    fmt_a: Format,
    b: ArrayView2<u8>,
    fmt_b: Format,
    c: ArrayView2<u32>,
    scale_exp: i32,
    scales: Option<&BlockScales>,
    sr: Option<SrConfig>,
    progress: &Progress,
) -> Result<Array2<u32>> {
    let Accumulator::Exact(exact) = engine.accumulator() else { bail!("this array accumulates in FP16: use gemm") };
    let rounding = sr.map_or(BlockRounding::NearestEven, BlockRounding::Stochastic);
    let blocks = Blocks { rounding, scale_exp, ..Blocks::new(None, exact.out) };
    gemm_blocks(engine, a, fmt_a, b, fmt_b, c, &blocks, scales, progress)
}

/// The block family (docs/spec.md section 12) on an exact array engine, bit-exact with
/// [`crate::reference::gemm_blocks`], as far as the array implements it: the terms of a block
/// summed exactly ([`Align::Exact`]), rounded RNE or SR into the array's output format, no
/// `keep` or `promote`: the presets `fp16-chain` (n = 1, FP16), `exact` and `mxdotp`. A, B, C
/// and Y as in [`gemm_exact`]; `scales` as there.
///
/// Each block of n products is one tile of the array; a block after an output's first adds
/// to that output's last Y in the array's block store (`chain`). The tiles come every
/// [`block_period`] cycles, so for n below rows x cols the rounder, not the elements, sets
/// the pace. Only the block (n products), not K, must fit the elements' 2^H.
///
/// # Errors
/// A block accumulator the array does not implement (truncating alignment, RZ, `keep`,
/// `promote`, another accumulator format), a block (n, or K if smaller) above the array's
/// 2^H, and [`gemm_exact`]'s errors.
#[allow(clippy::too_many_arguments)]
pub fn gemm_blocks(
    engine: &mut dyn ArrayEngine,
    a: ArrayView2<u8>,
    fmt_a: Format,
    b: ArrayView2<u8>,
    fmt_b: Format,
    c: ArrayView2<u32>,
    blocks: &Blocks,
    scales: Option<&BlockScales>,
    progress: &Progress,
) -> Result<Array2<u32>> {
    check_operands(a, fmt_a, b, fmt_b, c.dim())?;
    let Accumulator::Exact(exact) = engine.accumulator() else { bail!("blocks run on the exact array (--accumulate exact)") };
    super::check_formats(exact.formats, fmt_a, fmt_b)?;
    let sr = check_blocks(&exact, blocks)?;
    let scale_exp = blocks.scale_exp;
    ensure!(scale_exp.abs() <= MAX_SCALE_EXP, "--scale-exp must be -{MAX_SCALE_EXP}..={MAX_SCALE_EXP}, got {scale_exp}");
    let n_block = blocks.n.filter(|n| n.get() < a.ncols());
    let (k, what) = match n_block {
        Some(n) => (n.get(), format!("a block of {n} products")),
        None => (a.ncols(), format!("K = {}", a.ncols())),
    };
    let max_k_log2 = exact.max_k_log2;
    ensure!(k <= 1 << max_k_log2, "{what} is beyond the array's exact range, 2^{max_k_log2} (--max-k)");
    let ports = PortScales::for_array(&exact, scales, a, fmt_a, b, fmt_b, scale_exp)?;
    let base = ports.as_ref().map_or(0, |p| p.base);
    let setup = Setup { fmt_a, fmt_b, sr: sr.is_some(), scale_exp: scale_exp + base };
    run(engine, a, b, c, setup, sr, ports.as_ref(), n_block, progress)
}

/// The SR configuration of `blocks` if the exact array `exact` implements them.
///
/// # Errors
/// What [`gemm_blocks`] refuses before anything runs.
pub fn check_blocks(exact: &ExactArray, blocks: &Blocks) -> Result<Option<SrConfig>> {
    let refused =
        |what: &str| anyhow!("the exact array sums each block exactly and rounds it RNE or SR: {what} runs on the reference engine");
    ensure!(blocks.align == Align::Exact, refused("truncating the terms to p bits (--align, or the preset's)"));
    ensure!(blocks.keep.is_none(), refused("an accumulator of fewer fraction bits than its format's"));
    ensure!(blocks.promote.is_none(), refused("promotion into a second accumulator"));
    ensure!(
        blocks.acc == exact.out,
        "this exact array rounds into {}, the blocks' accumulator is {}: use the array of --out-format {}",
        exact.out.name(),
        blocks.acc.name(),
        blocks.acc.name()
    );
    match blocks.rounding {
        BlockRounding::NearestEven => Ok(None),
        BlockRounding::Stochastic(sr) => Ok(Some(sr)),
        BlockRounding::TowardZero => Err(refused("rounding toward zero (--rz)")),
    }
}

/// OCP MX block scales as an exact array of `--scale-bits D` takes them (docs/spec.md section
/// 12): each E8M0 code becomes its offset above the least code of its matrix (`xa` and `xb`
/// port codes, at most 2^D - 1; [`SCALE_NAN`] for 0xFF), and the least codes (less the
/// bias, plus MXINT8's 2^-6 per INT8 operand) join the rounder's s. A block whose operands
/// are all zeros takes no part in the least and the spread: its products are zeros whatever
/// its scale.
pub struct PortScales {
    /// A's port codes, M x ceil(K / g).
    pub a: Array2<u8>,
    /// B's port codes, ceil(K / g) x N.
    pub b: Array2<u8>,
    /// The scale block length g.
    pub g: usize,
    /// log2 of the least scale product, added to s.
    pub base: i32,
}

impl PortScales {
    /// The port codes of the exact array `exact` for a GEMM with `scales` or without (none),
    /// checked before any simulation starts.
    ///
    /// # Errors
    /// Block scales on an array without them, none on one with them, [`PortScales::new`]'s
    /// errors, or a least scale product that with s leaves the rounder's 2^-64 ..= 2^64.
    #[allow(clippy::too_many_arguments)]
    pub fn for_array(
        exact: &ExactArray,
        scales: Option<&BlockScales>,
        a: ArrayView2<u8>,
        fmt_a: Format,
        b: ArrayView2<u8>,
        fmt_b: Format,
        scale_exp: i32,
    ) -> Result<Option<Self>> {
        let Some(sc) = scales else {
            ensure!(exact.scale_bits == 0, "this array takes block scales (--scale-bits {}): give them", exact.scale_bits);
            return Ok(None);
        };
        let ports = PortScales::new(sc, a, fmt_a, b, fmt_b, exact.scale_bits)?;
        let s = scale_exp + ports.base;
        ensure!(
            s.abs() <= MAX_SCALE_EXP,
            "the block scales' least product, 2^{}, with --scale-exp {scale_exp} scales the sums by 2^{s}, beyond the rounder's \
             2^-{MAX_SCALE_EXP} ..= 2^{MAX_SCALE_EXP}: run the reference engine",
            ports.base
        );
        Ok(Some(ports))
    }

    /// The port codes of `scales` for A (M x K codes of `fmt_a`) and B (K x N of `fmt_b`) on
    /// an array of `scale_bits` D.
    ///
    /// # Errors
    /// Scales of the wrong shape, an array without block scales (D = 0), or codes of A's (or
    /// B's) nonzero blocks more than 2^D - 1 apart.
    pub fn new(scales: &BlockScales, a: ArrayView2<u8>, fmt_a: Format, b: ArrayView2<u8>, fmt_b: Format, scale_bits: u32) -> Result<Self> {
        let (g, k) = (scales.g.get(), a.ncols());
        scales.check(a.nrows(), k, b.ncols())?;
        ensure!(scale_bits > 0, "block scales need an exact array with --scale-bits (this one has none)");
        ensure!(scale_bits <= MAX_SCALE_BITS, "--scale-bits must be 1..={MAX_SCALE_BITS}, got {scale_bits}");
        let zero = |fmt: Format, code: u8| fmt.to_f64(code) == 0.0;
        // whether block q of A's row i (or B's column j) holds a nonzero operand
        let live_a = |i: usize, q: usize| (q * g..((q + 1) * g).min(k)).any(|kk| !zero(fmt_a, a[(i, kk)]));
        let live_b = |q: usize, j: usize| (q * g..((q + 1) * g).min(k)).any(|kk| !zero(fmt_b, b[(kk, j)]));
        let (a, least_a) = Self::offsets("A", scales.a, live_a, scale_bits)?;
        let (b, least_b) = Self::offsets("B", scales.b, live_b, scale_bits)?;
        let base = least_a + least_b - 2 * E8M0_BIAS + fmt_a.mx_unit_exp() + fmt_b.mx_unit_exp();
        Ok(PortScales { a, b, g, base })
    }

    /// One matrix's port codes and its least live code (the bias when none is live).
    fn offsets(what: &str, codes: ArrayView2<u8>, live: impl Fn(usize, usize) -> bool, scale_bits: u32) -> Result<(Array2<u8>, i32)> {
        let used: Vec<u8> = codes.indexed_iter().filter(|&((i, j), &x)| x != E8M0_NAN && live(i, j)).map(|(_, &x)| x).collect();
        let (least, most) = match (used.iter().min(), used.iter().max()) {
            (Some(&lo), Some(&hi)) => (lo, hi),
            _ => (E8M0_BIAS as u8, E8M0_BIAS as u8),
        };
        let room = (1u8 << scale_bits) - 1;
        ensure!(
            most - least <= room,
            "the block scales of {what} span 2^{} (E8M0 codes {least} ..= {most}); this array's elements take a spread up to 2^{room} (--scale-bits \
             {scale_bits}): generate one with more, or run the reference engine",
            most - least
        );
        let port = Array2::from_shape_fn(codes.dim(), |(i, j)| match codes[(i, j)] {
            E8M0_NAN => SCALE_NAN as u8,
            x if live(i, j) => x - least,
            _ => 0,
        });
        Ok((port, i32::from(least)))
    }
}

/// Most frames one schedule holds: a schedule keeps every frame of its GEMM in memory (tens
/// of bytes each), so a long GEMM runs as schedules of bands of A's rows, each from reset.
const MAX_SCHEDULE_FRAMES: usize = 1 << 20;

/// Schedules a checked GEMM for the engine's array, in bands of rows of at most about
/// [`MAX_SCHEDULE_FRAMES`] frames, and runs each in steps of [`ArrayEngine::step_cycles`]
/// cycles (the array keeps its state between steps).
#[allow(clippy::too_many_arguments)]
fn run(
    engine: &mut dyn ArrayEngine,
    a: ArrayView2<u8>,
    b: ArrayView2<u8>,
    c: ArrayView2<u32>,
    setup: Setup,
    sr: Option<SrConfig>,
    scales: Option<&PortScales>,
    n_block: Option<NonZeroUsize>,
    progress: &Progress,
) -> Result<Array2<u32>> {
    let (m, k, n) = (a.nrows(), a.ncols(), b.ncols());
    if k == 0 {
        return Ok(c.to_owned());
    }
    let (cfg, acc) = (engine.config(), engine.accumulator());
    let lanes = if acc.is_exact() { 1 } else { cfg.pipeline };
    // Frames per row of tiles, and the rows of A per band.
    let blocks = k.div_ceil(block_len(k, n_block));
    let tile_row = block_period(k, n_block, &Config { pipeline: lanes, ..cfg }, acc) * blocks * n.div_ceil(cfg.cols * lanes);
    let band_rows = cfg.rows * (MAX_SCHEDULE_FRAMES / tile_row).max(1);
    progress.bar().set_length((m.div_ceil(cfg.rows) * tile_row) as u64);
    let mut y = Array2::zeros((m, n));
    for r0 in (0..m).step_by(band_rows) {
        let rows = r0..(r0 + band_rows).min(m);
        let schedule = Schedule::band(a.slice(s![rows.clone(), ..]), b, c.slice(s![rows.clone(), ..]), sr, &cfg, acc, r0, scales, n_block);
        let mut out = Vec::with_capacity(schedule.frames.len());
        for step in schedule.frames.chunks(engine.step_cycles()) {
            out.extend(engine.run(setup, step)?);
            progress.step(step.len() as u64)?;
        }
        ensure!(out.len() == schedule.frames.len(), "the engine returned {} cycles of {}", out.len(), schedule.frames.len());
        y.slice_mut(s![rows.clone(), ..]).assign(&schedule.collect(&out, rows.len(), n));
    }
    Ok(y)
}
