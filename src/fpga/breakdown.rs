//! `fp8mac synth --breakdown` (docs/spec.md section 7): where a design's logic goes, read from Yosys' ECP5 netlist.
//!
//! Every LUT4 (one logic cell) and CCU2C (two: a carry cell holds two LUT4s) is charged to the
//! registers whose input cone holds it: walking back from a flip-flop's inputs through
//! combinational cells, stopping at flip-flops and ports. A cell in the cones of several
//! register groups is shared equally between them. A group is a register's name with its
//! instance numbers dropped (`pes$49.acc$3.q` -> `pes.acc.q`), so an array's elements add up
//! under one name. Modules kept whole by the flow (the exact element, the rounder) are
//! charged once per instance under their module's name. Logic that only reaches an output
//! port or a kept module's input is charged to that port. The cells are Yosys' before
//! packing: nextpnr's TRELLIS_COMB count adds route-through cells (about a tenth more on the
//! exact element).

use std::collections::{BTreeMap, HashMap, HashSet};

use anyhow::{ensure, Context, Result};
use serde_json::{Map, Value};

/// One register group's share of the design's logic cells.
#[derive(Clone, Debug, PartialEq)]
pub struct Share {
    /// The group: `module: register` (`fpga_top` is the timing wrapper and the array around
    /// kept modules).
    pub group: String,
    /// Logic cells (LUT4 = 1, CCU2C = 2), summed over the module's instances.
    pub cells: f64,
}

/// The logic cells of one module kept whole by the flow (an exact element, the rounder).
#[derive(Clone, Debug, PartialEq)]
pub struct Kept {
    /// The module's name.
    pub module: String,
    /// How many times the design instantiates it.
    pub instances: u64,
    /// Its logic cells, one instance.
    pub cells: f64,
}

/// Logic cells of one cell type: a LUT4 is one, a CCU2C two, a flip-flop or mux none.
fn weight(kind: &str) -> f64 {
    match kind {
        "LUT4" => 1.0,
        "CCU2C" => 2.0,
        _ => 0.0,
    }
}

/// The shares of the netlist `json` (Yosys `write_json` after `synth_ecp5`, top `fpga_top`),
/// largest first, and the modules kept whole below the top. Errors if the netlist is not JSON
/// or has no `fpga_top`.
pub fn breakdown(json: &str) -> Result<(Vec<Share>, Vec<Kept>)> {
    let netlist: Value = serde_json::from_str(json).context("Yosys' netlist is not JSON")?;
    let modules = netlist["modules"].as_object().context("the netlist has no modules")?;
    ensure!(modules.contains_key("fpga_top"), "no fpga_top in the netlist");
    let mut instances = BTreeMap::new();
    count_instances(modules, "fpga_top", 1, &mut instances);
    let mut total: BTreeMap<String, f64> = BTreeMap::new();
    let mut kept = vec![];
    for (module, &n) in &instances {
        let shares = module_shares(modules, &modules[module]);
        if module != "fpga_top" {
            kept.push(Kept { module: module.clone(), instances: n, cells: shares.values().sum() });
        }
        for (group, cells) in shares {
            let name = if module == "fpga_top" { group } else { format!("{module}: {group}") };
            *total.entry(name).or_default() += cells * n as f64;
        }
    }
    let mut shares: Vec<Share> = total.into_iter().map(|(group, cells)| Share { group, cells }).collect();
    shares.sort_by(|a, b| b.cells.total_cmp(&a.cells).then_with(|| a.group.cmp(&b.group)));
    Ok((shares, kept))
}

/// How many times each module of the hierarchy under `module` is instantiated.
fn count_instances(modules: &Map<String, Value>, module: &str, n: u64, into: &mut BTreeMap<String, u64>) {
    *into.entry(module.to_string()).or_default() += n;
    let Some(cells) = modules[module]["cells"].as_object() else { return };
    for cell in cells.values() {
        let kind = cell["type"].as_str().unwrap_or_default();
        if modules.contains_key(kind) && !is_library(&modules[kind]) {
            count_instances(modules, kind, n, into);
        }
    }
}

/// Yosys writes the cell library's modules (LUT4, TRELLIS_FF, ..) as blackboxes.
fn is_library(module: &Value) -> bool {
    module["attributes"]["blackbox"].is_string() || module["attributes"]["blackbox"].is_number()
}

/// The group a register or sink belongs to: its name without the flow's prefixes, the
/// cell-library suffix and instance numbers.
fn group_name(cell: &str) -> String {
    let name = cell.split("_TRELLIS_FF").next().unwrap_or(cell);
    let name = name.trim_start_matches("fpga_top/").trim_start_matches("dut.");
    let mut out = String::new();
    let mut chars = name.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '$' && chars.peek().is_some_and(char::is_ascii_digit) {
            while chars.peek().is_some_and(char::is_ascii_digit) {
                chars.next();
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// One module's logic cells by register group, for one instance.
fn module_shares(modules: &Map<String, Value>, module: &Value) -> BTreeMap<String, f64> {
    let empty = Map::new();
    let cells = module["cells"].as_object().unwrap_or(&empty);
    let bits = |c: &Value, port: &str| net_bits(&c["connections"][port]);
    let is_input = |c: &Value, port: &str| c["port_directions"][port] == "input";
    // the combinational cell driving each net bit
    let mut driver: HashMap<u64, &str> = HashMap::new();
    for (name, c) in cells {
        if weight(c["type"].as_str().unwrap_or_default()) > 0.0 || is_comb_mux(c) {
            for port in c["connections"].as_object().unwrap_or(&empty).keys().filter(|p| !is_input(c, p)) {
                for b in bits(c, port) {
                    driver.insert(b, name);
                }
            }
        }
    }
    // sinks: flip-flops' inputs, kept modules' inputs, the module's outputs
    let mut sinks: BTreeMap<String, Vec<u64>> = BTreeMap::new();
    for (name, c) in cells {
        let kind = c["type"].as_str().unwrap_or_default();
        let group = if kind == "TRELLIS_FF" {
            group_name(name)
        } else if modules.get(kind).is_some_and(|m| !is_library(m)) {
            format!("input of {kind}")
        } else {
            continue;
        };
        let ports = c["connections"].as_object().unwrap_or(&empty).keys().filter(|p| is_input(c, p) && p.as_str() != "CLK");
        sinks.entry(group).or_default().extend(ports.flat_map(|p| bits(c, p)));
    }
    for (port, p) in module["ports"].as_object().unwrap_or(&empty) {
        if p["direction"] == "output" {
            sinks.entry(format!("output {port}")).or_default().extend(net_bits(&p["bits"]));
        }
    }
    // each combinational cell's groups
    let mut owners: HashMap<&str, Vec<&str>> = HashMap::new();
    for (group, start) in &sinks {
        let mut seen: HashSet<&str> = HashSet::new();
        let mut stack = start.clone();
        while let Some(b) = stack.pop() {
            let Some(&d) = driver.get(&b) else { continue };
            if seen.insert(d) {
                let c = &cells[d];
                let ports = c["connections"].as_object().unwrap_or(&empty).keys().filter(|p| is_input(c, p));
                stack.extend(ports.flat_map(|p| bits(c, p)));
            }
        }
        for d in seen {
            owners.entry(d).or_default().push(group);
        }
    }
    let mut shares = BTreeMap::new();
    for (cell, groups) in owners {
        let w = weight(cells[cell]["type"].as_str().unwrap_or_default());
        for g in &groups {
            *shares.entry(g.to_string()).or_default() += w / groups.len() as f64;
        }
    }
    shares
}

/// The net bits of a port's connection list (constants, "0" and "1", are not nets).
fn net_bits(list: &Value) -> Vec<u64> {
    list.as_array().map_or(vec![], |b| b.iter().filter_map(Value::as_u64).collect())
}

/// The slice multiplexers that join LUT4s into wider functions: traversed, not counted.
fn is_comb_mux(c: &Value) -> bool {
    matches!(c["type"].as_str(), Some("PFUMX" | "L6MUX21"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn group_names_drop_instance_numbers_and_the_library_suffix() {
        assert_eq!(group_name("fpga_top/dut.pes$49.acc$3.q_TRELLIS_FF_Q_5"), "pes.acc.q");
        assert_eq!(group_name("dut.rounder$seg_TRELLIS_FF_Q_6"), "rounder$seg");
    }

    /// A LUT4 -> register r, a CCU2C in the cones of r and s, a LUT4 before an output port,
    /// and a kept module `pe`, two instances, with one LUT4 before its register.
    #[test]
    fn cells_are_shared_between_the_cones_that_hold_them() {
        let json = r#"{"modules": {
          "LUT4": {"attributes": {"blackbox": "00000000000000000000000000000001"}},
          "fpga_top": {"ports": {"o": {"direction": "output", "bits": [9]}}, "cells": {
            "l": {"type": "LUT4", "port_directions": {"A": "input", "Z": "output"}, "connections": {"A": [2], "Z": [3]}},
            "c": {"type": "CCU2C", "port_directions": {"A0": "input", "S0": "output", "S1": "output"}, "connections": {"A0": [2], "S0": [4], "S1": [5]}},
            "r": {"type": "TRELLIS_FF", "port_directions": {"CLK": "input", "DI": "input", "LSR": "input", "Q": "output"}, "connections": {"CLK": [1], "DI": [3], "LSR": [4], "Q": [6]}},
            "s$7_TRELLIS_FF_Q": {"type": "TRELLIS_FF", "port_directions": {"CLK": "input", "DI": "input", "Q": "output"}, "connections": {"CLK": [1], "DI": [5], "Q": [7]}},
            "x": {"type": "LUT4", "port_directions": {"A": "input", "Z": "output"}, "connections": {"A": [7], "Z": [9]}},
            "u$0": {"type": "pe", "port_directions": {"i": "input"}, "connections": {"i": [6]}},
            "u$1": {"type": "pe", "port_directions": {"i": "input"}, "connections": {"i": [7]}}}},
          "pe": {"ports": {"i": {"direction": "input", "bits": [2]}}, "cells": {
            "k": {"type": "LUT4", "port_directions": {"A": "input", "Z": "output"}, "connections": {"A": [2], "Z": [3]}},
            "q": {"type": "TRELLIS_FF", "port_directions": {"CLK": "input", "DI": "input", "Q": "output"}, "connections": {"CLK": [1], "DI": [3], "Q": [4]}}}}}}"#;
        let (shares, kept) = breakdown(json).unwrap();
        let got: Vec<(String, f64)> = shares.into_iter().map(|s| (s.group, s.cells)).collect();
        let want = [("pe: q", 2.0), ("r", 2.0), ("output o", 1.0), ("s", 1.0)];
        assert_eq!(got, want.map(|(g, c)| (g.to_string(), c)));
        assert_eq!(kept, [Kept { module: "pe".to_string(), instances: 2, cells: 1.0 }]);
    }
}
