//! Output files appear whole or not at all: written to a temporary file beside the target,
//! then renamed over it.

use std::fs::File;
use std::path::Path;

use anyhow::{anyhow, Context, Result};

/// Writes `path` through `write`, renaming into place only after `write` succeeds.
pub fn write(path: &Path, write: impl FnOnce(&mut File) -> Result<()>) -> Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut tmp =
        tempfile::NamedTempFile::new_in(dir).with_context(|| format!("{}: cannot create a file in {}", path.display(), dir.display()))?;
    write(tmp.as_file_mut()).with_context(|| format!("{}: write failed", path.display()))?;
    // Temporary files are private (0600); outputs get the usual 0644.
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
