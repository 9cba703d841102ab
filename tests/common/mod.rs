//! Shared helpers for the integration tests.
#![allow(dead_code)]

pub mod browser;
pub mod hostile;
pub mod lines;
pub mod static_server;

use std::collections::BTreeMap;
use std::path::PathBuf;

use session_lens::demo::{generate, DEMO_SEED};
use session_lens::model::Dataset;
use session_lens::pricing::PriceTable;
use session_lens::transport::ingest_files;

/// `../shared/fixtures/<relative>`, beside the repository.
pub fn fixture(relative: &str) -> PathBuf {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/fixtures").join(relative);
    path.canonicalize().unwrap_or_else(|_| panic!("fixture missing: {} (../shared must sit beside the repository)", path.display()))
}

/// Copies a folder and everything in it.
pub fn copy_tree(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("dir") {
        let path = entry.expect("entry").path();
        let target = to.join(path.file_name().expect("name"));
        if path.is_dir() {
            copy_tree(&path, &target);
        } else {
            std::fs::copy(&path, &target).expect("copy");
        }
    }
}

/// Every file under `dir`, sorted by path, with its bytes.
pub fn read_tree(dir: &std::path::Path) -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(path) = pending.pop() {
        if path.is_dir() {
            for entry in std::fs::read_dir(&path).expect("read dir") {
                pending.push(entry.expect("entry").path());
            }
        } else {
            files.push((path.display().to_string(), std::fs::read(&path).expect("read file")));
        }
    }
    files.sort();
    files
}

pub fn ingest_tree(dir: &std::path::Path, person: &str) -> Dataset {
    let files = read_tree(dir);
    ingest_files(files.iter().map(|(path, bytes)| (path.as_str(), person, bytes.as_slice())), PriceTable::embedded())
}

/// A user price table pricing every token of claude-sonnet-4-20250514 (the sample
/// project's model) at $1 per million, written to a temporary file.
pub fn dollar_per_million_price_table(name: &str) -> PathBuf {
    let path = std::env::temp_dir().join(format!("session-lens-{name}-{}.json", std::process::id()));
    let rows = r#"{"models":{"claude-sonnet-4-20250514":{"input":1e-6,"output":1e-6,"cache_write_5m":1e-6,"cache_read":1e-6}}}"#;
    std::fs::write(&path, rows).expect("write prices");
    path
}

pub fn demo_dataset() -> Dataset {
    let files = generate(DEMO_SEED);
    ingest_files(files.iter().map(|f| (f.path.as_str(), f.person.as_str(), f.text.as_bytes())), PriceTable::embedded())
}

/// An empty scratch folder `session-lens-<name>-<pid>` under the temporary directory.
pub fn scratch_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("session-lens-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("mkdir");
    dir
}

/// Writes a zip with Python's `zipfile` (a writer other than ours): every file under
/// `root`, named `prefix` + its path under `root`, `method` "stored" or "deflated", with
/// zip64 fields when `zip64`.
pub fn python_zip(out: &std::path::Path, root: &std::path::Path, prefix: &str, method: &str, zip64: bool) {
    let script = r#"
import os, sys, zipfile
out, root, prefix, method, zip64 = sys.argv[1:6]
compression = zipfile.ZIP_STORED if method == "stored" else zipfile.ZIP_DEFLATED
with zipfile.ZipFile(out, "w", compression=compression) as archive:
    for folder, _, names in sorted(os.walk(root)):
        for name in sorted(names):
            path = os.path.join(folder, name)
            arcname = prefix + os.path.relpath(path, root).replace(os.sep, "/")
            with open(path, "rb") as source, archive.open(arcname, "w", force_zip64=(zip64 == "1")) as target:
                target.write(source.read())
"#;
    let status = std::process::Command::new("python3")
        .args(["-c", script])
        .arg(out)
        .arg(root)
        .args([prefix, method, if zip64 { "1" } else { "0" }])
        .status()
        .expect("python3");
    assert!(status.success(), "python zipfile");
}

/// The figures of a `summary --json` output, name → value (numbers, or null where a figure
/// is undefined); the sections after them (outcomes, classes, rule hits) are objects.
pub fn summary_figures(summary: &serde_json::Value) -> BTreeMap<String, Option<f64>> {
    summary
        .as_object()
        .expect("object")
        .iter()
        .filter(|(_, value)| value.is_number() || value.is_null())
        .map(|(name, value)| (name.clone(), value.as_f64()))
        .collect()
}

/// `session-lens summary --json ARGS…`, run in-process, as its figures.
pub fn cli_summary_figures(arguments: &[String]) -> BTreeMap<String, Option<f64>> {
    let output = session_lens::cli::run(arguments).expect("summary runs");
    summary_figures(&serde_json::from_str(&output.stdout).expect("JSON"))
}

/// The DuckDB and chDB the warehouse tests load the tables into (as `scripts/setup.sh`).
pub const DUCKDB_VERSION: &str = "2.0.1";
pub const CHDB_VERSION: &str = "4.4.0";

/// The project's tools folder (`scripts/tools-env.sh`).
fn tools_folder() -> PathBuf {
    std::env::var("SESSION_LENS_TOOLS")
        .map(PathBuf::from)
        .unwrap_or_else(|_| PathBuf::from(std::env::var("HOME").unwrap_or_else(|_| String::from("/root"))).join(".cache/session-lens-tools"))
}

/// A Python with duckdb and chdb, installed by the set-up into the tools folder, or here
/// when a bare `cargo test` runs first.
pub fn warehouse_python() -> PathBuf {
    let venv = tools_folder().join(format!("warehouse-{DUCKDB_VERSION}-{CHDB_VERSION}"));
    let python = venv.join("bin/python");
    if !python.exists() {
        let made = std::process::Command::new("python3").arg("-m").arg("venv").arg(&venv).status().expect("python3");
        assert!(made.success(), "python3 -m venv");
        let status = std::process::Command::new(&python)
            .args(["-m", "pip", "install", "--quiet", "--disable-pip-version-check"])
            .arg(format!("duckdb=={DUCKDB_VERSION}"))
            .arg(format!("chdb=={CHDB_VERSION}"))
            .status()
            .expect("pip");
        assert!(status.success(), "pip install duckdb chdb");
    }
    python
}

/// The ccusage the fixtures' expected files were made with.
pub const CCUSAGE_VERSION: &str = "20.0.24";

/// ccusage's binary, installed by the set-up (`scripts/setup.sh`) into the tools folder,
/// or here when a bare `cargo test` runs first.
pub fn ccusage() -> PathBuf {
    let prefix = tools_folder().join(format!("ccusage-{CCUSAGE_VERSION}"));
    let binary = prefix.join("node_modules/.bin/ccusage");
    if !binary.exists() {
        let status = std::process::Command::new("npm")
            .args(["install", "--silent", "--no-audit", "--no-fund", "--prefix"])
            .arg(&prefix)
            .arg(format!("ccusage@{CCUSAGE_VERSION}"))
            .arg(format!("@ccusage/ccusage-linux-x64@{CCUSAGE_VERSION}"))
            .status()
            .expect("npm");
        assert!(status.success(), "npm install ccusage");
    }
    binary
}
