//! Output files appear whole or not at all: written to a temporary file beside the target,
//! then renamed over it. What this guarantees, and what it cannot:
//! * a failed write, a SIGINT, SIGTERM or SIGHUP leaves neither a partial output nor the
//!   temporary file (the signal handler of [`super::cleanup`] removes it, then exits with 130);
//! * SIGKILL (`kill -9`) cannot be caught: it may leave a hidden `.tmpXXXXXX` file beside the
//!   output, never a partial output;
//! * an existing output that is not a regular file (a directory, a device such as
//!   `/dev/null`, a symbolic link) is refused, never replaced.

use std::fs::File;
use std::path::Path;

use anyhow::{anyhow, bail, Context, Result};

use super::cleanup::{track, Tracked};

/// A new temporary file in `dir`, known to the signal handler from before its creation on.
fn temp_file(dir: &Path) -> std::io::Result<(tempfile::NamedTempFile, Tracked)> {
    let mut tracked = None;
    let file = tempfile::Builder::new().make_in(dir, |path| {
        let (file, guard) = track(path, |p| std::fs::OpenOptions::new().read(true).write(true).create_new(true).open(p))?;
        tracked = Some(guard);
        Ok(file)
    })?;
    Ok((file, tracked.expect("make_in calls its closure once it succeeds")))
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
    if path.as_os_str() == "-" {
        bail!("-: writing to standard output is not supported: give a file name");
    }
    let meta = match std::fs::symlink_metadata(path) {
        Ok(meta) => Some(meta),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        // A name too long, a folder that is a file, no permission: the system's own words.
        Err(e) => bail!("{}: cannot write it: {e}", path.display()),
    };
    if let Some(meta) = meta {
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
