//! The combinational hardware (fp8_mac, fp16_to_fp8) against the reference model: in rust-hdl's
//! simulator (property tests), in Verilator (every operand pair), and against each other.

mod common;

use common::*;
use fp8mac::emit;
use fp8mac::sim::rtl::{SimConvert, SimMac};
use fp8mac::sim::verilator::{VerilatorConvert, VerilatorMac};
use fp8mac::sim::{ConvertCase, MacCase};
use fp8mac::verify::{self, ConvertBatch, ReferenceModel};
use fp8mac::Config;
use fp8mac::SrConfig;
use fp8mac::{encode_f16, mac, Rounding};
use half::f16;
use proptest::prelude::*;

/// SR inputs with the boundary values of rnd (0, 1, 2^R - 1) over-represented.
fn rounding() -> impl Strategy<Value = Rounding> {
    let rnd = prop_oneof![Just(0u32), Just(1), Just(255), Just(128), Just(127), 0u32..256];
    prop_oneof![Just(Rounding::NearestEven), rnd.prop_map(|rnd| Rounding::Stochastic { bits: 8, rnd })]
}

fn mac_case() -> impl Strategy<Value = MacCase> {
    (fp8_code(), formats(), fp8_code(), formats(), fp16_code(), rounding()).prop_map(|(a, fmt_a, b, fmt_b, c, rounding)| MacCase {
        a,
        fmt_a,
        b,
        fmt_b,
        c,
        rounding,
    })
}

fn convert_case() -> impl Strategy<Value = ConvertCase> {
    (fp16_code(), formats(), rounding(), any::<bool>()).prop_map(|(x, fmt, rounding, saturate)| ConvertCase { x, fmt, rounding, saturate })
}

fn reference_mac(k: &MacCase) -> u16 {
    mac(k.a, k.fmt_a, k.b, k.fmt_b, f16::from_bits(k.c), k.rounding).to_bits()
}

fn reference_convert(k: &ConvertCase) -> u8 {
    encode_f16(f16::from_bits(k.x), k.fmt, k.rounding, k.saturate)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(5000))]

    #[test]
    fn rtl_sim_mac_equals_reference(k in mac_case()) {
        let got = SimMac::<8>::default().eval(k.a, k.fmt_a, k.b, k.fmt_b, k.c, k.rounding);
        prop_assert_eq!(got, reference_mac(&k), "{:x?}", k);
    }

    #[test]
    fn rtl_sim_convert_equals_reference(k in convert_case()) {
        let got = SimConvert::<8>::default().eval(k.x, k.fmt, k.rounding, k.saturate);
        prop_assert_eq!(got, reference_convert(&k), "{:x?}", k);
    }
}

fn assert_clean(what: &str, tally: verify::Tally) {
    assert!(tally.cases > 0);
    assert_eq!(tally.mismatches, 0, "{what}: {} mismatches, e.g. {:#?}", tally.mismatches, tally.examples);
}

/// Every (a, b) pair of all four format pairs for 352 addends (RNE) and 120 addends (SR).
#[test]
fn verilator_mac_equals_reference_all_pairs() {
    let dut = VerilatorMac::new(&emit::fp8_mac(&Config::default())).unwrap();
    let rne: Vec<_> = verify::batches(&verify::addend_set(300, 3), None).collect();
    assert_clean("rne", verify::compare(&dut, &ReferenceModel, &rne, false).unwrap());
    let sr: Vec<_> = verify::batches(&verify::addend_set(68, 4), Some(SrConfig { bits: 8, seed: 5 })).collect();
    assert_clean("sr", verify::compare(&dut, &ReferenceModel, &sr, false).unwrap());
}

/// All 65536 inputs, both formats, RNE and SR, saturating or not.
#[test]
fn verilator_convert_equals_reference_all_inputs() {
    let dut = VerilatorConvert::new(&emit::fp16_to_fp8(&Config::default())).unwrap();
    assert_clean(
        "convert",
        verify::compare(&dut, &ReferenceModel, &ConvertBatch::all_modes(SrConfig { bits: 8, seed: 9 }), false).unwrap(),
    );
}

/// Other widths of rnd change the datapath's window: check SR at 1, 3 and 16 bits.
#[test]
fn verilator_other_sr_widths_equal_reference() {
    for bits in [1, 3, 16] {
        let cfg = Config { sr_bits: bits, ..Config::default() };
        let mac = VerilatorMac::new(&emit::fp8_mac(&cfg)).unwrap();
        let sr: Vec<_> = verify::batches(&verify::addend_set(4, 6), Some(SrConfig { bits, seed: 8 })).collect();
        assert_clean(&format!("mac sr{bits}"), verify::compare(&mac, &ReferenceModel, &sr, false).unwrap());
        let conv = VerilatorConvert::new(&emit::fp16_to_fp8(&cfg)).unwrap();
        assert_clean(
            &format!("convert sr{bits}"),
            verify::compare(&conv, &ReferenceModel, &ConvertBatch::all_modes(SrConfig { bits, seed: 10 }), false).unwrap(),
        );
    }
}

/// rust-hdl's simulation and Verilator agree on the same random vectors: this is what catches
/// the places where rust-hdl's simulator and its printed Verilog differ in width.
#[test]
fn rtl_sim_and_verilator_agree_lockstep() {
    use proptest::strategy::ValueTree;
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let macs: Vec<MacCase> = (0..20_000).map(|_| mac_case().new_tree(&mut runner).unwrap().current()).collect();
    let verilated = VerilatorMac::new(&emit::fp8_mac(&Config::default())).unwrap().eval_cases(&macs).unwrap();
    let mut sim = SimMac::<8>::default();
    for (k, v) in macs.iter().zip(&verilated) {
        assert_eq!(sim.eval(k.a, k.fmt_a, k.b, k.fmt_b, k.c, k.rounding), *v, "{k:x?}");
    }
    let convs: Vec<ConvertCase> = (0..20_000).map(|_| convert_case().new_tree(&mut runner).unwrap().current()).collect();
    let verilated = VerilatorConvert::new(&emit::fp16_to_fp8(&Config::default())).unwrap().eval_cases(&convs).unwrap();
    let mut sim = SimConvert::<8>::default();
    for (k, v) in convs.iter().zip(&verilated) {
        assert_eq!(sim.eval(k.x, k.fmt, k.rounding, k.saturate), *v, "{k:x?}");
    }
}
