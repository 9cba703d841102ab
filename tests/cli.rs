//! The `session-lens` command line on real fixtures.
#![cfg(not(target_arch = "wasm32"))]

use crate::common;
use std::process::Command;

use serde_json::Value;

fn run(arguments: &[&str]) -> (i32, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_session-lens")).args(arguments).output().expect("run session-lens");
    (output.status.code().unwrap_or(-1), String::from_utf8_lossy(&output.stdout).into_owned(), String::from_utf8_lossy(&output.stderr).into_owned())
}

#[test]
fn summary_json_names_every_figure_of_the_sample_project() {
    let folder = common::fixture("real/claude-code-viewer/projects/sample-project");
    let (code, stdout, stderr) = run(&["summary", "--json", folder.to_str().expect("utf-8 path")]);
    assert_eq!(code, 0, "{stderr}");
    let json: Value = serde_json::from_str(&stdout).expect("JSON");
    // ccusage's totals for the same folder (fixtures/expected/claude-code-viewer.claude.daily.json).
    assert_eq!(json["input_tokens"], 1240);
    assert_eq!(json["output_tokens"], 56535);
    assert_eq!(json["cache_write_tokens"], 198421);
    assert_eq!(json["cache_read_tokens"], 4075332);
    assert_eq!(json["total_tokens"], 4331528);
    let cost_usd = json["cost_usd"].as_f64().expect("cost");
    assert!((cost_usd - 2.8184233499999998).abs() < 1e-9, "{cost_usd}");
    for name in ["sessions", "conversations", "active_time_ms", "skipped_lines"] {
        assert!(json[name].is_u64() || json[name].is_i64(), "{name} missing: {json}");
    }
}

#[test]
fn daily_json_matches_ccusage_days_for_the_sample_project() {
    let folder = common::fixture("real/claude-code-viewer/projects/sample-project");
    let (code, stdout, stderr) = run(&["daily", "--json", "--tz", "UTC", "--agent", "claude-code", folder.to_str().expect("utf-8 path")]);
    assert_eq!(code, 0, "{stderr}");
    let ours: Value = serde_json::from_str(&stdout).expect("JSON");
    let expected_text = std::fs::read_to_string(common::fixture("expected/claude-code-viewer.claude.daily.json")).expect("expected");
    let theirs: Value = serde_json::from_str(&expected_text).expect("JSON");
    let (ours_days, their_days) = (ours["daily"].as_array().expect("days"), theirs["daily"].as_array().expect("days"));
    assert_eq!(ours_days.len(), their_days.len());
    for (ours, theirs) in ours_days.iter().zip(their_days) {
        for key in ["date", "inputTokens", "outputTokens", "cacheCreationTokens", "cacheReadTokens", "totalTokens", "modelsUsed"] {
            assert_eq!(ours[key], theirs[key], "{key} on {}", theirs["date"]);
        }
        let (a, b) = (ours["totalCost"].as_f64().expect("cost"), theirs["totalCost"].as_f64().expect("cost"));
        assert!((a - b).abs() <= 1e-3 * b, "cost on {}: {a} vs {b}", theirs["date"]);
    }
}

#[test]
fn usage_errors_exit_2_with_a_message() {
    let (code, _, stderr) = run(&["summary", "/nonexistent"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("--json"), "{stderr}");
    let (code, _, stderr) = run(&["summary", "--json", "/nonexistent/folder"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("cannot read"), "{stderr}");
}

#[test]
fn user_price_table_overrides_the_embedded_one() {
    let folder = common::fixture("real/claude-code-viewer/projects/sample-project");
    let prices = common::dollar_per_million_price_table("cli-prices");
    let (code, stdout, stderr) = run(&["summary", "--json", "--prices", prices.to_str().expect("path"), folder.to_str().expect("path")]);
    let _ = std::fs::remove_file(&prices);
    assert_eq!(code, 0, "{stderr}");
    let json: Value = serde_json::from_str(&stdout).expect("JSON");
    let cost_usd = json["cost_usd"].as_f64().expect("cost");
    assert!((cost_usd - 4_331_528.0 * 1e-6).abs() < 1e-9, "{cost_usd}");
}

#[test]
fn time_zone_moves_requests_between_days() {
    let folder = common::fixture("real/claude-code-viewer/projects/sample-project");
    let days = |zone: &str| {
        // Every agent together: ccusage's top-level shape names the day `period`.
        let (code, stdout, stderr) = run(&["daily", "--json", "--tz", zone, folder.to_str().expect("path")]);
        assert_eq!(code, 0, "{stderr}");
        let json: Value = serde_json::from_str(&stdout).expect("JSON");
        json["daily"].as_array().expect("days").iter().map(|day| day["period"].as_str().expect("date").to_owned()).collect::<Vec<_>>()
    };
    assert_eq!(days("UTC"), ["2025-09-03", "2025-09-07"]);
    // The 2025-09-03 session ran from 00:52 UTC: still the 2nd in Los Angeles.
    assert_eq!(days("America/Los_Angeles")[0], "2025-09-02");
}

fn temp_path(name: &str) -> std::path::PathBuf {
    std::env::temp_dir().join(format!("session-lens-cli-{}-{name}", std::process::id()))
}

fn summary_of(path: &std::path::Path) -> Value {
    let (code, stdout, stderr) = run(&["summary", "--json", "--tz", "UTC", path.to_str().expect("path")]);
    assert_eq!(code, 0, "{stderr}");
    serde_json::from_str(&stdout).expect("JSON")
}

/// `data-metric` → `data-value` of an HTML file.
fn metrics_in_html(html: &str) -> serde_json::Map<String, Value> {
    html.split("data-metric=\"")
        .skip(1)
        .map(|rest| {
            let name = &rest[..rest.find('"').expect("end of name")];
            let value = rest.split("data-value=\"").nth(1).expect("a value");
            let value = &value[..value.find('"').expect("end of value")];
            let number = if value.is_empty() { Value::Null } else { serde_json::from_str(value).expect("a number") };
            (name.to_owned(), number)
        })
        .collect()
}

#[test]
fn export_round_trips_through_the_command_line_plain_and_gzipped() {
    let folder = common::fixture("real/claude-code-viewer/projects/sample-project");
    let from_folder = summary_of(&folder);
    for name in ["sample.json", "sample.json.gz"] {
        let out = temp_path(name);
        let (code, _, stderr) = run(&["export", "--person", "ana", folder.to_str().expect("path"), "-o", out.to_str().expect("path")]);
        assert_eq!(code, 0, "{stderr}");
        assert!(stderr.contains("wrote"), "{stderr}");
        let bytes = std::fs::read(&out).expect("written");
        assert_eq!(bytes.starts_with(&[0x1f, 0x8b]), name.ends_with(".gz"), "gzip when the name asks for it");
        let mut loaded = summary_of(&out);
        // The export's sessions are labelled ana, the folder's me: the same practices.
        assert_eq!(loaded["practices"]["people"]["ana"], from_folder["practices"]["people"]["me"], "{name}");
        loaded["practices"]["people"] = from_folder["practices"]["people"].clone();
        assert_eq!(loaded["baselines"]["people"]["ana"], from_folder["baselines"]["people"]["me"], "{name}");
        loaded["baselines"]["people"] = from_folder["baselines"]["people"].clone();
        for card in loaded["project_catalogue"].as_array_mut().expect("cards") {
            assert_eq!(card["people"], serde_json::json!(["ana"]));
            card["people"] = serde_json::json!(["me"]);
        }
        assert_eq!(loaded, from_folder, "{name}");
        // ccusage's totals for this folder, independently of our ingest.
        assert_eq!(loaded["total_tokens"], 4331528);
        let _ = std::fs::remove_file(&out);
    }
}

#[test]
fn hashed_export_names_the_person_and_hides_the_paths() {
    let folder = common::fixture("real/claude-code-viewer/projects/sample-project");
    let out = temp_path("hashed.json");
    let (code, _, stderr) = run(&["export", "--hash-paths", "--person", "ana", folder.to_str().expect("path"), "-o", out.to_str().expect("path")]);
    assert_eq!(code, 0, "{stderr}");
    let text = std::fs::read_to_string(&out).expect("written");
    let _ = std::fs::remove_file(&out);
    assert!(text.contains("\"person\":\"ana\"") && text.contains("\"hash_paths\":true"));
    assert!(!text.contains("/path/to/Demo") && !text.contains("sample-project"), "paths are hashed");
}

#[test]
fn report_shows_the_summary_figures_and_reopens_as_data() {
    let folder = common::fixture("real/claude-code-viewer/projects/sample-project");
    let out = temp_path("report.html");
    let (code, _, stderr) = run(&["report", "--tz", "UTC", folder.to_str().expect("path"), "-o", out.to_str().expect("path")]);
    assert_eq!(code, 0, "{stderr}");
    let html = std::fs::read_to_string(&out).expect("written");
    let from_folder = summary_of(&folder);
    let shown = metrics_in_html(&html);
    let numbers = |map: &serde_json::Map<String, Value>| map.iter().map(|(k, v)| (k.clone(), v.as_f64())).collect::<std::collections::BTreeMap<_, _>>();
    let figures: serde_json::Map<String, Value> =
        from_folder.as_object().expect("object").iter().filter(|(_, v)| v.is_number() || v.is_null()).map(|(k, v)| (k.clone(), v.clone())).collect();
    assert_eq!(numbers(&shown), numbers(&figures), "the report's cards are the summary's figures");
    assert!(html.contains("http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'"));
    assert_eq!(html.matches("<script").count(), 1, "one script element, the embedded data");
    assert!(html.contains("<script type=\"application/json\" id=\"session-lens-export\">"));
    for reference in [" src=", " href=", "url(", "@import", "http://", "https://"] {
        assert!(!html.contains(reference), "{reference} in the report: it must load nothing");
    }
    assert_eq!(summary_of(&out), from_folder, "the report reopens as the same data");
    let _ = std::fs::remove_file(&out);
}

#[test]
fn a_summary_only_report_has_the_figures_and_no_session_path_or_data() {
    let folder = common::fixture("real/claude-code-viewer/projects/sample-project");
    let (full, summary) = (temp_path("full.html"), temp_path("summary.html"));
    let path = folder.to_str().expect("path");
    assert_eq!(run(&["report", "--tz", "UTC", path, "-o", full.to_str().expect("path")]).0, 0);
    assert_eq!(run(&["report", "--tz", "UTC", "--summary-only", path, "-o", summary.to_str().expect("path")]).0, 0);
    let (full_html, summary_html) = (std::fs::read_to_string(&full).expect("full"), std::fs::read_to_string(&summary).expect("summary"));
    assert_eq!(metrics_in_html(&summary_html), metrics_in_html(&full_html), "the same figures");
    // The file paths the set's edits name: in the full report, in no summary.
    let files = summary_of(&folder);
    let edited: Vec<String> = full_html
        .match_indices("data-row=\"")
        .map(|(at, _)| full_html[at + 10..].split('"').next().unwrap_or_default().to_owned())
        .filter(|row| row.contains('/'))
        .collect();
    assert!(!edited.is_empty(), "the full report names files: {files}");
    for path in &edited {
        assert!(!summary_html.contains(path.as_str()), "{path} in the summary");
    }
    assert!(!summary_html.contains("<script"), "no embedded data");
    assert!(!summary_html.contains("data-section=\"sessions\"") && full_html.contains("data-section=\"sessions\""));
    assert!(summary_html.len() * 2 < full_html.len(), "{} bytes against {}", summary_html.len(), full_html.len());
    let _ = (std::fs::remove_file(&full), std::fs::remove_file(&summary));
}

#[test]
fn export_and_report_need_an_output_file() {
    let folder = common::fixture("real/claude-code-viewer/projects/sample-project");
    for command in ["export", "report"] {
        let (code, _, stderr) = run(&[command, folder.to_str().expect("path")]);
        assert_eq!(code, 2);
        assert!(stderr.contains("-o FILE"), "{stderr}");
    }
}

/// Markup and script in every text a transcript carries reach the report as text.
#[test]
fn a_report_of_hostile_transcripts_holds_its_payloads_only_as_escaped_text() {
    let folder = common::hostile::write_folder("cli");
    let out = temp_path("hostile.html");
    let (code, _, stderr) = run(&["report", "--tz", "UTC", "--include-text", folder.to_str().expect("path"), "-o", out.to_str().expect("path")]);
    assert_eq!(code, 0, "{stderr}");
    let html = std::fs::read_to_string(&out).expect("written");
    let summary = summary_of(&folder);
    assert_eq!(summary["sessions"], 2, "both hostile sessions were read");
    for tag in ["<img", "<iframe", "<svg onload", "<script>window"] {
        assert!(!html.contains(tag), "{tag} reached the report unescaped");
    }
    assert_eq!(html.matches("<script").count(), 1, "only the embedded data's element");
    assert!(html.contains("&lt;img src=x onerror="), "the payload is shown as text");
    let shown = &html[..html.find("<script").expect("the data element")];
    assert!(!shown.contains('\u{202e}') && shown.contains("evil\u{fffd}sj.rs"), "the right-to-left override is shown neutralised");
    assert_eq!(summary_of(&out)["sessions"], 2, "and the embedded data reopens");
    let _ = std::fs::remove_file(&out);
    let _ = std::fs::remove_dir_all(&folder);
}

/// A session whose edits were committed outside the agent: a dropped `git log` (made
/// with the README's command, by git itself) makes it shipped.
#[test]
fn a_git_log_makes_a_session_shipped_when_its_work_was_committed() {
    let dir = temp_path("git-log");
    let repo = dir.join("repo");
    std::fs::create_dir_all(&repo).expect("folder");
    let git = |arguments: &[&str], date: &str| {
        let status = Command::new("git")
            .args(arguments)
            .current_dir(&repo)
            .env("GIT_AUTHOR_DATE", date)
            .env("GIT_COMMITTER_DATE", date)
            .env("GIT_AUTHOR_NAME", "A")
            .env("GIT_AUTHOR_EMAIL", "a@example.com")
            .env("GIT_COMMITTER_NAME", "A")
            .env("GIT_COMMITTER_EMAIL", "a@example.com")
            .status()
            .expect("git");
        assert!(status.success(), "git {arguments:?}");
    };
    git(&["init", "-q"], "2026-11-10T09:00:00Z");
    std::fs::write(repo.join("lib.rs"), "fn a() {}\nfn b() {}\nfn c() {}\n").expect("write");
    git(&["add", "."], "2026-11-10T09:00:00Z");
    // Committed 5 minutes after the session's last line: within the 10-minute cutoff.
    git(&["commit", "-qm", "work"], "2026-11-10T10:07:00Z");
    let toplevel =
        String::from_utf8(Command::new("git").args(["rev-parse", "--show-toplevel"]).current_dir(&repo).output().expect("git").stdout).expect("utf-8");
    let log = Command::new("git")
        .args(["log", "--all", "--numstat", "--date=iso-strict", &format!("--format=session-lens-commit %H %cd {}", toplevel.trim())])
        .current_dir(&repo)
        .output()
        .expect("git log");
    let log_path = dir.join("repo.gitlog");
    std::fs::write(&log_path, &log.stdout).expect("write");
    let session = common::lines::jsonl(&[
        serde_json::json!({"type": "user", "uuid": "u-1", "sessionId": "s-git", "cwd": toplevel.trim(), "timestamp": "2026-11-10T10:00:00.000Z", "message": {"role": "user", "content": "add three functions"}}).to_string(),
        serde_json::json!({"type": "assistant", "uuid": "a-1", "sessionId": "s-git", "cwd": toplevel.trim(), "timestamp": "2026-11-10T10:01:00.000Z",
            "message": {"id": "m-1", "model": "claude-sonnet-4-5", "role": "assistant", "usage": {"input_tokens": 1, "output_tokens": 1},
                        "content": [{"type": "tool_use", "id": "t-1", "name": "Write", "input": {"file_path": "lib.rs", "content": "fn a() {}\nfn b() {}\nfn c() {}"}}]}}).to_string(),
        serde_json::json!({"type": "user", "uuid": "u-2", "sessionId": "s-git", "cwd": toplevel.trim(), "timestamp": "2026-11-10T10:02:00.000Z",
            "message": {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "t-1", "content": "written"}]}}).to_string(),
    ]);
    let transcripts = dir.join("projects/-repo");
    std::fs::create_dir_all(&transcripts).expect("folder");
    std::fs::write(transcripts.join("s-git.jsonl"), session).expect("write");
    let outcomes = |paths: &[&std::path::Path]| {
        let mut arguments = vec!["summary", "--json", "--tz", "UTC"];
        arguments.extend(paths.iter().map(|path| path.to_str().expect("path")));
        let (code, stdout, stderr) = run(&arguments);
        assert_eq!(code, 0, "{stderr}");
        serde_json::from_str::<Value>(&stdout).expect("JSON")["outcomes"].clone()
    };
    assert_eq!(outcomes(&[&transcripts]), serde_json::json!({"shipped": 0, "changed": 1, "abandoned": 0}));
    assert_eq!(outcomes(&[&transcripts, &log_path]), serde_json::json!({"shipped": 1, "changed": 0, "abandoned": 0}));
    // An export of both keeps the commits.
    let export = dir.join("both.json");
    let (code, _, stderr) = run(&["export", transcripts.to_str().expect("path"), log_path.to_str().expect("path"), "-o", export.to_str().expect("path")]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(outcomes(&[&export]), serde_json::json!({"shipped": 1, "changed": 0, "abandoned": 0}));
    let _ = std::fs::remove_dir_all(&dir);
}

/// `daily` without `--json`: a table with every day, every model under `--breakdown`, the
/// totals of the JSON report, and no line wider than the terminal (`COLUMNS`).
#[test]
fn reports_print_tables_that_fit_the_terminal() {
    let folder = common::fixture("real/ccusage/claude/projects");
    let path = folder.to_str().expect("path");
    let (code, stdout, _) = run(&["daily", "--json", "--agent", "claude-code", path]);
    assert_eq!(code, 0);
    let json: Value = serde_json::from_str(&stdout).expect("JSON");
    for columns in ["200", "100", "72"] {
        let output = Command::new(env!("CARGO_BIN_EXE_session-lens"))
            .args(["daily", "--breakdown", "--agent", "claude-code", path])
            .env("COLUMNS", columns)
            .output()
            .expect("run");
        let table = String::from_utf8_lossy(&output.stdout);
        assert!(output.status.success());
        let width: usize = columns.parse().expect("width");
        assert!(table.lines().all(|line| line.chars().count() <= width), "COLUMNS={columns}:\n{table}");
        for day in json["daily"].as_array().expect("days") {
            assert!(table.contains(day["date"].as_str().expect("date")), "{table}");
            for model in day["modelBreakdowns"].as_array().expect("models") {
                // Tables name Claude's models without `claude-` and their date.
                let name = model["modelName"].as_str().expect("model").trim_start_matches("claude-");
                assert!(table.contains(&format!("└ {}", &name[..name.find("-20").unwrap_or(name.len())])), "{table}");
            }
        }
        let total = json["totals"]["totalTokens"].as_u64().expect("total");
        let grouped = total.to_string().as_bytes().rchunks(3).rev().map(|chunk| String::from_utf8_lossy(chunk).into_owned()).collect::<Vec<_>>().join(",");
        let total_line = table.lines().find(|line| line.starts_with("│ Total ")).expect("a total row");
        assert!(total_line.contains(&grouped), "{total_line} should hold {grouped}");
    }
}

/// `--since`/`--until` keep the days between (both included), `--order desc` turns the
/// rows round; YYYYMMDD is read as ccusage reads it.
#[test]
fn since_until_and_order_choose_and_turn_the_rows() {
    let folder = common::fixture("real/ccusage/claude/projects");
    let path = folder.to_str().expect("path");
    let dates = |arguments: &[&str]| {
        let mut all = vec!["daily", "--json", "--agent", "claude-code"];
        all.extend_from_slice(arguments);
        all.push(path);
        let (code, stdout, stderr) = run(&all);
        assert_eq!(code, 0, "{stderr}");
        let json: Value = serde_json::from_str(&stdout).expect("JSON");
        json["daily"].as_array().expect("days").iter().map(|day| day["date"].as_str().expect("date").to_owned()).collect::<Vec<_>>()
    };
    assert_eq!(dates(&[]), ["2026-01-09", "2026-01-10", "2026-02-03"]);
    assert_eq!(dates(&["--since", "2026-01-10"]), ["2026-01-10", "2026-02-03"]);
    assert_eq!(dates(&["-s", "20260110", "-u", "20260110"]), ["2026-01-10"]);
    assert_eq!(dates(&["--until", "2026-01-31", "--order", "desc"]), ["2026-01-10", "2026-01-09"]);
}

/// `--help` of every command and `--version` print and exit 0; a wrong flag names itself
/// and exits 2; nothing but notes goes to standard error when it is not a terminal.
#[test]
fn help_version_and_refusals() {
    for command in ["daily", "weekly", "monthly", "session", "blocks", "summary", "export", "report", "demo", "bench"] {
        let (code, stdout, _) = run(&[command, "--help"]);
        assert_eq!(code, 0, "{command}");
        assert!(stdout.starts_with(&format!("session-lens {command}")), "{command}: {stdout}");
    }
    let (code, stdout, _) = run(&["--version"]);
    assert_eq!((code, stdout.trim()), (0, concat!("session-lens ", env!("CARGO_PKG_VERSION"))));
    let (code, _, stderr) = run(&["weekly", "--start-of-week", "someday", "x"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("--start-of-week") && stderr.contains("someday"), "{stderr}");
    let (code, _, stderr) = run(&["blocks", "--session-length", "NaN", "x"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("--session-length"), "{stderr}");
    let folder = common::fixture("real/ccusage/claude/projects");
    let (code, _, stderr) = run(&["daily", "--no-cache", folder.to_str().expect("path")]);
    assert_eq!(code, 0);
    assert!(stderr.is_empty(), "no progress line into a pipe: {stderr:?}");
}

/// With no PATH the agents' own folders under `HOME` are read (ccusage's places), and the
/// files there that hold no session are counted rather than each named.
#[test]
fn no_path_reads_the_agents_folders_and_counts_what_is_not_a_session() {
    let home = std::env::temp_dir().join(format!("session-lens-cli-home-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&home);
    common::copy_tree(&common::fixture("real/ccusage/claude/projects"), &home.join(".claude/projects"));
    common::copy_tree(&common::fixture("real/ccusage/codex/sessions"), &home.join(".codex/sessions"));
    let gemini = home.join(".gemini/tmp/p");
    std::fs::create_dir_all(gemini.join("chats")).expect("gemini");
    std::fs::copy(common::fixture("real/agent-sessions/gemini/small.json"), gemini.join("chats/session-1.json")).expect("chat");
    for name in ["logs.json", "settings.json", "shell_history", "notes.txt", "state.bin"] {
        std::fs::write(gemini.join(name), b"not a session\n").expect("other file");
    }
    let output = Command::new(env!("CARGO_BIN_EXE_session-lens"))
        .args(["daily", "--json", "--no-cache"])
        .env("HOME", &home)
        .env_remove("CLAUDE_CONFIG_DIR")
        .env_remove("CODEX_HOME")
        .env_remove("GEMINI_DATA_DIR")
        .env_remove("XDG_CACHE_HOME")
        .output()
        .expect("run");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    let json: Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let agents: std::collections::BTreeSet<String> = json["daily"]
        .as_array()
        .expect("days")
        .iter()
        .flat_map(|day| day["metadata"]["agents"].as_array().cloned().unwrap_or_default())
        .filter_map(|agent| agent.as_str().map(str::to_owned))
        .collect();
    assert_eq!(agents.into_iter().collect::<Vec<_>>(), ["claude", "codex", "gemini"], "every agent's folder was read");
    assert!(stderr.contains("skipped 5 files of the agents' folders"), "{stderr}");
    assert_eq!(stderr.lines().filter(|line| line.contains("  skipped ")).count(), 3, "{stderr}");
    let _ = std::fs::remove_dir_all(&home);
}
