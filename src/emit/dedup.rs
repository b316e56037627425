//! rust-hdl emits one module per instance (`top$pes$3$mac`, ...). This pass merges modules
//! with identical bodies, bottom-up, and gives each kind one readable name, so an R x C array
//! defines its element once and instantiates it R x C times.

use std::collections::{BTreeMap, HashMap};

use regex::Regex;

/// Stands for a module's own name while bodies are compared.
const SELF: &str = "\u{1}self\u{1}";

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
fn kind_name(m: &Module) -> String {
    let width = |port: &str| {
        let re = Regex::new(&format!(r"input wire\s+(?:\[(\d+):0\])?\s*{port};")).expect("static regex");
        re.captures(&m.text).map_or(1, |c| c.get(1).map_or(1, |w| w.as_str().parse::<usize>().unwrap() + 1))
    };
    let last = m.name.rsplit('$').find(|p| p.parse::<usize>().is_err()).unwrap_or("top");
    if m.text.contains("always @(posedge clock)") && m.text.contains("(d,q,clock)") {
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

/// Merges identical modules. The top module becomes `top`, every other kind `{prefix}{kind}`.
pub fn dedup(verilog: &str, top: &str, prefix: &str) -> String {
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
        let body = text.replace(&format!("module {}(", m.name), &format!("module {SELF}(")).replace(&format!("endmodule // {}", m.name), &format!("endmodule // {SELF}"));
        let name = match by_body.get(&body) {
            Some(name) => name.clone(),
            None => {
                let mut name = if m.name == "top" { top.to_string() } else { format!("{prefix}{}", kind_name(m)) };
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
    // The top module first, then its parts by name.
    let top_text = kinds.remove(top).expect("top module");
    std::iter::once(top_text).chain(kinds.into_values()).collect::<Vec<_>>().join("\n\n") + "\n"
}
