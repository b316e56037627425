use clap::Parser;

fn main() -> std::process::ExitCode {
    let run = || {
        fp8mac::io::cleanup::on_signals()?;
        fp8mac::cmd::Cli::parse().run()
    };
    match run() {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
