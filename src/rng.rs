//! The random bits of stochastic rounding: one xorshift32 stream per output element.
//!
//! Hardware and reference model share this definition, so SR results are reproducible bit for
//! bit on every engine and every array shape:
//!
//! * Output `(i, j)` of a GEMM owns a 32-bit state, seeded by [`stream_seed`]`(seed, i, j)`
//!   (never zero). The array loads it together with `C[i][j]`.
//! * Before each MAC `k = 0, 1, ..`, the state steps once by Marsaglia's xorshift32
//!   (`x ^= x << 13; x ^= x >> 17; x ^= x << 5`, period 2^32 - 1), and the MAC takes the low
//!   `R` bits of the new state as `rnd`.
//!
//! xorshift32 costs about one XOR gate per state bit and no carry chain: cheap per element.

use crate::reference::Rounding;

/// One step of Marsaglia's xorshift32.
pub const fn xorshift32(mut x: u32) -> u32 {
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    x
}

/// SplitMix64's finaliser: a bijective 64-bit mix.
const fn splitmix64(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The initial xorshift32 state of output `(i, j)` under `seed`: the high half of
/// `splitmix64(seed ^ splitmix64(i << 32 | j))`, with 0 (xorshift's fixed point) replaced by 1.
pub fn stream_seed(seed: u64, i: usize, j: usize) -> u32 {
    let z = splitmix64(seed ^ splitmix64(((i as u64) << 32) | j as u64));
    ((z >> 32) as u32).max(1)
}

/// The stream of `rnd` values of one output: `bits`-bit values, one per MAC.
#[derive(Clone, Debug)]
pub struct SrStream {
    state: u32,
    bits: u32,
}

impl SrStream {
    /// A stream from an initial state with `bits`-bit outputs (`1..=32`; the commands check
    /// their `--sr-bits` with [`crate::config::validate_sr_bits`] first).
    pub fn new(state: u32, bits: u32) -> Self {
        debug_assert!((1..=32).contains(&bits), "SR bits must be 1..=32, got {bits}");
        SrStream { state, bits }
    }

    /// Steps the state and returns its low `bits` bits: the next random input.
    pub fn next_rnd(&mut self) -> u32 {
        self.state = xorshift32(self.state);
        if self.bits == 32 {
            self.state
        } else {
            self.state & ((1 << self.bits) - 1)
        }
    }

    /// Steps the state and returns the rounding of the next MAC.
    pub fn next_rounding(&mut self) -> Rounding {
        Rounding::Stochastic { bits: self.bits, rnd: self.next_rnd() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xorshift32_matches_marsaglia_reference_sequence() {
        // Marsaglia (2003), "Xorshift RNGs": from the state 2463534242 the first output is
        // 723471715 for the (13, 17, 5) triple.
        assert_eq!(xorshift32(2463534242), 723471715);
    }

    /// The README's test vectors, computed from the documented formula by a separate
    /// implementation (Python integers).
    #[test]
    fn stream_seed_test_vectors() {
        assert_eq!(stream_seed(0, 0, 0), 0xA706_DD2F);
        assert_eq!(stream_seed(1, 2, 3), 0xB1F1_06F4);
        assert_eq!(stream_seed(7, 0, 1), 0x7716_DA39);
    }

    #[test]
    fn seeds_are_nonzero_and_distinct() {
        let mut seen = std::collections::HashSet::new();
        for i in 0..64 {
            for j in 0..64 {
                let s = stream_seed(7, i, j);
                assert_ne!(s, 0);
                assert!(seen.insert(s), "collision at ({i}, {j})");
            }
        }
        assert_ne!(stream_seed(1, 0, 0), stream_seed(2, 0, 0));
    }
}
