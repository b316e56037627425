//! The hardware, described in rust-hdl, from the smallest part up: shared primitives, the
//! MAC's stages, the pipelined MAC, the processing element, the array; and the converter.

pub mod block_store;
pub mod convert;
pub mod engine;
pub mod engine_regs;
pub mod engine_seed;
pub mod engine_seq;
pub mod exact_pe;
pub mod mac;
pub mod pe;
pub mod pipe;
pub mod primitives;
pub mod records;
pub mod rounder;
pub mod rounder_parts;
pub mod skew;
pub mod systolic;
pub mod systolic_exact;

/// Calls `$f::<R>($args)` with the const generic `R` bound to the run-time SR bit count of a
/// configuration that [`crate::config::Config::validate`] accepted (1..=16).
macro_rules! with_sr_bits {
    ($bits:expr, $f:ident ( $($arg:expr),* )) => {
        match $bits {
            1 => $f::<1>($($arg),*), 2 => $f::<2>($($arg),*), 3 => $f::<3>($($arg),*),
            4 => $f::<4>($($arg),*), 5 => $f::<5>($($arg),*), 6 => $f::<6>($($arg),*),
            7 => $f::<7>($($arg),*), 8 => $f::<8>($($arg),*), 9 => $f::<9>($($arg),*),
            10 => $f::<10>($($arg),*), 11 => $f::<11>($($arg),*), 12 => $f::<12>($($arg),*),
            13 => $f::<13>($($arg),*), 14 => $f::<14>($($arg),*), 15 => $f::<15>($($arg),*),
            16 => $f::<16>($($arg),*),
            r => unreachable!("Config::validate admits 1..=16 SR bits, got {r}"),
        }
    };
}
pub(crate) use with_sr_bits;

/// Calls `$f::<$g.., S>($args)` with the const generic `S` bound to the run-time width of a
/// format select port, 1..=4 ([`crate::format::FormatSet::select_bits`]).
macro_rules! with_select_bits {
    ($bits:expr, $f:ident :: < $($g:tt),* > ( $($arg:expr),* )) => {
        match $bits {
            1 => $f::<$($g,)* 1>($($arg),*),
            2 => $f::<$($g,)* 2>($($arg),*),
            3 => $f::<$($g,)* 3>($($arg),*),
            4 => $f::<$($g,)* 4>($($arg),*),
            s => unreachable!("a table of at most 16 formats has selects of at most 4 bits, got {s}"),
        }
    };
}
pub(crate) use with_select_bits;
