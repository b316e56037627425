//! `fp8mac generate`: the Verilog of a configuration (docs/spec.md sections 5, 6 and 11).

use super::*;

#[derive(Args, Debug)]
pub(super) struct GenerateArgs {
    /// Random bits of stochastic rounding (the `rnd` port width).
    #[arg(long, default_value_t = 8)]
    sr_bits: u32,
    #[command(flatten)]
    shape: ShapeArgs,
    /// fp8_systolic_exact is exact for K up to this power of two (1 ..= 2^29).
    #[arg(long, default_value_t = 65536)]
    max_k: u64,
    /// The arrays' operand formats, a comma-separated list of names (docs/spec.md section 11;
    /// default e4m3,e5m2). Their unpackers, select codes (in the table's order) and widths
    /// follow; e4m3 alone writes fp8_systolic_e4m3.v and fp8_systolic_exact_e4m3.v, whose
    /// elements are 30 bits narrower. The FP16-chain array takes the floats of at most three
    /// mantissa bits; the exact array every format, INT8 included.
    #[arg(long, value_parser = parse_formats, default_value = "e4m3,e5m2")]
    formats: FormatSet,
    /// Only one array: fp16 (fp8_mac.v, fp16_to_fp8.v, fp8_systolic.v, and its engine
    /// fp8_gemm_engine.v with the C header fp8_gemm_engine.h) or exact (fp8_systolic_exact.v,
    /// fp8_gemm_engine_exact.v and .h). Without it, every module and the FuseSoC core of them all.
    #[arg(long, value_parser = accumulate_parser())]
    accumulate: Option<Accumulator>,
    /// With --accumulate exact: the format of C and Y, fp16, bf16 or fp32; bf16 writes
    /// fp8_systolic_exact_bf16.v, fp32 fp8_systolic_exact_fp32.v (the rounder rounds
    /// into that format).
    #[arg(long, value_parser = parse_out_format, default_value = "fp16")]
    out_format: OutFormat,
    /// With the exact array: D, its elements take OCP MX block scales as D-bit offsets
    /// (ports xa_i, xb_j; docs/spec.md section 12), 0 ..= 4: with --accumulate exact, the
    /// array alone, fp8_systolic_exact_mxD.v (no GEMM engine takes block scales yet). 0: none.
    #[arg(long, default_value_t = 0)]
    scale_bits: u32,
    /// Output folder.
    #[arg(long, default_value = "rtl-out")]
    out: PathBuf,
    /// Generate arrays of more than 32 x 32 elements (minutes and GBs of memory).
    #[arg(long)]
    allow_large: bool,
}

pub(super) fn run(args: GenerateArgs) -> Result<()> {
    let cfg = args.shape.config(args.sr_bits)?;
    cfg.check_generate_size(args.allow_large)?;
    let (fp16, exact_only) =
        (matches!(args.accumulate, Some(Accumulator::Fp16(_))), matches!(args.accumulate, Some(Accumulator::Exact(_))));
    ensure!(!fp16 || args.max_k == 65536, "--max-k sets the exact array: not with --accumulate fp16");
    ensure!(!fp16 || args.scale_bits == 0, "--scale-bits sets the exact array: not with --accumulate fp16");
    let chain = Accumulator::Fp16(args.formats).validate();
    if fp16 {
        chain.clone()?;
    }
    ensure!(
        args.out_format == OutFormat::Fp16 || exact_only,
        "--out-format {} generates the exact array with {} rounders: it needs --accumulate exact",
        args.out_format,
        args.out_format
    );
    let folder = args.out.to_string_lossy();
    ensure!(
        folder.parse::<OutFormat>().is_err(),
        "--out names the output folder; the format of the exact array's C and Y is --out-format {folder}"
    );
    let exact_array =
        ExactArray { max_k_log2: max_k_log2(args.max_k)?, formats: args.formats, out: args.out_format, scale_bits: args.scale_bits };
    exact_array.check_width()?;
    if args.scale_bits > 0 {
        // The GEMM engines do not drive block scales: the array alone.
        ensure!(exact_only, "--scale-bits writes the exact array alone (the GEMM engines take no block scales): add --accumulate exact");
        let files = [(emit::exact_file(&exact_array), emit::fp8_systolic_exact(&cfg, &exact_array))];
        for path in emit::write_files(&files, &args.out)? {
            println!("wrote {}", path.display());
        }
        return Ok(());
    }
    let mut files = emit::files(&cfg, &exact_array);
    let exact_file = emit::exact_file(&exact_array);
    let engine = crate::engine::name(&Accumulator::Exact(exact_array));
    let exact = |name: &str| name == exact_file || name.strip_suffix(".v").or(name.strip_suffix(".h")) == Some(&engine);
    match args.accumulate.map(Accumulator::is_exact) {
        None => {
            if let Err(why) = chain {
                eprintln!("note: no FP16-chain array: {why}");
            }
        }
        Some(false) => files.retain(|(name, _)| name != "fp8mac.core" && !exact(name)),
        Some(true) => files.retain(|(name, _)| exact(name)),
    }
    for path in emit::write_files(&files, &args.out)? {
        println!("wrote {}", path.display());
    }
    Ok(())
}
