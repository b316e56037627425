//! `fp8mac verify`: a model against its oracle, with counts.

use super::*;
use crate::verify;

#[derive(Args, Debug)]
pub(super) struct VerifyArgs {
    /// All 2^34 RNE MAC cases (and SR on every 64th addend) instead of a set of addends.
    #[arg(long)]
    exhaustive: bool,
    /// The engine checked: the reference model against Berkeley SoftFloat's f16_mulAdd (RNE),
    /// rtl-sim (a sample: it is slow) and verilator against the reference model.
    #[arg(long, value_enum, default_value_t = Engine::Verilator)]
    engine: Engine,
    /// Random bits of stochastic rounding of the generated RTL.
    #[arg(long, default_value_t = 8)]
    sr_bits: u32,
    /// Run only part I of N of the exhaustive sweep (addends c with c % N == I), e.g. 0/4.
    #[arg(long, value_parser = parse_shard, requires = "exhaustive")]
    shard: Option<(u32, u32)>,
}

pub(super) fn run(args: VerifyArgs) -> Result<()> {
    let cfg = Config { sr_bits: args.sr_bits, ..Config::default() }.validate()?;
    let all_c = || (0..=u16::MAX).filter(|c| args.shard.is_none_or(|(i, n)| *c as u32 % n == i));
    // The addends of the RNE and SR MAC sweeps.
    let (rne_c, sr_c): (Vec<u16>, Vec<u16>) = match (args.engine, args.exhaustive) {
        (Engine::RtlSim, true) => bail!("--exhaustive needs a fast engine: use --engine verilator"),
        (Engine::RtlSim, false) => (verify::addend_set(0, 1)[..8].to_vec(), verify::addend_set(0, 1)[..4].to_vec()),
        (_, false) => (verify::addend_set(300, 1), verify::addend_set(100, 2)),
        (_, true) => (all_c().collect(), all_c().step_by(64).collect()),
    };
    let mut total = verify::Tally::default();
    let mut report = |what: &str, tally: verify::Tally| {
        println!("{what:<44} {:>12} cases, {} mismatches", tally.cases, tally.mismatches);
        for ex in &tally.examples {
            println!("  MISMATCH {ex}");
        }
        total.cases += tally.cases;
        total.mismatches += tally.mismatches;
    };
    let rne: Vec<_> = verify::batches(&rne_c, None).collect();
    let sr: Vec<_> = verify::batches(&sr_c, Some(SrConfig { bits: args.sr_bits, seed: 7 })).collect();
    let convert = verify::ConvertBatch::all_modes(SrConfig { bits: args.sr_bits, seed: 11 });
    let reference = &verify::ReferenceModel;
    match args.engine {
        Engine::Reference => {
            let t = verify::compare(reference, &verify::SoftFloatModel, &rne, true)?;
            report("mac rne: reference vs softfloat", t);
        }
        Engine::RtlSim => {
            ensure!(args.sr_bits == 8, "the rtl-sim engine is built with --sr-bits 8");
            let dut = &verify::RtlSimModel;
            report("mac rne: rtl-sim vs reference", verify::compare(dut, reference, &rne, true)?);
            report("mac sr: rtl-sim vs reference", verify::compare(dut, reference, &sr, true)?);
            report("fp16_to_fp8, all modes: rtl-sim vs reference", verify::compare(dut, reference, &convert, true)?);
        }
        Engine::Verilator => {
            let mac = VerilatorMac::new(&emit::fp8_mac(&cfg))?;
            report("mac rne: verilator vs reference", verify::compare(&mac, reference, &rne, true)?);
            report("mac sr: verilator vs reference", verify::compare(&mac, reference, &sr, true)?);
            let conv = VerilatorConvert::new(&emit::fp16_to_fp8(&cfg))?;
            report("fp16_to_fp8, all modes: verilator vs reference", verify::compare(&conv, reference, &convert, true)?);
        }
    }
    println!("{} passed, {} failed", total.cases - total.mismatches, total.mismatches);
    ensure!(total.mismatches == 0, "{} mismatches", total.mismatches);
    Ok(())
}
