//! Output files appear whole or not at all: written to a temporary file beside the target,
//! then renamed over it. What this guarantees, and what it cannot:
//! * a failed write, a SIGINT, SIGTERM or SIGHUP leaves neither a partial output nor the
//!   temporary file (the signal handler removes it, then exits with 130);
//! * SIGKILL (`kill -9`) cannot be caught: it may leave a hidden `.tmpXXXXXX` file beside the
//!   output, never a partial output;
//! * an existing output that is not a regular file (a directory, a device such as
//!   `/dev/null`, a symbolic link) is refused, never replaced.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use anyhow::{anyhow, bail, Context, Result};

/// Temporary files being written, removed by the signal handler.
static IN_FLIGHT: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// Installs the SIGINT / SIGTERM / SIGHUP handler that removes temporary files and exits
/// with 130. Call once, at the start of the program.
pub fn clean_up_on_signals() -> Result<()> {
    ctrlc::set_handler(|| {
        // Exit holding the lock: no thread can create a temporary file after this removal.
        let files = IN_FLIGHT.lock();
        for f in files.iter().flat_map(|files| files.iter()) {
            let _ = std::fs::remove_file(f);
        }
        eprintln!("error: interrupted");
        std::process::exit(130);
    })
    .context("cannot install the signal handler")
}

/// A temporary file the signal handler knows of: created and registered under one lock,
/// forgotten when this guard drops (after the file is renamed or removed).
struct InFlight(PathBuf);

impl Drop for InFlight {
    fn drop(&mut self) {
        IN_FLIGHT.lock().expect("no panics hold this lock").retain(|p| *p != self.0);
    }
}

/// A new temporary file in `dir`, known to the signal handler from before its creation on.
fn temp_file(dir: &Path) -> std::io::Result<(tempfile::NamedTempFile, InFlight)> {
    let file = tempfile::Builder::new().make_in(dir, |path| {
        // Created and registered under the lock the signal handler takes: it sees every
        // temporary file that exists.
        let mut files = IN_FLIGHT.lock().expect("no panics hold this lock");
        let file = std::fs::OpenOptions::new().read(true).write(true).create_new(true).open(path)?;
        files.push(path.to_path_buf());
        Ok(file)
    })?;
    let guard = InFlight(file.path().to_path_buf());
    Ok((file, guard))
}

/// The folder an output goes into.
fn parent(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// Checks, before any work, that `path` can be written as an output: its folder exists and
/// takes new files, and the path is free or a regular file (which the output replaces).
pub fn check_output(path: &Path) -> Result<()> {
    if let Ok(meta) = std::fs::symlink_metadata(path) {
        if !meta.file_type().is_file() {
            let what = if meta.is_dir() {
                "a directory"
            } else if meta.file_type().is_symlink() {
                "a symbolic link"
            } else {
                "not a regular file (a device?)"
            };
            bail!("{}: is {what}; refusing to replace it with an output", path.display());
        }
    }
    let dir = parent(path);
    if !dir.is_dir() {
        bail!("{}: no such directory {}", path.display(), dir.display());
    }
    temp_file(dir).with_context(|| format!("{}: cannot create a file in {}", path.display(), dir.display()))?;
    Ok(())
}

/// Writes `path` through `write`, renaming into place only after `write` succeeds.
pub fn write(path: &Path, write: impl FnOnce(&mut File) -> Result<()>) -> Result<()> {
    check_output(path)?;
    let dir = parent(path);
    let (mut tmp, _in_flight) = temp_file(dir).with_context(|| format!("{}: cannot create a file in {}", path.display(), dir.display()))?;
    write(tmp.as_file_mut()).with_context(|| format!("{}: write failed", path.display()))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        tmp.as_file().set_permissions(std::fs::Permissions::from_mode(0o644))?;
    }
    tmp.persist(path).map_err(|e| anyhow!("{}: {}", path.display(), e.error))?;
    Ok(())
}

/// Writes `text` to `path`, whole or not at all.
pub fn write_text(path: &Path, text: &str) -> Result<()> {
    write(path, |f| Ok(std::io::Write::write_all(f, text.as_bytes())?))
}
