//! `fp8mac mac`: one fused MAC on codes given in hex (docs/spec.md section 2).

use super::*;

#[derive(Args, Debug)]
pub(super) struct MacArgs {
    /// First operand, a code in hex with 0x (0x00 .. 0xFF; a 6- or 4-bit format uses the low bits).
    #[arg(long, value_parser = parse_fp8_code)]
    a: u8,
    /// Format of a: a name of docs/spec.md section 11's table (e4m3, e5m2, float8_e4m3fnuz, .., int8).
    #[arg(long, value_parser = parse_format)]
    fmt_a: Format,
    /// Second operand, a code in hex with 0x.
    #[arg(long, value_parser = parse_fp8_code)]
    b: u8,
    /// Format of b (as --fmt-a).
    #[arg(long, value_parser = parse_format)]
    fmt_b: Format,
    /// Addend, FP16 bits in hex with 0x (0x0000 .. 0xFFFF).
    #[arg(long, value_parser = parse_fp16_code, default_value = "0x0000")]
    c: u16,
    #[command(flatten)]
    sr: SrArgs,
    /// With --sr, required: the R random bits of this rounding (decimal or 0x hex), below 2^R.
    #[arg(long, value_parser = parse_uint::<u32>, requires = "sr")]
    rnd: Option<u32>,
}

pub(super) fn run(args: MacArgs) -> Result<()> {
    validate_sr_bits(args.sr.sr_bits)?;
    let rounding = if args.sr.sr {
        let rnd = args.rnd.context("--sr needs --rnd: the R random bits of this rounding")?;
        ensure!(rnd >> args.sr.sr_bits == 0, "--rnd {rnd} does not fit in --sr-bits {}", args.sr.sr_bits);
        Rounding::Stochastic { bits: args.sr.sr_bits, rnd }
    } else {
        Rounding::NearestEven
    };
    for (flag, code, fmt) in [("--a", args.a, args.fmt_a), ("--b", args.b, args.fmt_b)] {
        ensure!(fmt.is_code(code), "{flag} 0x{code:02X} is not a {fmt} code (a {0}-bit format uses the low {0} bits)", fmt.bits());
    }
    let c = f16::from_bits(args.c);
    let y = reference::mac(args.a, args.fmt_a, args.b, args.fmt_b, c, rounding);
    println!(
        "0x{:04x}    # {} * {} + {} = {}",
        y.to_bits(),
        args.fmt_a.to_f64(args.a),
        args.fmt_b.to_f64(args.b),
        FP16.to_f64(args.c as u32),
        y
    );
    Ok(())
}
