//! `fp8mac accuracy` on a small grid: properties that hold by mathematics, not measured numbers.

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

fn fp8mac(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_fp8mac")).args(args).output().expect("binary runs")
}

/// (data, formats, k, mode, err_exact, err_f64) of every point.
type Point = (String, String, u64, String, f64, f64);

fn study(dir: &Path, extra: &[&str]) -> Vec<Point> {
    let json = dir.join("accuracy.json");
    let plot = dir.join("accuracy.svg");
    let mut args =
        vec!["accuracy", "--k-max", "16384", "--m", "8", "--n", "8", "--json", json.to_str().unwrap(), "--plot", plot.to_str().unwrap()];
    args.extend_from_slice(extra);
    let out = fp8mac(&args);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let svg = std::fs::read_to_string(&plot).unwrap();
    assert!(svg.starts_with("<svg") && ["fp16-sr8", "exact32", "one-signed"].iter().all(|s| svg.contains(s)));
    let report: Value = serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    let f = |p: &Value| p.as_f64().unwrap_or(f64::INFINITY); // null = overflowed
    report["points"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            let s = |k: &str| p[k].as_str().unwrap().to_string();
            (s("data"), s("formats"), p["k"].as_u64().unwrap(), s("mode"), f(&p["err_exact"]), f(&p["err_f64"]))
        })
        .collect()
}

fn errors<'a>(points: &'a [Point], data: &'a str, mode: &'a str) -> impl Iterator<Item = &'a Point> {
    points.iter().filter(move |p| p.0 == data && p.3 == mode)
}

#[test]
fn accuracy_obeys_the_bounds_of_its_modes() {
    let dir = tempfile::tempdir().unwrap();
    let points = study(dir.path(), &["--operands", "e4m3xe4m3,e5m2xe4m3"]);
    // 2 data sets x 2 format pairs x K = 16 .. 16384 (11) x 8 modes.
    assert_eq!(points.len(), 2 * 2 * 11 * 8);
    for p in &points {
        // One rounding of the exact value: every element within half an ulp, 2^-24 (FP32) or
        // 2^-11 (FP16) relative, so the Frobenius ratio is too (no result is subnormal here).
        match p.3.as_str() {
            "exact32" => assert!(p.4 < 2f64.powi(-24), "{p:?}"),
            "exact16" => assert!(p.4 < 2f64.powi(-11), "{p:?}"),
            "mxdotp" => {}
            _ => assert!(p.4 > 0.0, "a chain of K >= 16 roundings is not exact here: {p:?}"),
        }
    }
    // The presets on one-signed sums, where every partial sum is at least its largest term:
    // mxdotp rounds K / 8 times into binary32, each rounding within 2^-24 of the partial sum, so
    // of the whole; a deepseek-v3 partial of 128 products has 4 blocks, each truncating at most
    // 33 terms and its result below 2^-13 of the block's largest (at most its sum), so it is
    // within 4 x 35 x 2^-13 of its sum, and the binary32 additions of the partials add K / 128
    // roundings of 2^-24.
    for p in points.iter().filter(|p| p.0 == "one-signed") {
        let k = p.2 as f64;
        match p.3.as_str() {
            "mxdotp" => assert!(p.4 <= k / 8.0 * 2f64.powi(-24), "{p:?}"),
            "deepseek-v3" => assert!(p.4 <= 4.0 * 35.0 * 2f64.powi(-13) + k / 128.0 * 2f64.powi(-24), "{p:?}"),
            _ => {}
        }
    }
    // Promotion is what keeps the H100's 14-bit accumulation usable for long K: without it the
    // truncations add up on one-signed sums.
    for p in errors(&points, "one-signed", "h100-fp8").filter(|p| p.2 >= 2048) {
        let promoted = errors(&points, "one-signed", "deepseek-v3").find(|q| q.1 == p.1 && q.2 == p.2).unwrap();
        assert!(p.4 > 10.0 * promoted.4, "{p:?} against {promoted:?}");
    }
    // The reference is finer than FP32: long Gaussian sums need more than 24 bits, so exact32
    // rounds some of them.
    assert!(errors(&points, "gaussian", "exact32").any(|p| p.2 == 16384 && p.4 > 0.0));
    // The FP16 chain with RNE swamps on one-signed sums: the sum grows until each product is
    // below half an ulp of it and rounds away.
    for p in errors(&points, "one-signed", "fp16").filter(|p| p.2 == 16384) {
        assert!(p.4 > 0.3, "{p:?}");
    }
    // Stochastic rounding is unbiased: its error is a random walk of K steps of an ulp that
    // grows like K, so the relative error grows like sqrt(K), not faster (a factor 2 of slack
    // for where the sum falls in its binade and for 64 outputs' sampling noise).
    for mode in ["fp16-sr8", "fp16-sr16"] {
        for formats in ["e4m3xe4m3", "e5m2xe4m3"] {
            let run: Vec<&Point> = errors(&points, "one-signed", mode).filter(|p| p.1 == formats).collect();
            let base = run.iter().find(|p| p.2 == 64).unwrap();
            for p in run.iter().filter(|p| p.2 > 64) {
                let bound = 2.0 * base.4 * (p.2 as f64 / 64.0).sqrt();
                assert!(p.4 <= bound, "{p:?} grows faster than sqrt(K) from {base:?}");
            }
        }
    }
    // The RNE chain, by contrast, breaks that bound: the property tells the modes apart.
    let rne: Vec<&Point> = errors(&points, "one-signed", "fp16").filter(|p| p.1 == "e4m3xe4m3").collect();
    let (base, last) = (rne.iter().find(|p| p.2 == 64).unwrap(), rne.last().unwrap());
    assert!(last.4 > 2.0 * base.4 * (last.2 as f64 / 64.0).sqrt());
}

#[test]
fn accuracy_takes_a_networks_tensors() {
    let dir = tempfile::tempdir().unwrap();
    // ReLU-like activations (many zeros) and small weights, as a trained layer has them.
    let acts = ndarray::Array2::from_shape_fn((32, 64), |(i, j)| ((i * 7 + j * 3) % 11) as f32 * 0.25 - 1.0).mapv(|x| x.max(0.0));
    let weights = ndarray::Array2::from_shape_fn((64, 16), |(i, j)| (((i * 5 + j * 13) % 17) as f32 - 8.0) * 0.01);
    let (a, b) = (dir.path().join("acts.npy"), dir.path().join("w.npy"));
    ndarray_npy::write_npy(&a, &acts).unwrap();
    ndarray_npy::write_npy(&b, &weights).unwrap();
    let points =
        study(dir.path(), &["--operands", "e4m3xe4m3,e5m2xe4m3", "--network-a", a.to_str().unwrap(), "--network-b", b.to_str().unwrap()]);
    let net: Vec<&Point> = points.iter().filter(|p| p.0 == "network").collect();
    assert_eq!(net.len(), 2 * 11 * 8);
    assert!(net.iter().filter(|p| p.3 == "exact32").all(|p| p.4 < 2f64.powi(-24)));
    // The two errors of a point agree by the triangle inequality: with q the exact product's
    // own error against float64 (exact32's, within its rounding), |err_f64 - q| is at most
    // err_exact x ||Y_exact|| / ||Y_64|| <= err_exact x (1 + q).
    for p in &net {
        let q = net.iter().find(|e| e.1 == p.1 && e.2 == p.2 && e.3 == "exact32").unwrap().5;
        assert!((p.5 - q).abs() <= p.4 * (1.0 + q) + 2f64.powi(-22), "{p:?} against q = {q}");
    }
}

/// OCP MX operands: the exact modes still round the exact product of the scaled values once,
/// and the cost plot places the modes that have hardware at their arrays' measured LUTs.
#[test]
fn accuracy_on_mx_operands_and_against_cost() {
    let dir = tempfile::tempdir().unwrap();
    let cost = dir.path().join("cost.svg");
    let results = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/fpga/results.json");
    let extra = ["--operands", "mxfp8-e4m3,mxint8", "--cost", results.to_str().unwrap(), "--cost-plot", cost.to_str().unwrap()];
    let points = study(dir.path(), &extra);
    assert_eq!(points.len(), 2 * 2 * 11 * 8);
    assert!(points.iter().all(|p| p.1 == "mxfp8-e4m3" || p.1 == "mxint8"));
    for p in &points {
        match p.3.as_str() {
            "exact32" => assert!(p.4 < 2f64.powi(-24), "{p:?}"),
            "exact16" => assert!(p.4 < 2f64.powi(-11), "{p:?}"),
            _ => {}
        }
    }
    // MXINT8 quantises a unit-scale Gaussian block with 7 bits of its amax: far finer than
    // E4M3's 3 fraction bits, whose relative error is about 2^-4 / sqrt(3) per element.
    let quant = |formats: &str| errors(&points, "gaussian", "exact32").filter(|p| p.1 == formats).map(|p| p.5).fold(0.0, f64::max);
    assert!(quant("mxint8") < 0.5 * quant("mxfp8-e4m3"), "{} against {}", quant("mxint8"), quant("mxfp8-e4m3"));
    let svg = std::fs::read_to_string(&cost).unwrap();
    assert!(svg.starts_with("<svg") && ["fp16-sr8", "exact16", "exact32", "4x4"].iter().all(|s| svg.contains(s)), "{svg}");
    assert!(!svg.contains("mxdotp"), "a preset without hardware has no cost");
}

#[test]
fn accuracy_refuses_bad_grids_before_work() {
    let dir = tempfile::tempdir().unwrap();
    let plot = dir.path().join("plot.png");
    let missing = dir.path().join("missing.npy");
    for (args, says) in [
        (vec!["--k-min", "24"], "--k-min must be a power of two"),
        (vec!["--k-min", "64", "--k-max", "32"], "is larger than --k-max"),
        (vec!["--m", "0"], "--m and --n must be 1..=256"),
        (vec!["--plot", plot.to_str().unwrap()], "--plot writes SVG"),
        (vec!["--network-a", missing.to_str().unwrap()], "--network-b"),
        (vec!["--network-a", missing.to_str().unwrap(), "--network-b", missing.to_str().unwrap()], "missing.npy"),
        (vec!["--operands", "e4m3xmxfp9"], "unknown operands"),
        (vec!["--cost", missing.to_str().unwrap()], "--cost-plot"),
        (vec!["--cost", missing.to_str().unwrap(), "--cost-plot", plot.to_str().unwrap()], "--cost-plot writes SVG"),
    ] {
        let out = fp8mac(&[&["accuracy"], args.as_slice()].concat());
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success() && stderr.contains(says), "{args:?}: {stderr}");
        assert!(out.stdout.is_empty(), "{args:?}: the table was printed");
    }
    assert!(!plot.exists());
}
