//! The command line's kept parts (`--cache-dir`): a second run over unchanged files prints
//! exactly what a fresh read prints, for every report, every fixture set and the demo
//! team; a changed file is read again; a damaged entry or one another version wrote is
//! never trusted, and says so.
#![cfg(not(target_arch = "wasm32"))]

use std::path::{Path, PathBuf};

use session_lens::cli;

use crate::common;

/// stdout and notes of one run.
fn run(arguments: &[String]) -> (String, Vec<String>) {
    let output = cli::run(arguments).expect("runs");
    (output.stdout, output.notes)
}

fn with(command: &[&str], cache: &[&str], paths: &[PathBuf]) -> Vec<String> {
    let mut arguments: Vec<String> = command.iter().chain(cache).map(|word| word.to_string()).collect();
    arguments.extend(paths.iter().map(|path| path.display().to_string()));
    arguments
}

fn entries(cache: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for folder in std::fs::read_dir(cache).expect("cache").flatten() {
        for entry in std::fs::read_dir(folder.path()).expect("folder").flatten() {
            found.push(entry.path());
        }
    }
    found.sort();
    found
}

const COMMANDS: [&[&str]; 4] = [
    &["summary", "--json", "--today", "2026-12-05", "--tz", "UTC"],
    &["daily", "--json", "--tz", "UTC"],
    &["session", "--json", "--agent", "claude-code"],
    &["monthly", "--json", "--agent", "codex"],
];

#[test]
fn a_warm_run_prints_what_a_fresh_read_prints_for_every_set_and_report() {
    let real = common::fixture("real");
    let mut sets: Vec<PathBuf> = std::fs::read_dir(&real).expect("fixtures").flatten().map(|entry| entry.path()).filter(|path| path.is_dir()).collect();
    sets.sort();
    let demo = common::scratch_dir("cache-demo");
    cli::run(&["demo", "-o", &demo.display().to_string()].map(String::from)).expect("demo");
    sets.push(demo.clone());
    for set in &sets {
        let cache = common::scratch_dir("cache-sets");
        let cache_flag = ["--cache-dir", cache.to_str().expect("path")];
        for command in COMMANDS {
            let fresh = run(&with(command, &["--no-cache"], std::slice::from_ref(set))).0;
            let cold = run(&with(command, &cache_flag, std::slice::from_ref(set))).0;
            let warm = run(&with(command, &cache_flag, std::slice::from_ref(set))).0;
            assert_eq!(cold, fresh, "{} {command:?}: the run that fills the cache", set.display());
            assert_eq!(warm, fresh, "{} {command:?}: the run from the cache", set.display());
        }
        assert!(!entries(&cache).is_empty(), "{}: parts were kept", set.display());
        let _ = std::fs::remove_dir_all(&cache);
    }
    let _ = std::fs::remove_dir_all(&demo);
}

#[test]
fn a_changed_file_is_read_again_and_a_damaged_or_foreign_entry_is_not_trusted() {
    let folder = common::scratch_dir("cache-changes");
    common::copy_tree(&common::fixture("real/ccusage/claude/projects"), &folder);
    let cache = common::scratch_dir("cache-changes-store");
    let cache_flag = ["--cache-dir", cache.to_str().expect("path")];
    let command = ["daily", "--json", "--agent", "claude-code"];
    let paths = [folder.clone()];
    let (first, notes) = run(&with(&command, &cache_flag, &paths));
    assert!(notes.is_empty(), "{notes:?}");
    let kept = entries(&cache);
    assert_eq!(kept.len(), 2, "one entry per file: {kept:?}");

    // A file grows: the next run reads it again, and equals a fresh read.
    let file = folder.join("project-alpha/session-alpha/chat.jsonl");
    let mut text = std::fs::read_to_string(&file).expect("chat");
    text.push_str(r#"{"timestamp":"2026-01-11T10:00:00.000Z","sessionId":"session-alpha","message":{"role":"assistant","id":"msg-new","model":"claude-sonnet-4-20250514","usage":{"input_tokens":7,"output_tokens":3,"cache_creation_input_tokens":0,"cache_read_input_tokens":0}},"requestId":"req-new","version":"1.0.0"}"#);
    text.push('\n');
    std::fs::write(&file, text).expect("append");
    let (grown, _) = run(&with(&command, &cache_flag, &paths));
    assert_ne!(grown, first, "the new request is counted");
    assert_eq!(grown, run(&with(&command, &["--no-cache"], &paths)).0);
    assert!(grown.contains("2026-01-11"), "{grown}");

    // A damaged entry: a byte of its parts changed.
    for entry in entries(&cache) {
        let mut bytes = std::fs::read(&entry).expect("entry");
        let last = bytes.len() - 1;
        bytes[last] ^= 0x55;
        std::fs::write(&entry, bytes).expect("damage");
    }
    let (repaired, notes) = run(&with(&command, &cache_flag, &paths));
    assert_eq!(repaired, grown);
    assert_eq!(notes.iter().filter(|note| note.contains("is damaged") && note.contains("read again")).count(), 2, "{notes:?}");
    let (again, notes) = run(&with(&command, &cache_flag, &paths));
    assert_eq!((again, notes), (grown.clone(), Vec::new()), "the entries were rewritten");

    // An entry written by another version of the parts' encoding.
    for entry in entries(&cache) {
        let text = std::fs::read(&entry).expect("entry");
        let newline = text.iter().position(|byte| *byte == b'\n').expect("header");
        let header = String::from_utf8(text[..newline].to_vec()).expect("header").replace("\"wire\":", "\"wire\":1");
        std::fs::write(&entry, [header.as_bytes(), &text[newline..]].concat()).expect("rewrite");
    }
    let (read_again, notes) = run(&with(&command, &cache_flag, &paths));
    assert_eq!(read_again, grown);
    assert!(notes.iter().any(|note| note.contains("another version")), "{notes:?}");

    // No header at all.
    for entry in entries(&cache) {
        std::fs::write(&entry, b"garbage").expect("garbage");
    }
    let (from_garbage, notes) = run(&with(&command, &cache_flag, &paths));
    assert_eq!(from_garbage, grown);
    assert!(notes.iter().any(|note| note.contains("has no header")), "{notes:?}");
    let _ = std::fs::remove_dir_all(&folder);
    let _ = std::fs::remove_dir_all(&cache);
}

#[test]
fn no_cache_keeps_nothing_and_an_unusable_folder_is_a_note() {
    let cache = common::scratch_dir("cache-off");
    let set = common::fixture("real/ccusage/claude/projects");
    run(&with(&["daily", "--json"], &["--no-cache"], std::slice::from_ref(&set)));
    assert!(std::fs::read_dir(&cache).expect("dir").next().is_none(), "nothing written");
    // A file where the folder should be: the run reads everything, and says why.
    let blocked = cache.join("not-a-folder");
    std::fs::write(&blocked, b"x").expect("file");
    let (output, notes) = run(&with(&["daily", "--json"], &["--cache-dir", blocked.to_str().expect("path")], std::slice::from_ref(&set)));
    assert_eq!(output, run(&with(&["daily", "--json"], &["--no-cache"], &[set])).0);
    assert!(notes.iter().any(|note| note.starts_with("no cache")), "{notes:?}");
    let _ = std::fs::remove_dir_all(&cache);
}
