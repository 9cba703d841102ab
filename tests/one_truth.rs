//! One truth (issue 28): whatever was dropped, kept, renamed or forgotten, in any order,
//! what the page shows equals a fresh load of the files the sequence made visible, and
//! the titles equal what the transcripts' own title lines say.
//!
//! A model-based property test (proptest's state machine). The model is a disk of files
//! (real fixtures of the three agents, demo transcripts, a zip, gz and zst files, price
//! tables, a git log, other tools' records, and exports and reports written of what is
//! kept) that grow, appear and vanish, and a person field that is renamed. The system
//! under test is the page's core, step for step as `ui::loader` and `ui::keeping` take
//! it: `keep::plan_drop` says which dropped files to read, each read file becomes its
//! parts (`ingest::read_parts`, encoded by `transport::encode_file`), a file the browser
//! fails to read is listed but not kept (`keep::history`), the kept parts and the person
//! labels stand in for IndexedDB, and every dataset shown is `transport::assemble_parts`.
//!
//! After every step, the kept data (a reopened page) and, after a drop, the dataset the
//! drop showed are compared with a fresh load of the latest copy of every file ever
//! dropped and not forgotten, labelled as dropped and renamed one rename after another
//! (`Dataset::relabel_person`): every figure of `summary --json` (unfiltered and by each
//! person, project, agent and model, the last 30 days, two idle cutoffs and two time
//! zones), and every session's title, person and outcome. Titles of Claude Code
//! conversations are also held to the transcripts' own `summary`, `ai-title` and
//! `custom-title` lines, read here by hand.
#![cfg(not(target_arch = "wasm32"))]

use crate::common;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use chrono::NaiveDate;
use proptest::prelude::*;
use proptest::test_runner::Config;
use proptest_state_machine::{prop_state_machine, ReferenceStateMachine, StateMachineTest};
use serde_json::Value;

use session_lens::cli::summary_json;
use session_lens::export::{write_export, write_report, ExportOptions, Redaction, ReportOptions};
use session_lens::ingest::{read_parts, Ingest};
use session_lens::keep::history::{parts_after_drop, parts_to_keep, ReadFile};
use session_lens::keep::overview::source_name;
use session_lens::keep::{plan_drop, KeptFile, SourceFile};
use session_lens::metrics::selection::{Filters, Period};
use session_lens::metrics::Settings;
use session_lens::model::{Dataset, FileSkip, PersonLabels};
use session_lens::timezone::parse_time_zone;
use session_lens::transport::{assemble_parts, encode_file, merge_in_order, Assembly, MergePart};
use session_lens::viewmodel::controls::Controls;
use session_lens::viewmodel::dashboard::filter_choices;
use session_lens::viewmodel::session_base::SessionBase;

/// The day "the last 30 days" end on (fixed, so that every run compares the same days).
fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, 5).expect("a date")
}

// ---------------------------------------------------------------------------------------
// The files the disk can hold.

/// A file of the pool: its path on the disk, its whole content, and whether it grows by
/// lines (a transcript being written) or is written whole.
#[derive(Debug)]
struct PoolFile {
    path: String,
    bytes: Vec<u8>,
    /// Its lines, with their ends, when it grows.
    lines: Option<Vec<Vec<u8>>>,
}

impl PoolFile {
    fn whole(path: &str, bytes: Vec<u8>) -> Self {
        PoolFile { path: path.to_owned(), bytes, lines: None }
    }

    fn growing(path: &str, bytes: Vec<u8>) -> Self {
        let lines = bytes.split_inclusive(|byte| *byte == b'\n').map(<[u8]>::to_vec).collect();
        PoolFile { path: path.to_owned(), bytes, lines: Some(lines) }
    }

    fn line_count(&self) -> usize {
        self.lines.as_ref().map_or(1, Vec::len)
    }

    /// Its content with `lines` of its lines written (all of a whole file).
    fn content(&self, lines: usize) -> Vec<u8> {
        match &self.lines {
            Some(all) => all[..lines.min(all.len())].concat(),
            None => self.bytes.clone(),
        }
    }
}

fn fixture_bytes(relative: &str) -> Vec<u8> {
    std::fs::read(common::fixture(relative)).expect("fixture")
}

/// A Codex parent and a subagent it spawned, whose replay of the parent's token events
/// was written at the spawn time: only the parent's sequence tells it apart. The child's
/// path sorts first.
fn codex_parent_and_child() -> (Vec<u8>, Vec<u8>) {
    let meta = |id: &str, extra: &str| {
        format!(
            r#"{{"timestamp":"2026-11-12T08:00:00.000Z","type":"session_meta","payload":{{"id":"{id}","cwd":"/w/spawner","cli_version":"0.150.0"{extra}}}}}"#
        )
    };
    let context = |time: &str| format!(r#"{{"timestamp":"{time}","type":"turn_context","payload":{{"model":"gpt-5.2"}}}}"#);
    let tokens = |time: &str, total: u64, output: u64| {
        format!(
            r#"{{"timestamp":"{time}","type":"event_msg","payload":{{"type":"token_count","info":{{"total_token_usage":{{"input_tokens":{total},"cached_input_tokens":{},"output_tokens":{output},"reasoning_output_tokens":0,"total_tokens":{}}}}}}}}}"#,
            total / 10,
            total + output
        )
    };
    let prompt = |time: &str| format!(r#"{{"timestamp":"{time}","type":"event_msg","payload":{{"type":"user_message","message":"spawn a helper"}}}}"#);
    let parent = [
        meta("spawner-1", ""),
        context("2026-11-12T08:00:01.000Z"),
        prompt("2026-11-12T08:00:02.000Z"),
        tokens("2026-11-12T08:01:00.000Z", 1000, 200),
        tokens("2026-11-12T08:02:00.000Z", 3000, 500),
    ];
    let source = r#","source":{"subagent":{"thread_spawn":{"parent_thread_id":"spawner-1","depth":1}}}"#;
    let child = [
        meta("helper-1", source),
        context("2026-11-12T08:05:00.000Z"),
        tokens("2026-11-12T08:05:00.100Z", 1000, 200),
        tokens("2026-11-12T08:05:03.200Z", 3000, 500),
        tokens("2026-11-12T08:06:10.000Z", 3600, 650),
    ];
    (child.join("\n").into_bytes(), parent.join("\n").into_bytes())
}

/// A session file that begins with the `summary` line of a conversation held by another
/// file (as Claude Code writes them when a conversation is continued), and a user's own
/// title for a third conversation.
fn claude_titles_elsewhere() -> Vec<u8> {
    let leaf_of = |relative: &str| -> String {
        let text = String::from_utf8(fixture_bytes(relative)).expect("utf-8");
        text.lines()
            .filter_map(|line| serde_json::from_str::<Value>(line).ok())
            .filter(|line| matches!(line["type"].as_str(), Some("user" | "assistant")))
            .filter_map(|line| line["uuid"].as_str().map(str::to_owned))
            .nth(3)
            .expect("a line with a uuid")
    };
    let leaf = leaf_of("real/claude-code-viewer/projects/sample-project/1af7fc5e-8455-4414-9ccd-011d40f70b2a.jsonl");
    [
        format!(r#"{{"type":"summary","summary":"Set up the project guide","leafUuid":"{leaf}"}}"#),
        String::from(r#"{"type":"custom-title","customTitle":"Orchestrating the refactor","sessionId":"5c0375b4-57a5-4f26-b12d-d022ee4e51b7"}"#),
        String::from(r#"{"type":"user","sessionId":"zz-continued","uuid":"6a2d6a71-0000-4000-8000-000000000001","timestamp":"2025-09-08T10:00:00.000Z","cwd":"/path/to/Demo","message":{"role":"user","content":"carry on"}}"#),
        String::from(r#"{"type":"assistant","sessionId":"zz-continued","uuid":"6a2d6a71-0000-4000-8000-000000000002","timestamp":"2025-09-08T10:00:05.000Z","cwd":"/path/to/Demo","requestId":"req_zz_1","message":{"id":"msg_zz_1","role":"assistant","model":"claude-sonnet-4-20250514","content":[{"type":"text","text":"On it."}],"usage":{"input_tokens":40,"output_tokens":12,"cache_creation_input_tokens":0,"cache_read_input_tokens":900}}}"#),
    ]
    .join("\n")
    .into_bytes()
}

fn price_table(rows: &[(&str, f64)]) -> Vec<u8> {
    let rows: Vec<String> =
        rows.iter().map(|(model, usd)| format!(r#""{model}":{{"input":{usd},"output":{usd},"cache_write_5m":{usd},"cache_read":{usd}}}"#)).collect();
    format!(r#"{{"date":"2026-12-01","models":{{{}}}}}"#, rows.join(",")).into_bytes()
}

/// A `git log --numstat` of the sample project with a commit during its first session.
fn git_log() -> Vec<u8> {
    b"session-lens-commit 0123456789abcdef0123456789abcdef01234567 2025-09-03T10:30:00+00:00 /path/to/Demo\n12\t3\tsrc/main.rs\n".to_vec()
}

fn session_records() -> (Vec<u8>, Vec<u8>) {
    let log = "---\nsession_id: \"logged-1\"\ntype: agentic\nproject_name: \"Demo\"\nstart_time: \"2025-09-03T00:00:00Z\"\nend_time: \"2025-09-08T00:00:00Z\"\nmetrics:\n  loc_accepted: 120\n  loc_discarded: 10\n  commits: 2\nclassification: production\n";
    let state = r#"{"schema_version": 1, "sessions": [{"id": "S1", "status": "ended", "started_at_utc": "2025-09-03T00:00:00Z", "ended_at_utc": "2025-09-08T00:00:00Z", "metrics": {"active_sec_est": 600}, "git": {"commit_count": 1}}]}"#;
    (log.as_bytes().to_vec(), state.as_bytes().to_vec())
}

/// A zip (written by Python's `zipfile`, deflated) of two small Claude Code projects, a
/// Gemini chat and a price table.
fn archive(prices: &[u8]) -> Vec<u8> {
    let root = common::scratch_dir("one-truth-zip");
    for (relative, to) in [
        ("real/ccusage/claude/projects/project-alpha/session-alpha/chat.jsonl", "projects/alpha/chat.jsonl"),
        ("real/ccusage/claude/projects/project-beta/session-beta/chat.jsonl", "projects/beta/chat.jsonl"),
        ("real/agent-sessions/gemini/jsonl_v040.jsonl", "gemini/chats/session-v040.jsonl"),
    ] {
        let target = root.join("in").join(to);
        std::fs::create_dir_all(target.parent().expect("folder")).expect("mkdir");
        std::fs::write(target, fixture_bytes(relative)).expect("write");
    }
    std::fs::write(root.join("in/prices.json"), prices).expect("write");
    let out = root.join("archive.zip");
    common::python_zip(&out, &root.join("in"), "", "deflated", false);
    let bytes = std::fs::read(&out).expect("zip");
    let _ = std::fs::remove_dir_all(&root);
    bytes
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    encoder.write_all(bytes).expect("gzip");
    encoder.finish().expect("gzip")
}

fn pool() -> &'static [PoolFile] {
    static POOL: OnceLock<Vec<PoolFile>> = OnceLock::new();
    POOL.get_or_init(|| {
        let mut files = Vec::new();
        let mut grow = |path: &str, relative: &str| files.push(PoolFile::growing(path, fixture_bytes(relative)));
        grow(
            "claude/projects/sample-project/1af7fc5e-8455-4414-9ccd-011d40f70b2a.jsonl",
            "real/claude-code-viewer/projects/sample-project/1af7fc5e-8455-4414-9ccd-011d40f70b2a.jsonl",
        );
        grow(
            "claude/projects/sample-project/5c0375b4-57a5-4f26-b12d-d022ee4e51b7.jsonl",
            "real/claude-code-viewer/projects/sample-project/5c0375b4-57a5-4f26-b12d-d022ee4e51b7.jsonl",
        );
        grow("claude/projects/sample-project/agent-test-hash-123.jsonl", "real/claude-code-viewer/projects/sample-project/agent-test-hash-123.jsonl");
        grow("claude/projects/agent-sessions/small.jsonl", "real/agent-sessions/claude/small.jsonl");
        grow(
            "claude/projects/agent-sessions/0a1b2c3d-4e5f-4061-8071-2a3b4c5d6e7f.jsonl",
            "real/agent-sessions/claude/subagent/0a1b2c3d-4e5f-4061-8071-2a3b4c5d6e7f.jsonl",
        );
        grow(
            "claude/projects/agent-sessions/0a1b2c3d-4e5f-4061-8071-2a3b4c5d6e7f/subagents/agent-a0ad4f44468bdf20d.jsonl",
            "real/agent-sessions/claude/subagent/0a1b2c3d-4e5f-4061-8071-2a3b4c5d6e7f/subagents/agent-a0ad4f44468bdf20d.jsonl",
        );
        grow("claude/projects/log/edge_cases.jsonl", "real/claude-code-log/edge_cases.jsonl");
        grow("claude/projects/fdp/hook-trace-stop-hook-error.jsonl", "real/claude-code-sessions-fdp/hook-trace-stop-hook-error.jsonl");
        grow("claude/projects/entire/full.jsonl", "real/entireio-cli/ab/2b9748b105/0/full.jsonl");
        grow("codex/sessions/2026/05/12/rollout-small.jsonl", "real/agent-sessions/codex/small.jsonl");
        grow("codex/sessions/branch-history/2026-05-12T08-00-00-parent.jsonl", "real/ccusage/codex/sessions/branch-history/2026-05-12T08-00-00-parent.jsonl");
        grow("codex/sessions/branch-history/2026-05-12T08-02-00-branch.jsonl", "real/ccusage/codex/sessions/branch-history/2026-05-12T08-02-00-branch.jsonl");
        grow("codex/sessions/agentsview/function_calls.jsonl", "real/agentsview/codex/function_calls.jsonl");
        grow("gemini/tmp/app/chats/session-v040.jsonl", "real/agent-sessions/gemini/jsonl_v040.jsonl");
        files.push(PoolFile::whole("gemini/tmp/app/chats/session-small.json", fixture_bytes("real/agent-sessions/gemini/small.json")));
        files.push(PoolFile::whole("gemini/tmp/view/chats/tool_calls.json", fixture_bytes("real/agentsview/gemini/tool_calls_with_results.json")));
        let (child, parent) = codex_parent_and_child();
        files.push(PoolFile::growing("codex/spawned/a-helper.jsonl", child));
        files.push(PoolFile::growing("codex/spawned/b-spawner.jsonl", parent));
        files.push(PoolFile::growing("claude/projects/sample-project/zz-continued.jsonl", claude_titles_elsewhere()));
        let mut demo = session_lens::demo::generate(session_lens::demo::DEMO_SEED);
        demo.sort_by_key(|file| file.text.len());
        for file in demo.iter().step_by(demo.len() / 6).take(6) {
            files.push(PoolFile::growing(&format!("demo/{}", file.path), file.text.clone().into_bytes()));
        }
        let claude = "claude-sonnet-4-20250514";
        files.push(PoolFile::whole("prices.json", price_table(&[(claude, 1e-6), ("gpt-5.2", 2e-6)])));
        files.push(PoolFile::whole("claude/prices-newer.json", price_table(&[(claude, 3e-6)])));
        files.push(PoolFile::whole("mixed/archive.zip", archive(&price_table(&[("gemini-2.5-pro", 5e-6)]))));
        files.push(PoolFile::whole("mixed/rollout-function-calls.jsonl.gz", gzip(&fixture_bytes("real/agentsview/codex/function_calls.jsonl"))));
        let zst = ruzstd::encoding::compress_to_vec(
            fixture_bytes("real/ccusage/codex/sessions/project-alpha/session-alpha.jsonl").as_slice(),
            ruzstd::encoding::CompressionLevel::Fastest,
        );
        files.push(PoolFile::whole("mixed/rollout-2026-05-10T10-00-00-session-alpha.jsonl.zst", zst));
        files.push(PoolFile::whole("records/repo.gitlog", git_log()));
        let (log, state) = session_records();
        files.push(PoolFile::whole("records/sessions.yaml", log));
        files.push(PoolFile::whole("records/session-state.json", state));
        files.push(PoolFile::whole("records/ccusage-daily.json", fixture_bytes("expected/claude-code-viewer.claude.daily.json")));
        files
    })
}

const PEOPLE: [&str; 3] = ["me", "bob", "ana"];

// ---------------------------------------------------------------------------------------
// The model: what is on the disk, and what the user does.

/// A pool file on the disk: how many of its lines are written, and its last-modified time.
#[derive(Clone, Debug, PartialEq, Eq)]
struct OnDisk {
    lines: usize,
    modified_ms: i64,
}

#[derive(Clone, Debug)]
struct World {
    disk: BTreeMap<usize, OnDisk>,
    /// Exports and reports written so far (their number), on the disk under `exports/`.
    written: usize,
    clock_ms: i64,
    person: String,
}

#[derive(Clone, Debug)]
enum Step {
    /// Drops these files of the disk (pool indexes and written files), the browser
    /// failing to read the one at `fails` (an index into the list), if any.
    Drop { files: Vec<usize>, written: Vec<usize>, fails: Option<usize> },
    /// Appends lines to a growing file; `keeps_time`: its last-modified time stays (a
    /// copy that keeps times), so only its size tells it changed.
    Grow { file: usize, lines: usize, keeps_time: bool },
    /// A file appears on the disk.
    Add { file: usize, lines: usize },
    /// A file is deleted from the disk (its kept parts stay).
    Delete { file: usize },
    /// The person field changes: everyone shown as the old label gets the new one.
    Rename { to: String },
    /// One dropped source (what a path's first segment names) is forgotten.
    Forget { source: String },
    /// An export of what is kept is saved to the disk.
    WriteExport,
    /// A report of what is kept is saved to the disk.
    WriteReport,
    /// The page is opened again: it shows what is kept.
    Reopen,
}

fn first_lines(file: usize, share: usize) -> usize {
    (pool()[file].line_count() * share).div_ceil(4).max(1)
}

impl ReferenceStateMachine for World {
    type State = World;
    type Transition = Step;

    fn init_state() -> BoxedStrategy<World> {
        let count = pool().len();
        proptest::collection::vec((proptest::bool::weighted(0.6), 1usize..=4), count)
            .prop_map(|chosen| {
                let disk = chosen
                    .into_iter()
                    .enumerate()
                    .filter(|(_, (on_disk, _))| *on_disk)
                    .map(|(file, (_, share))| (file, OnDisk { lines: first_lines(file, share), modified_ms: 1_000 }))
                    .collect();
                World { disk, written: 0, clock_ms: 1_000, person: String::from("me") }
            })
            .boxed()
    }

    fn transitions(state: &World) -> BoxedStrategy<Step> {
        let on_disk: Vec<usize> = state.disk.keys().copied().collect();
        let off_disk: Vec<usize> = (0..pool().len()).filter(|file| !state.disk.contains_key(file)).collect();
        let growing: Vec<usize> =
            on_disk.iter().copied().filter(|file| pool()[*file].lines.as_ref().is_some_and(|lines| state.disk[file].lines < lines.len())).collect();
        let sources: Vec<String> =
            pool().iter().map(|file| source_name(&file.path).to_owned()).chain([String::from("exports")]).collect::<BTreeSet<_>>().into_iter().collect();
        let written = state.written;
        let mut choices: Vec<(u32, BoxedStrategy<Step>)> = Vec::new();
        if !on_disk.is_empty() || written > 0 {
            let everything = (on_disk.clone(), (0..written).collect::<Vec<_>>());
            let whole = Just(Step::Drop { files: everything.0.clone(), written: everything.1.clone(), fails: None }).boxed();
            let some = (
                proptest::sample::subsequence(on_disk.clone(), 0..=on_disk.len()),
                proptest::sample::subsequence((0..written).collect::<Vec<_>>(), 0..=written),
            )
                .prop_map(|(files, written)| Step::Drop { files, written, fails: None })
                .boxed();
            let failing = (proptest::sample::subsequence(on_disk.clone(), 1..=on_disk.len().max(1)), any::<proptest::sample::Index>())
                .prop_map(|(files, at)| {
                    let fails = Some(at.index(files.len()));
                    Step::Drop { files, written: Vec::new(), fails }
                })
                .boxed();
            choices.push((4, whole));
            choices.push((4, some));
            if !on_disk.is_empty() {
                choices.push((1, failing));
            }
        }
        if !growing.is_empty() {
            let grow = (proptest::sample::select(growing), 1usize..40, proptest::bool::weighted(0.2));
            choices.push((2, grow.prop_map(|(file, lines, keeps_time)| Step::Grow { file, lines, keeps_time }).boxed()));
        }
        if !off_disk.is_empty() {
            choices.push((
                2,
                (proptest::sample::select(off_disk), 1usize..=4).prop_map(|(file, share)| Step::Add { file, lines: first_lines(file, share) }).boxed(),
            ));
        }
        if !on_disk.is_empty() {
            choices.push((1, proptest::sample::select(on_disk).prop_map(|file| Step::Delete { file }).boxed()));
        }
        choices.push((1, proptest::sample::select(PEOPLE.to_vec()).prop_map(|to| Step::Rename { to: to.to_owned() }).boxed()));
        choices.push((1, proptest::sample::select(sources).prop_map(|source| Step::Forget { source }).boxed()));
        choices.push((1, Just(Step::WriteExport).boxed()));
        choices.push((1, Just(Step::WriteReport).boxed()));
        choices.push((1, Just(Step::Reopen).boxed()));
        proptest::strategy::Union::new_weighted(choices).boxed()
    }

    fn preconditions(state: &World, step: &Step) -> bool {
        match step {
            Step::Drop { files, written, fails } => {
                files.iter().all(|file| state.disk.contains_key(file)) && written.iter().all(|n| *n < state.written) && fails.is_none_or(|at| at < files.len())
            }
            Step::Grow { file, .. } | Step::Delete { file } => state.disk.contains_key(file),
            Step::Add { file, .. } => !state.disk.contains_key(file),
            Step::Rename { .. } | Step::Forget { .. } | Step::WriteExport | Step::WriteReport | Step::Reopen => true,
        }
    }

    fn apply(mut state: World, step: &Step) -> World {
        state.clock_ms += 1_000;
        match step {
            Step::Grow { file, lines, keeps_time } => {
                let on_disk = state.disk.get_mut(file).expect("on the disk");
                on_disk.lines = (on_disk.lines + lines).min(pool()[*file].line_count());
                if !keeps_time {
                    on_disk.modified_ms = state.clock_ms;
                }
            }
            Step::Add { file, lines } => {
                state.disk.insert(*file, OnDisk { lines: *lines, modified_ms: state.clock_ms });
            }
            Step::Delete { file } => {
                state.disk.remove(file);
            }
            Step::Rename { to } => state.person = to.clone(),
            Step::WriteExport | Step::WriteReport => state.written += 1,
            Step::Drop { .. } | Step::Forget { .. } | Step::Reopen => {}
        }
        state
    }
}

// ---------------------------------------------------------------------------------------
// The system under test: the page's core over a store standing in for IndexedDB.

/// A file as the disk holds it.
#[derive(Clone, Debug)]
struct DiskFile {
    bytes: Vec<u8>,
    modified_ms: i64,
}

/// The latest copy read of a file, as a fresh load would read it.
#[derive(Clone, Debug)]
struct Visible {
    bytes: Vec<u8>,
    modified_ms: i64,
    person: String,
}

struct Page {
    /// Exports and reports written, by number: their path and bytes.
    written: Vec<(String, DiskFile)>,
    /// IndexedDB: each kept file's description and encoded parts, and the labels.
    store: BTreeMap<String, (KeptFile, Vec<u8>)>,
    labels: PersonLabels,
    person: String,
    /// What the last drop showed.
    shown: Option<Dataset>,
    /// The reference: the latest copy read of every file not forgotten, and every
    /// rename in order.
    visible: BTreeMap<String, Visible>,
    renames: Vec<(String, String)>,
    /// Steps taken so far.
    steps: usize,
}

fn disk_file(world: &World, file: usize) -> DiskFile {
    let on_disk = &world.disk[&file];
    DiskFile { bytes: pool()[file].content(on_disk.lines), modified_ms: on_disk.modified_ms }
}

impl Page {
    fn kept(&self) -> Dataset {
        let parts = self.store.values().map(|(file, bytes)| MergePart { file, bytes: bytes.as_slice(), from_store: true });
        assemble_parts(parts, Assembly { labels: &self.labels, ..Assembly::default() }).expect("kept parts assemble")
    }

    /// A drop, as `ui::loader::read_dropped` takes it.
    fn drop_files(&mut self, dropped: Vec<(String, DiskFile)>, fails: Option<usize>) {
        let kept_sources: Vec<SourceFile> = self.store.values().map(|(file, _)| file.source.clone()).collect();
        let sources: Vec<SourceFile> =
            dropped.iter().map(|(path, file)| SourceFile { path: path.clone(), size_bytes: file.bytes.len() as u64, modified_ms: file.modified_ms }).collect();
        let plan = plan_drop(&kept_sources, &sources);
        // What the model expects to be read: files never read (or forgotten since), and
        // files whose time or size changed since they were read.
        let changed = |seen: &Visible, file: &DiskFile| seen.modified_ms != file.modified_ms || seen.bytes.len() != file.bytes.len();
        let expected: Vec<usize> =
            (0..dropped.len()).filter(|at| self.visible.get(&dropped[*at].0).is_none_or(|seen| changed(seen, &dropped[*at].1))).collect();
        assert_eq!(plan.read, expected, "the files a drop reads");
        let read: Vec<(KeptFile, Vec<u8>, bool)> = plan
            .read
            .iter()
            .map(|at| {
                let (source, (path, file)) = (sources[*at].clone(), &dropped[*at]);
                if fails == Some(*at) {
                    let mut ingest = Ingest::new();
                    ingest.skip_file(path, file.bytes.len() as u64, FileSkip::Unreadable(String::from("NotReadableError")));
                    let (kept, bytes) = encode_file(source, &self.person, &ingest.finish()).expect("encodes");
                    (kept, bytes, false)
                } else {
                    let (kept, bytes) = encode_file(source, &self.person, &read_parts(path, &self.person, &file.bytes, file.modified_ms)).expect("encodes");
                    self.visible.insert(path.clone(), Visible { bytes: file.bytes.clone(), modified_ms: file.modified_ms, person: self.person.clone() });
                    (kept, bytes, true)
                }
            })
            .collect();
        let read_files: Vec<ReadFile<&[u8]>> =
            read.iter().map(|(file, bytes, was_read)| ReadFile { file, bytes: bytes.as_slice(), was_read: *was_read }).collect();
        let parts = parts_after_drop(read_files, self.store.values().map(|(file, bytes)| (file, bytes.as_slice())));
        self.shown = Some(assemble_parts(parts, Assembly { labels: &self.labels, ..Assembly::default() }).expect("the drop assembles"));
        let read_files: Vec<ReadFile<&[u8]>> =
            read.iter().map(|(file, bytes, was_read)| ReadFile { file, bytes: bytes.as_slice(), was_read: *was_read }).collect();
        let keep: Vec<(KeptFile, Vec<u8>)> = parts_to_keep(&read_files).map(|part| (part.file.clone(), part.bytes.to_vec())).collect();
        for (file, bytes) in keep {
            self.store.insert(file.source.path.clone(), (file, bytes));
        }
    }

    /// A fresh load of what is visible: every file read as it was dropped, then renamed
    /// one rename after another.
    fn fresh(&self) -> Dataset {
        let parts = self.visible.iter().flat_map(|(path, file)| read_parts(path, &file.person, &file.bytes, file.modified_ms));
        let mut dataset = merge_in_order(parts, Assembly::default());
        for (from, to) in &self.renames {
            dataset.relabel_person(from, to);
        }
        dataset
    }
}

struct OneTruth;

impl StateMachineTest for OneTruth {
    type SystemUnderTest = Page;
    type Reference = World;

    fn init_test(world: &World) -> Page {
        Page {
            written: Vec::new(),
            store: BTreeMap::new(),
            labels: PersonLabels::default(),
            person: world.person.clone(),
            shown: None,
            visible: BTreeMap::new(),
            renames: Vec::new(),
            steps: 0,
        }
    }

    fn apply(mut page: Page, world: &World, step: Step) -> Page {
        page.shown = None;
        page.steps += 1;
        match step {
            Step::Drop { files, written, fails } => {
                let mut dropped: Vec<(String, DiskFile)> = files.iter().map(|file| (pool()[*file].path.clone(), disk_file(world, *file))).collect();
                dropped.extend(written.iter().map(|n| page.written[*n].clone()));
                let failing_path = fails.map(|at| dropped[at].0.clone());
                // In path order, as the page lists them.
                dropped.sort_by(|a, b| a.0.cmp(&b.0));
                let fails = failing_path.and_then(|path| dropped.iter().position(|(dropped, _)| *dropped == path));
                page.drop_files(dropped, fails);
            }
            Step::Rename { to } => {
                let from = std::mem::replace(&mut page.person, to.clone());
                if from != to {
                    page.labels.rename(&from, &to);
                    page.renames.push((from, to));
                }
            }
            Step::Forget { source } => {
                page.store.retain(|path, _| source_name(path) != source);
                page.visible.retain(|path, _| source_name(path) != source);
            }
            Step::WriteExport | Step::WriteReport => {
                let kept = page.kept();
                let mut bytes = Vec::new();
                let created_at = String::from("2026-12-05T00:00:00Z");
                let number = page.written.len();
                let path = if matches!(step, Step::WriteExport) {
                    write_export(&kept, &ExportOptions { redaction: Redaction::default(), created_at, conversations: None }, &mut bytes).expect("export");
                    format!("exports/export-{number}.json")
                } else {
                    let controls = Controls::new(parse_time_zone("UTC").expect("UTC"));
                    let options = ReportOptions {
                        filters: controls.filters,
                        settings: controls.settings,
                        patterns: controls.patterns,
                        today: today(),
                        redaction: Redaction::default(),
                        created_at,
                        demo: false,
                        summary_only: false,
                    };
                    write_report(&kept, &options, &mut bytes).expect("report");
                    format!("exports/report-{number}.html")
                };
                page.written.push((path, DiskFile { bytes, modified_ms: world.clock_ms }));
            }
            Step::Grow { .. } | Step::Add { .. } | Step::Delete { .. } | Step::Reopen => {}
        }
        page
    }

    fn check_invariants(page: &Page, _: &World) {
        let fresh = page.fresh();
        let kept = page.kept();
        assert_same(&kept, &fresh, "kept (the page opened again)", page.steps);
        if let Some(shown) = &page.shown {
            assert_same(shown, &fresh, "shown after the drop", page.steps);
        }
        assert_titles_as_written(&kept, &page.visible);
    }
}

// ---------------------------------------------------------------------------------------
// Comparisons.

/// Two JSON values equal, numbers to 1e-9 of their size.
fn same_json(a: &Value, b: &Value, at: &str) -> Result<(), String> {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => {
            let (x, y) = (x.as_f64().unwrap_or(f64::NAN), y.as_f64().unwrap_or(f64::NAN));
            if (x - y).abs() <= 1e-9 * x.abs().max(y.abs()).max(1.0) {
                Ok(())
            } else {
                Err(format!("{at}: {x} against {y}"))
            }
        }
        (Value::Array(xs), Value::Array(ys)) if xs.len() == ys.len() => {
            xs.iter().zip(ys).enumerate().try_for_each(|(index, (x, y))| same_json(x, y, &format!("{at}[{index}]")))
        }
        (Value::Object(xs), Value::Object(ys)) if xs.len() == ys.len() => {
            xs.iter().try_for_each(|(key, x)| same_json(x, ys.get(key).unwrap_or(&Value::Null), &format!("{at}.{key}")))
        }
        _ if a == b => Ok(()),
        _ => Err(format!("{at}: {a} against {b}")),
    }
}

/// The controls every comparison runs under: unfiltered with two idle cutoffs and two
/// time zones; then by each person and agent, by one project and one model (the
/// `turn`-th, so that a sequence's steps take each in turn), and the last 30 days.
fn comparisons(dataset: &Dataset, turn: usize) -> Vec<(String, Controls)> {
    let mut all = Vec::new();
    for zone in ["UTC", "Asia/Kolkata"] {
        for idle_minutes in [10, 3] {
            let mut controls = Controls::new(parse_time_zone(zone).expect("zone"));
            controls.settings.idle_cutoff_ms = idle_minutes * 60_000;
            all.push((format!("{zone}, idle {idle_minutes} min"), controls));
        }
    }
    let choices = filter_choices(dataset);
    let by = |label: &str, filters: Filters| {
        let mut controls = Controls::new(parse_time_zone("UTC").expect("UTC"));
        controls.filters = filters;
        (label.to_owned(), controls)
    };
    all.extend(choices.people.iter().map(|person| by(&format!("person {person}"), Filters { person: Some(person.clone()), ..Filters::default() })));
    all.extend(choices.agents.iter().map(|agent| by(&format!("agent {agent}"), Filters { agent: Some(agent.clone()), ..Filters::default() })));
    let nth = |choices: &[String]| (!choices.is_empty()).then(|| choices[turn % choices.len()].clone());
    all.extend(nth(&choices.projects).map(|project| by(&format!("project {project}"), Filters { project: Some(project), ..Filters::default() })));
    all.extend(nth(&choices.models).map(|model| by(&format!("model {model}"), Filters { model: Some(model), ..Filters::default() })));
    all.push(by("the last 30 days", Filters { period: Period::LastDays(30), ..Filters::default() }));
    all
}

/// Each session's conversation, start, title, person and outcome.
fn sessions(dataset: &Dataset, settings: &Settings) -> Vec<(String, i64, Option<String>, String, &'static str)> {
    let base = SessionBase::build(dataset, &Filters::default(), settings, today());
    let mut sessions: Vec<_> = base
        .sessions()
        .iter()
        .map(|facts| {
            let conversation = dataset.conversation(facts.conversation);
            (conversation.session_key.clone(), facts.start_ms, conversation.title.clone(), conversation.person.clone(), facts.outcome.label())
        })
        .collect();
    sessions.sort();
    sessions
}

fn assert_same(shown: &Dataset, fresh: &Dataset, what: &str, turn: usize) {
    assert_eq!(shown.conversations.len(), fresh.conversations.len(), "{what}: conversations");
    assert_eq!(shown.requests.len(), fresh.requests.len(), "{what}: requests");
    assert_eq!(shown.events.len(), fresh.events.len(), "{what}: events");
    for (label, controls) in comparisons(fresh, turn) {
        let (a, b) = (summary_json(shown, &controls, today()), summary_json(fresh, &controls, today()));
        if let Err(difference) = same_json(&a, &b, "summary") {
            panic!("{what}, {label}: {difference}");
        }
    }
    for idle_minutes in [10, 3] {
        let settings = Settings { idle_cutoff_ms: idle_minutes * 60_000, ..Settings::default() };
        assert_eq!(sessions(shown, &settings), sessions(fresh, &settings), "{what}: sessions at an idle cutoff of {idle_minutes} min");
    }
}

/// The titles the visible Claude Code transcripts' own lines give, read by hand: the
/// `summary` line of a conversation is for the session of the first line (in path
/// order) with its leaf's uuid; `ai-title` then `custom-title` lines win over it; the
/// last line of a kind wins.
fn titles_as_written(visible: &BTreeMap<String, Visible>) -> BTreeMap<String, String> {
    let mut session_of_line: BTreeMap<String, String> = BTreeMap::new();
    let mut claims: Vec<(u8, String, String)> = Vec::new();
    let mut summaries: Vec<(String, String)> = Vec::new();
    for (path, file) in visible {
        let is_transcript = path.ends_with(".jsonl") && !path.contains("/subagents/");
        if !is_transcript {
            continue;
        }
        for line in file.bytes.split(|byte| *byte == b'\n').filter_map(|line| serde_json::from_slice::<Value>(line).ok()) {
            let text = |key: &str| line[key].as_str().map(str::to_owned);
            match line["type"].as_str() {
                Some("user" | "assistant" | "system") => {
                    if let (Some(uuid), Some(session)) = (text("uuid"), text("sessionId")) {
                        session_of_line.entry(uuid).or_insert(session);
                    }
                }
                Some("summary") => summaries.extend(text("leafUuid").zip(text("summary"))),
                Some("ai-title") => claims.extend(text("sessionId").zip(text("aiTitle")).map(|(session, title)| (1, session, title))),
                Some("custom-title") => claims.extend(text("sessionId").zip(text("customTitle")).map(|(session, title)| (2, session, title))),
                _ => {}
            }
        }
    }
    let mut titles = BTreeMap::new();
    for (leaf, title) in summaries {
        if let Some(session) = session_of_line.get(&leaf) {
            titles.insert(session.clone(), title);
        }
    }
    claims.sort_by_key(|(rank, _, _)| *rank);
    for (_, session, title) in claims {
        titles.insert(session, title);
    }
    titles
}

fn assert_titles_as_written(kept: &Dataset, visible: &BTreeMap<String, Visible>) {
    let known: BTreeMap<&str, Option<&str>> =
        kept.conversations.iter().map(|conversation| (conversation.session_key.as_str(), conversation.title.as_deref())).collect();
    for (session, title) in titles_as_written(visible) {
        if let Some(shown) = known.get(session.as_str()) {
            assert_eq!(*shown, Some(title.as_str()), "the title of {session}, as its transcripts write it");
        }
    }
}

prop_state_machine! {
    #![proptest_config(Config {
        cases: std::env::var("SESSION_LENS_ONE_TRUTH_CASES").ok().and_then(|cases| cases.parse().ok()).unwrap_or(24),
        max_shrink_iters: 2_000,
        failure_persistence: None,
        .. Config::default()
    })]
    #[test]
    fn any_sequence_of_drops_shows_a_fresh_load_of_what_it_made_visible(sequential 1..14 => OneTruth);
}

/// The pool holds what the issue's three cases need: a price table among transcripts of
/// its model, a zip, and a title line naming a conversation of another file.
#[test]
fn the_pool_holds_each_case() {
    let files = pool();
    let fresh = session_lens::transport::ingest_files(
        files.iter().map(|file| (file.path.as_str(), "me", file.bytes.as_slice())),
        session_lens::pricing::PriceTable::embedded(),
    );
    let choices = filter_choices(&fresh);
    for agent in ["claude-code", "codex", "gemini-cli"] {
        assert!(choices.agents.iter().any(|shown| shown == agent), "{agent} among {:?}", choices.agents);
    }
    assert!(fresh.price_tables.len() >= 3, "price tables: {}", fresh.price_tables.len());
    let title = fresh
        .conversations
        .iter()
        .find(|conversation| conversation.session_key == "1af7fc5e-8455-4414-9ccd-011d40f70b2a")
        .and_then(|conversation| conversation.title.clone());
    assert_eq!(title.as_deref(), Some("Set up the project guide"), "a title from another file");
    assert!(!fresh.external.is_empty() && !fresh.commits.is_empty());
    assert!(fresh.files.iter().any(|file| file.path.starts_with("mixed/archive.zip/")), "the zip's entries are read");
}
