//! The generator configuration: one validated record that drives generation, simulation, the
//! FPGA flow, the command line and the tests (like Gemmini's config with its `require`s).

use std::fmt;

use crate::format::{Format, FormatSet};
use crate::reference::OutFormat;

/// Deepest MAC pipeline offered: every stage boundary registered, plus the accumulator.
pub const MAX_PIPELINE: usize = 7;
/// Widest `rnd` port: stochastic rounding with up to 16 random bits.
pub const MAX_SR_BITS: u32 = 16;
/// Largest H of `--max-k 2^H` the exact array accepts (its rounder holds 96-bit sums).
pub const MAX_K_LOG2: u32 = 29;
/// Largest D of the exact array's `--scale-bits D`: offsets of block scales up to 2^15 apart.
pub const MAX_SCALE_BITS: u32 = 4;
/// Largest number of array rows or columns.
pub const MAX_DIM: usize = 64;

/// Largest rows x cols that the simulation engines (rust-hdl's simulator, Verilator) build
/// without `--allow-large`: a 16 x 16 array's Verilator model took 9 minutes and 0.5 GB to build
/// on 2 busy cores, and both the build and the simulation grow with the element count.
pub const MAX_SIM_ELEMENTS: usize = 256;
/// Largest rows x cols that `generate` writes without `--allow-large`: 32 x 32 took 38 s and
/// 0.5 GB (6.7 MB of Verilog), and the time grows faster than the element count.
pub const MAX_GENERATE_ELEMENTS: usize = 1024;

/// One configuration of the generated hardware.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Config {
    /// Random bits of stochastic rounding R (the `rnd` port width), 1..=[`MAX_SR_BITS`].
    pub sr_bits: u32,
    /// Array rows, 1..=[`MAX_DIM`].
    pub rows: usize,
    /// Array columns, 1..=[`MAX_DIM`].
    pub cols: usize,
    /// Pipeline depth D of each array element, 1..=[`MAX_PIPELINE`]: cycles from operands to
    /// accumulator, and so the number of accumulators (lanes) it interleaves.
    pub pipeline: usize,
}

/// How the generated array accumulates (docs/spec.md sections 4 and 8).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Accumulator {
    /// The FP16 chain (`fp8_systolic`) for operands of these formats (`--formats`): C is
    /// preloaded into the elements.
    Fp16(FormatSet),
    /// Exact accumulation (`fp8_systolic_exact`): C and the seed of an output go to the
    /// array's rounder with the exchange step that pops it.
    Exact(ExactArray),
}

impl Accumulator {
    /// The FP16 chain of today's pair (E4M3FN, E5M2), the committed `fp8_systolic`.
    pub const FP16: Accumulator = Accumulator::Fp16(FormatSet::DEFAULT);

    /// The operand formats of the array (`--formats`).
    pub fn formats(self) -> FormatSet {
        match self {
            Accumulator::Fp16(set) => set,
            Accumulator::Exact(exact) => exact.formats,
        }
    }

    /// Whether it is an exact array.
    pub fn is_exact(self) -> bool {
        matches!(self, Accumulator::Exact(_))
    }

    /// The format of the array's C and Y: FP16 on the chain, the exact array's own.
    pub fn out(self) -> OutFormat {
        match self {
            Accumulator::Fp16(_) => OutFormat::Fp16,
            Accumulator::Exact(exact) => exact.out,
        }
    }

    /// Checks that the array can be generated for its formats: the exact array takes every
    /// format of the table, the FP16 chain the floats of [`chain_takes`].
    pub fn validate(self) -> Result<Self, ConfigError> {
        let set = self.formats();
        let refused: Vec<Format> = set.formats().filter(|&f| !self.is_exact() && !chain_takes(f)).collect();
        if !refused.is_empty() {
            return Err(ConfigError::Formats { set, refused });
        }
        if let Accumulator::Exact(exact) = self {
            exact.check_width()?;
        }
        Ok(self)
    }
}

/// Mantissa bits the FP16 chain's MAC multiplies: h.mmm x h.mmm, a 4x4-bit product.
pub const CHAIN_MAN_BITS: u32 = 3;

/// Whether the FP16 chain's MAC takes `fmt`: a float format of at most [`CHAIN_MAN_BITS`]
/// mantissa bits (every float of the table but E3M4; not INT8, whose products are integers).
pub fn chain_takes(fmt: Format) -> bool {
    fmt.float().is_some_and(|f| f.man_bits <= CHAIN_MAN_BITS)
}

/// Weight of bit 0 of the exact elements' full grid, which the rounder reads: the
/// least product of any two formats of the table, E5M2FNUZ's least subnormal squared
/// (2^-17 x 2^-17).
pub const GRID_LSB: i32 = -34;

/// The generator parameters of an exact array (docs/spec.md section 8).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ExactArray {
    /// H of `--max-k 2^H`: the array is exact for K up to 2^H.
    pub max_k_log2: u32,
    /// The operand formats it accepts (`--formats`): the default pair, or E4M3FN alone, whose
    /// products span 2^-18 .. 2^17.6 instead of 2^-34 .. 2^31.6, so that the accumulators are
    /// 30 bits narrower.
    pub formats: FormatSet,
    /// The format of C and Y (`--out-format`): FP16, or binary32 through a wider rounder.
    pub out: OutFormat,
    /// D of `--scale-bits D`: 0, or the OCP MX block scales in the elements, each operand
    /// carrying its block's scale as a D-bit offset above the GEMM's least (docs/spec.md
    /// section 12), which moves its products up to 2 (2^D - 1) bits; 0 ..= [`MAX_SCALE_BITS`].
    pub scale_bits: u32,
}

impl ExactArray {
    /// The full array (both formats) of `--max-k 2^max_k_log2`.
    pub fn new(max_k_log2: u32) -> Self {
        ExactArray { max_k_log2, formats: FormatSet::DEFAULT, out: OutFormat::Fp16, scale_bits: 0 }
    }

    /// The largest block-scale offset of an operand, 2^D - 1 (0 without block scales).
    pub fn max_scale_offset(&self) -> u32 {
        (1 << self.scale_bits) - 1
    }

    /// Refuses block-scale offsets beyond [`MAX_SCALE_BITS`] and an accumulator that does not
    /// fit the rounder's 96-bit grid ([`MAX_K_LOG2`] and the offsets share its headroom).
    pub fn check_width(&self) -> Result<(), ConfigError> {
        if self.scale_bits > MAX_SCALE_BITS {
            return Err(ConfigError::ScaleBits(self.scale_bits));
        }
        let bits = 8 * (self.low_segments() + self.segments());
        if bits > 96 {
            return Err(ConfigError::TooWide { exact: *self, bits });
        }
        Ok(())
    }

    /// 8-bit segments below an element's accumulator that no product reaches, on the grid of
    /// 2^-34 ([`GRID_LSB`]): none for the pair (least product 2^-32), two for E4M3 x E4M3,
    /// whose least is 2^-18, four for INT8.
    pub fn low_segments(&self) -> usize {
        let least = self.formats.formats().map(Format::lsb_exp).min().expect("a non-empty set");
        ((2 * least - GRID_LSB) / 8) as usize
    }

    /// Weight (log2) of bit 0 of the elements' segment 0: 2^-34 for the pair, 2^-18 for E4M3.
    pub fn grid_lsb(&self) -> i32 {
        GRID_LSB + 8 * self.low_segments() as i32
    }

    /// Segments of an element's accumulator for K <= 2^H. On the grid of 2^-34 a product
    /// lies below 2^66 (E5M2 x E5M2) and from 2^16 to 2^52 (E4M3 x E4M3); a sum of 2^H of
    /// them needs 66 + H + 1, or 52 - 16 + H + 1, bits in two's complement. Never fewer than
    /// the rounder's 9 with the low segments, which also covers the addend of the top product
    /// (it reaches bit 71 of the full grid).
    pub fn segments(&self) -> usize {
        // The weight above the largest product: 2^32 for E5M2 (57344^2 < 2^32), 2^18 for E4M3,
        // 2^15 for INT8 (-128 x -128 = 2^14).
        let top = self
            .formats
            .formats()
            .map(|f| (f.max_magnitude() * f.max_magnitude()).log2().floor() as i32 + 1)
            .max()
            .expect("a non-empty set");
        // Block-scale offsets move a product up by as many bits as their sum.
        let bits = top - self.grid_lsb() + 1 + 2 * self.max_scale_offset() as i32;
        (bits as usize + self.max_k_log2 as usize).div_ceil(8).max(9 - self.low_segments())
    }
}

impl fmt::Display for ExactArray {
    /// The generator flags of this array.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "--max-k {}", 1u64 << self.max_k_log2)?;
        if self.formats != FormatSet::DEFAULT {
            write!(f, " --formats {}", self.formats)?;
        }
        if self.out != OutFormat::Fp16 {
            write!(f, " --out-format {}", self.out)?;
        }
        match self.scale_bits {
            0 => Ok(()),
            d => write!(f, " --scale-bits {d}"),
        }
    }
}

/// H of `--max-k 2^H` if `max_k` is a power of two the exact array supports (2^0 ..=
/// 2^[`MAX_K_LOG2`]); each entry point words its own error.
pub fn max_k_log2(max_k: u64) -> Option<u32> {
    let h = max_k.trailing_zeros();
    (max_k.is_power_of_two() && h <= MAX_K_LOG2).then_some(h)
}

impl Default for Config {
    /// The committed configuration of `rtl-out/`: a 4x4 array, R = 8, unpipelined elements.
    fn default() -> Self {
        Config { sr_bits: 8, rows: 4, cols: 4, pipeline: 1 }
    }
}

/// A configuration outside what the generator supports.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConfigError {
    /// `sr_bits` out of range.
    #[error("--sr-bits must be 1..={MAX_SR_BITS}, got {0}")]
    SrBits(u32),
    /// `rows` or `cols` out of range.
    #[error("--{what} must be 1..={MAX_DIM}, got {got}")]
    Dim {
        /// `rows` or `cols`.
        what: &'static str,
        /// The value given.
        got: usize,
    },
    /// `pipeline` out of range.
    #[error("--pipeline must be 1..={MAX_PIPELINE}, got {0}")]
    Pipeline(usize),
    /// `scale_bits` out of range.
    #[error("--scale-bits must be 0..={MAX_SCALE_BITS}, got {0}")]
    ScaleBits(u32),
    /// An exact array whose accumulator would pass the rounder's 96-bit grid.
    #[error("the exact array {exact} needs {bits} bits of the rounder's 96-bit grid: lower --max-k or --scale-bits")]
    TooWide {
        /// The array asked for.
        exact: ExactArray,
        /// Bits of the grid its accumulator reaches.
        bits: usize,
    },
    /// A set of operand formats the FP16 chain cannot be generated for.
    #[error(
        "--formats {set}: the FP16-chain array takes {} (not {}); the exact array (--accumulate exact) and the reference engine take every format",
        chain_formats(),
        refused.iter().map(|f| f.to_string()).collect::<Vec<_>>().join(", ")
    )]
    Formats {
        /// The set asked for.
        set: FormatSet,
        /// Its formats the FP16 chain's MAC does not take.
        refused: Vec<Format>,
    },
    /// An array larger than a task finishes with in reasonable time and memory.
    #[error(
        "a {rows} x {cols} array has {} elements, more than the {limit} allowed for {task} without --allow-large ({why})",
        rows * cols
    )]
    TooLarge {
        /// Rows asked for.
        rows: usize,
        /// Columns asked for.
        cols: usize,
        /// The task's limit on rows x cols.
        limit: usize,
        /// What refuses: "simulation" or "generate".
        task: &'static str,
        /// What it would cost.
        why: &'static str,
    },
}

impl Config {
    /// Checks every field against the generator's limits; every entry point calls it before
    /// building hardware.
    pub fn validate(&self) -> Result<Self, ConfigError> {
        validate_sr_bits(self.sr_bits)?;
        for (what, got) in [("rows", self.rows), ("cols", self.cols)] {
            if !(1..=MAX_DIM).contains(&got) {
                return Err(ConfigError::Dim { what, got });
            }
        }
        if !(1..=MAX_PIPELINE).contains(&self.pipeline) {
            return Err(ConfigError::Pipeline(self.pipeline));
        }
        Ok(*self)
    }

    /// Refuses an array of more than [`MAX_SIM_ELEMENTS`] elements for the simulation engines,
    /// unless `allow_large`.
    pub fn check_simulation_size(&self, allow_large: bool) -> Result<(), ConfigError> {
        let why = "building its Verilator model takes minutes per 100 elements and GBs at 64 x 64; \
                   an array larger than Y computes the same bits as one of Y's shape";
        self.check_size(allow_large, MAX_SIM_ELEMENTS, "simulation", why)
    }

    /// Refuses an array of more than [`MAX_GENERATE_ELEMENTS`] elements for `generate`,
    /// unless `allow_large`.
    pub fn check_generate_size(&self, allow_large: bool) -> Result<(), ConfigError> {
        self.check_size(allow_large, MAX_GENERATE_ELEMENTS, "generate", "32 x 32 takes 40 s and 0.5 GB, 64 x 64 several minutes and GBs")
    }

    fn check_size(&self, allow_large: bool, limit: usize, task: &'static str, why: &'static str) -> Result<(), ConfigError> {
        if allow_large || self.rows * self.cols <= limit {
            Ok(())
        } else {
            Err(ConfigError::TooLarge { rows: self.rows, cols: self.cols, limit, task, why })
        }
    }

    /// The same configuration as a single element (1 x 1).
    pub fn single(&self) -> Self {
        Config { rows: 1, cols: 1, ..*self }
    }
}

/// The formats the FP16 chain takes, comma-separated.
fn chain_formats() -> String {
    Format::ALL.iter().filter(|&&f| chain_takes(f)).map(|f| f.to_string()).collect::<Vec<_>>().join(", ")
}

/// Checks a count of SR random bits, for the commands that round without building hardware.
pub fn validate_sr_bits(bits: u32) -> Result<u32, ConfigError> {
    if (1..=MAX_SR_BITS).contains(&bits) {
        Ok(bits)
    } else {
        Err(ConfigError::SrBits(bits))
    }
}

impl fmt::Display for Config {
    /// The `generate` flags that produce this configuration.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "--sr-bits {} --rows {} --cols {} --pipeline {}", self.sr_bits, self.rows, self.cols, self.pipeline)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validate_names_the_offending_field() {
        let ok = Config::default();
        assert_eq!(ok.validate(), Ok(ok));
        assert_eq!(Config { sr_bits: 0, ..ok }.validate(), Err(ConfigError::SrBits(0)));
        assert_eq!(Config { sr_bits: 17, ..ok }.validate(), Err(ConfigError::SrBits(17)));
        assert_eq!(Config { cols: 0, ..ok }.validate(), Err(ConfigError::Dim { what: "cols", got: 0 }));
        assert_eq!(Config { rows: 65, ..ok }.validate(), Err(ConfigError::Dim { what: "rows", got: 65 }));
        assert_eq!(Config { pipeline: 8, ..ok }.validate(), Err(ConfigError::Pipeline(8)));
        assert_eq!(Config { pipeline: 8, ..ok }.validate().unwrap_err().to_string(), "--pipeline must be 1..=7, got 8");
    }
}
