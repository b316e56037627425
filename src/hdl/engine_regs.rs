//! The engine's AXI4-Lite slave and its register file (docs/spec.md section 13): a write is
//! taken when its address and data are both offered (one response per write, OKAY), a read
//! answers one cycle after its address. Registers are 32 bits, written whole (`wstrb` is not
//! read); the map is [`crate::engine::REGISTERS`] (the C header and the README print it;
//! the bench reads the header).

use rust_hdl::prelude::*;

/// The AXI4-Lite slave and the job registers.
#[derive(LogicBlock)]
pub struct Regs {
    /// Clock.
    pub clk: Signal<In, Clock>,
    /// Synchronous reset: every register to 0.
    pub rst: Signal<In, Bit>,
    /// Write address (byte address; bits 6:2 choose the register, bit 7 is not decoded).
    pub awaddr: Signal<In, Bits<8>>,
    /// Write address valid.
    pub awvalid: Signal<In, Bit>,
    /// Write address ready (with `wready`: both channels are taken together).
    pub awready: Signal<Out, Bit>,
    /// Write data.
    pub wdata: Signal<In, Bits<32>>,
    /// Write data valid.
    pub wvalid: Signal<In, Bit>,
    /// Write data ready.
    pub wready: Signal<Out, Bit>,
    /// Write response: always OKAY.
    pub bresp: Signal<Out, Bits<2>>,
    /// Write response valid.
    pub bvalid: Signal<Out, Bit>,
    /// Write response ready.
    pub bready: Signal<In, Bit>,
    /// Read address.
    pub araddr: Signal<In, Bits<8>>,
    /// Read address valid.
    pub arvalid: Signal<In, Bit>,
    /// Read address ready.
    pub arready: Signal<Out, Bit>,
    /// Read data.
    pub rdata: Signal<Out, Bits<32>>,
    /// Read response: always OKAY (0x44 to 0x7C read 0; bit 7 of the address is not decoded).
    pub rresp: Signal<Out, Bits<2>>,
    /// Read data valid.
    pub rvalid: Signal<Out, Bit>,
    /// Read data ready.
    pub rready: Signal<In, Bit>,
    /// One cycle after a write of CTRL with bit 0 set: start a job.
    pub go: Signal<Out, Bit>,
    /// One cycle after a write of CTRL with bit 1 set: clear DONE and ERROR.
    pub clear: Signal<Out, Bit>,
    /// M, N, K.
    pub m: Signal<Out, Bits<32>>,
    /// N.
    pub n: Signal<Out, Bits<32>>,
    /// K.
    pub k: Signal<Out, Bits<32>>,
    /// A's format: its select code in the array's set.
    pub fmt_a: Signal<Out, Bits<32>>,
    /// B's format.
    pub fmt_b: Signal<Out, Bits<32>>,
    /// 0 = the FP16 chain, 1 = exact.
    pub accumulate: Signal<Out, Bits<32>>,
    /// 0 = RNE, 1 = SR.
    pub rounding: Signal<Out, Bits<32>>,
    /// s of 2^s, two's complement.
    pub scale_exp: Signal<Out, Bits<32>>,
    /// The SR seed of docs/spec.md section 4, low half,
    pub seed: Signal<Out, Bits<32>>,
    /// high half.
    pub seed_hi: Signal<Out, Bits<32>>,
    /// The interrupt enable.
    pub irq_en: Signal<Out, Bit>,
    /// STATUS: a job runs,
    pub busy: Signal<In, Bit>,
    /// the last job finished,
    pub done: Signal<In, Bit>,
    /// the last start was refused,
    pub error: Signal<In, Bit>,
    /// and why.
    pub cause: Signal<In, Bits<4>>,
    /// Cycles of the current or last job.
    pub cycles: Signal<In, Bits<32>>,
    /// Cycles in which it waited on a stream.
    pub stalls: Signal<In, Bits<32>>,
    build0: Constant<Bits<32>>,
    build1: Constant<Bits<32>>,
    word_w: Signal<Local, Bits<5>>,
    word_r: Signal<Local, Bits<5>>,
    take_w: Signal<Local, Bit>,
    status: Signal<Local, Bits<32>>,
    m_q: DFF<Bits<32>>,
    n_q: DFF<Bits<32>>,
    k_q: DFF<Bits<32>>,
    fmt_a_q: DFF<Bits<32>>,
    fmt_b_q: DFF<Bits<32>>,
    accumulate_q: DFF<Bits<32>>,
    rounding_q: DFF<Bits<32>>,
    scale_exp_q: DFF<Bits<32>>,
    seed_q: DFF<Bits<32>>,
    seed_hi_q: DFF<Bits<32>>,
    irq_en_q: DFF<Bit>,
    go_q: DFF<Bit>,
    clear_q: DFF<Bit>,
    bvalid_q: DFF<Bit>,
    rvalid_q: DFF<Bit>,
    rdata_q: DFF<Bits<32>>,
}

impl Regs {
    /// The register file of an engine whose BUILD0 and BUILD1 registers read `build`.
    pub fn new(build: [u32; 2]) -> Self {
        Regs {
            clk: Default::default(),
            rst: Default::default(),
            awaddr: Default::default(),
            awvalid: Default::default(),
            awready: Default::default(),
            wdata: Default::default(),
            wvalid: Default::default(),
            wready: Default::default(),
            bresp: Default::default(),
            bvalid: Default::default(),
            bready: Default::default(),
            araddr: Default::default(),
            arvalid: Default::default(),
            arready: Default::default(),
            rdata: Default::default(),
            rresp: Default::default(),
            rvalid: Default::default(),
            rready: Default::default(),
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
            seed: Default::default(),
            seed_hi: Default::default(),
            irq_en: Default::default(),
            busy: Default::default(),
            done: Default::default(),
            error: Default::default(),
            cause: Default::default(),
            cycles: Default::default(),
            stalls: Default::default(),
            build0: Constant::new(u64::from(build[0]).into()),
            build1: Constant::new(u64::from(build[1]).into()),
            word_w: Default::default(),
            word_r: Default::default(),
            take_w: Default::default(),
            status: Default::default(),
            m_q: Default::default(),
            n_q: Default::default(),
            k_q: Default::default(),
            fmt_a_q: Default::default(),
            fmt_b_q: Default::default(),
            accumulate_q: Default::default(),
            rounding_q: Default::default(),
            scale_exp_q: Default::default(),
            seed_q: Default::default(),
            seed_hi_q: Default::default(),
            irq_en_q: Default::default(),
            go_q: Default::default(),
            clear_q: Default::default(),
            bvalid_q: Default::default(),
            rvalid_q: Default::default(),
            rdata_q: Default::default(),
        }
    }
}

impl Logic for Regs {
    #[hdl_gen]
    fn update(&mut self) {
        dff_setup!(
            self,
            clk,
            irq_en_q,
            go_q,
            clear_q,
            bvalid_q,
            rvalid_q,
            rdata_q,
            m_q,
            n_q,
            k_q,
            fmt_a_q,
            fmt_b_q,
            accumulate_q,
            rounding_q,
            scale_exp_q,
            seed_q,
            seed_hi_q
        );
        self.word_w.next = self.awaddr.val().get_bits::<5>(2);
        self.word_r.next = self.araddr.val().get_bits::<5>(2);
        // ---- writes: address and data together, one response each
        self.take_w.next = self.awvalid.val() & self.wvalid.val() & !self.bvalid_q.q.val();
        self.awready.next = self.take_w.val();
        self.wready.next = self.take_w.val();
        self.go_q.d.next = false;
        self.clear_q.d.next = false;
        if self.take_w.val() {
            match self.word_w.val().index() {
                0 => {
                    self.go_q.d.next = self.wdata.val().get_bit(0);
                    self.clear_q.d.next = self.wdata.val().get_bit(1);
                }
                2 => self.irq_en_q.d.next = self.wdata.val().get_bit(0),
                3 => self.m_q.d.next = self.wdata.val(),
                4 => self.n_q.d.next = self.wdata.val(),
                5 => self.k_q.d.next = self.wdata.val(),
                6 => self.fmt_a_q.d.next = self.wdata.val(),
                7 => self.fmt_b_q.d.next = self.wdata.val(),
                8 => self.accumulate_q.d.next = self.wdata.val(),
                9 => self.rounding_q.d.next = self.wdata.val(),
                10 => self.scale_exp_q.d.next = self.wdata.val(),
                11 => self.seed_q.d.next = self.wdata.val(),
                16 => self.seed_hi_q.d.next = self.wdata.val(),
                _ => {}
            }
        }
        self.bvalid_q.d.next = self.take_w.val() | (self.bvalid_q.q.val() & !self.bready.val());
        self.bvalid.next = self.bvalid_q.q.val();
        self.bresp.next = 0.into();
        // ---- reads: the answer one cycle after the address
        self.status.next = bit_cast::<32, 1>(self.busy.val().into())
            | (bit_cast::<32, 1>(self.done.val().into()) << 1)
            | (bit_cast::<32, 1>(self.error.val().into()) << 2)
            | (bit_cast::<32, 4>(self.cause.val()) << 8);
        self.arready.next = !self.rvalid_q.q.val();
        if self.arvalid.val() & !self.rvalid_q.q.val() {
            self.rvalid_q.d.next = true;
            match self.word_r.val().index() {
                1 => self.rdata_q.d.next = self.status.val(),
                2 => self.rdata_q.d.next = bit_cast::<32, 1>(self.irq_en_q.q.val().into()),
                3 => self.rdata_q.d.next = self.m_q.q.val(),
                4 => self.rdata_q.d.next = self.n_q.q.val(),
                5 => self.rdata_q.d.next = self.k_q.q.val(),
                6 => self.rdata_q.d.next = self.fmt_a_q.q.val(),
                7 => self.rdata_q.d.next = self.fmt_b_q.q.val(),
                8 => self.rdata_q.d.next = self.accumulate_q.q.val(),
                9 => self.rdata_q.d.next = self.rounding_q.q.val(),
                10 => self.rdata_q.d.next = self.scale_exp_q.q.val(),
                11 => self.rdata_q.d.next = self.seed_q.q.val(),
                12 => self.rdata_q.d.next = self.cycles.val(),
                13 => self.rdata_q.d.next = self.stalls.val(),
                14 => self.rdata_q.d.next = self.build0.val(),
                15 => self.rdata_q.d.next = self.build1.val(),
                16 => self.rdata_q.d.next = self.seed_hi_q.q.val(),
                _ => self.rdata_q.d.next = 0.into(),
            }
        } else if self.rready.val() {
            self.rvalid_q.d.next = false;
        }
        self.rvalid.next = self.rvalid_q.q.val();
        self.rdata.next = self.rdata_q.q.val();
        self.rresp.next = 0.into();
        // ---- the registers' values
        self.go.next = self.go_q.q.val();
        self.clear.next = self.clear_q.q.val();
        self.irq_en.next = self.irq_en_q.q.val();
        self.m.next = self.m_q.q.val();
        self.n.next = self.n_q.q.val();
        self.k.next = self.k_q.q.val();
        self.fmt_a.next = self.fmt_a_q.q.val();
        self.fmt_b.next = self.fmt_b_q.q.val();
        self.accumulate.next = self.accumulate_q.q.val();
        self.rounding.next = self.rounding_q.q.val();
        self.scale_exp.next = self.scale_exp_q.q.val();
        self.seed.next = self.seed_q.q.val();
        self.seed_hi.next = self.seed_hi_q.q.val();
        if self.rst.val() {
            self.m_q.d.next = 0.into();
            self.n_q.d.next = 0.into();
            self.k_q.d.next = 0.into();
            self.fmt_a_q.d.next = 0.into();
            self.fmt_b_q.d.next = 0.into();
            self.accumulate_q.d.next = 0.into();
            self.rounding_q.d.next = 0.into();
            self.scale_exp_q.d.next = 0.into();
            self.seed_q.d.next = 0.into();
            self.seed_hi_q.d.next = 0.into();
            self.irq_en_q.d.next = false;
            self.go_q.d.next = false;
            self.clear_q.d.next = false;
            self.bvalid_q.d.next = false;
            self.rvalid_q.d.next = false;
        }
    }
}
