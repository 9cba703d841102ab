//! Zip archives (spec section 1): a folder zipped by another program (Python's `zipfile`)
//! loads as the folder itself does, stored or deflated, zip64 or not, nested folders
//! laid out as on disk, through the core and the command line; damaged archives and zip
//! bombs are stopped with a reason naming the entry while the other entries load.
#![cfg(not(target_arch = "wasm32"))]

use crate::common;
use std::path::{Path, PathBuf};
use std::process::Command;

use session_lens::metrics::selection::Filters;
use session_lens::metrics::Settings;
use session_lens::model::{Dataset, FileOutcome};
use session_lens::pricing::PriceTable;
use session_lens::transport::ingest_files;
use session_lens::viewmodel::dashboard::Dashboard;

fn ingest_archive(path: &Path) -> Dataset {
    let bytes = std::fs::read(path).expect("zip");
    let name = path.display().to_string();
    ingest_files([(name.as_str(), "me", bytes.as_slice())], PriceTable::embedded())
}

/// What the dashboard shows over all time: summary, per-day rows and tables.
fn figures(dataset: &Dataset) -> String {
    let filters = Filters { period: session_lens::metrics::selection::Period::All, ..Filters::default() };
    let dashboard = Dashboard::build(dataset, &filters, &Settings::default(), chrono::NaiveDate::from_ymd_opt(2026, 11, 30).expect("date"));
    format!("{:?}\n{:?}", dashboard.summary, dashboard.tables)
}

/// Each file's outcome and line count, by its path under `marker` (the fixture folder's
/// name, which both layouts keep).
fn outcomes(dataset: &Dataset, marker: &str) -> Vec<(String, String, u64)> {
    let mut rows: Vec<(String, String, u64)> = dataset
        .files
        .iter()
        .map(|file| {
            let at = file.path.find(marker).unwrap_or_else(|| panic!("{} lacks {marker}", file.path));
            (file.path[at..].to_owned(), format!("{:?}", file.outcome), file.line_count)
        })
        .collect();
    rows.sort();
    rows
}

#[test]
fn a_zipped_folder_loads_as_the_folder_does_stored_deflated_and_zip64() {
    let real = common::fixture("real");
    let folder = common::ingest_tree(&real, "me");
    assert!(folder.conversations.len() > 10, "the fixtures hold {} conversations", folder.conversations.len());
    let dir = common::scratch_dir("zip-equal");
    for (method, zip64) in [("deflated", false), ("stored", false), ("deflated", true)] {
        let archive = dir.join(format!("real-{method}-{zip64}.zip"));
        common::python_zip(&archive, &real, "real/", method, zip64);
        let zipped = ingest_archive(&archive);
        assert_eq!(figures(&zipped), figures(&folder), "{method}, zip64 {zip64}");
        assert_eq!(outcomes(&zipped, "real/"), outcomes(&folder, "real/"), "{method}, zip64 {zip64}");
        // Entries are named under the archive, folders as on disk.
        let archive_name = archive.display().to_string();
        assert!(zipped.files.iter().all(|file| file.path.starts_with(&format!("{archive_name}/real/"))));
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_command_line_reads_the_same_zip_as_the_folder() {
    let dir = common::scratch_dir("zip-cli");
    let summary = |path: &Path| {
        let output = Command::new(env!("CARGO_BIN_EXE_session-lens")).args(["summary", "--json", "--period", "all"]).arg(path).output().expect("cli");
        assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
        serde_json::from_slice::<serde_json::Value>(&output.stdout).expect("json")
    };
    // A small archive (read whole, as a small file is) and a large stored one (read
    // where its entries lie, the larger entries a piece at a time).
    for (folder, method) in [("real/claude-code-viewer", "deflated"), ("real", "stored")] {
        let real = common::fixture(folder);
        let archive = dir.join(format!("{method}.zip"));
        common::python_zip(&archive, &real, "top/", method, false);
        let from_zip = summary(&archive);
        assert!(from_zip["sessions"].as_u64().unwrap_or(0) > 0, "{from_zip}");
        assert_eq!(from_zip, summary(&real), "{folder}");
    }
    assert!(std::fs::metadata(dir.join("stored.zip")).expect("zip").len() > session_lens::ingest::WHOLE_FILE_MAX_BYTES);
    let _ = std::fs::remove_dir_all(&dir);
}

/// Crafted archives, each with one good transcript beside the bad entries.
const CRAFT: &str = r#"
import os, sys, zipfile, zlib, struct, io
out, kind, good = sys.argv[1], sys.argv[2], open(sys.argv[3], "rb").read()
buffer = io.BytesIO()
with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
    archive.writestr("team/alice/good.jsonl", good)
    if kind == "ratio":
        # 100 MB of zeros deflate to about 100 KB: a thousand times.
        with archive.open("team/alice/bomb.jsonl", "w") as target:
            block = bytes(1 << 20)
            for _ in range(100):
                target.write(block)
    if kind == "lying":
        archive.writestr("team/alice/liar.jsonl", b'{"type":"user"}\n' * 400000)
    if kind == "truncated":
        # Incompressible lines after the good entry: the cut falls inside them.
        archive.writestr("team/alice/noise.jsonl", b"".join(b'{"noise":"' + os.urandom(48).hex().encode() + b'"}\n' for _ in range(3000)))
    if kind == "nested":
        inner = io.BytesIO()
        with zipfile.ZipFile(inner, "w") as nested:
            nested.writestr("inner/good.jsonl", good)
        archive.writestr("team/alice/inner.zip", inner.getvalue())
data = bytearray(buffer.getvalue())
end = data.rfind(b"PK\x05\x06")
count, size, offset = struct.unpack_from("<HIL", data, end + 10)[0], *struct.unpack_from("<II", data, end + 12)
if kind == "lying":
    # The directory (and local header) say 1 MB; it inflates to 6.4 MB.
    at = data.find(b"PK\x01\x02" , offset)
    while data[at + 46: at + 46 + struct.unpack_from("<H", data, at + 28)[0]] != b"team/alice/liar.jsonl":
        at = data.find(b"PK\x01\x02", at + 4)
    struct.pack_into("<I", data, at + 24, 1000000)
if kind == "overlap":
    # A second directory entry pointing at the good entry's bytes under another name
    # (how a zip bomb packs many large files into the bytes of one).
    at = data.find(b"PK\x01\x02", offset)
    name_len, extra_len, comment_len = struct.unpack_from("<HHH", data, at + 28)
    record = bytearray(data[at: at + 46 + name_len + extra_len + comment_len])
    record[46:46 + name_len] = b"team/alice/copy.jsonl".ljust(name_len, b"_")[:name_len]
    data[end:end] = record
    end += len(record)
    struct.pack_into("<HHI", data, end + 8, count + 1, count + 1, size + len(record))
if kind == "truncated":
    data = data[: len(data) * 6 // 10]
open(out, "wb").write(bytes(data))
"#;

fn crafted(dir: &Path, kind: &str) -> PathBuf {
    let out = dir.join(format!("{kind}.zip"));
    let good = common::fixture("real/claude-code-viewer/projects/sample-project/1af7fc5e-8455-4414-9ccd-011d40f70b2a.jsonl");
    let status = Command::new("python3").args(["-c", CRAFT]).arg(&out).arg(kind).arg(&good).status().expect("python3");
    assert!(status.success(), "craft {kind}");
    out
}

fn outcome_of<'a>(dataset: &'a Dataset, suffix: &str) -> &'a FileOutcome {
    &dataset
        .files
        .iter()
        .find(|file| file.path.ends_with(suffix))
        .unwrap_or_else(|| panic!("no {suffix}: {:?}", dataset.files.iter().map(|f| &f.path).collect::<Vec<_>>()))
        .outcome
}

fn skipped_reason(dataset: &Dataset, suffix: &str) -> String {
    match outcome_of(dataset, suffix) {
        FileOutcome::Skipped { reason } => reason.to_string(),
        other => panic!("{suffix} was not skipped: {other:?}"),
    }
}

#[test]
fn zip_bombs_and_damaged_archives_are_stopped_while_the_rest_loads() {
    let dir = common::scratch_dir("zip-bombs");
    let good_alone = common::ingest_tree(&common::fixture("real/claude-code-viewer/projects/sample-project/1af7fc5e-8455-4414-9ccd-011d40f70b2a.jsonl"), "me");
    let good_figures = figures(&good_alone);
    for (kind, bad_entry, reason_part) in [
        ("ratio", "team/alice/bomb.jsonl", "zip bomb"),
        ("lying", "team/alice/liar.jsonl", "more than the 1000000 bytes its directory gives"),
        ("overlap", "team/alice/copy.jsonl", "shares its bytes with another entry"),
        ("nested", "team/alice/inner.zip", "inside another archive"),
    ] {
        let archive = crafted(&dir, kind);
        let dataset = ingest_archive(&archive);
        let reason = skipped_reason(&dataset, bad_entry);
        assert!(reason.contains(reason_part), "{kind}: {reason}");
        assert!(matches!(outcome_of(&dataset, "team/alice/good.jsonl"), FileOutcome::Read { .. }), "{kind}");
        if kind != "lying" {
            assert_eq!(figures(&dataset), good_figures, "{kind}: the good entry alone is read");
        }
    }
    // The bomb's 100 MB were never inflated: its check is made on the directory.
    let ratio = skipped_reason(&ingest_archive(&dir.join("ratio.zip")), "team/alice/bomb.jsonl");
    assert!(ratio.contains(&format!("more than {} times", session_lens::ingest::zip::MAX_RATIO)), "{ratio}");
    // An archive cut short has no directory: it is listed with the reason, and the entry
    // that lies wholly before the cut is read from its own header.
    let truncated = crafted(&dir, "truncated");
    let bytes = std::fs::read(&truncated).expect("zip");
    let dataset = ingest_files([("cut.zip", "me", bytes.as_slice())], PriceTable::embedded());
    let reason = skipped_reason(&dataset, "cut.zip");
    assert!(reason.starts_with("zip archive that could not be read whole: no zip directory at its end"), "{reason}");
    assert!(reason.ends_with("the entry before that was read from its own header"), "{reason}");
    assert!(matches!(outcome_of(&dataset, "cut.zip/team/alice/good.jsonl"), FileOutcome::Read { .. }));
    assert_eq!(figures(&dataset), good_figures);
    // Cut inside the first entry, nothing is left to read: the archive alone is listed.
    let dataset = ingest_files([("cut.zip", "me", &bytes[..200])], PriceTable::embedded());
    assert_eq!(dataset.files.len(), 1);
    assert!(skipped_reason(&dataset, "cut.zip").starts_with("zip archive that could not be read: no zip directory"));
    let _ = std::fs::remove_dir_all(&dir);
}
