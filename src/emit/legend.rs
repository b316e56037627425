//! The bit layout of the records that pass between the MAC's stages, for the comments above
//! the generated modules (the Verilog itself shows only offsets).

use rust_hdl::prelude::*;

/// `T`'s fields with their bit ranges, one comment line each, nested records indented.
pub fn layout<T: Synth>(port: &str) -> String {
    let d = T::descriptor();
    let mut out = format!("//   {port}: {} [{}:0]\n", d.name, T::BITS - 1);
    fields(&d, 0, 2, &mut out);
    out
}

fn width(d: &TypeDescriptor) -> usize {
    match &d.kind {
        TypeKind::Bits(w) | TypeKind::Signed(w) => *w,
        TypeKind::Enum(names) => names.len().next_power_of_two().trailing_zeros().max(1) as usize,
        TypeKind::Composite(fields) => fields.iter().map(|f| width(&f.kind)).sum(),
    }
}

fn fields(d: &TypeDescriptor, base: usize, indent: usize, out: &mut String) {
    let TypeKind::Composite(list) = &d.kind else { return };
    let mut at = base;
    for f in list {
        let w = width(&f.kind);
        let range = if w == 1 { format!("[{at}]") } else { format!("[{}:{at}]", at + w - 1) };
        out.push_str(&format!("//   {:indent$}{} {range}\n", "", f.fieldname));
        fields(&f.kind, at, indent + 2, out);
        at += w;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hdl::mac::Addend;

    #[test]
    fn layout_lists_fields_from_bit_zero_up() {
        assert_eq!(layout::<Addend>("c"), "//   c: Addend [26:0]\n//     code [15:0]\n//     k [22:16]\n//     tz [26:23]\n");
    }
}
