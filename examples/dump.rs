use rust_hdl::prelude::*;
fn main() {
    let mut uut = fp8mac::hdl::systolic::Systolic::<8>::new(2, 2);
    uut.connect_all();
    print!("{}", generate_verilog(&uut));
}
