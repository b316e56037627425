use clap::Parser;

fn main() -> std::process::ExitCode {
    match fp8mac::cmd::Cli::parse().run() {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
