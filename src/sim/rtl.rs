//! rust-hdl's simulator driving the combinational blocks: one evaluation per call.

use std::fs::File;
use std::io::BufWriter;
use std::path::Path;

use anyhow::Context;
use rust_hdl::core::vcd_probe::VCDProbe;
use rust_hdl::prelude::*;

use crate::config::{Config, ExactArray};
use crate::format::{Format, FormatSet};
use crate::hdl::convert::Fp16ToFp8;
use crate::hdl::mac::Fp8Mac;
use crate::hdl::systolic::Systolic;
use crate::hdl::systolic_exact::{with_out_format, SystolicExact};
use crate::hdl::{with_select_bits, with_sr_bits};
use crate::reference::Rounding;
use crate::sim::array::{Accumulator, ArrayEngine, Frame, Setup};
use crate::sim::sr_ports;

/// An `Fp8Mac` under simulation.
pub struct SimMac<const R: usize> {
    uut: Fp8Mac<R>,
}

impl<const R: usize> Default for SimMac<R> {
    fn default() -> Self {
        let mut uut = Fp8Mac::<R>::default();
        uut.connect_all();
        SimMac { uut }
    }
}

impl<const R: usize> SimMac<R> {
    /// Evaluates y = mac(a, b, c) in the simulator.
    pub fn eval(&mut self, a: u8, fmt_a: Format, b: u8, fmt_b: Format, c: u16, r: Rounding) -> u16 {
        let (sr, rnd) = sr_ports(r);
        let u = &mut self.uut;
        u.a.next = (a as u64).into();
        u.fmt_a.next = super::select_bit(fmt_a);
        u.b.next = (b as u64).into();
        u.fmt_b.next = super::select_bit(fmt_b);
        u.c.next = (c as u64).into();
        u.sr.next = sr;
        u.rnd.next = (rnd as u64).into();
        assert!(simulate(u, 100), "combinational logic did not settle");
        u.y.val().to_u16()
    }
}

/// An `Fp16ToFp8` under simulation.
pub struct SimConvert<const R: usize> {
    uut: Fp16ToFp8<R>,
}

impl<const R: usize> Default for SimConvert<R> {
    fn default() -> Self {
        let mut uut = Fp16ToFp8::<R>::default();
        uut.connect_all();
        SimConvert { uut }
    }
}

impl<const R: usize> SimConvert<R> {
    /// Evaluates y = encode_f16(x) in the simulator.
    pub fn eval(&mut self, x: u16, fmt: Format, r: Rounding, saturate: bool) -> u8 {
        let (sr, rnd) = sr_ports(r);
        let u = &mut self.uut;
        u.x.next = (x as u64).into();
        u.fmt.next = super::select_bit(fmt);
        u.sr.next = sr;
        u.rnd.next = (rnd as u64).into();
        u.sat.next = saturate;
        assert!(simulate(u, 100), "combinational logic did not settle");
        u.y.val().to_u8()
    }
}

/// A VCD trace being written.
type Trace = VCDProbe<BufWriter<File>>;

/// Half a clock period in the trace's picoseconds (a 100 MHz clock).
const HALF_PERIOD_PS: u64 = 5_000;

/// An `fp8_systolic` under simulation, `S` bits of format select.
pub struct SimArray<const R: usize, const S: usize> {
    uut: Systolic<R, S>,
    cfg: Config,
    set: FormatSet,
    /// With [`SimArray::count_busy`]: per simulated cycle, how many elements had a valid MAC
    /// step at their inputs.
    busy: Option<Vec<usize>>,
    trace: Option<Trace>,
    time_ps: u64,
}

impl<const R: usize, const S: usize> SimArray<R, S> {
    /// The array of `cfg`'s shape and pipeline depth (`cfg.sr_bits` must be R) for operands
    /// of `set` (whose select has S bits).
    pub fn new(cfg: &Config, set: FormatSet) -> Self {
        assert_eq!(cfg.sr_bits as usize, R, "SR bits of the configuration and the type differ");
        let mut uut = Systolic::<R, S>::new(cfg, set);
        uut.connect_all();
        SimArray { uut, cfg: *cfg, set, busy: None, trace: None, time_ps: 0 }
    }

    /// Counts the busy elements of every cycle from now on (for utilisation tests).
    pub fn count_busy(&mut self) {
        self.busy = Some(Vec::new());
    }

    /// Per cycle since [`SimArray::count_busy`], the number of elements with a valid MAC step.
    pub fn busy(&self) -> Option<&[usize]> {
        self.busy.as_deref()
    }

    /// Records every signal of the array into a VCD file from now on.
    pub fn trace_to(&mut self, path: &Path) -> anyhow::Result<()> {
        let file = File::create(path).with_context(|| format!("cannot create {}", path.display()))?;
        self.trace = Some(write_vcd_header(BufWriter::new(file), &self.uut));
        Ok(())
    }
}

/// Cycles per step of a GEMM in rust-hdl's simulator: it runs a few thousand cycles of a small
/// array per second (a 2 x 2 FP16 array about 1,200 on a busy machine), so a step is well
/// under a second.
const RTL_STEP_CYCLES: usize = 256;

/// A simulated FP16-chain array of configuration `cfg` for operands of `set`, tracing into a
/// VCD file if `vcd` is given.
pub fn sim_array(cfg: &Config, set: FormatSet, vcd: Option<&Path>) -> anyhow::Result<Box<dyn ArrayEngine>> {
    fn boxed<const R: usize, const S: usize>(cfg: &Config, set: FormatSet, vcd: Option<&Path>) -> anyhow::Result<Box<dyn ArrayEngine>> {
        let mut sim = SimArray::<R, S>::new(cfg, set);
        if let Some(path) = vcd {
            sim.trace_to(path)?;
        }
        Ok(Box::new(sim))
    }
    fn make<const R: usize>(cfg: &Config, set: FormatSet, vcd: Option<&Path>) -> anyhow::Result<Box<dyn ArrayEngine>> {
        with_select_bits!(set.select_bits(), boxed::<R>(cfg, set, vcd))
    }
    with_sr_bits!(cfg.sr_bits, make(cfg, set, vcd))
}

/// The ports both arrays share, driven the same way.
trait ArrayPorts: Block {
    /// Applies the configuration (the formats as select codes `sel`) and one frame's inputs.
    fn apply(&mut self, setup: &Setup, sel: (u32, u32), f: &Frame);
    /// The `y` ports (FP16 or binary32 codes).
    fn y(&self) -> Vec<u32>;
    /// Drives the clock.
    fn set_clk(&mut self, high: bool);
}

macro_rules! array_ports {
    ([$($generics:tt)*] $array:ty) => {
        impl<$($generics)*> ArrayPorts for $array {
            fn apply(&mut self, setup: &Setup, sel: (u32, u32), f: &Frame) {
                self.set_formats(sel);
                self.sr.next = setup.sr;
                self.rst.next = f.rst;
                self.valid.next = f.valid;
                self.start.next = f.start;
                self.shift.next = f.shift;
                self.set_chain(f.chain);
                for (port, &v) in self.a.iter_mut().zip(&f.a) {
                    port.next = (v as u64).into();
                }
                for (port, &v) in self.b.iter_mut().zip(&f.b) {
                    port.next = (v as u64).into();
                }
                for (port, &v) in self.c.iter_mut().zip(&f.c) {
                    port.next = (v as u64).into();
                }
                for (port, &v) in self.seed.iter_mut().zip(&f.seed) {
                    port.next = (v as u64).into();
                }
                self.set_scale(setup.scale_exp);
                self.set_block_scales(f);
            }
            fn y(&self) -> Vec<u32> {
                self.y.iter().map(|p| p.val().to_u32()).collect()
            }
            fn set_clk(&mut self, high: bool) {
                self.clk.next = Clock::from(high);
            }
        }
    };
}
array_ports!([const R: usize, const S: usize] Systolic<R, S>);
array_ports!([const R: usize, const O: usize, const W: usize, const S: usize] SystolicExact<R, O, W, S>);

impl<const R: usize, const S: usize> Systolic<R, S> {
    fn set_formats(&mut self, (a, b): (u32, u32)) {
        self.fmt_a.next = (a as u64).into();
        self.fmt_b.next = (b as u64).into();
    }

    /// The FP16 array has no scale.
    fn set_scale(&mut self, _scale_exp: i32) {}

    /// Nor block scales.
    fn set_block_scales(&mut self, _f: &Frame) {}

    /// Nor blocks after the first.
    fn set_chain(&mut self, _chain: bool) {}
}

impl<const R: usize, const O: usize, const W: usize, const S: usize> SystolicExact<R, O, W, S> {
    fn set_formats(&mut self, (a, b): (u32, u32)) {
        self.fmt_a.next = (a as u64).into();
        self.fmt_b.next = (b as u64).into();
    }

    fn set_scale(&mut self, scale_exp: i32) {
        self.scale_exp.next = (scale_exp as u8 as u64).into();
    }

    fn set_chain(&mut self, chain: bool) {
        self.chain.next = chain;
    }

    /// The `xa` and `xb` ports of an array with block scales (none on one without).
    fn set_block_scales(&mut self, f: &Frame) {
        for (port, &v) in self.xa.iter_mut().zip(&f.xa) {
            port.next = (v as u64).into();
        }
        for (port, &v) in self.xb.iter_mut().zip(&f.xb) {
            port.next = (v as u64).into();
        }
    }
}

/// One clock cycle of `uut` per frame: inputs applied, `y` sampled, `between` called (with
/// the clock low, then high), a rising edge.
fn clock_frames<U: ArrayPorts>(
    uut: &mut U,
    setup: Setup,
    acc: Accumulator,
    frames: &[Frame],
    mut between: impl FnMut(&U) -> anyhow::Result<()>,
) -> anyhow::Result<Vec<Vec<u32>>> {
    let mut out = Vec::with_capacity(frames.len());
    let sel = setup.selects(acc);
    for f in frames {
        uut.apply(&setup, sel, f);
        anyhow::ensure!(simulate(uut, 1000), "the array did not settle");
        out.push(uut.y());
        between(uut)?;
        uut.set_clk(true);
        anyhow::ensure!(simulate(uut, 1000), "the array did not settle");
        between(uut)?;
        uut.set_clk(false);
    }
    Ok(out)
}

impl<const R: usize, const S: usize> ArrayEngine for SimArray<R, S> {
    fn config(&self) -> Config {
        self.cfg
    }
    fn accumulator(&self) -> Accumulator {
        Accumulator::Fp16(self.set)
    }
    fn step_cycles(&self) -> usize {
        RTL_STEP_CYCLES
    }
    fn run(&mut self, setup: Setup, frames: &[Frame]) -> anyhow::Result<Vec<Vec<u32>>> {
        let (busy, trace, time_ps) = (&mut self.busy, &mut self.trace, &mut self.time_ps);
        let mut low = true;
        clock_frames(&mut self.uut, setup, Accumulator::Fp16(self.set), frames, |u| {
            if let (Some(busy), true) = (busy.as_mut(), low) {
                busy.push(u.elements().iter().filter(|pe| pe.valid_in.val()).count());
            }
            low = !low;
            sample_trace(trace, time_ps, u)
        })
    }
}

/// Writes the signals' changes at the current time, then advances half a clock period.
fn sample_trace<U: Block>(trace: &mut Option<Trace>, time_ps: &mut u64, uut: &U) -> anyhow::Result<()> {
    if let Some(mut vcd) = trace.take() {
        vcd.timestamp(*time_ps)?;
        *trace = Some(write_vcd_change(vcd, uut));
    }
    *time_ps += HALF_PERIOD_PS;
    Ok(())
}

/// An `fp8_systolic_exact` under simulation, C and Y of `O` bits.
pub struct SimArrayExact<const R: usize, const O: usize, const W: usize, const S: usize> {
    uut: SystolicExact<R, O, W, S>,
    cfg: Config,
    exact: ExactArray,
}

impl<const R: usize, const O: usize, const W: usize, const S: usize> SimArrayExact<R, O, W, S> {
    /// The exact array `exact` of `cfg`'s shape.
    pub fn new(cfg: &Config, exact: &ExactArray) -> Self {
        assert_eq!(cfg.sr_bits as usize, R, "SR bits of the configuration and the type differ");
        let mut uut = SystolicExact::<R, O, W, S>::new(cfg, exact);
        uut.connect_all();
        SimArrayExact { uut, cfg: *cfg, exact: *exact }
    }
}

/// A simulated exact array `exact` of configuration `cfg`.
pub fn sim_array_exact(cfg: &Config, exact: &ExactArray) -> Box<dyn ArrayEngine> {
    fn boxed<const R: usize, const O: usize, const W: usize, const S: usize>(cfg: &Config, exact: &ExactArray) -> Box<dyn ArrayEngine> {
        Box::new(SimArrayExact::<R, O, W, S>::new(cfg, exact))
    }
    fn make<const R: usize>(cfg: &Config, exact: &ExactArray) -> Box<dyn ArrayEngine> {
        with_out_format!(exact.out, exact.formats, boxed::<R>(cfg, exact))
    }
    with_sr_bits!(cfg.sr_bits, make(cfg, exact))
}

impl<const R: usize, const O: usize, const W: usize, const S: usize> ArrayEngine for SimArrayExact<R, O, W, S> {
    fn config(&self) -> Config {
        self.cfg
    }
    fn accumulator(&self) -> Accumulator {
        Accumulator::Exact(self.exact)
    }
    fn run(&mut self, setup: Setup, frames: &[Frame]) -> anyhow::Result<Vec<Vec<u32>>> {
        clock_frames(&mut self.uut, setup, Accumulator::Exact(self.exact), frames, |_| Ok(()))
    }
    fn step_cycles(&self) -> usize {
        RTL_STEP_CYCLES
    }
}

/// Draws the array's top-level ports from a VCD written by [`SimArray::trace_to`] over its
/// first `cycles` clock cycles, as an SVG waveform.
pub fn draw_ports(vcd: &Path, svg: &Path, rows: usize, cols: usize, cycles: u64) -> anyhow::Result<()> {
    let mut names: Vec<String> = ["clk", "rst", "shift", "valid", "start"].iter().map(|s| format!("uut.{s}")).collect();
    names.extend((0..rows).map(|i| format!("uut.a${i}")));
    names.extend((0..cols).map(|j| format!("uut.b${j}")));
    names.extend((0..cols).map(|j| format!("uut.c${j}")));
    names.extend((0..cols).map(|j| format!("uut.y${j}")));
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    // Draw no further than the trace goes.
    let text = std::fs::read_to_string(vcd).with_context(|| format!("cannot read {}", vcd.display()))?;
    let end = text.lines().filter_map(|l| l.strip_prefix('#')?.parse::<u64>().ok()).max().unwrap_or(0);
    let (vcd, svg) = (vcd.to_string_lossy(), svg.to_string_lossy());
    let span = (cycles * 2 * HALF_PERIOD_PS).min(end + HALF_PERIOD_PS);
    vcd_to_svg(&vcd, &svg, &names, 0, span).with_context(|| format!("cannot draw {svg}"))
}
