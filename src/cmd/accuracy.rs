//! `fp8mac accuracy` (docs/spec.md section 10): the numerics study of [`crate::accuracy`] as a table on
//! stdout, a JSON file and an SVG plot.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{ensure, Context, Result};
use clap::Args;
use plotters::prelude::*;
use serde::Serialize;

use crate::accuracy::{Data, How, Mode, Network, Point, Scheme, Study};
use crate::config::{Accumulator, Config, MAX_DIM};
use crate::fpga::{self, Design, Target};
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
    /// The panels' operands, comma-separated: format pairs AxB quantised plainly (RNE,
    /// saturating, no scale) and OCP MX types (an E8M0 scale per 32 along K): e4m3xe4m3,
    /// e5m2xe4m3, mxfp8-e4m3, mxfp8-e5m2, mxfp6-e2m3, mxfp6-e3m2, mxfp4-e2m1, mxint8, ...
    #[arg(long, value_delimiter = ',', default_value = "e4m3xe4m3,e5m2xe4m3,mxfp8-e4m3,mxfp6-e2m3,mxfp4-e2m1,mxint8")]
    operands: Vec<Scheme>,
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
    /// The FPGA table (results.json of `fp8mac fpga-report`, such as docs/fpga/results.json):
    /// the measured cost of the modes that have hardware, for --cost-plot.
    #[arg(long, requires = "cost_plot")]
    cost: Option<PathBuf>,
    /// Writes the plot of error at the longest K against LUT per element (the largest square
    /// array of the FPGA table measured for every such mode) to this SVG file.
    #[arg(long, requires = "cost")]
    cost_plot: Option<PathBuf>,
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
    let costs = match &args.cost {
        Some(path) => costs(&study, &fpga::report::read_json(path)?).with_context(|| format!("--cost {}", path.display()))?,
        None => Vec::new(),
    };
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
    if let Some(path) = &args.cost_plot {
        let mut svg = String::new();
        draw_cost(&study, &points, &costs, &mut svg)?;
        atomic::write_text(path, &svg)?;
    }
    Ok(())
}

/// A mode that has hardware and its measured cost.
struct Cost {
    mode: Mode,
    /// The FPGA table's design.
    design: String,
    /// Its LUTs divided by its elements (the edge's rounders included).
    lut_per_element: f64,
}

/// The cost of every mode the generator has hardware for (the FP16 chain, RNE or SR, and the
/// exact arrays into FP16 and binary32; the presets have none): the largest square array of
/// the FPGA table measured for all of them, on the ECP5.
fn costs(study: &Study, rows: &[fpga::report::Row]) -> Result<Vec<Cost>> {
    let hardware: Vec<(Mode, Accumulator)> = study
        .modes
        .iter()
        .filter_map(|&mode| match mode.acc {
            How::Array(acc) => Some((mode, acc)),
            How::Preset(_) => None,
        })
        .collect();
    // The table's name of a mode's n x n array (its pipeline depth and router aside).
    let row = |acc: Accumulator, n: usize| {
        let name = fpga::name(Design::Array, &Config { rows: n, cols: n, pipeline: 1, ..Config::default() }, acc);
        rows.iter().find(|r| {
            r.target == Target::Ecp5
                && r.design.split(' ').next().is_some_and(|d| d == name || d.strip_prefix(&name).is_some_and(|p| p.starts_with("-p")))
        })
    };
    let size = (1..=MAX_DIM).rev().find(|&n| hardware.iter().all(|&(_, acc)| row(acc, n).is_some()));
    let size = size.with_context(|| {
        format!("no array size with rows for all of {}", hardware.iter().map(|(m, _)| m.name()).collect::<Vec<_>>().join(", "))
    })?;
    Ok(hardware
        .into_iter()
        .map(|(mode, acc)| {
            let r = row(acc, size).expect("found above");
            Cost { mode, design: r.design.clone(), lut_per_element: r.report.lut as f64 / r.pes as f64 }
        })
        .collect())
}

/// A panel per data set: the relative error at the longest K of the first scheme's operands
/// against LUT per element, one labelled point per mode with hardware.
fn draw_cost(study: &Study, points: &[Point], costs: &[Cost], svg: &mut String) -> Result<()> {
    let k = study.ks[study.ks.len() - 1];
    let scheme = study.schemes[0].name();
    let rows = study.data.len();
    let root = SVGBackend::with_string(svg, (560, 300 * rows as u32 + 40)).into_drawing_area();
    root.fill(&WHITE)?;
    let size = costs.first().map_or("", |c| c.design.split('-').next().unwrap_or_default()).trim_start_matches("array");
    let title = format!("Error at K = {k} ({scheme}) against the {size} arrays' LUTs on the ECP5");
    let root = root.titled(&title, ("sans-serif", 16))?;
    let error = |data: &str, mode: Mode| {
        let p = points.iter().find(|p| p.data == data && p.formats == scheme && p.k == k && p.mode == mode.name());
        p.map(|p| p.err_exact).filter(|e| e.is_finite() && *e > 0.0)
    };
    let luts = costs.iter().map(|c| c.lut_per_element);
    let (x_lo, x_hi) = (luts.clone().fold(f64::INFINITY, f64::min) * 0.9, luts.fold(0.0, f64::max) * 1.1);
    for (area, data) in root.split_evenly((rows, 1)).iter().zip(&study.data) {
        let shown: Vec<(&Cost, f64)> = costs.iter().filter_map(|c| error(data.name(), c.mode).map(|e| (c, e))).collect();
        let lo = shown.iter().map(|&(_, e)| e).fold(1.0, f64::min) / 4.0;
        let mut chart = ChartBuilder::on(area)
            .caption(data.name(), ("sans-serif", 15))
            .margin(10)
            .x_label_area_size(36)
            .y_label_area_size(56)
            .build_cartesian_2d(x_lo..x_hi, (lo..1.0).log_scale())?;
        chart
            .configure_mesh()
            .light_line_style(WHITE)
            .x_desc("LUT per element (array LUTs / elements)")
            .y_desc("relative error")
            .x_label_formatter(&|x| format!("{x:.0}"))
            .y_label_formatter(&|v| format!("{v:.0e}"))
            .draw()?;
        let mut shown = shown;
        shown.sort_by(|(c, e), (d, f)| c.design.cmp(&d.design).then(e.total_cmp(f)));
        // Modes of one array share its x: their labels, right of the points, keep apart upwards.
        let mut label_y: Option<(&str, f64)> = None;
        for &(c, e) in &shown {
            let colour = COLOURS[Mode::ALL.iter().position(|&m| m == c.mode).unwrap_or(0)];
            chart.draw_series(std::iter::once(Circle::new((c.lut_per_element, e), 5, colour.filled())))?;
            let y = match label_y {
                Some((design, below)) if design == c.design => e.max(below * 2.6),
                _ => e,
            };
            label_y = Some((&c.design, y));
            let at = (c.lut_per_element + (x_hi - x_lo) * 0.02, y);
            chart.draw_series(std::iter::once(Text::new(c.mode.name(), at, ("sans-serif", 12).into_font().color(&colour))))?;
        }
    }
    root.present().context("cannot draw the cost plot")?;
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
    if let Some(path) = &args.cost_plot {
        ensure!(path.extension().is_some_and(|e| e == "svg"), "--cost-plot writes SVG: name a .svg file, not {}", path.display());
    }
    for path in [&args.json, &args.plot, &args.cost_plot].into_iter().flatten() {
        atomic::check_output(path)?;
    }
    let mut data = vec![Data::Gaussian, Data::OneSigned];
    if let (Some(a), Some(b)) = (&args.network_a, &args.network_b) {
        let net = Network::new(floats(a)?, floats(b)?).context("--network-a / --network-b")?;
        data.push(Data::Network(Arc::new(net)));
    }
    let ks = std::iter::successors(Some(args.k_min), |k| Some(k * 2)).take_while(|&k| k <= args.k_max).collect();
    Ok(Study { m: args.m, n: args.n, ks, schemes: args.operands.clone(), data, modes: Mode::ALL.to_vec(), seed: args.seed })
}

/// The values of a float32 or float16 .npy, flattened.
fn floats(path: &Path) -> Result<Vec<f32>> {
    Ok(match npy::read_floats(path)? {
        npy::Floats::F32(x) => x.into_iter().collect(),
        npy::Floats::F16(x) => x.into_iter().map(f32::from).collect(),
    })
}

/// One block per data set and scheme: a row per K, a column per mode.
fn table(study: &Study, points: &[Point]) -> String {
    let mut t = format!(
        "relative error ||Y - Y_exact|| / ||Y_exact|| of Y = A x B ({} x K x {}), Y_exact the exact product of the same quantised inputs;\n\
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

/// A panel per data set (rows) and scheme (columns): error against K, log-log, one line per
/// mode; points of zero or infinite error are left out.
fn draw(study: &Study, points: &[Point], svg: &mut String) -> Result<()> {
    let (rows, cols) = (study.data.len(), study.schemes.len());
    let root = SVGBackend::with_string(svg, (480 * cols as u32, 340 * rows as u32 + 40)).into_drawing_area();
    root.fill(&WHITE)?;
    let root = root.titled(
        &format!("Narrow-format dot products: relative error against the exact result ({} x K x {})", study.m, study.n),
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
