//! Verilator running the generated Verilog: models are built on demand from the emitted
//! text and the harnesses in `testbench/`, cached by content, and driven over pipes.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::io::{BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::sync::Mutex;

use anyhow::{anyhow, bail, ensure, Context, Result};

use crate::reference::Rounding;
use crate::verify::{BlockModel, ConvertBlock, ConvertCase, MacBlock, MacCase, BLOCK};

/// The harness sources, compiled into the binary so a model can be built anywhere.
const STREAM_H: &str = include_str!("../../testbench/stream.h");

/// A harness source for one module.
pub struct HarnessSource {
    pub module: &'static str,
    pub cpp_name: &'static str,
    pub cpp: &'static str,
}

pub const FP8_MAC_TB: HarnessSource =
    HarnessSource { module: "fp8_mac", cpp_name: "fp8_mac_tb.cpp", cpp: include_str!("../../testbench/fp8_mac_tb.cpp") };
pub const FP16_TO_FP8_TB: HarnessSource = HarnessSource {
    module: "fp16_to_fp8",
    cpp_name: "fp16_to_fp8_tb.cpp",
    cpp: include_str!("../../testbench/fp16_to_fp8_tb.cpp"),
};

fn verilator_version() -> Result<String> {
    let out = Command::new("verilator").arg("--version").output().map_err(|_| {
        anyhow!("verilator not found on PATH: install it with `make setup` (Debian: apt-get install verilator)")
    })?;
    Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
}

/// Where built models are cached (`FP8MAC_CACHE` overrides).
fn cache_root() -> PathBuf {
    std::env::var_os("FP8MAC_CACHE").map(PathBuf::from).unwrap_or_else(|| std::env::temp_dir().join("fp8mac-cache"))
}

/// A Verilator model of one module with its harness, built and ready to run.
pub struct Model {
    exe: PathBuf,
}

impl Model {
    /// Builds (or finds in the cache) the model of `verilog` driven by `tb`.
    pub fn build(verilog: &str, tb: &HarnessSource) -> Result<Model> {
        let version = verilator_version()?;
        let mut h = DefaultHasher::new();
        (verilog, tb.cpp, STREAM_H, &version).hash(&mut h);
        let dir = cache_root().join(format!("{}-{:016x}", tb.module, h.finish()));
        let exe = dir.join("obj").join("tb");
        if !exe.exists() {
            build_into(&dir, verilog, tb).with_context(|| format!("building the Verilator model of {}", tb.module))?;
        }
        Ok(Model { exe })
    }

    /// Starts one harness process.
    pub fn spawn(&self) -> Result<Session> {
        let mut child = Command::new(&self.exe)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .with_context(|| format!("cannot run {}", self.exe.display()))?;
        let stdin = BufWriter::with_capacity(1 << 20, child.stdin.take().expect("piped"));
        let stdout = BufReader::with_capacity(1 << 20, child.stdout.take().expect("piped"));
        Ok(Session { child, stdin, stdout })
    }
}

/// Verilates and compiles in a scratch folder, then renames it into place, so concurrent
/// builders never see a half-built model.
fn build_into(dir: &Path, verilog: &str, tb: &HarnessSource) -> Result<()> {
    let parent = dir.parent().expect("cache folder has a parent");
    std::fs::create_dir_all(parent).with_context(|| format!("cannot create {}", parent.display()))?;
    let scratch = tempfile::tempdir_in(parent)?;
    let src = scratch.path();
    std::fs::write(src.join(format!("{}.v", tb.module)), verilog)?;
    std::fs::write(src.join(tb.cpp_name), tb.cpp)?;
    std::fs::write(src.join("stream.h"), STREAM_H)?;
    let out = Command::new("verilator")
        .current_dir(src)
        .args(["--cc", "--exe", "--build", "-O3", "--x-assign", "fast", "--x-initial", "fast", "-Wno-WIDTH"])
        .args(["-CFLAGS", "-O2", "-MAKEFLAGS", "-s", "--Mdir", "obj", "-o", "tb", "--top-module", tb.module])
        .arg(format!("{}.v", tb.module))
        .arg(tb.cpp_name)
        .output()
        .context("cannot run verilator")?;
    if !out.status.success() {
        bail!("verilator failed:\n{}", String::from_utf8_lossy(&out.stderr));
    }
    let scratch = scratch.keep();
    if std::fs::rename(&scratch, dir).is_err() {
        // Another process finished the same model first: use theirs.
        std::fs::remove_dir_all(&scratch).ok();
        ensure!(dir.join("obj").join("tb").exists(), "cannot place the model in {}", dir.display());
    }
    Ok(())
}

/// One running harness: requests in, responses out.
pub struct Session {
    child: Child,
    stdin: BufWriter<ChildStdin>,
    stdout: BufReader<ChildStdout>,
}

impl Session {
    /// Sends `request` and reads `response_len` bytes back.
    pub fn call(&mut self, request: &[u8], response_len: usize) -> Result<Vec<u8>> {
        self.stdin.write_all(request).and_then(|_| self.stdin.flush()).context("the Verilator harness stopped")?;
        let mut buf = vec![0u8; response_len];
        self.stdout.read_exact(&mut buf).context("the Verilator harness stopped answering")?;
        Ok(buf)
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        self.child.kill().ok();
        self.child.wait().ok();
    }
}

/// A pool of harness processes of one model, so parallel sweeps each get their own.
pub struct Pool {
    model: Model,
    idle: Mutex<Vec<Session>>,
}

impl Pool {
    pub fn new(model: Model) -> Self {
        Pool { model, idle: Mutex::new(Vec::new()) }
    }

    /// Runs one request on an idle session (starting one if none is idle).
    pub fn call(&self, request: &[u8], response_len: usize) -> Result<Vec<u8>> {
        let idle = self.idle.lock().expect("no panics hold this lock").pop();
        let mut session = match idle {
            Some(s) => s,
            None => self.model.spawn()?,
        };
        let out = session.call(request, response_len)?;
        self.idle.lock().expect("no panics hold this lock").push(session);
        Ok(out)
    }
}

/// The generated `fp8_mac` under Verilator.
pub struct VerilatorMac {
    pool: Pool,
}

impl VerilatorMac {
    /// Builds the model of the given `fp8_mac.v` text.
    pub fn new(verilog: &str) -> Result<Self> {
        Ok(VerilatorMac { pool: Pool::new(Model::build(verilog, &FP8_MAC_TB)?) })
    }

    /// Evaluates arbitrary cases, in order.
    pub fn eval_cases(&self, cases: &[MacCase]) -> Result<Vec<u16>> {
        let mut req = Vec::with_capacity(5 + cases.len() * 12);
        req.push(b'V');
        req.extend((cases.len() as u32).to_le_bytes());
        for k in cases {
            let (sr, rnd) = sr_fields(k.rounding);
            req.extend([k.a, k.fmt_a as u8, k.b, k.fmt_b as u8]);
            req.extend(k.c.to_le_bytes());
            req.extend([sr, 0]);
            req.extend(rnd.to_le_bytes());
        }
        Ok(u16s(&self.pool.call(&req, cases.len() * 2)?))
    }
}

impl BlockModel<MacBlock> for VerilatorMac {
    fn name(&self) -> &str {
        "verilator"
    }
    fn eval(&self, block: &MacBlock) -> Result<Vec<u16>> {
        let mut req = vec![b'B', block.fmt_a as u8, block.fmt_b as u8];
        req.extend(block.c.to_le_bytes());
        req.push(block.sr.is_some() as u8);
        push_rnd(&mut req, &block.sr);
        Ok(u16s(&self.pool.call(&req, BLOCK * 2)?))
    }
}

/// The generated `fp16_to_fp8` under Verilator.
pub struct VerilatorConvert {
    pool: Pool,
}

impl VerilatorConvert {
    /// Builds the model of the given `fp16_to_fp8.v` text.
    pub fn new(verilog: &str) -> Result<Self> {
        Ok(VerilatorConvert { pool: Pool::new(Model::build(verilog, &FP16_TO_FP8_TB)?) })
    }

    /// Evaluates arbitrary cases, in order.
    pub fn eval_cases(&self, cases: &[ConvertCase]) -> Result<Vec<u8>> {
        let mut req = Vec::with_capacity(5 + cases.len() * 12);
        req.push(b'V');
        req.extend((cases.len() as u32).to_le_bytes());
        for k in cases {
            let (sr, rnd) = sr_fields(k.rounding);
            req.extend(k.x.to_le_bytes());
            req.extend([k.fmt as u8, sr, k.saturate as u8, 0, 0, 0]);
            req.extend(rnd.to_le_bytes());
        }
        self.pool.call(&req, cases.len())
    }
}

impl BlockModel<ConvertBlock> for VerilatorConvert {
    fn name(&self) -> &str {
        "verilator"
    }
    fn eval(&self, block: &ConvertBlock) -> Result<Vec<u16>> {
        let mut req = vec![b'B', block.fmt as u8, block.sr.is_some() as u8, block.saturate as u8];
        push_rnd(&mut req, &block.sr);
        Ok(self.pool.call(&req, BLOCK)?.into_iter().map(u16::from).collect())
    }
}

fn sr_fields(r: Rounding) -> (u8, u32) {
    match r {
        Rounding::NearestEven => (0, 0),
        Rounding::Stochastic { rnd, .. } => (1, rnd),
    }
}

/// Appends a block's random inputs, if it has SR.
fn push_rnd(req: &mut Vec<u8>, sr: &Option<(u32, Vec<u32>)>) {
    if let Some((_, rnd)) = sr {
        req.extend(rnd.iter().flat_map(|r| r.to_le_bytes()));
    }
}

fn u16s(bytes: &[u8]) -> Vec<u16> {
    bytes.chunks_exact(2).map(|p| u16::from_le_bytes([p[0], p[1]])).collect()
}
