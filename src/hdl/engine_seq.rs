//! The engine's sequencer (docs/spec.md section 13): an array's protocol (the README's "The
//! systolic array" and "The exact array", the same rules [`crate::sim::array::Schedule`]
//! follows) driven from streams that may stall, one tile after another.
//!
//! Tiles are taken row-major (tile row r0 = 0, rows, .. of Y; in each, tile columns c0 = 0,
//! D cols, .., D the FP16 chain's lanes, 1 on the exact array). For each tile the sequencer
//! * starts it (`start`, D cycles) once the previous tile's steps are in, at least 2 D rows - 1
//!   cycles after the previous start, and once the exchange after the previous start is over;
//! * steps it K times, one step of D cycles whenever both A and B offer a beat at a step's
//!   boundary (`valid`; the array allows idle steps anywhere in a tile);
//! * after each start, runs an exchange (D rows `shift` cycles, bottom row first, each row
//!   lane 0 first; on the exact array max(cols, 2) cycles apart, as its shared rounder needs) no
//!   earlier than the array's window after that start (D rows on the chain, rows + 3 on the
//!   exact array), once the C it pushes is in the C buffer and the Y buffer is
//!   free. The exact array's exchange pops the previous tile's sums and pushes their C; the
//!   chain's pops the previous tile's Y and pushes the next tile's C, after a first exchange at
//!   the job's start that only pushes the first tile's C. C comes from the C stream into a
//!   buffer of one tile (row by row) beside its SR seeds (computed by the seed units, one row
//!   and lane at a time, while C loads); Y goes into a buffer of one tile at its row and lane,
//!   and leaves on the Y stream top row first once the whole tile has arrived.
//!
//! Every stall therefore waits in one place: a step waits for A and B, a pop for C and for the
//! Y stream to drain the previous tile; nothing is ever dropped, and the array sees a legal
//! schedule whatever the streams do.

use rust_hdl::prelude::*;

use super::systolic_exact::{pop_spacing, OUT_LATENCY, PE_LATENCY};

/// Address bits of the C, seed and Y buffers for `rows` rows: at least 4 (a LUT RAM holds 16
/// words), at most 6 (64 rows).
pub fn buffer_bits(rows: usize) -> usize {
    rows.next_power_of_two().trailing_zeros().max(4) as usize
}

/// The array a sequencer drives.
#[derive(Clone, Copy, Debug)]
pub struct ArrayShape {
    /// Rows (at most 64).
    pub rows: usize,
    /// Columns.
    pub cols: usize,
    /// Lanes D of the FP16 chain's elements (`--pipeline`); 1 on the exact array.
    pub lanes: usize,
    /// The FP16 chain (C preloaded ahead of its tile), or else the exact array.
    pub chain: bool,
    /// Formats in the array's set.
    pub formats: usize,
    /// The largest K it runs.
    pub max_k: u64,
}

impl ArrayShape {
    /// Columns of Y per tile: D cols.
    pub fn width(&self) -> usize {
        self.cols * self.lanes
    }

    /// Cycles from a start (as the sequencer decides it) to the first pop decision: D rows on
    /// the chain (rule 3), rows + [`PE_LATENCY`] on the exact array.
    fn window(&self) -> usize {
        if self.chain {
            self.rows * self.lanes
        } else {
            self.rows + PE_LATENCY
        }
    }

    /// Cycles from a `shift` to its result on `y_j`.
    fn out_latency(&self) -> usize {
        self.cols - 1 + if self.chain { 0 } else { OUT_LATENCY }
    }

    /// Cycles without a pop between two pops: none on the chain, one less than the exact
    /// array's [`pop_spacing`] on it.
    fn pop_gap(&self) -> usize {
        if self.chain {
            0
        } else {
            pop_spacing(self.cols) - 1
        }
    }
}

/// The sequencer of an engine around an array with `S`-bit format selects and buffers of `A`
/// address bits.
#[derive(LogicBlock)]
pub struct Sequencer<const S: usize, const A: usize> {
    /// Clock.
    pub clk: Signal<In, Clock>,
    /// Synchronous reset: no job, nothing in flight.
    pub rst: Signal<In, Bit>,
    /// Start a job (from the register file).
    pub go: Signal<In, Bit>,
    /// Clear DONE and ERROR.
    pub clear: Signal<In, Bit>,
    /// The job's registers: M,
    pub m: Signal<In, Bits<32>>,
    /// N,
    pub n: Signal<In, Bits<32>>,
    /// K,
    pub k: Signal<In, Bits<32>>,
    /// A's select code,
    pub fmt_a: Signal<In, Bits<32>>,
    /// B's,
    pub fmt_b: Signal<In, Bits<32>>,
    /// the accumulation mode (1 = exact),
    pub accumulate: Signal<In, Bits<32>>,
    /// the rounding (0 = RNE),
    pub rounding: Signal<In, Bits<32>>,
    /// s,
    pub scale_exp: Signal<In, Bits<32>>,
    /// the SR seed, low half,
    pub seed_lo: Signal<In, Bits<32>>,
    /// high half.
    pub seed_hi: Signal<In, Bits<32>>,
    /// A job runs.
    pub busy: Signal<Out, Bit>,
    /// The last job finished (until the next start or clear).
    pub done: Signal<Out, Bit>,
    /// The last start was refused.
    pub error: Signal<Out, Bit>,
    /// Why ([`crate::engine::CAUSES`]).
    pub cause: Signal<Out, Bits<4>>,
    /// Cycles of the current or last job, from its start to its last Y beat.
    pub cycles: Signal<Out, Bits<32>>,
    /// Of those, cycles in which a step waited for A or B, or a Y beat for the sink.
    pub stalls: Signal<Out, Bits<32>>,
    /// A offers a beat.
    pub a_tvalid: Signal<In, Bit>,
    /// A's beat is taken.
    pub a_tready: Signal<Out, Bit>,
    /// B offers a beat.
    pub b_tvalid: Signal<In, Bit>,
    /// B's beat is taken.
    pub b_tready: Signal<Out, Bit>,
    /// C offers a beat.
    pub c_tvalid: Signal<In, Bit>,
    /// C's beat is taken (into the C buffer at `c_waddr`).
    pub c_tready: Signal<Out, Bit>,
    /// The Y sink takes a beat.
    pub y_tready: Signal<In, Bit>,
    /// A Y beat is offered (from the Y buffer at `y_raddr` of the previous cycle).
    pub y_tvalid: Signal<Out, Bit>,
    /// The beat is the last row of its tile.
    pub y_tlast: Signal<Out, Bit>,
    /// Per column of the tile (lane l of column j at l cols + j): the column is inside N
    /// (outside it the beat carries 0).
    pub lane_on: Vec<Signal<Out, Bit>>,
    /// The C buffer: write address,
    pub c_waddr: Signal<Out, Bits<A>>,
    /// write enable,
    pub c_we: Signal<Out, Bit>,
    /// read address (of the next cycle's pop).
    pub c_raddr: Signal<Out, Bits<A>>,
    /// The Y buffer: write address,
    pub y_waddr: Signal<Out, Bits<A>>,
    /// write enable per lane (a result of a row inside M arrives in that lane),
    pub y_we: Vec<Signal<Out, Bit>>,
    /// read address.
    pub y_raddr: Signal<Out, Bits<A>>,
    /// A step takes A's and B's beats: the operand registers load them.
    pub take: Signal<Out, Bit>,
    /// The lane of the array's cycle (which D cols slice of B's beat it gets),
    pub arr_lane: Signal<Out, Bits<3>>,
    /// and of this cycle's `shift` (which lane's C and seed it gets).
    pub x_lane: Signal<Out, Bits<3>>,
    /// The array's `valid`,
    pub valid: Signal<Out, Bit>,
    /// `start`,
    pub start: Signal<Out, Bit>,
    /// `shift`,
    pub shift: Signal<Out, Bit>,
    /// `fmt_a`,
    pub arr_fmt_a: Signal<Out, Bits<S>>,
    /// `fmt_b`,
    pub arr_fmt_b: Signal<Out, Bits<S>>,
    /// `sr`
    pub arr_sr: Signal<Out, Bit>,
    /// and `scale_exp`, fixed during a job.
    pub arr_scale_exp: Signal<Out, Bits<8>>,
    /// To the seed units: the job's seed, low half,
    pub job_seed_lo: Signal<Out, Bits<32>>,
    /// high half;
    pub job_seed_hi: Signal<Out, Bits<32>>,
    /// start one seed of each column,
    pub seed_go: Signal<Out, Bit>,
    /// for this row of Y,
    pub seed_i: Signal<Out, Bits<32>>,
    /// in the tile of this first column.
    pub seed_c0: Signal<Out, Bits<32>>,
    /// The seed units have their seeds (they finish together).
    pub seed_done: Signal<In, Bit>,
    /// The seed buffer's write enable per lane,
    pub seed_we: Vec<Signal<Out, Bit>>,
    /// and address (its reads follow `c_raddr`).
    pub seed_waddr: Signal<Out, Bits<A>>,
    // ---- the build's constants
    rows: Constant<Bits<32>>,
    cols: Constant<Bits<32>>,
    width: Constant<Bits<32>>,
    last_row: Constant<Bits<A>>,
    last_lane: Constant<Bits<3>>,
    last_pop: Constant<Bits<16>>,
    lane_ids: Vec<Constant<Bits<3>>>,
    chain: Constant<Bit>,
    acc_code: Constant<Bits<32>>,
    min_period: Constant<Bits<16>>,
    min_period_less1: Constant<Bits<16>>,
    two: Constant<Bits<32>>,
    since_go: Constant<Bits<16>>,
    window: Constant<Bits<16>>,
    pop_gap: Constant<Bits<16>>,
    formats: Constant<Bits<32>>,
    max_k: Constant<Bits<32>>,
    scale_max: Constant<Bits<32>>,
    scale_min: Constant<Bits<32>>,
    column: Vec<Constant<Bits<32>>>,
    // ---- the job
    busy_q: DFF<Bit>,
    done_q: DFF<Bit>,
    error_q: DFF<Bit>,
    cause_q: DFF<Bits<4>>,
    cycles_q: DFF<Bits<32>>,
    stalls_q: DFF<Bits<32>>,
    jm: DFF<Bits<32>>,
    jn: DFF<Bits<32>>,
    jk: DFF<Bits<32>>,
    jk_any: DFF<Bit>,
    jk_past1: DFF<Bit>, // K > 1
    jk_past2: DFF<Bit>, // K > 2
    jfa: DFF<Bits<S>>,
    jfb: DFF<Bits<S>>,
    jsr: DFF<Bit>,
    jscale: DFF<Bits<8>>,
    jseed_lo: DFF<Bits<32>>,
    jseed_hi: DFF<Bits<32>>,
    warm: DFF<Bits<2>>,
    // ---- the step's phase (lane of the next cycle, 0 at a step's boundary), and the array's
    ph: DFF<Bits<3>>,
    arr_ph: DFF<Bits<3>>,
    waiting: DFF<Bit>,
    // ---- starts and steps: the next tile's origin (and whether it ends a row, the last row),
    // the origin of the tile started last, the steps it still takes
    cr0: DFF<Bits<32>>,
    cc0: DFF<Bits<32>>,
    c_rlast: DFF<Bit>,
    c_clast: DFF<Bit>,
    sr0: DFF<Bits<32>>,
    sc0: DFF<Bits<32>>,
    any_started: DFF<Bit>,
    all_started: DFF<Bit>,
    flushed: DFF<Bit>,
    tile_open: DFF<Bit>,
    kleft: DFF<Bits<32>>,
    // kleft > 0 and kleft > 1, and since >= min_period, kept as registers so that the step
    // decision (and A's and B's ready) reads flags, not 32-bit compares
    k_more: DFF<Bit>,
    k_past1: DFF<Bit>,
    since: DFF<Bits<16>>,
    since_ok: DFF<Bit>,
    // ---- pops: an exchange is pending (and pops a tile's results: `p_y`), that tile's origin,
    // its rows inside M; a pop is decided a cycle before its `shift` (the buffers' reads are
    // registered), row `ra`, lane `rl`
    pend: DFF<Bit>,
    p_y: DFF<Bit>,
    popping: DFF<Bit>,
    pr0: DFF<Bits<32>>,
    pc0: DFF<Bits<32>>,
    rows_p: DFF<Bits<32>>,
    p_last: DFF<Bit>,
    opened: DFF<Bits<16>>,
    ra: DFF<Bits<A>>,
    rl: DFF<Bits<3>>,
    xl: DFF<Bits<3>>,
    hold: DFF<Bits<16>>, // cycles before the next pop may come
    shift_q: DFF<Bit>,
    valid_q: DFF<Bit>,
    start_q: DFF<Bit>,
    // ---- the C buffer (0 filling, 1 settling, 2 full) and its tile: origin, rows inside M,
    // whether it is the last
    lr0: DFF<Bits<32>>,
    lc0: DFF<Bits<32>>,
    rows_l: DFF<Bits<32>>,
    l_rlast: DFF<Bit>,
    l_clast: DFF<Bit>,
    crow: DFF<Bits<A>>,
    c_state: DFF<Bits<2>>,
    c_all: DFF<Bit>,
    c_in: DFF<Bit>,
    s_in: DFF<Bit>,
    seed_go_q: DFF<Bit>, // `seed_go`, registered: from the C buffer's state straight to every unit it was the slowest path
    s_run: DFF<Bit>,
    srow: DFF<Bits<A>>,
    slane: DFF<Bits<3>>,
    s_c0: DFF<Bits<32>>,
    // ---- the Y buffer: 0 free, 1 filling, 2 settling, 3 draining (a beat every other cycle)
    y_state: DFF<Bits<2>>,
    y_arrived: DFF<Bits<16>>,
    y_end: DFF<Bits<A>>,
    y_c0: DFF<Bits<32>>,
    y_last: DFF<Bit>,
    y_ra: DFF<Bits<A>>,
    y_v: DFF<Bit>,
    lane_on_q: Vec<DFF<Bit>>,
    /// Pops in flight to the Y buffer, from the `shift` on, delayed by the array's latency:
    /// {valid (15), keep (14), lane (10:8), row (7:0)}.
    flight: Vec<DFF<Bits<16>>>,
    // ---- this cycle's decisions
    refuse: Signal<Local, Bits<4>>,
    start_now: Signal<Local, Bit>,
    want_step: Signal<Local, Bit>,
    step: Signal<Local, Bit>,
    bound: Signal<Local, Bit>,
    pop: Signal<Local, Bit>,
    keep: Signal<Local, Bit>,
    ra32: Signal<Local, Bits<32>>,
    crow32: Signal<Local, Bits<32>>,
    filling: Signal<Local, Bit>,
    take_c: Signal<Local, Bit>,
    arrive: Signal<Local, Bits<16>>,
    c_ready: Signal<Local, Bit>,
    y_fire: Signal<Local, Bit>,
    rem: Signal<Local, Bits<32>>,
    rem_p: Signal<Local, Bits<32>>,
    end32: Signal<Local, Bits<32>>,
}

impl<const S: usize, const A: usize> Sequencer<S, A> {
    /// The sequencer of the array `shape` (at most 2^A rows, at most 7 lanes).
    pub fn new(shape: ArrayShape) -> Self {
        let ArrayShape { rows, cols, lanes, chain, formats, max_k } = shape;
        assert!(rows <= 1 << A, "the buffers hold 2^{A} rows");
        assert!((1..=7).contains(&lanes) && (lanes == 1 || chain), "1..=7 lanes, on the chain only");
        fn n<T: Default>(k: usize) -> Vec<T> {
            (0..k).map(|_| T::default()).collect()
        }
        // the least distance between two starts
        let min_period = (2 * rows * lanes - 1).max(2) as u64;
        Sequencer {
            clk: Default::default(),
            rst: Default::default(),
            go: Default::default(),
            clear: Default::default(),
            m: Default::default(),
            n: Default::default(),
            k: Default::default(),
            fmt_a: Default::default(),
            fmt_b: Default::default(),
            accumulate: Default::default(),
            rounding: Default::default(),
            scale_exp: Default::default(),
            seed_lo: Default::default(),
            seed_hi: Default::default(),
            busy: Default::default(),
            done: Default::default(),
            error: Default::default(),
            cause: Default::default(),
            cycles: Default::default(),
            stalls: Default::default(),
            a_tvalid: Default::default(),
            a_tready: Default::default(),
            b_tvalid: Default::default(),
            b_tready: Default::default(),
            c_tvalid: Default::default(),
            c_tready: Default::default(),
            y_tready: Default::default(),
            y_tvalid: Default::default(),
            y_tlast: Default::default(),
            lane_on: n(shape.width()),
            c_waddr: Default::default(),
            c_we: Default::default(),
            c_raddr: Default::default(),
            y_waddr: Default::default(),
            y_we: n(lanes),
            y_raddr: Default::default(),
            take: Default::default(),
            arr_lane: Default::default(),
            x_lane: Default::default(),
            valid: Default::default(),
            start: Default::default(),
            shift: Default::default(),
            arr_fmt_a: Default::default(),
            arr_fmt_b: Default::default(),
            arr_sr: Default::default(),
            arr_scale_exp: Default::default(),
            job_seed_lo: Default::default(),
            job_seed_hi: Default::default(),
            seed_go: Default::default(),
            seed_i: Default::default(),
            seed_c0: Default::default(),
            seed_done: Default::default(),
            seed_we: n(lanes),
            seed_waddr: Default::default(),
            rows: Constant::new((rows as u64).into()),
            cols: Constant::new((cols as u64).into()),
            width: Constant::new((shape.width() as u64).into()),
            last_row: Constant::new(((rows - 1) as u64).into()),
            last_lane: Constant::new(((lanes - 1) as u64).into()),
            last_pop: Constant::new(((rows * lanes - 1) as u64).into()),
            lane_ids: (0..lanes).map(|l| Constant::new((l as u64).into())).collect(),
            chain: Constant::new(chain),
            acc_code: Constant::new((if chain { 0u64 } else { 1 }).into()),
            min_period: Constant::new(min_period.into()),
            min_period_less1: Constant::new((min_period - 1).into()),
            two: Constant::new(2.into()),
            // The first start two cycles after the job's, when the origins' flags are valid.
            since_go: Constant::new((min_period - 2).into()),
            // A pop is decided a cycle before its shift, and a start reaches the array a cycle late.
            window: Constant::new((shape.window() as u64).into()),
            pop_gap: Constant::new((shape.pop_gap() as u64).into()),
            formats: Constant::new((formats as u64).into()),
            max_k: Constant::new(max_k.into()),
            // s in -64..=64 on the exact array, 0 on the chain (it has no scale: `chain` refuses
            // every s above 0 unsigned, and its scale_min only keeps the compare from being constant).
            scale_max: Constant::new((if chain { 0u64 } else { 64 }).into()),
            scale_min: Constant::new((if chain { 1u64 } else { 0xFFFF_FFC0 }).into()),
            column: (0..shape.width()).map(|x| Constant::new((x as u64).into())).collect(),
            busy_q: Default::default(),
            done_q: Default::default(),
            error_q: Default::default(),
            cause_q: Default::default(),
            cycles_q: Default::default(),
            stalls_q: Default::default(),
            jm: Default::default(),
            jn: Default::default(),
            jk: Default::default(),
            jk_any: Default::default(),
            jk_past1: Default::default(),
            jk_past2: Default::default(),
            jfa: Default::default(),
            jfb: Default::default(),
            jsr: Default::default(),
            jscale: Default::default(),
            jseed_lo: Default::default(),
            jseed_hi: Default::default(),
            warm: Default::default(),
            ph: Default::default(),
            arr_ph: Default::default(),
            waiting: Default::default(),
            cr0: Default::default(),
            cc0: Default::default(),
            c_rlast: Default::default(),
            c_clast: Default::default(),
            sr0: Default::default(),
            sc0: Default::default(),
            any_started: Default::default(),
            all_started: Default::default(),
            flushed: Default::default(),
            tile_open: Default::default(),
            kleft: Default::default(),
            k_more: Default::default(),
            k_past1: Default::default(),
            since: Default::default(),
            since_ok: Default::default(),
            pend: Default::default(),
            p_y: Default::default(),
            popping: Default::default(),
            pr0: Default::default(),
            pc0: Default::default(),
            rows_p: Default::default(),
            p_last: Default::default(),
            opened: Default::default(),
            ra: Default::default(),
            rl: Default::default(),
            xl: Default::default(),
            hold: Default::default(),
            shift_q: Default::default(),
            valid_q: Default::default(),
            start_q: Default::default(),
            lr0: Default::default(),
            lc0: Default::default(),
            rows_l: Default::default(),
            l_rlast: Default::default(),
            l_clast: Default::default(),
            crow: Default::default(),
            c_state: Default::default(),
            c_all: Default::default(),
            c_in: Default::default(),
            s_in: Default::default(),
            seed_go_q: Default::default(),
            s_run: Default::default(),
            srow: Default::default(),
            slane: Default::default(),
            s_c0: Default::default(),
            y_state: Default::default(),
            y_arrived: Default::default(),
            y_end: Default::default(),
            y_c0: Default::default(),
            y_last: Default::default(),
            y_ra: Default::default(),
            y_v: Default::default(),
            lane_on_q: n(shape.width()),
            flight: n(shape.out_latency() + 1),
            refuse: Default::default(),
            start_now: Default::default(),
            want_step: Default::default(),
            step: Default::default(),
            bound: Default::default(),
            pop: Default::default(),
            keep: Default::default(),
            ra32: Default::default(),
            crow32: Default::default(),
            filling: Default::default(),
            take_c: Default::default(),
            arrive: Default::default(),
            c_ready: Default::default(),
            y_fire: Default::default(),
            rem: Default::default(),
            rem_p: Default::default(),
            end32: Default::default(),
        }
    }
}

impl<const S: usize, const A: usize> Logic for Sequencer<S, A> {
    #[hdl_gen]
    fn update(&mut self) {
        dff_setup!(
            self,
            clk,
            busy_q,
            done_q,
            error_q,
            cause_q,
            cycles_q,
            stalls_q,
            jm,
            jn,
            jk,
            jk_any,
            jk_past1,
            jk_past2,
            jfa,
            jfb,
            jsr,
            jscale,
            jseed_lo,
            jseed_hi,
            warm,
            ph,
            arr_ph,
            waiting,
            cr0,
            cc0,
            c_rlast,
            c_clast,
            sr0,
            sc0,
            any_started,
            all_started,
            flushed,
            tile_open,
            kleft,
            k_more,
            k_past1,
            since,
            since_ok,
            pend,
            p_y,
            popping,
            pr0,
            pc0,
            rows_p,
            p_last,
            opened,
            ra,
            rl,
            xl,
            hold,
            shift_q,
            valid_q,
            start_q,
            lr0,
            lc0,
            rows_l,
            l_rlast,
            l_clast,
            crow,
            c_state,
            c_all,
            c_in,
            s_in,
            seed_go_q,
            s_run,
            srow,
            slane,
            s_c0,
            y_state,
            y_arrived,
            y_end,
            y_c0,
            y_last,
            y_ra,
            y_v
        );
        for s in 0usize..self.flight.len() {
            self.flight[s].clock.next = self.clk.val();
        }
        self.flight[0].d.next = 0.into();
        for s in 1usize..self.flight.len() {
            self.flight[s].d.next = self.flight[s - 1].q.val();
        }
        // ---- a start: checked first, then the job's registers latched
        self.refuse.next = 0.into();
        if self.k.val() > self.max_k.val() {
            self.refuse.next = 1.into();
        } else if self.fmt_a.val() >= self.formats.val() {
            self.refuse.next = 2.into();
        } else if self.fmt_b.val() >= self.formats.val() {
            self.refuse.next = 3.into();
        } else if self.accumulate.val() != self.acc_code.val() {
            self.refuse.next = 4.into();
        } else if (self.scale_exp.val() > self.scale_max.val()) & ((self.scale_exp.val() < self.scale_min.val()) | self.chain.val()) {
            self.refuse.next = 5.into();
        } else if self.rounding.val() > 1 {
            self.refuse.next = 6.into();
        }
        if self.clear.val() & !self.busy_q.q.val() {
            self.done_q.d.next = false;
            self.error_q.d.next = false;
            self.cause_q.d.next = 0.into();
        }
        if self.warm.q.val() != 2 {
            self.warm.d.next = self.warm.q.val() + 1;
        }
        if self.go.val() & !self.busy_q.q.val() {
            self.cause_q.d.next = self.refuse.val();
            self.error_q.d.next = self.refuse.val().any();
            self.done_q.d.next = false;
            if !self.refuse.val().any() {
                self.cycles_q.d.next = 0.into();
                self.stalls_q.d.next = 0.into();
                self.jm.d.next = self.m.val();
                self.jn.d.next = self.n.val();
                self.jk.d.next = self.k.val();
                self.jk_any.d.next = self.k.val().any();
                self.jk_past1.d.next = self.k.val() > 1;
                self.jk_past2.d.next = self.k.val() > self.two.val();
                self.jfa.d.next = bit_cast::<S, 32>(self.fmt_a.val());
                self.jfb.d.next = bit_cast::<S, 32>(self.fmt_b.val());
                self.jsr.d.next = self.rounding.val().get_bit(0);
                self.jscale.d.next = bit_cast::<8, 32>(self.scale_exp.val());
                self.jseed_lo.d.next = self.seed_lo.val();
                self.jseed_hi.d.next = self.seed_hi.val();
                // M = 0 or N = 0: nothing to compute, done at once.
                self.busy_q.d.next = self.m.val().any() & self.n.val().any();
                self.done_q.d.next = !(self.m.val().any() & self.n.val().any());
                // The registered flags below follow the new origins within two cycles.
                self.warm.d.next = 0.into();
                self.since.d.next = self.since_go.val();
                self.since_ok.d.next = false;
                self.cr0.d.next = 0.into();
                self.cc0.d.next = 0.into();
                self.any_started.d.next = false;
                self.all_started.d.next = false;
                self.flushed.d.next = false;
                self.tile_open.d.next = false;
                self.ph.d.next = 0.into();
                self.waiting.d.next = false;
                // The chain's first exchange only pushes the first tile's C: open at once.
                self.pend.d.next = self.chain.val();
                self.p_y.d.next = false;
                self.opened.d.next = self.window.val();
                self.pr0.d.next = 0.into();
                self.lr0.d.next = 0.into();
                self.lc0.d.next = 0.into();
                self.crow.d.next = 0.into();
                self.c_state.d.next = 0.into();
                self.c_all.d.next = false;
                self.c_in.d.next = false;
                self.s_in.d.next = false;
                self.s_run.d.next = false;
                self.srow.d.next = 0.into();
                self.slane.d.next = 0.into();
                self.s_c0.d.next = 0.into();
                self.y_state.d.next = 0.into();
            }
        }
        if self.busy_q.q.val() {
            self.cycles_q.d.next = self.cycles_q.q.val() + 1;
        }
        // ---- flags of the origins, registered (an origin changes at most every other cycle)
        self.c_rlast.d.next = (self.cr0.q.val() + self.rows.val()) >= self.jm.q.val();
        self.c_clast.d.next = (self.cc0.q.val() + self.width.val()) >= self.jn.q.val();
        self.l_rlast.d.next = (self.lr0.q.val() + self.rows.val()) >= self.jm.q.val();
        self.l_clast.d.next = (self.lc0.q.val() + self.width.val()) >= self.jn.q.val();
        self.rem.next = self.jm.q.val() - self.lr0.q.val();
        self.rows_l.d.next = self.rows.val();
        if self.rem.val() < self.rows.val() {
            self.rows_l.d.next = self.rem.val();
        }
        // ---- the phase: starts and steps happen at a step's boundary (every cycle with one lane)
        self.arr_ph.d.next = self.ph.q.val();
        self.ph.d.next = self.ph.q.val() + 1;
        if self.ph.q.val() == self.last_lane.val() {
            self.ph.d.next = 0.into();
        }
        self.bound.next = !self.ph.q.val().any();
        // ---- starts: a tile (or the flush after the last) once the previous one's steps are
        // in, 2 D rows - 1 (and 2) cycles after the previous start, and the exchange after it over
        self.start_now.next = self.busy_q.q.val()
            & self.bound.val()
            & !self.flushed.q.val()
            & (!self.tile_open.q.val() | !self.k_more.q.val())
            & self.since_ok.q.val()
            & !self.pend.q.val();
        if self.since.q.val() < self.min_period.val() {
            self.since.d.next = self.since.q.val() + 1;
            self.since_ok.d.next = self.since.q.val() >= self.min_period_less1.val();
        }
        if self.opened.q.val() < self.window.val() {
            self.opened.d.next = self.opened.q.val() + 1;
        }
        if self.start_now.val() {
            self.since.d.next = 1.into(); // min_period >= 2: since_ok stays low
            self.since_ok.d.next = false;
            if self.any_started.q.val() | self.chain.val() {
                // The previous tile's results move into the exchange registers: pop them next
                // (on the chain, push the next tile's C, with no results after the first start).
                self.pend.d.next = true;
                self.p_y.d.next = self.any_started.q.val();
                self.opened.d.next = 1.into();
                self.pr0.d.next = self.sr0.q.val();
                self.pc0.d.next = self.sc0.q.val();
                self.p_last.d.next = self.all_started.q.val();
            }
            if self.all_started.q.val() {
                self.flushed.d.next = true;
                self.tile_open.d.next = false;
            } else {
                self.any_started.d.next = true;
                self.tile_open.d.next = true;
                self.sr0.d.next = self.cr0.q.val();
                self.sc0.d.next = self.cc0.q.val();
                self.all_started.d.next = self.c_rlast.q.val() & self.c_clast.q.val();
                if !self.c_clast.q.val() {
                    self.cc0.d.next = self.cc0.q.val() + self.width.val();
                } else {
                    self.cc0.d.next = 0.into();
                    self.cr0.d.next = self.cr0.q.val() + self.rows.val();
                }
            }
        }
        // ---- steps: A and B together, from the start's own cycle on, each D cycles long
        self.want_step.next = (self.start_now.val() & !self.all_started.q.val() & self.jk_any.q.val())
            | (self.bound.val() & !self.start_now.val() & self.tile_open.q.val() & self.k_more.q.val());
        self.step.next = self.want_step.val() & self.a_tvalid.val() & self.b_tvalid.val();
        self.take.next = self.step.val();
        if self.bound.val() {
            self.waiting.d.next = self.want_step.val() & !self.step.val();
        }
        self.a_tready.next = self.want_step.val() & self.b_tvalid.val();
        self.b_tready.next = self.want_step.val() & self.a_tvalid.val();
        if self.start_now.val() {
            self.kleft.d.next = self.jk.q.val();
            self.k_more.d.next = self.jk_any.q.val();
            self.k_past1.d.next = self.jk_past1.q.val();
            if self.step.val() {
                self.kleft.d.next = self.jk.q.val() - 1;
                self.k_more.d.next = self.jk_past1.q.val();
                self.k_past1.d.next = self.jk_past2.q.val();
            }
        } else if self.step.val() {
            self.kleft.d.next = self.kleft.q.val() - 1;
            self.k_more.d.next = self.k_past1.q.val();
            self.k_past1.d.next = self.kleft.q.val() > self.two.val();
        }
        // The array's controls leave from registers (its operands are registered beside them),
        // held for the D cycles of a step.
        if self.bound.val() {
            self.valid_q.d.next = self.step.val();
            self.start_q.d.next = self.start_now.val();
        }
        self.valid.next = self.valid_q.q.val();
        self.start.next = self.start_q.q.val();
        self.arr_lane.next = self.arr_ph.q.val();
        // ---- pops: rows in a row, bottom first, once the window is open, C is in and Y free;
        // decided a cycle ahead, so that the C and seed buffers' reads (at `ra`) are registered
        self.ra32.next = bit_cast::<32, A>(self.ra.q.val());
        self.keep.next = self.ra32.val() < self.rows_p.q.val();
        self.rem_p.next = self.jm.q.val() - self.pr0.q.val();
        self.rows_p.d.next = self.rows.val();
        if self.rem_p.val() < self.rows.val() {
            self.rows_p.d.next = self.rem_p.val();
        }
        self.end32.next = self.rows_p.q.val() - 1;
        // The C to push is in (on the chain, after the last tile's, there is none to push).
        self.c_ready.next = (self.c_state.q.val() == 2) | (self.chain.val() & self.c_all.q.val() & (self.c_state.q.val() == 0));
        self.pop.next = !self.hold.q.val().any()
            & (self.popping.q.val()
                | (self.pend.q.val()
                    & (self.opened.q.val() >= self.window.val())
                    & self.c_ready.val()
                    & ((self.y_state.q.val() == 0) | !self.p_y.q.val())));
        self.shift_q.d.next = self.pop.val();
        if self.hold.q.val().any() {
            self.hold.d.next = self.hold.q.val() - 1;
        }
        if self.pop.val() & !self.popping.q.val() & self.p_y.q.val() {
            // The first pop: the tile's results start for the Y buffer (the chain's first ones
            // arrive before its last pop).
            self.y_state.d.next = 1.into();
            self.y_arrived.d.next = 0.into();
            self.y_end.d.next = bit_cast::<A, 32>(self.end32.val());
            self.y_c0.d.next = self.pc0.q.val();
            self.y_last.d.next = self.p_last.q.val();
        }
        if self.pop.val() {
            self.popping.d.next = true;
            self.hold.d.next = self.pop_gap.val();
            // {valid, keep (a row inside M), lane, row}
            self.flight[0].d.next = bit_cast::<16, A>(self.ra.q.val())
                | (bit_cast::<16, 3>(self.rl.q.val()) << 8)
                | (bit_cast::<16, 1>(self.keep.val().into()) << 14)
                | (bit_cast::<16, 1>(self.p_y.q.val().into()) << 15);
            self.xl.d.next = self.rl.q.val();
            self.rl.d.next = self.rl.q.val() + 1;
            if self.rl.q.val() == self.last_lane.val() {
                self.rl.d.next = 0.into();
                self.ra.d.next = self.ra.q.val() - 1;
                if !self.ra.q.val().any() {
                    self.popping.d.next = false;
                    self.pend.d.next = false;
                    self.ra.d.next = self.last_row.val();
                    if self.c_state.q.val() == 2 {
                        self.c_state.d.next = 0.into();
                    }
                }
            }
        }
        self.shift.next = self.shift_q.q.val();
        self.c_raddr.next = self.ra.q.val();
        self.x_lane.next = self.xl.q.val();
        // ---- the C buffer: a tile's rows inside M, in tile order, while it is free
        self.crow32.next = bit_cast::<32, A>(self.crow.q.val()) + 1;
        self.filling.next = self.busy_q.q.val() & (self.warm.q.val() == 2) & !self.c_all.q.val() & (self.c_state.q.val() == 0);
        self.c_tready.next = self.filling.val() & !self.c_in.q.val();
        self.take_c.next = self.filling.val() & !self.c_in.q.val() & self.c_tvalid.val();
        self.c_we.next = self.take_c.val();
        self.c_waddr.next = self.crow.q.val();
        if self.c_state.q.val() == 1 {
            self.c_state.d.next = 2.into();
        }
        if self.take_c.val() {
            self.crow.d.next = self.crow.q.val() + 1;
            if self.crow32.val() == self.rows_l.q.val() {
                self.crow.d.next = 0.into();
                self.c_in.d.next = true;
            }
        }
        // The SR seeds of the same tile, a row and lane of them (one per column) at a time, lane
        // l of row i from seed_c0 = c0 + l cols; with RNE none.
        self.seed_go_q.d.next = false;
        self.seed_go.next = self.seed_go_q.q.val();
        self.seed_i.next = self.lr0.q.val() + bit_cast::<32, A>(self.srow.q.val());
        self.seed_c0.next = self.lc0.q.val() + self.s_c0.q.val();
        for l in 0usize..self.seed_we.len() {
            self.seed_we[l].next = false;
        }
        self.seed_waddr.next = self.srow.q.val();
        if self.filling.val() & !self.s_in.q.val() {
            if !self.jsr.q.val() {
                self.s_in.d.next = true;
            } else if !self.s_run.q.val() {
                self.seed_go_q.d.next = true;
                self.s_run.d.next = true;
            } else if self.seed_done.val() {
                for l in 0usize..self.seed_we.len() {
                    self.seed_we[l].next = self.slane.q.val() == self.lane_ids[l].val();
                }
                self.s_run.d.next = false;
                self.slane.d.next = self.slane.q.val() + 1;
                self.s_c0.d.next = self.s_c0.q.val() + self.cols.val();
                if self.slane.q.val() == self.last_lane.val() {
                    self.slane.d.next = 0.into();
                    self.s_c0.d.next = 0.into();
                    self.srow.d.next = self.srow.q.val() + 1;
                    if self.srow.q.val() == self.last_row.val() {
                        self.srow.d.next = 0.into();
                        self.s_in.d.next = true;
                    }
                }
            }
        }
        // Both in: the tile's C and seeds wait for its pops; the next tile's come after them.
        if self.filling.val() & self.c_in.q.val() & self.s_in.q.val() {
            self.c_in.d.next = false;
            self.s_in.d.next = false;
            self.c_state.d.next = 1.into();
            self.c_all.d.next = self.l_rlast.q.val() & self.l_clast.q.val();
            if !self.l_clast.q.val() {
                self.lc0.d.next = self.lc0.q.val() + self.width.val();
            } else {
                self.lc0.d.next = 0.into();
                self.lr0.d.next = self.lr0.q.val() + self.rows.val();
            }
        }
        // ---- the Y buffer: results land at their row; whole tiles leave top row first
        for s in (self.flight.len() - 1usize)..self.flight.len() {
            self.arrive.next = self.flight[s].q.val();
        }
        for l in 0usize..self.y_we.len() {
            self.y_we[l].next = self.arrive.val().get_bit(15)
                & self.arrive.val().get_bit(14)
                & (self.arrive.val().get_bits::<3>(8) == self.lane_ids[l].val());
        }
        self.y_waddr.next = self.arrive.val().get_bits::<A>(0);
        if self.arrive.val().get_bit(15) {
            self.y_arrived.d.next = self.y_arrived.q.val() + 1;
            if self.y_arrived.q.val() == self.last_pop.val() {
                self.y_state.d.next = 2.into();
            }
        }
        if self.y_state.q.val() == 2 {
            self.y_state.d.next = 3.into();
            self.y_v.d.next = false;
        }
        // A beat is valid once its address has been held for a cycle (the read is registered).
        self.y_tvalid.next = (self.y_state.q.val() == 3) & self.y_v.q.val();
        self.y_tlast.next = (self.y_state.q.val() == 3) & self.y_v.q.val() & (self.y_ra.q.val() == self.y_end.q.val());
        self.y_fire.next = (self.y_state.q.val() == 3) & self.y_v.q.val() & self.y_tready.val();
        if self.y_state.q.val() == 3 {
            self.y_v.d.next = true;
        }
        if self.y_fire.val() {
            self.y_v.d.next = false;
            self.y_ra.d.next = self.y_ra.q.val() + 1;
            if self.y_ra.q.val() == self.y_end.q.val() {
                self.y_ra.d.next = 0.into();
                self.y_state.d.next = 0.into();
                if self.y_last.q.val() {
                    self.busy_q.d.next = false;
                    self.done_q.d.next = true;
                }
            }
        }
        self.y_raddr.next = self.y_ra.q.val();
        for j in 0usize..self.lane_on.len() {
            self.lane_on_q[j].clock.next = self.clk.val();
            self.lane_on_q[j].d.next = (self.y_c0.q.val() + self.column[j].val()) < self.jn.q.val();
            self.lane_on[j].next = self.lane_on_q[j].q.val();
        }
        if self.busy_q.q.val()
            & ((self.want_step.val() & !self.step.val())
                | (!self.bound.val() & self.waiting.q.val())
                | (self.y_tvalid.val() & !self.y_tready.val()))
        {
            self.stalls_q.d.next = self.stalls_q.q.val() + 1;
        }
        // ---- the outputs
        self.busy.next = self.busy_q.q.val();
        self.done.next = self.done_q.q.val();
        self.error.next = self.error_q.q.val();
        self.cause.next = self.cause_q.q.val();
        self.cycles.next = self.cycles_q.q.val();
        self.stalls.next = self.stalls_q.q.val();
        self.arr_fmt_a.next = self.jfa.q.val();
        self.arr_fmt_b.next = self.jfb.q.val();
        self.arr_sr.next = self.jsr.q.val();
        self.arr_scale_exp.next = self.jscale.q.val();
        self.job_seed_lo.next = self.jseed_lo.q.val();
        self.job_seed_hi.next = self.jseed_hi.q.val();
        if self.rst.val() {
            self.busy_q.d.next = false;
            self.done_q.d.next = false;
            self.error_q.d.next = false;
            self.cause_q.d.next = 0.into();
            self.popping.d.next = false;
            self.pend.d.next = false;
            self.shift_q.d.next = false;
            self.hold.d.next = 0.into();
            self.valid_q.d.next = false;
            self.start_q.d.next = false;
            self.ra.d.next = self.last_row.val();
            self.rl.d.next = 0.into();
            self.ph.d.next = 0.into();
            self.waiting.d.next = false;
            self.y_state.d.next = 0.into();
            self.y_ra.d.next = 0.into();
            self.c_state.d.next = 0.into();
            self.s_run.d.next = false;
            self.seed_go_q.d.next = false;
            for s in 0usize..self.flight.len() {
                self.flight[s].d.next = 0.into();
            }
        }
    }
}
