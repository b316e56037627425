//! `fp8mac fpga-report`: runs the FPGA flow over the designs of the README's table (the MAC,
//! one PE, square arrays), and writes the results as JSON, as the README's table (between its
//! markers) and as an SVG plot of LUTs and Fmax against array size.

use std::path::Path;

use anyhow::{bail, Context, Result};
use plotters::prelude::*;
use serde::{Deserialize, Serialize};

use crate::config::MAX_PIPELINE;
use crate::config::{Accumulator, Config};
use crate::fpga::{self, Design, Report, Router, Target};

/// One row of the table, and of results.json.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Row {
    /// Design name, as [`fpga::name`] gives it, with a target suffix off the ECP5.
    pub design: String,
    /// Where it was placed.
    pub target: Target,
    /// Processing elements (0 for the bare MAC).
    pub pes: usize,
    /// Pipeline depth (0 for the combinational MAC).
    pub pipeline: usize,
    /// nextpnr's router (router1 when absent).
    #[serde(default, skip_serializing_if = "is_router1")]
    pub router: Router,
    /// The figures.
    #[serde(flatten)]
    pub report: Report,
}

fn is_router1(r: &Router) -> bool {
    *r == Router::Router1
}

impl Row {
    /// Peak MACs per second: one per element (or for the MAC, one per cycle) at Fmax.
    fn gmacs(&self) -> Option<f64> {
        self.report.fmax_mhz.map(|f| f * self.pes.max(1) as f64 / 1000.0)
    }
}

/// The designs of the table, as (target, design, configuration): `sizes` x `sizes` arrays at
/// depth `pipeline` on the ECP5, after the MAC (ECP5 and iCE40) and a PE at every pipeline depth if
/// `singles`; with `engine`, the GEMM engines around the arrays of `sizes` alone.
pub fn plan(pipeline: usize, sizes: &[usize], singles: bool, acc: Accumulator, engine: bool) -> Vec<Planned> {
    let base = Config::default();
    let pipeline = if acc.is_exact() { 1 } else { pipeline };
    if engine {
        return sizes.iter().map(|&n| (Target::Ecp5, Design::Engine, Config { rows: n, cols: n, pipeline, ..base }, acc)).collect();
    }
    let mut plan = Vec::new();
    let fp16 = Accumulator::FP16;
    match acc {
        Accumulator::Fp16(_) if singles => {
            plan.extend([(Target::Ecp5, Design::Mac, base, fp16), (Target::Ice40, Design::Mac, base, fp16)]);
            plan.extend((1..=MAX_PIPELINE).map(|d| (Target::Ecp5, Design::Pe, Config { pipeline: d, ..base }, acc)));
        }
        Accumulator::Exact { .. } if singles => plan.push((Target::Ecp5, Design::Pe, base, acc)),
        _ => {}
    }
    plan.extend(sizes.iter().map(|&n| (Target::Ecp5, Design::Array, Config { rows: n, cols: n, pipeline, ..base }, acc)));
    plan
}

/// One design of a plan: where, what, its configuration and accumulator.
pub type Planned = (Target, Design, Config, Accumulator);

/// Runs the flow for every design of `plan`, routed by `router`, printing each result as it
/// comes; with `keep`, each design's flow files (netlist, logs, nextpnr's critical path) stay
/// in `keep/<design>`.
pub fn measure(plan: &[Planned], router: Router, keep: Option<&Path>) -> Result<Vec<Row>> {
    let mut rows = Vec::new();
    for (target, design, cfg, acc) in plan {
        let mut name = fpga::name(*design, cfg, *acc);
        if *target != Target::Ecp5 {
            name = format!("{name}-{target}");
        }
        let pes = match design {
            Design::Mac => 0,
            Design::Pe => 1,
            Design::Array | Design::Engine => cfg.rows * cfg.cols,
        };
        let dir = keep.map(|k| k.join(&name));
        let report = fpga::synth(*target, *design, cfg, *acc, router, dir.as_deref()).with_context(|| format!("synthesising {name}"))?;
        // The exact element's depth: its four stages.
        let pipeline = match (design, acc) {
            (Design::Mac, _) => 0,
            (_, Accumulator::Exact { .. }) => 4,
            _ => cfg.pipeline,
        };
        let row = Row { design: name, target: *target, pes, pipeline, router, report };
        println!("{}", serde_json::to_string(&row)?);
        rows.push(row);
    }
    Ok(rows)
}

/// `old` with the rows of `new` replacing those of the same design, ordered by elements, then
/// depth.
pub fn merge(old: Vec<Row>, new: Vec<Row>) -> Vec<Row> {
    let mut rows: Vec<Row> = old.into_iter().filter(|o| new.iter().all(|n| n.design != o.design)).collect();
    rows.extend(new);
    rows.sort_by_key(|r| (r.pes, r.pipeline));
    rows
}

/// Writes the rows as a JSON array, whole or not at all.
pub fn write_json(rows: &[Row], path: &Path) -> Result<()> {
    let text = serde_json::to_string_pretty(rows)?;
    crate::io::atomic::write_text(path, &(text + "\n"))
}

/// Reads rows written by [`write_json`].
pub fn read_json(path: &Path) -> Result<Vec<Row>> {
    let text = std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    serde_json::from_str(&text).with_context(|| format!("{} is not a JSON array of result rows", path.display()))
}

/// The README table (Markdown).
pub fn table(rows: &[Row]) -> String {
    let mut t = String::from(
        "| design | target | pipeline | LUT | FF | DSP | BRAM | Fmax (MHz) | GMAC/s | LUT per PE |\n|---|---|---|---|---|---|---|---|---|---|\n",
    );
    for r in rows {
        let p = &r.report;
        let fmax = match (&p.overflow, p.fmax_mhz) {
            (Some(cells), _) => format!("does not fit ({cells})"),
            (None, f) => f.map_or("-".into(), |f| format!("{f:.1}")),
        };
        let gmacs = r.gmacs().map_or("-".into(), |g| format!("{g:.2}"));
        let per_pe = if r.pes == 0 { "-".to_string() } else { (p.lut / r.pes as u64).to_string() };
        let depth = if r.pipeline == 0 { "comb.".to_string() } else { r.pipeline.to_string() };
        let design = match r.router {
            Router::Router1 => r.design.clone(),
            Router::Router2 => format!("{} (router2)", r.design),
        };
        t += &format!(
            "| {design} | {} | {depth} | {} | {} | {} | {} | {fmax} | {gmacs} | {per_pe} |\n",
            r.target, p.lut, p.ff, p.dsp, p.bram
        );
    }
    t
}

const BEGIN: &str = "<!-- fpga-report: begin -->";
const END: &str = "<!-- fpga-report: end -->";

/// Replaces the text between the README's markers with `table`.
pub fn update_readme(path: &Path, table: &str) -> Result<()> {
    let text = std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let (Some(b), Some(e)) = (text.find(BEGIN), text.find(END)) else {
        bail!("{} has no {BEGIN} ... {END} markers", path.display());
    };
    let new = format!("{}{BEGIN}\n{table}{}", &text[..b], &text[e..]);
    crate::io::atomic::write_text(path, &new)
}

/// Two panels: one PE's Fmax and flip-flops against pipeline depth, and the LUTs and Fmax of
/// the PE and the arrays against elements, one pair of lines per depth the arrays were
/// measured at.
pub fn plot(rows: &[Row], path: &Path) -> Result<()> {
    let mut svg = String::new();
    draw(rows, &mut svg)?;
    crate::io::atomic::write_text(path, &svg)
}

/// Draws the plot of [`plot`] as SVG text into `svg`.
fn draw(rows: &[Row], svg: &mut String) -> Result<()> {
    let root = SVGBackend::with_string(svg, (960, 420)).into_drawing_area();
    root.fill(&WHITE)?;
    let root = root.titled("fp8mac on ECP5-85F (Yosys + nextpnr)", ("sans-serif", 20))?;
    let (left, right) = root.split_horizontally(440);
    let rows = fp16_rows(rows);
    let rows = rows.as_slice();
    let pes: Vec<&Row> = rows.iter().filter(|r| r.pes == 1).collect();
    let mut depths: Vec<usize> = rows.iter().filter(|r| r.pes > 1).map(|r| r.pipeline).collect();
    depths.sort_unstable_by(|a, b| b.cmp(a));
    depths.dedup();
    let by_depth: Vec<(usize, Vec<&Row>)> =
        depths.iter().map(|&d| (d, rows.iter().filter(|r| r.pes > 0 && r.pipeline == d).collect())).collect();
    draw_depths(&left, &pes)?;
    draw_sizes(&right, &by_depth)?;
    root.present().context("cannot draw the plot")?;
    Ok(())
}

const FMAX_COLOUR: RGBColor = RGBColor(31, 119, 180);
const LUT_COLOUR: RGBColor = RGBColor(214, 39, 40);

/// Axis labels without decimals.
fn whole(v: &f64) -> String {
    format!("{v:.0}")
}

type Area<'a> = DrawingArea<SVGBackend<'a>, plotters::coord::Shift>;

/// The FP16 datapath's MAC, elements and arrays: the exact arrays' rows (named *-exact,
/// *-exact-e4m3) and the engines' (engine*) are the table's alone.
fn fp16_rows(rows: &[Row]) -> Vec<Row> {
    rows.iter().filter(|r| !r.design.contains("-exact") && !r.design.starts_with("engine")).cloned().collect()
}

/// One PE: Fmax (left axis) and flip-flops (right axis) against pipeline depth.
fn draw_depths(area: &Area, pes: &[&Row]) -> Result<()> {
    let max_d = pes.iter().map(|r| r.pipeline).max().unwrap_or(1) as f64;
    let max_f = pes.iter().filter_map(|r| r.report.fmax_mhz).fold(100.0, f64::max);
    let max_ff = pes.iter().map(|r| r.report.ff).max().unwrap_or(1) as f64;
    let mut chart = ChartBuilder::on(area)
        .caption("one PE", ("sans-serif", 16))
        .margin(12)
        .x_label_area_size(40)
        .y_label_area_size(50)
        .right_y_label_area_size(50)
        .build_cartesian_2d(0.5f64..max_d + 0.5, 0f64..max_f * 1.15)?
        .set_secondary_coord(0.5f64..max_d + 0.5, 0f64..max_ff * 1.15);
    chart
        .configure_mesh()
        .light_line_style(WHITE)
        .x_labels(max_d as usize)
        .x_label_formatter(&whole)
        .y_label_formatter(&whole)
        .x_desc("pipeline depth")
        .y_desc("Fmax (MHz)")
        .draw()?;
    chart.configure_secondary_axes().y_label_formatter(&whole).y_desc("FF").draw()?;
    let fmax: Vec<(f64, f64)> = pes.iter().filter_map(|r| Some((r.pipeline as f64, r.report.fmax_mhz?))).collect();
    let ff: Vec<(f64, f64)> = pes.iter().map(|r| (r.pipeline as f64, r.report.ff as f64)).collect();
    let (blue, orange) = (FMAX_COLOUR, RGBColor(255, 127, 14));
    chart
        .draw_series(LineSeries::new(fmax, blue.stroke_width(2)).point_size(4))?
        .label("Fmax")
        .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 16, y)], blue.stroke_width(2)));
    chart
        .draw_series(LineSeries::new(vec![(0.5, 100.0), (max_d + 0.5, 100.0)], BLACK.mix(0.4)))?
        .label("100 MHz")
        .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 16, y)], BLACK.mix(0.4)));
    chart
        .draw_secondary_series(LineSeries::new(ff, orange.stroke_width(1)).point_size(3))?
        .label("FF (right)")
        .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 16, y)], orange.stroke_width(1)));
    chart.configure_series_labels().background_style(WHITE.mix(0.8)).border_style(BLACK).position(SeriesLabelPosition::UpperLeft).draw()?;
    Ok(())
}

/// The PE and the arrays, one series per pipeline depth (deepest first, full colour; the
/// others lighter and thinner): LUTs (left axis) and Fmax (right axis) against elements.
fn draw_sizes(area: &Area, by_depth: &[(usize, Vec<&Row>)]) -> Result<()> {
    let all = || by_depth.iter().flat_map(|(_, rows)| rows.iter());
    let max_pes = all().map(|r| r.pes).max().unwrap_or(1) as f64;
    let max_lut = all().map(|r| r.report.lut).max().unwrap_or(1) as f64;
    let max_f = all().filter_map(|r| r.report.fmax_mhz).fold(1.0, f64::max);
    let mut chart = ChartBuilder::on(area)
        .caption("PE and arrays", ("sans-serif", 16))
        .margin(12)
        .x_label_area_size(40)
        .y_label_area_size(60)
        .right_y_label_area_size(50)
        .build_cartesian_2d((0.5f64..max_pes * 2.0).log_scale(), 0f64..max_lut * 1.35)?
        .set_secondary_coord((0.5f64..max_pes * 2.0).log_scale(), 0f64..max_f * 1.5);
    chart
        .configure_mesh()
        .light_line_style(WHITE)
        .x_labels(6)
        .x_label_formatter(&whole)
        .y_label_formatter(&whole)
        .x_desc("processing elements (log scale)")
        .y_desc("LUT (TRELLIS_COMB)")
        .draw()?;
    chart.configure_secondary_axes().y_label_formatter(&whole).y_desc("Fmax (MHz)").draw()?;
    for (i, (depth, pts)) in by_depth.iter().enumerate() {
        let (red, blue) =
            if i == 0 { (LUT_COLOUR.to_rgba(), FMAX_COLOUR.to_rgba()) } else { (LUT_COLOUR.mix(0.45), FMAX_COLOUR.mix(0.45)) };
        let width = if i == 0 { 2 } else { 1 };
        let lut = pts.iter().map(|r| (r.pes as f64, r.report.lut as f64));
        let fmax = pts.iter().filter_map(|r| Some((r.pes as f64, r.report.fmax_mhz?)));
        chart
            .draw_series(LineSeries::new(lut, red.stroke_width(width)).point_size(4))?
            .label(format!("LUT, pipeline {depth}"))
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 16, y)], red.stroke_width(width)));
        chart
            .draw_secondary_series(LineSeries::new(fmax, blue.stroke_width(width)).point_size(4))?
            .label(format!("Fmax, pipeline {depth} (right)"))
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 16, y)], blue.stroke_width(width)));
    }
    chart
        .configure_series_labels()
        .background_style(WHITE.mix(0.8))
        .border_style(BLACK)
        .position(SeriesLabelPosition::UpperMiddle)
        .draw()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(design: &str, pes: usize, pipeline: usize, lut: u64) -> Row {
        Row {
            design: design.into(),
            target: Target::Ecp5,
            pes,
            pipeline,
            router: Router::Router1,
            report: Report { lut, ff: 1, dsp: 0, bram: 0, fmax_mhz: Some(50.0), overflow: None },
        }
    }

    #[test]
    fn rows_round_trip_through_json_with_fmax_in_hundredths() {
        let mut r = row("pe-p7", 1, 7, 931);
        r.report.fmax_mhz = Some(104.7449);
        let text = serde_json::to_string(&r).unwrap();
        assert_eq!(text, r#"{"design":"pe-p7","target":"ecp5","pes":1,"pipeline":7,"lut":931,"ff":1,"dsp":0,"bram":0,"fmax_mhz":104.74}"#);
        let back: Row = serde_json::from_str(&text).unwrap();
        assert_eq!(back.report.fmax_mhz, Some(104.74));
    }

    #[test]
    fn a_router2_row_says_so_in_json_and_in_the_table() {
        let mut r = row("array8x8-exact", 64, 4, 60000);
        r.router = Router::Router2;
        let text = serde_json::to_string(&r).unwrap();
        assert!(text.contains(r#""router":"router2""#), "{text}");
        assert_eq!(serde_json::from_str::<Row>(&text).unwrap(), r);
        let t = table(&[r]);
        assert!(t.lines().nth(2).unwrap().starts_with("| array8x8-exact (router2) | ecp5 |"), "{t}");
    }

    #[test]
    fn merge_replaces_same_design_and_orders_by_size() {
        let old = vec![row("mac", 0, 0, 800), row("array2x2-p7", 4, 7, 3700), row("pe-p7", 1, 7, 900)];
        let new = vec![row("array8x8-p7", 64, 7, 59000), row("array2x2-p7", 4, 7, 3600)];
        let merged = merge(old, new);
        let names: Vec<&str> = merged.iter().map(|r| r.design.as_str()).collect();
        assert_eq!(names, ["mac", "pe-p7", "array2x2-p7", "array8x8-p7"]);
        assert_eq!(merged[2].report.lut, 3600);
    }

    #[test]
    fn the_plot_keeps_to_the_fp16_rows() {
        let rows = [row("pe-p4", 1, 4, 900), row("pe-exact", 1, 4, 700), row("pe-exact-e4m3", 1, 4, 500), row("array2x2-p7", 4, 7, 3600)];
        let names: Vec<String> = fp16_rows(&rows).into_iter().map(|r| r.design).collect();
        assert_eq!(names, ["pe-p4", "array2x2-p7"]);
    }

    #[test]
    fn a_design_that_does_not_fit_has_no_fmax_and_says_which_cells() {
        let mut r = row("array16x16-exact-e4m3", 256, 4, 116449);
        r.report.fmax_mhz = None;
        r.report.overflow = Some("TRELLIS_COMB 116449 of 83640".into());
        let text = serde_json::to_string(&r).unwrap();
        assert!(text.ends_with(r#""fmax_mhz":null,"overflow":"TRELLIS_COMB 116449 of 83640"}"#), "{text}");
        assert_eq!(serde_json::from_str::<Row>(&text).unwrap(), r);
        let line = table(&[r]).lines().nth(2).unwrap().to_string();
        assert!(line.ends_with("| does not fit (TRELLIS_COMB 116449 of 83640) | - | 454 |"), "{line}");
    }

    #[test]
    fn table_rows_give_throughput_and_lut_per_pe() {
        let t = table(&[row("array2x2-p7", 4, 7, 3600)]);
        // 4 elements x 50 MHz = 0.20 GMAC/s; 3600 / 4 = 900 LUT per element.
        assert!(t.lines().nth(2).unwrap() == "| array2x2-p7 | ecp5 | 7 | 3600 | 1 | 0 | 0 | 50.0 | 0.20 | 900 |", "{t}");
    }
}
