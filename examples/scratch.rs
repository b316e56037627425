use fp8mac::verify::*;
fn main() {
    let addends = addend_set(4, 3);
    let blocks: Vec<_> = blocks(&addends, None).collect();
    let t = std::time::Instant::now();
    let tally = compare(&fp8mac::sim::rtl::RtlSimModel, &ReferenceModel, blocks, false);
    println!("{} cases {} mismatches in {:?}", tally.cases, tally.mismatches, t.elapsed());
    for e in tally.examples { println!("{e}"); }
    let blocks: Vec<_> = fp8mac::verify::blocks(&addends, Some((8, 5))).collect();
    let tally = compare(&fp8mac::sim::rtl::RtlSimModel, &ReferenceModel, blocks, false);
    println!("SR: {} cases {} mismatches", tally.cases, tally.mismatches);
    for e in tally.examples { println!("{e}"); }
}
