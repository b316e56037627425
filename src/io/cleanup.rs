//! What an interruption must not leave behind: temporary files and scratch folders being
//! written, and the child tools still running (Verilator with its make and g++, the harness
//! processes of the Verilator engines).
//!
//! Every such path and child is registered here while it exists. Children run in process
//! groups of their own, so a Ctrl-C at the terminal reaches fp8mac alone (Python turns it into
//! a KeyboardInterrupt and the engine stays usable) and one `kill` reaches a tool's own
//! children. On SIGINT, SIGTERM or SIGHUP the command line's handler ([`on_signals`]) kills
//! every registered group, removes every registered path and exits with 130; Python's
//! bindings call [`kill_children`] when a KeyboardInterrupt cancels their work. SIGKILL
//! cannot be caught: it may leave a hidden `.tmp...` file or folder, never a partial output.

use std::path::{Path, PathBuf};
use std::process::{Child, Command};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use anyhow::{Context, Result};

/// Temporary files and scratch folders in existence.
static PATHS: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());
/// Process group ids (the leader's pid) of running children.
static GROUPS: Mutex<Vec<i32>> = Mutex::new(Vec::new());

fn lock<T>(m: &'static Mutex<Vec<T>>) -> std::sync::MutexGuard<'static, Vec<T>> {
    // A panic elsewhere must not stop the clean-up: the list is valid whatever happened.
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Installs the SIGINT / SIGTERM / SIGHUP handler of the command line: kill the registered
/// children, remove the registered paths, exit with 130. Call once, at the start. A closed
/// stdout (`fp8mac ... | head`) ends the process quietly, as it does other Unix tools, rather
/// than in a panic of the next print.
pub fn on_signals() -> Result<()> {
    // SAFETY: signal(2) restores the default action of SIGPIPE, which Rust's runtime ignores.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    ctrlc::set_handler(|| {
        kill_children();
        // Exit holding the lock: no thread can register a path after this removal.
        let paths = lock(&PATHS);
        for p in paths.iter() {
            remove(p);
        }
        eprintln!("error: interrupted");
        std::process::exit(130);
    })
    .context("cannot install the signal handler")
}

/// Kills every registered child's process group (SIGKILL): the work they were doing is
/// abandoned; their owners see them fail.
pub fn kill_children() {
    for &pgid in lock(&GROUPS).iter() {
        // SAFETY: kill(2) with a negative pid signals a process group; no memory is involved.
        unsafe {
            libc::kill(-pgid, libc::SIGKILL);
        }
    }
}

fn remove(p: &Path) {
    if p.is_dir() {
        let _ = std::fs::remove_dir_all(p);
    } else {
        let _ = std::fs::remove_file(p);
    }
}

/// A registered path, forgotten when this guard drops (after its owner renamed or removed it).
pub struct Tracked(PathBuf);

impl Drop for Tracked {
    fn drop(&mut self) {
        lock(&PATHS).retain(|p| *p != self.0);
    }
}

/// Creates `path` with `create` and registers it, both under the lock the signal handler
/// takes: the handler sees every path that exists.
pub fn track<T>(path: &Path, create: impl FnOnce(&Path) -> std::io::Result<T>) -> std::io::Result<(T, Tracked)> {
    let mut paths = lock(&PATHS);
    let made = create(path)?;
    paths.push(path.to_path_buf());
    Ok((made, Tracked(path.to_path_buf())))
}

/// A scratch folder `.tmp-<pid>-<n>` in a parent folder: removed when dropped, unless
/// [`ScratchDir::persist`] renamed it into place.
pub struct ScratchDir {
    path: PathBuf,
    _tracked: Tracked,
}

impl ScratchDir {
    /// Creates a new scratch folder in `parent`.
    pub fn new_in(parent: &Path) -> Result<ScratchDir> {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let name = format!(".tmp-{}-{}", std::process::id(), NEXT.fetch_add(1, Ordering::Relaxed));
        let path = parent.join(name);
        let ((), tracked) = track(&path, |p| std::fs::create_dir(p)).with_context(|| format!("cannot create {}", path.display()))?;
        Ok(ScratchDir { path, _tracked: tracked })
    }

    /// The folder.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Renames the folder to `to`; false (and the folder removed) if that fails, e.g. because
    /// another process placed `to` first.
    pub fn persist(self, to: &Path) -> bool {
        std::fs::rename(&self.path, to).is_ok()
    }
}

impl Drop for ScratchDir {
    fn drop(&mut self) {
        if self.path.exists() {
            let _ = std::fs::remove_dir_all(&self.path);
        }
    }
}

/// A child process leading a process group of its own, registered until it is dropped (which
/// kills the group if the child is still running).
pub struct GroupChild {
    child: Child,
}

impl GroupChild {
    /// Spawns `cmd` as the leader of a new process group.
    pub fn spawn(cmd: &mut Command) -> std::io::Result<GroupChild> {
        use std::os::unix::process::CommandExt;
        let mut groups = lock(&GROUPS);
        let child = cmd.process_group(0).spawn()?;
        groups.push(child.id() as i32);
        Ok(GroupChild { child })
    }

    /// The child.
    pub fn child(&mut self) -> &mut Child {
        &mut self.child
    }
}

impl Drop for GroupChild {
    fn drop(&mut self) {
        let pgid = self.child.id() as i32;
        if self.child.try_wait().is_ok_and(|status| status.is_none()) {
            // SAFETY: kill(2) of our own child's process group.
            unsafe {
                libc::kill(-pgid, libc::SIGKILL);
            }
        }
        lock(&GROUPS).retain(|&g| g != pgid);
        let _ = self.child.wait();
    }
}
