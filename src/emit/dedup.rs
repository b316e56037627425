//! rust-hdl emits one module per instance (`top$pes$3$mac`, ...). This pass merges modules
//! with identical bodies, bottom-up, and gives each kind one readable name, so an R x C array
//! defines its element once and instantiates it R x C times.

use std::collections::{BTreeMap, HashMap};

use regex::Regex;

/// Stands for a module's own name while bodies are compared.
const SELF: &str = "\u{1}self\u{1}";

/// A kind of module in the output: the instance (field) name rust-hdl gives it, the name it
/// gets, and the comment printed above it. The output lists kinds in the order given.
pub struct Part {
    /// The field name of the instance in its parent (`multiply`, `tz_c`, ...).
    pub instance: &'static str,
    /// The kind's name in the output, after the prefix.
    pub kind: &'static str,
    /// Comment lines above the module (each starting with `//`).
    pub doc: String,
}

struct Module {
    name: String,
    text: String,
}

/// Splits rust-hdl's output into its modules.
fn split(verilog: &str) -> Vec<Module> {
    let mut out = Vec::new();
    let mut rest = verilog;
    while let Some(start) = rest.find("module ") {
        let after = &rest[start + 7..];
        let name = after[..after.find('(').expect("module header")].to_string();
        let end_tag = format!("endmodule // {name}");
        let end = rest.find(&end_tag).expect("module end") + end_tag.len();
        out.push(Module { name, text: rest[start..end].to_string() });
        rest = &rest[end..];
    }
    out
}

/// A readable name for a kind of module, from its instance path and its text.
fn kind_name(m: &Module, parts: &[Part]) -> String {
    let width = |port: &str| {
        let re = Regex::new(&format!(r"input wire\s+(?:\[(\d+):0\])?\s*{port};")).expect("static regex");
        re.captures(&m.text).map_or(1, |c| c.get(1).map_or(1, |w| w.as_str().parse::<usize>().unwrap() + 1))
    };
    let last = m.name.rsplit('$').find(|p| p.parse::<usize>().is_err()).unwrap_or("top");
    if let Some(part) = parts.iter().find(|p| p.instance == last) {
        part.kind.to_string()
    } else if m.text.contains("always @(posedge clock)") && m.text.contains("(d,q,clock)") {
        format!("dff{}", width("d"))
    } else if last.ends_with("_skew") {
        let depth = Regex::new(r"(?m)^\s+\S+ stages\$\d+\(").expect("static regex").find_iter(&m.text).count();
        format!("skew{}_d{depth}", width("inp"))
    } else if last == "pes" {
        "pe".to_string()
    } else {
        last.to_string()
    }
}

/// Merges identical modules. The top module becomes `top`, every other kind `{prefix}{kind}`;
/// the kinds of `parts` follow the top module in their order, with their comments, the rest
/// by name.
pub fn dedup(verilog: &str, top: &str, prefix: &str, parts: &[Part]) -> String {
    let mut modules = split(verilog);
    // Children (longer paths) before parents, so a parent's text names canonical children.
    modules.sort_by_key(|m| std::cmp::Reverse(m.name.matches('$').count()));
    let instance = Regex::new(r"(?m)^(\s+)(top(?:\$\S+)?) (\S+)\($").expect("static regex");
    let mut canonical: HashMap<String, String> = HashMap::new(); // instance path -> kind name
    let mut by_body: HashMap<String, String> = HashMap::new(); // body -> kind name
    let mut kinds: BTreeMap<String, String> = BTreeMap::new(); // kind name -> text
    for m in &modules {
        let text = instance.replace_all(&m.text, |c: &regex::Captures| {
            format!("{}{} {}(", &c[1], canonical.get(&c[2]).map_or(&c[2], |s| s.as_str()), &c[3])
        });
        let body = text
            .replace(&format!("module {}(", m.name), &format!("module {SELF}("))
            .replace(&format!("endmodule // {}", m.name), &format!("endmodule // {SELF}"));
        let name = match by_body.get(&body) {
            Some(name) => name.clone(),
            None => {
                let mut name = if m.name == "top" { top.to_string() } else { format!("{prefix}{}", kind_name(m, parts)) };
                while kinds.contains_key(&name) {
                    name.push('x');
                }
                kinds.insert(name.clone(), body.replace(SELF, &name));
                by_body.insert(body, name.clone());
                name
            }
        };
        canonical.insert(m.name.clone(), name);
    }
    // The top module first, then the listed parts in order, then the rest by name.
    let mut out = vec![kinds.remove(top).expect("top module")];
    for part in parts {
        if let Some(text) = kinds.remove(&format!("{prefix}{}", part.kind)) {
            out.push(format!("{}{text}", part.doc));
        }
    }
    out.extend(kinds.into_values());
    decimal_selects(&(out.join("\n\n") + "\n"))
}

/// rust-hdl prints constant part-selects as `x[(64'h2c)+:(5)]` and bit-selects as
/// `x[32'h1f]`; a reader wants `x[48:44]` and `x[31]`.
fn decimal_selects(verilog: &str) -> String {
    let select = Regex::new(r"\[\((?:32|64)'h([0-9a-fA-F]+)\)\+:\((\d+)\)\]").expect("static regex");
    let bit = Regex::new(r"\[(?:32|64)'h([0-9a-fA-F]+)\]").expect("static regex");
    let hex = |digits: &str| u64::from_str_radix(digits, 16).expect("hex digits");
    let ranges = select.replace_all(verilog, |c: &regex::Captures| {
        let (lo, width) = (hex(&c[1]), c[2].parse::<u64>().expect("decimal digits"));
        if width == 1 {
            format!("[{lo}]")
        } else {
            format!("[{}:{lo}]", lo + width - 1)
        }
    });
    bit.replace_all(&ranges, |c: &regex::Captures| format!("[{}]", hex(&c[1]))).into_owned()
}
