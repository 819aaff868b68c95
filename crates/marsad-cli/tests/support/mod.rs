//! Helpers shared by the integration tests of the store and report commands (`mod support;`):
//! running the `marsad` binary from the repository root, scratch folders, and the examples
//! ingested into a database once per test binary.

#![allow(dead_code)] // Each test file uses its own part of this module.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;

/// What one run of the binary gave back.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// The `marsad args…` command, run from the repository root with stdin closed.
pub fn command(args: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_marsad"));
    c.args(args).current_dir(repo_root()).stdin(Stdio::null());
    c
}

/// Runs `marsad args…` from the repository root.
pub fn marsad(args: &[&str]) -> Run {
    let out = command(args).output().expect("the marsad binary runs");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Runs `marsad args…` and insists that it succeeds.
pub fn ok(args: &[&str]) -> Run {
    let run = marsad(args);
    assert_eq!(
        run.code, 0,
        "marsad {args:?} failed:\n{}\n{}",
        run.stderr, run.stdout
    );
    run
}

pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// A fresh scratch folder for one test; the process id keeps test binaries that run at the same
/// time apart.
pub fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("marsad-cli-test-{}-{name}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).expect("a scratch folder");
    dir
}

/// A path as a command-line argument.
pub fn s(p: &Path) -> &str {
    p.to_str().expect("a UTF-8 temp path")
}

/// `examples/articles.jsonl` ingested once for all tests of a test binary; tests only read it.
pub fn examples_db() -> &'static Path {
    static DB: OnceLock<PathBuf> = OnceLock::new();
    DB.get_or_init(|| {
        let db = scratch("examples-db").join("examples.db");
        ok(&["ingest", "--db", s(&db), "examples/articles.jsonl"]);
        db
    })
}

/// A small deterministic random number generator (SplitMix64) for tests that pick points at random.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
}

/// Writes a corpus of `n` articles made from the examples: fresh ids, and texts that differ
/// (two examples joined, a numbered sentence added), so that most are coded and a few are
/// near-duplicate copies.
pub fn perturbed_corpus(path: &Path, n: usize) {
    let examples = fs::read_to_string(repo_root().join("examples/articles.jsonl")).unwrap();
    let arts: Vec<serde_json::Value> = examples
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let mut out = String::new();
    for i in 0..n {
        let mut a = arts[i % arts.len()].clone();
        let other = &arts[(i * 7 + 3) % arts.len()];
        a["id"] = format!("crash-{i}").into();
        let text = a["text"].as_str().unwrap().to_string();
        a["text"] = if i % 5 == 4 {
            // A near-copy: same text, one sentence added.
            format!("{text}\nReport number {i}.").into()
        } else {
            format!(
                "{text}\n{}\nReport number {i}.",
                other["text"].as_str().unwrap()
            )
            .into()
        };
        out.push_str(&a.to_string());
        out.push('\n');
    }
    fs::write(path, out).unwrap();
}
