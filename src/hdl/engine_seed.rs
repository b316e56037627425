//! The engine's SR seeds: [`SeedUnit`] computes `stream_seed(seed, i, j)` (docs/spec.md
//! section 4, [`crate::rng::stream_seed`]), the high half of
//! `splitmix64(seed ^ splitmix64(i << 32 | j))` with 0 replaced by 1, for one column of the
//! array, one output at a time in [`SEED_CYCLES`] cycles.
//!
//! SplitMix64 has two 64 x 64-bit multiplications by constants; the unit does each in four
//! cycles, one 16-bit chunk of the constant per cycle against all four 16-bit chunks of the
//! operand (four 16 x 16 products, the only multiplication rust-hdl emits: DSP blocks on an
//! FPGA), keeping the low 64 bits.

use rust_hdl::prelude::*;

/// SplitMix64's increment and multipliers ([`crate::rng`]).
const GOLDEN: u64 = 0x9E37_79B9_7F4A_7C15;
const MUL1: u64 = 0xBF58_476D_1CE4_E5B9;
const MUL2: u64 = 0x94D0_49BB_1331_11EB;

/// Cycles from `go` to `done`.
pub const SEED_CYCLES: usize = 35;

/// One column's seed generator: `go` with `i` and `c0` starts it, `done` pulses with `seed_out`
/// = stream_seed(seed, i, c0 + lane), `lane` being the unit's column. A multiplication issues
/// one chunk of the constant per cycle for four cycles (each chosen a cycle ahead, from a
/// register); the four products are registered, then their sums in pairs, then the whole sum
/// (the 64-bit sum of four in one cycle was the engine's slowest path), then it joins the
/// accumulator: three cycles after the last chunk, the product is whole.
#[derive(LogicBlock)]
pub struct SeedUnit {
    /// Clock.
    pub clk: Signal<In, Clock>,
    /// Synchronous reset: back to idle.
    pub rst: Signal<In, Bit>,
    /// Start: the inputs below are taken in this cycle.
    pub go: Signal<In, Bit>,
    /// The job's seed, low half,
    pub seed_lo: Signal<In, Bits<32>>,
    /// high half.
    pub seed_hi: Signal<In, Bits<32>>,
    /// The output's row in Y.
    pub i: Signal<In, Bits<32>>,
    /// The tile's first column in Y.
    pub c0: Signal<In, Bits<32>>,
    /// The seed is ready (one cycle).
    pub done: Signal<Out, Bit>,
    /// The seed, held until the next `go`.
    pub seed_out: Signal<Out, Bits<32>>,
    /// The unit's column in the tile (constant).
    pub lane: Signal<In, Bits<32>>,
    golden: Constant<Bits<64>>,
    mul1: Vec<Constant<Bits<16>>>,
    mul2: Vec<Constant<Bits<16>>>,
    step: DFF<Bits<6>>,
    z: DFF<Bits<64>>,
    acc: DFF<Bits<64>>,
    out: DFF<Bits<32>>,
    done_q: DFF<Bit>,
    // The multiplier's pipeline: the four products of a chunk and its place, then their sum.
    chunk: DFF<Bits<16>>,
    place: DFF<Bits<2>>,
    issue: DFF<Bit>,
    prod: Vec<DFF<Bits<32>>>,
    prod_q: DFF<Bits<2>>,
    prod_v: DFF<Bit>,
    pair_lo: DFF<Bits<64>>, // prod[0] + prod[1] 2^16
    pair_hi: DFF<Bits<64>>, // prod[2] + prod[3] 2^16
    pair_q: DFF<Bits<2>>,
    pair_v: DFF<Bit>,
    sum: DFF<Bits<64>>,
    sum_v: DFF<Bit>,
    col: Signal<Local, Bits<32>>,
    x: Signal<Local, Bits<64>>,
    zg: Signal<Local, Bits<64>>, // z + GOLDEN
    mixed: Signal<Local, Bits<64>>,
    hi: Signal<Local, Bits<32>>,
    zc: Vec<Signal<Local, Bits<16>>>,
    partial: Signal<Local, Bits<64>>,
}

impl Default for SeedUnit {
    /// A unit; its column comes on `lane`.
    fn default() -> Self {
        let chunks = |m: u64| (0..4).map(|q| Constant::new(((m >> (16 * q)) & 0xFFFF).into())).collect();
        fn n<T: Default>(k: usize) -> Vec<T> {
            (0..k).map(|_| T::default()).collect()
        }
        SeedUnit {
            clk: Default::default(),
            rst: Default::default(),
            go: Default::default(),
            seed_lo: Default::default(),
            seed_hi: Default::default(),
            i: Default::default(),
            c0: Default::default(),
            done: Default::default(),
            seed_out: Default::default(),
            lane: Default::default(),
            golden: Constant::new(GOLDEN.into()),
            mul1: chunks(MUL1),
            mul2: chunks(MUL2),
            step: Default::default(),
            z: Default::default(),
            acc: Default::default(),
            out: Default::default(),
            done_q: Default::default(),
            prod: n(4),
            prod_q: Default::default(),
            prod_v: Default::default(),
            pair_lo: Default::default(),
            pair_hi: Default::default(),
            pair_q: Default::default(),
            pair_v: Default::default(),
            sum: Default::default(),
            sum_v: Default::default(),
            col: Default::default(),
            x: Default::default(),
            zg: Default::default(),
            mixed: Default::default(),
            hi: Default::default(),
            chunk: Default::default(),
            place: Default::default(),
            issue: Default::default(),
            zc: n(4),
            partial: Default::default(),
        }
    }
}

impl Logic for SeedUnit {
    #[hdl_gen]
    fn update(&mut self) {
        dff_setup!(self, clk, step, z, acc, out, done_q, chunk, place, issue, prod_q, prod_v, pair_lo, pair_hi, pair_q, pair_v, sum, sum_v);
        for p in 0usize..4 {
            self.prod[p].clock.next = self.clk.val();
        }
        // The steps: 1 z += GOLDEN, z ^= z >> 30; 2..5 the chunks of MUL1 (acc = z * MUL1 by step 8);
        // 9 z = acc ^ acc >> 27; 10..13 MUL2; 17 z = (acc ^ acc >> 31 ^ seed) + GOLDEN; 18..33
        // the same mix again; 34 the result.
        // Stage 0: the next step's chunk of the constant, registered (it feeds the multipliers).
        self.issue.d.next = true;
        self.place.d.next = 0.into();
        self.chunk.d.next = 0.into();
        match self.step.q.val().index() {
            1 => self.chunk.d.next = self.mul1[0].val(),
            2 => {
                self.chunk.d.next = self.mul1[1].val();
                self.place.d.next = 1.into();
            }
            3 => {
                self.chunk.d.next = self.mul1[2].val();
                self.place.d.next = 2.into();
            }
            4 => {
                self.chunk.d.next = self.mul1[3].val();
                self.place.d.next = 3.into();
            }
            9 => self.chunk.d.next = self.mul2[0].val(),
            10 => {
                self.chunk.d.next = self.mul2[1].val();
                self.place.d.next = 1.into();
            }
            11 => {
                self.chunk.d.next = self.mul2[2].val();
                self.place.d.next = 2.into();
            }
            12 => {
                self.chunk.d.next = self.mul2[3].val();
                self.place.d.next = 3.into();
            }
            18 => self.chunk.d.next = self.mul1[0].val(),
            19 => {
                self.chunk.d.next = self.mul1[1].val();
                self.place.d.next = 1.into();
            }
            20 => {
                self.chunk.d.next = self.mul1[2].val();
                self.place.d.next = 2.into();
            }
            21 => {
                self.chunk.d.next = self.mul1[3].val();
                self.place.d.next = 3.into();
            }
            26 => self.chunk.d.next = self.mul2[0].val(),
            27 => {
                self.chunk.d.next = self.mul2[1].val();
                self.place.d.next = 1.into();
            }
            28 => {
                self.chunk.d.next = self.mul2[2].val();
                self.place.d.next = 2.into();
            }
            29 => {
                self.chunk.d.next = self.mul2[3].val();
                self.place.d.next = 3.into();
            }
            _ => self.issue.d.next = false,
        }
        // Stage 1: z's four 16-bit chunks times the constant's chunk.
        for p in 0usize..4 {
            self.zc[p].next = self.z.q.val().get_bits::<16>(16 * p);
            self.prod[p].d.next = self.zc[p].val() * self.chunk.q.val();
        }
        self.prod_q.d.next = self.place.q.val();
        self.prod_v.d.next = self.issue.q.val();
        // Stage 2: their sums in pairs.
        self.pair_lo.d.next = bit_cast::<64, 32>(self.prod[0].q.val()) + (bit_cast::<64, 32>(self.prod[1].q.val()) << 16);
        self.pair_hi.d.next = bit_cast::<64, 32>(self.prod[2].q.val()) + (bit_cast::<64, 32>(self.prod[3].q.val()) << 16);
        self.pair_q.d.next = self.prod_q.q.val();
        self.pair_v.d.next = self.prod_v.q.val();
        // Stage 3: the whole sum, in place (the low 64 bits).
        self.partial.next = self.pair_lo.q.val() + (self.pair_hi.q.val() << 32);
        match self.pair_q.q.val().index() {
            1 => self.partial.next = self.partial.val() << 16,
            2 => self.partial.next = self.partial.val() << 32,
            3 => self.partial.next = self.partial.val() << 48,
            _ => {}
        }
        self.sum.d.next = self.partial.val();
        self.sum_v.d.next = self.pair_v.q.val();
        // Stage 4: into the accumulator.
        if self.sum_v.q.val() {
            self.acc.d.next = self.acc.q.val() + self.sum.q.val();
        }
        self.col.next = self.c0.val() + self.lane.val();
        self.x.next = (bit_cast::<64, 32>(self.i.val()) << 32) | bit_cast::<64, 32>(self.col.val());
        self.mixed.next = self.acc.q.val() ^ (self.acc.q.val() >> 31);
        self.hi.next = self.mixed.val().get_bits::<32>(32);
        self.done_q.d.next = false;
        if self.step.q.val().any() {
            self.step.d.next = self.step.q.val() + 1;
        }
        if !self.step.q.val().any() & self.go.val() {
            // GOLDEN is added in step 1: the column's sum c0 + lane and a 64-bit addition
            // after it were the engine's slowest path.
            self.z.d.next = self.x.val();
            self.step.d.next = 1.into();
        }
        self.zg.next = self.z.q.val() + self.golden.val();
        match self.step.q.val().index() {
            1 => {
                self.z.d.next = self.zg.val() ^ (self.zg.val() >> 30);
                self.acc.d.next = 0.into();
            }
            9 => {
                self.z.d.next = self.acc.q.val() ^ (self.acc.q.val() >> 27);
                self.acc.d.next = 0.into();
            }
            17 => {
                self.z.d.next =
                    (self.mixed.val() ^ (bit_cast::<64, 32>(self.seed_hi.val()) << 32) ^ bit_cast::<64, 32>(self.seed_lo.val()))
                        + self.golden.val();
            }
            18 => {
                self.z.d.next = self.z.q.val() ^ (self.z.q.val() >> 30);
                self.acc.d.next = 0.into();
            }
            26 => {
                self.z.d.next = self.acc.q.val() ^ (self.acc.q.val() >> 27);
                self.acc.d.next = 0.into();
            }
            34 => {
                self.step.d.next = 0.into();
                self.done_q.d.next = true;
                self.out.d.next = self.hi.val();
                if !self.hi.val().any() {
                    self.out.d.next = 1.into();
                }
            }
            _ => {}
        }
        if self.rst.val() {
            self.step.d.next = 0.into();
            self.done_q.d.next = false;
            self.issue.d.next = false;
            self.prod_v.d.next = false;
            self.pair_v.d.next = false;
            self.sum_v.d.next = false;
        }
        self.done.next = self.done_q.q.val();
        self.seed_out.next = self.out.q.val();
    }
}
