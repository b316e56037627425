//! `fp8mac accuracy` (docs/spec.md section 10): the numerics study of [`crate::accuracy`] as a table on
//! stdout, a JSON file and an SVG plot.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{ensure, Context, Result};
use clap::Args;
use plotters::prelude::*;
use serde::Serialize;

use crate::accuracy::{Data, Mode, Network, Point, Study};
use crate::format::Format::{E4M3, E5M2};
use crate::io::{atomic, npy};

/// Longest K the study accepts (its operands are M x K and K x N float32 matrices).
const MAX_K: usize = 1 << 20;

/// The options of `fp8mac accuracy`.
#[derive(Args, Debug)]
pub(super) struct AccuracyArgs {
    /// Shortest dot product K (a power of two).
    #[arg(long, default_value_t = 16)]
    k_min: usize,
    /// Longest K (a power of two, at most 1048576).
    #[arg(long, default_value_t = 65536)]
    k_max: usize,
    /// Rows of A and Y (outputs per K are M x N), 1..=256.
    #[arg(long, default_value_t = 16)]
    m: usize,
    /// Columns of B and Y, 1..=256.
    #[arg(long, default_value_t = 16)]
    n: usize,
    /// Seed of the data and of the SR streams.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// A network's A-side tensor (activations or gradients), float32 or float16 .npy of any
    /// shape: adds the data set "network", whose A entries are drawn from its finite values.
    #[arg(long, requires = "network_b")]
    network_a: Option<PathBuf>,
    /// The network's B-side tensor (weights), float32 or float16 .npy of any shape.
    #[arg(long, requires = "network_a")]
    network_b: Option<PathBuf>,
    /// Writes every measured point to this JSON file: {m, n, seed, points: [{data, formats,
    /// k, mode, err_exact, err_f64}]}, err_f64 against float64 on the unquantised inputs
    /// (the table's "quant." is exact32's), null where Y overflowed.
    #[arg(long)]
    json: Option<PathBuf>,
    /// Writes the plot (relative error against K, log-log, one line per mode) to this SVG file.
    #[arg(long)]
    plot: Option<PathBuf>,
}

/// The JSON file: the grid and its points.
#[derive(Serialize)]
struct Report<'a> {
    m: usize,
    n: usize,
    seed: u64,
    points: &'a [Point],
}

pub(super) fn run(args: AccuracyArgs) -> Result<()> {
    let study = study(&args)?;
    let bar = super::progress_bar(study.work(), "accuracy");
    let points = study.run(bar.bar());
    bar.bar().finish_and_clear();
    print!("{}", table(&study, &points));
    if let Some(path) = &args.json {
        let report = Report { m: study.m, n: study.n, seed: study.seed, points: &points };
        atomic::write_text(path, &(serde_json::to_string_pretty(&report)? + "\n"))?;
    }
    if let Some(path) = &args.plot {
        let mut svg = String::new();
        draw(&study, &points, &mut svg)?;
        atomic::write_text(path, &svg)?;
    }
    Ok(())
}

/// The validated grid of `args`: checked, with the outputs and the network's files, before any
/// work.
fn study(args: &AccuracyArgs) -> Result<Study> {
    for (flag, k) in [("--k-min", args.k_min), ("--k-max", args.k_max)] {
        ensure!(k.is_power_of_two() && k <= MAX_K, "{flag} must be a power of two in 1..={MAX_K}, got {k}");
    }
    ensure!(args.k_min <= args.k_max, "--k-min ({}) is larger than --k-max ({})", args.k_min, args.k_max);
    ensure!((1..=256).contains(&args.m) && (1..=256).contains(&args.n), "--m and --n must be 1..=256, got {} and {}", args.m, args.n);
    if let Some(path) = &args.plot {
        ensure!(path.extension().is_some_and(|e| e == "svg"), "--plot writes SVG: name a .svg file, not {}", path.display());
    }
    for path in [&args.json, &args.plot].into_iter().flatten() {
        atomic::check_output(path)?;
    }
    let mut data = vec![Data::Gaussian, Data::OneSigned];
    if let (Some(a), Some(b)) = (&args.network_a, &args.network_b) {
        let net = Network::new(floats(a)?, floats(b)?).context("--network-a / --network-b")?;
        data.push(Data::Network(Arc::new(net)));
    }
    let ks = std::iter::successors(Some(args.k_min), |k| Some(k * 2)).take_while(|&k| k <= args.k_max).collect();
    Ok(Study { m: args.m, n: args.n, ks, pairs: vec![(E4M3, E4M3), (E5M2, E4M3)], data, modes: Mode::ALL.to_vec(), seed: args.seed })
}

/// The values of a float32 or float16 .npy, flattened.
fn floats(path: &Path) -> Result<Vec<f32>> {
    Ok(match npy::read_floats(path)? {
        npy::Floats::F32(x) => x.into_iter().collect(),
        npy::Floats::F16(x) => x.into_iter().map(f32::from).collect(),
    })
}

/// One block per data set and format pair: a row per K, a column per mode.
fn table(study: &Study, points: &[Point]) -> String {
    let mut t = format!(
        "relative error ||Y - Y_exact|| / ||Y_exact|| of Y = A x B ({} x K x {}), Y_exact the exact product of the same FP8 inputs;\n\
         quant.: ||Y_exact - Y_64|| / ||Y_64||, Y_64 the float64 product of the unquantised inputs\n",
        study.m, study.n
    );
    for block in points.chunk_by(|p, q| p.data == q.data && p.formats == q.formats) {
        t += &format!("\n{}, {}\n{:>7}", block[0].data, block[0].formats, "K");
        for mode in &study.modes {
            t += &format!(" {:>10}", mode.name());
        }
        t += &format!(" {:>10}\n", "quant.");
        for row in block.chunk_by(|p, q| p.k == q.k) {
            t += &format!("{:>7}", row[0].k);
            for p in row {
                t += &format!(" {:>10}", sci(p.err_exact));
            }
            let quant = row.iter().find(|p| p.mode == Mode::EXACT32.name()).map_or(f64::NAN, |p| p.err_f64);
            t += &format!(" {:>10}\n", sci(quant));
        }
    }
    t
}

fn sci(x: f64) -> String {
    if x == 0.0 {
        "0".into()
    } else if x.is_finite() {
        format!("{x:.2e}")
    } else {
        "inf".into()
    }
}

/// One colour per mode of [`Mode::ALL`].
const COLOURS: [RGBColor; 8] = [
    RGBColor(214, 39, 40),
    RGBColor(255, 127, 14),
    RGBColor(44, 160, 44),
    RGBColor(31, 119, 180),
    RGBColor(148, 103, 189),
    RGBColor(140, 86, 75),
    RGBColor(227, 119, 194),
    RGBColor(127, 127, 127),
];

/// A panel per data set (rows) and format pair (columns): error against K, log-log, one line per
/// mode; points of zero or infinite error are left out.
fn draw(study: &Study, points: &[Point], svg: &mut String) -> Result<()> {
    let (rows, cols) = (study.data.len(), study.pairs.len());
    let root = SVGBackend::with_string(svg, (480 * cols as u32, 340 * rows as u32 + 40)).into_drawing_area();
    root.fill(&WHITE)?;
    let root = root.titled(
        &format!("FP8 dot products: relative error against the exact result ({} x K x {})", study.m, study.n),
        ("sans-serif", 18),
    )?;
    let shown = |p: &&Point| p.err_exact.is_finite() && p.err_exact > 0.0;
    let lo = points.iter().filter(shown).map(|p| p.err_exact).fold(1.0, f64::min) / 2.0;
    let k_range = (study.ks[0] as f64 / 1.5)..(study.ks[study.ks.len() - 1] as f64 * 1.5);
    for (area, block) in root.split_evenly((rows, cols)).iter().zip(points.chunk_by(|p, q| p.data == q.data && p.formats == q.formats)) {
        let mut chart = ChartBuilder::on(area)
            .caption(format!("{}, {}", block[0].data, block[0].formats), ("sans-serif", 15))
            .margin(10)
            .x_label_area_size(36)
            .y_label_area_size(56)
            .build_cartesian_2d(k_range.clone().log_scale(), (lo..4.0).log_scale())?;
        chart
            .configure_mesh()
            .light_line_style(WHITE)
            .x_desc("K")
            .y_desc("relative error")
            .x_label_formatter(&|k| format!("{k:.0}"))
            .y_label_formatter(&|v| format!("{v:.0e}"))
            .draw()?;
        for (&mode, colour) in study.modes.iter().zip(COLOURS) {
            let line: Vec<(f64, f64)> =
                block.iter().filter(shown).filter(|p| p.mode == mode.name()).map(|p| (p.k as f64, p.err_exact)).collect();
            chart
                .draw_series(LineSeries::new(line, colour.stroke_width(2)).point_size(3))?
                .label(mode.name())
                .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 16, y)], colour.stroke_width(2)));
        }
        chart
            .configure_series_labels()
            .background_style(WHITE.mix(0.8))
            .border_style(BLACK)
            .position(SeriesLabelPosition::UpperLeft)
            .draw()?;
    }
    root.present().context("cannot draw the plot")?;
    Ok(())
}
