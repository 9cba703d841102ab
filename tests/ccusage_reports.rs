//! Our `daily`, `weekly`, `monthly`, `session` and `blocks` reports against ccusage's own,
//! run here over the same fixtures: ccusage 20.0.24 from npm (installed by the test
//! set-up, `scripts/setup.sh`), offline, days in UTC, each fixture set laid out where
//! ccusage looks (`../shared/fixtures/expected/README.md`). For every set and agent, and
//! for all agents together: the same field names and nesting, the same rows, every token
//! class equal and costs within 0.1 %, except where `docs/ccusage-differences.md` says we
//! differ on purpose, which the test checks is exactly that difference.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::process::Command;

use serde_json::Value;
use session_lens::cli;

use crate::common;

const TOKEN_KEYS: [&str; 4] = ["inputTokens", "outputTokens", "cacheCreationTokens", "cacheReadTokens"];
const PERIOD_REPORTS: [&str; 3] = ["daily", "weekly", "monthly"];

/// One agent's files of a fixture set: where ours reads them, and how they are laid out
/// for ccusage.
struct Set {
    name: &'static str,
    agent: &'static str,
    /// Paths under `../shared/fixtures/real`, as our command line is given them.
    paths: &'static [&'static str],
}

const SETS: [Set; 14] = [
    Set { name: "claude-code-viewer", agent: "claude", paths: &["claude-code-viewer/projects/sample-project"] },
    Set { name: "claude-code-sessions-fdp", agent: "claude", paths: &["claude-code-sessions-fdp"] },
    Set { name: "agent-sessions", agent: "claude", paths: &["agent-sessions/claude"] },
    Set { name: "ccusage-fixtures", agent: "claude", paths: &["ccusage/claude/projects"] },
    Set { name: "claude-code-log", agent: "claude", paths: &["claude-code-log"] },
    Set { name: "entireio-cli", agent: "claude", paths: &["entireio-cli"] },
    Set { name: "oh-my-posh", agent: "claude", paths: &["oh-my-posh"] },
    Set { name: "agentv", agent: "claude", paths: &["agentv"] },
    Set { name: "ccusage-codex", agent: "codex", paths: &["ccusage/codex/sessions"] },
    Set { name: "agent-sessions-codex", agent: "codex", paths: &["agent-sessions/codex"] },
    Set { name: "agentsview-codex", agent: "codex", paths: &["agentsview/codex"] },
    Set { name: "agentv-codex", agent: "codex", paths: &["agentv"] },
    Set { name: "agent-sessions-gemini", agent: "gemini", paths: &["agent-sessions/gemini/small.json"] },
    Set {
        name: "entireio-cli-gemini",
        agent: "gemini",
        paths: &["entireio-cli/51/3fab7adf0b/0/full.jsonl", "entireio-cli/ab/2b9748b105/0/full.jsonl", "entireio-cli/ec/38b74f08e3/2/full.jsonl"],
    },
];

/// Folders laid out as ccusage reads them, with a home of their own (so that nothing of
/// this machine's own agents is read).
struct Layout {
    root: PathBuf,
    has: [bool; 3],
}

impl Layout {
    fn new(name: &str) -> Layout {
        let root = common::scratch_dir(&format!("ccusage-reports-{name}"));
        std::fs::create_dir_all(root.join("home")).expect("home");
        Layout { root, has: [false; 3] }
    }

    fn add(&mut self, set: &Set) {
        let gemini_files = std::cell::Cell::new(0);
        for path in set.paths {
            let from = common::fixture(&format!("real/{path}"));
            match set.agent {
                "claude" => {
                    self.has[0] = true;
                    common::copy_tree(&from, &self.root.join("claude/projects").join(set.name));
                }
                "codex" => {
                    self.has[1] = true;
                    common::copy_tree(&from, &self.root.join("codex/sessions").join(set.name));
                }
                _ => {
                    self.has[2] = true;
                    // ccusage reads Gemini chats from <data>/tmp/<project>/chats/session-*.json.
                    let chats = self.root.join("gemini/tmp/p/chats");
                    std::fs::create_dir_all(&chats).expect("chats");
                    let index = gemini_files.get();
                    gemini_files.set(index + 1);
                    std::fs::copy(&from, chats.join(format!("session-2026-01-01T00-00-{}{index}.json", set.name.len()))).expect("copy");
                }
            }
        }
    }

    /// ccusage's JSON report: `agent` `None` for its top-level (all agents) report.
    fn theirs(&self, agent: Option<&str>, report: &str) -> Value {
        let mut command = Command::new(common::ccusage());
        command.args(agent).args([report, "--json", "--offline", "-z", "UTC"]).env_clear();
        command.env("PATH", std::env::var("PATH").unwrap_or_default()).env("HOME", self.root.join("home")).env("TZ", "UTC");
        let folders = [("CLAUDE_CONFIG_DIR", "claude"), ("CODEX_HOME", "codex"), ("GEMINI_DATA_DIR", "gemini")];
        for ((variable, folder), has) in folders.into_iter().zip(self.has) {
            let dir = if has { self.root.join(folder) } else { self.root.join("none").join(folder) };
            command.env(variable, dir);
        }
        let output = command.output().expect("ccusage runs");
        let text = String::from_utf8_lossy(&output.stdout);
        if !output.status.success() || text.trim().is_empty() {
            return Value::Null;
        }
        serde_json::from_str(&text).unwrap_or_else(|error| panic!("ccusage {agent:?} {report}: {error}: {text}"))
    }
}

/// Our JSON report over the sets' paths.
fn ours(agent: Option<&str>, report: &str, sets: &[&Set]) -> Value {
    let mut arguments: Vec<String> = [report, "--json", "--tz", "UTC"].iter().map(|word| word.to_string()).collect();
    if let Some(agent) = agent {
        arguments.extend(["--agent".to_owned(), agent.to_owned()]);
    }
    for set in sets {
        arguments.extend(set.paths.iter().map(|path| common::fixture(&format!("real/{path}")).display().to_string()));
    }
    serde_json::from_str(&cli::run(&arguments).expect("the report runs").stdout).expect("JSON")
}

/// The field names of an object, and of its nested objects (`path`), named as `a.b`;
/// arrays by their elements' names (`a[]`). Codex's `models` is keyed by model: its
/// values' names are taken, not its keys.
fn field_names(value: &Value, path: &str, names: &mut BTreeSet<String>) {
    match value {
        Value::Object(object) => {
            for (key, inner) in object {
                let here = if path.ends_with(".models") { format!("{path}.*") } else { format!("{path}.{key}") };
                names.insert(here.clone());
                field_names(inner, &here, names);
            }
        }
        Value::Array(items) => {
            for item in items {
                field_names(item, &format!("{path}[]"), names);
            }
        }
        _ => {}
    }
}

/// Both have the same fields, nested the same way (where both have rows to show them).
fn assert_same_shape(ours: &Value, theirs: &Value, what: &str) {
    let (mut our_names, mut their_names) = (BTreeSet::new(), BTreeSet::new());
    field_names(ours, "", &mut our_names);
    field_names(theirs, "", &mut their_names);
    assert_eq!(our_names, their_names, "{what}: the field names differ");
}

fn counts(row: &Value) -> [u64; 4] {
    TOKEN_KEYS.map(|key| row[key].as_u64().unwrap_or_else(|| panic!("{key} in {row}")))
}

fn cost(row: &Value) -> f64 {
    row.get("totalCost").or(row.get("costUSD")).or(row.get("cost")).and_then(Value::as_f64).unwrap_or_else(|| panic!("a cost in {row}"))
}

fn assert_cost_close(ours: f64, theirs: f64, what: &str) {
    assert!((ours - theirs).abs() <= 1e-3 * theirs.abs().max(1e-6) + 1e-12, "{what}: cost {ours} against ccusage's {theirs}");
}

/// What we count on purpose and ccusage does not, per UTC day: tokens by class.
fn deliberate_extra(set: &Set) -> Vec<(String, [u64; 4])> {
    match set.name {
        // Three spaced-JSON assistant lines ccusage's byte filter skips (ccusage_parity).
        "claude-code-log" => vec![(String::from("2025-06-14"), [320, 350, 0, 0])],
        // Gemini's thoughts: output to us; ccusage bills them as output but leaves them out
        // of its output column. Read from the chats themselves.
        _ if set.agent == "gemini" => gemini_thoughts_by_day(set.paths).into_iter().map(|(day, thoughts)| (day, [0, thoughts, 0, 0])).collect(),
        _ => Vec::new(),
    }
}

/// The `tokens.thoughts` of Gemini chat files (a JSON chat, or JSONL of messages), per day.
fn gemini_thoughts_by_day(paths: &[&str]) -> Vec<(String, u64)> {
    let mut days: std::collections::BTreeMap<String, u64> = Default::default();
    for path in paths {
        let text = std::fs::read_to_string(common::fixture(&format!("real/{path}"))).expect("fixture");
        let messages: Vec<Value> = match serde_json::from_str::<Value>(&text) {
            Ok(chat) => chat["messages"].as_array().cloned().unwrap_or_default(),
            Err(_) => text.lines().filter_map(|line| serde_json::from_str(line).ok()).collect(),
        };
        for message in messages {
            if let (Some(thoughts), Some(time)) = (message["tokens"]["thoughts"].as_u64(), message["timestamp"].as_str()) {
                *days.entry(time[..10].to_owned()).or_default() += thoughts;
            }
        }
    }
    days.into_iter().filter(|(_, thoughts)| *thoughts > 0).collect()
}

/// The list of rows of a report and the field naming each row's period.
fn rows<'v>(report: &'v Value, name: &str) -> &'v Vec<Value> {
    report[name].as_array().unwrap_or_else(|| panic!("{name} in {report}"))
}

/// Period reports: the same periods, counts equal but for the deliberate extra, costs close.
fn assert_periods_match(ours: &Value, theirs: &Value, report: &str, period_field: &str, extra: &[(String, [u64; 4])], what: &str) {
    let (our_rows, their_rows) = (rows(ours, report), rows(theirs, report));
    let keys = |rows: &[Value]| rows.iter().map(|row| row[period_field].as_str().unwrap_or_default().to_owned()).collect::<Vec<_>>();
    assert_eq!(keys(our_rows), keys(their_rows), "{what}: the periods differ");
    for (our_row, their_row) in our_rows.iter().zip(their_rows) {
        let period = their_row[period_field].as_str().unwrap_or_default();
        let mut expected = counts(their_row);
        let mut has_extra = false;
        for (day, tokens) in extra {
            // A day belongs to the period whose key it starts with (month) or equals (day);
            // weeks hold the seven days from their key.
            if in_period(day, period, report) {
                has_extra = true;
                for (count, more) in expected.iter_mut().zip(tokens) {
                    *count += more;
                }
            }
        }
        assert_eq!(counts(our_row), expected, "{what} {period}: the token counts");
        if extra.is_empty() {
            assert_cost_close(cost(our_row), cost(their_row), &format!("{what} {period}"));
        }
        if let (Some(ours), Some(theirs)) = (our_row.get("reasoningOutputTokens"), their_row.get("reasoningOutputTokens")) {
            assert_eq!(ours, theirs, "{what} {period}: reasoning tokens");
        }
        match their_row.get("modelsUsed").and_then(Value::as_array) {
            // What ccusage skipped may be of another model.
            Some(theirs) if has_extra => {
                let our_models = our_row["modelsUsed"].as_array().expect("models");
                assert!(theirs.iter().all(|model| our_models.contains(model)), "{what} {period}: the models");
            }
            Some(theirs) => assert_eq!(our_row["modelsUsed"].as_array(), Some(theirs), "{what} {period}: the models, in ccusage's order"),
            None => {}
        }
        if let Some(theirs) = their_row.get("models").and_then(Value::as_object) {
            let names = |object: &serde_json::Map<String, Value>| object.keys().cloned().collect::<BTreeSet<_>>();
            assert_eq!(names(our_row["models"].as_object().expect("models")), names(theirs), "{what} {period}: the models");
        }
    }
}

/// Where a row of ccusage's weekly or monthly report does not add up its own daily rows
/// (its weekly report of `entireio-cli` drops 10 input and 4 output tokens of 2026-01-29
/// that its daily report counts), the row takes the sum of its days: ours is compared with
/// what ccusage itself counts per day. Each such row is named on standard error.
fn agree_with_own_days(report: &mut Value, daily: &Value, name: &str, field: &str, what: &str) {
    let days = rows(daily, "daily");
    let Some(periods) = report[name].as_array_mut() else { return };
    for row in periods {
        let period = row[field].as_str().unwrap_or_default().to_owned();
        let in_it: Vec<&Value> = days.iter().filter(|day| in_period(day["date"].as_str().unwrap_or_default(), &period, name)).collect();
        let mut summed = [0u64; 4];
        for day in &in_it {
            summed.iter_mut().zip(counts(day)).for_each(|(sum, count)| *sum += count);
        }
        if summed != counts(row) {
            eprintln!("{what} {period}: ccusage's row {:?} is not the sum of its days {summed:?}; compared with the days", counts(row));
            for (key, count) in TOKEN_KEYS.iter().zip(summed) {
                row[*key] = count.into();
            }
            let cost_key = if row.get("costUSD").is_some() { "costUSD" } else { "totalCost" };
            row[cost_key] = in_it.iter().map(|day| cost(day)).sum::<f64>().into();
            if row.get("modelsUsed").is_some() {
                let mut models: Vec<Value> = Vec::new();
                for model in in_it.iter().flat_map(|day| day["modelsUsed"].as_array().cloned().unwrap_or_default()) {
                    if !models.contains(&model) {
                        models.push(model);
                    }
                }
                row["modelsUsed"] = Value::Array(models);
            }
        }
    }
}

fn in_period(day: &str, period: &str, report: &str) -> bool {
    match report {
        "weekly" => {
            let date = |text: &str| chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("date");
            let (day, start) = (date(day), date(period));
            day >= start && (day - start).num_days() < 7
        }
        _ => day.starts_with(period),
    }
}

/// Session reports: the sessions' counts as a multiset (session ids differ on purpose:
/// ours are the transcripts' own, ccusage's its file paths), and the totals. A subagent's
/// transcript (`agent-*.jsonl`) is a session of its own to ccusage and part of its
/// parent's session to us: then the sessions are counted, and the totals compared.
fn assert_sessions_match(ours: &Value, theirs: &Value, list: &str, extra_tokens: [u64; 4], their_extra: [u64; 4], what: &str) {
    let multiset = |report: &Value| {
        let mut rows: Vec<[u64; 4]> = rows(report, list).iter().map(counts).collect();
        rows.sort_unstable();
        rows
    };
    let is_subagent = |id: &str| id.rsplit('/').next().is_some_and(|name| name.starts_with("agent-"));
    let subagents = rows(theirs, list).iter().filter(|row| row["sessionId"].as_str().or(row["period"].as_str()).is_some_and(is_subagent)).count();
    if subagents > 0 {
        assert_eq!(rows(ours, list).len() + subagents, rows(theirs, list).len(), "{what}: sessions, ccusage's subagent transcripts apart");
    } else if extra_tokens == [0; 4] && their_extra == [0; 4] {
        // Same counts, sessions and times.
        assert_eq!(multiset(ours), multiset(theirs), "{what}: the sessions' counts");
        let times = |report: &Value, field: &str| {
            let mut times: Vec<String> = rows(report, list).iter().filter_map(|row| row.get(field).and_then(Value::as_str).map(str::to_owned)).collect();
            times.sort();
            times
        };
        assert_eq!(times(ours, "lastActivity"), times(theirs, "lastActivity"), "{what}: the sessions' last activity");
        assert_eq!(times(ours, "firstActivity"), times(theirs, "firstActivity"), "{what}: the sessions' first activity");
        assert_cost_close(cost(&ours["totals"]), cost(&theirs["totals"]), what);
    }
    let mut expected = counts(&theirs["totals"]);
    for ((count, more), fewer) in expected.iter_mut().zip(extra_tokens).zip(their_extra) {
        // `fewer` wraps below zero where ccusage's sessions lack what its days count.
        *count = count.wrapping_add(more).wrapping_sub(fewer);
    }
    assert_eq!(counts(&ours["totals"]), expected, "{what}: the totals");
}

/// Blocks: the same blocks (ids, times, gaps), their counts and costs. `missing` is what
/// ccusage's blocks leave out that its daily report counts: the blocks that differ must
/// differ by exactly that, with the deliberate `extra`.
fn assert_blocks_match(ours: &Value, theirs: &Value, extra: &[(String, [u64; 4])], missing: [u64; 4], has_synthetic: bool, what: &str) {
    let (our_blocks, their_blocks) = (rows(ours, "blocks"), rows(theirs, "blocks"));
    let ids = |blocks: &[Value]| blocks.iter().map(|block| block["id"].as_str().unwrap_or_default().to_owned()).collect::<Vec<_>>();
    assert_eq!(ids(our_blocks), ids(their_blocks), "{what}: the blocks");
    let block_counts = |block: &Value| {
        ["inputTokens", "outputTokens", "cacheCreationInputTokens", "cacheReadInputTokens"].map(|key| block["tokenCounts"][key].as_u64().expect("count"))
    };
    let mut differences = [0u64; 4];
    for (our_block, their_block) in our_blocks.iter().zip(their_blocks) {
        let id = their_block["id"].as_str().unwrap_or_default();
        for field in ["startTime", "endTime", "isActive", "isGap"] {
            assert_eq!(our_block[field], their_block[field], "{what} {id}: {field}");
        }
        let (our_counts, their_counts) = (block_counts(our_block), block_counts(their_block));
        if our_counts == their_counts {
            assert_eq!(our_block["actualEndTime"], their_block["actualEndTime"], "{what} {id}: actualEndTime");
            assert_eq!(our_block["models"], their_block["models"], "{what} {id}: models");
            // Claude Code's own `<synthetic>` messages (no model call, no tokens) are entries
            // to ccusage, not requests to us.
            let entries = |block: &Value| block["entries"].as_u64().expect("entries");
            if has_synthetic {
                assert!(entries(our_block) <= entries(their_block), "{what} {id}: entries");
            } else {
                assert_eq!(entries(our_block), entries(their_block), "{what} {id}: entries");
            }
            assert_cost_close(cost(our_block), cost(their_block), &format!("{what} {id}"));
        } else {
            // What ccusage left out may be later, and of another model.
            for ((sum, ours), theirs) in differences.iter_mut().zip(our_counts).zip(their_counts) {
                *sum += ours.checked_sub(theirs).unwrap_or_else(|| panic!("{what} {id}: ours {our_counts:?} has less than ccusage's {their_counts:?}"));
            }
        }
    }
    let mut expected = missing;
    for (_, tokens) in extra {
        expected.iter_mut().zip(tokens).for_each(|(sum, more)| *sum += more);
    }
    assert_eq!(differences, expected, "{what}: the blocks differ by more than what ccusage leaves out and what we count on purpose");
}

/// What ccusage's report `totals` leave out of its daily report's (per class).
fn missing_from(daily: &Value, totals: [u64; 4]) -> [u64; 4] {
    let days = counts(&daily["totals"]);
    let mut missing = [0; 4];
    for ((gap, day), total) in missing.iter_mut().zip(days).zip(totals) {
        *gap = day.checked_sub(total).unwrap_or_else(|| panic!("ccusage's report counts more than its days: {totals:?} against {days:?}"));
    }
    missing
}

/// The summed token counts of ccusage's blocks.
fn blocks_total(report: &Value) -> [u64; 4] {
    let mut total = [0; 4];
    for block in rows(report, "blocks") {
        let counts =
            ["inputTokens", "outputTokens", "cacheCreationInputTokens", "cacheReadInputTokens"].map(|key| block["tokenCounts"][key].as_u64().expect("count"));
        total.iter_mut().zip(counts).for_each(|(sum, count)| *sum += count);
    }
    total
}

/// Our agent name for ccusage's.
fn our_agent(theirs: &str) -> &'static str {
    match theirs {
        "claude" => "claude-code",
        "codex" => "codex",
        _ => "gemini-cli",
    }
}

/// The four period and session reports of one set, per agent (and blocks for Claude, the
/// only agent ccusage makes blocks of).
fn check_set(set: &Set) {
    let mut layout = Layout::new(set.name);
    layout.add(set);
    let extra = deliberate_extra(set);
    let agent = Some(our_agent(set.agent));
    for report in PERIOD_REPORTS {
        let theirs = layout.theirs(Some(set.agent), report);
        let what = format!("{} {} {report}", set.name, set.agent);
        if theirs.is_null() {
            // ccusage has no weekly report of Codex or Gemini: ours is checked against its
            // daily rows in `weekly_rows_add_up_the_days`.
            assert!(report == "weekly" && set.agent != "claude", "{what}: ccusage gave nothing");
            continue;
        }
        let ours = ours(agent, report, &[set]);
        assert_same_shape(&ours, &theirs, &what);
        let field = match (report, set.agent) {
            ("daily", _) => "date",
            ("weekly", _) => "week",
            _ => "month",
        };
        let mut theirs = theirs;
        if report != "daily" {
            agree_with_own_days(&mut theirs, &layout.theirs(Some(set.agent), "daily"), report, field, &what);
        }
        assert_periods_match(&ours, &theirs, report, field, &extra, &what);
    }
    let theirs = layout.theirs(Some(set.agent), "session");
    let ours_sessions = ours(agent, "session", &[set]);
    let what = format!("{} {} session", set.name, set.agent);
    assert_same_shape(&ours_sessions, &theirs, &what);
    let extra_tokens = extra.iter().fold([0; 4], |mut sum, (_, tokens)| {
        sum.iter_mut().zip(tokens).for_each(|(a, b)| *a += b);
        sum
    });
    // ccusage's session report counts a fork's replay of its parent's request in the fork
    // too (its daily report does not): the branch-history pair's first request.
    let mut their_extra = if set.name == "ccusage-codex" { [900, 200, 0, 100] } else { [0; 4] };
    // Where ccusage's session report leaves out usage its daily report counts (the subagent
    // usage nested in `entireio-cli`'s progress lines), ours is held to its daily totals.
    let their_days = counts(&layout.theirs(Some(set.agent), "daily")["totals"]);
    let their_sessions = counts(&theirs["totals"]);
    if their_extra == [0; 4] && their_days != their_sessions {
        eprintln!("{what}: ccusage's sessions total {their_sessions:?}, its days {their_days:?}; compared with the days");
        for ((extra, day), session) in their_extra.iter_mut().zip(their_days).zip(their_sessions) {
            // Negative: what the sessions lack.
            *extra = session.wrapping_sub(day);
        }
    }
    assert_sessions_match(&ours_sessions, &theirs, "sessions", extra_tokens, their_extra, &what);
    if set.agent == "claude" {
        let theirs = layout.theirs(Some("claude"), "blocks");
        let ours = ours(agent, "blocks", &[set]);
        let what = format!("{} blocks", set.name);
        assert_same_shape(&ours, &theirs, &what);
        let missing = missing_from(&layout.theirs(Some("claude"), "daily"), blocks_total(&theirs));
        let has_synthetic = set.paths.iter().any(|path| {
            let mut files = Vec::new();
            collect(&common::fixture(&format!("real/{path}")), &mut files);
            files.iter().any(|file| std::fs::read(file).is_ok_and(|bytes| bytes.windows(11).any(|window| window == b"<synthetic>")))
        });
        assert_blocks_match(&ours, &theirs, &extra, missing, has_synthetic, &what);
    }
}

#[test]
fn every_claude_code_set_matches_ccusage_claude() {
    for set in SETS.iter().filter(|set| set.agent == "claude") {
        check_set(set);
    }
}

#[test]
fn every_codex_set_matches_ccusage_codex() {
    for set in SETS.iter().filter(|set| set.agent == "codex") {
        check_set(set);
    }
}

#[test]
fn every_gemini_set_matches_ccusage_gemini() {
    for set in SETS.iter().filter(|set| set.agent == "gemini") {
        check_set(set);
    }
}

/// All agents together, in ccusage's top-level shape (`ccusage daily --json`): Claude
/// Code, Codex and Gemini CLI sets read in one command.
#[test]
fn all_agents_together_match_ccusage_s_top_level_reports() {
    let chosen: Vec<&Set> =
        ["ccusage-fixtures", "ccusage-codex", "agent-sessions-gemini"].iter().map(|name| SETS.iter().find(|set| set.name == *name).expect("set")).collect();
    let mut layout = Layout::new("all-agents");
    for set in &chosen {
        layout.add(set);
    }
    for report in PERIOD_REPORTS {
        let (ours, theirs) = (ours(None, report, &chosen), layout.theirs(None, report));
        let what = format!("all agents {report}");
        assert_same_shape(&ours, &theirs, &what);
        assert_periods_match(&ours, &theirs, report, "period", &[], &what);
        for (our_row, their_row) in rows(&ours, report).iter().zip(rows(&theirs, report)) {
            assert_eq!(our_row["agent"], "all");
            assert_eq!(our_row["metadata"], their_row["metadata"], "{what}: the agents of {}", their_row["period"]);
        }
    }
    let ours_sessions = ours(None, "session", &chosen);
    let theirs = layout.theirs(None, "session");
    assert_same_shape(&ours_sessions, &theirs, "all agents session");
    assert_sessions_match(&ours_sessions, &theirs, "session", [0; 4], [900, 200, 0, 100], "all agents session");
    let agents = |report: &Value| {
        let mut agents: Vec<String> = rows(report, "session").iter().map(|row| row["agent"].as_str().unwrap_or_default().to_owned()).collect();
        agents.sort();
        agents
    };
    assert_eq!(agents(&ours_sessions), agents(&theirs), "each session names its agent");
    // Blocks of all agents are Claude Code's, as ccusage's.
    let (ours, theirs) = (ours(None, "blocks", &chosen), layout.theirs(None, "blocks"));
    assert_same_shape(&ours, &theirs, "all agents blocks");
    assert_blocks_match(&ours, &theirs, &[], [0; 4], false, "all agents blocks");
}

/// Where ccusage has no weekly report (Codex, Gemini CLI), ours sums its daily rows into
/// weeks from Sunday, like its Claude report.
#[test]
fn weekly_rows_add_up_the_days() {
    for set in SETS.iter().filter(|set| set.agent != "claude") {
        let agent = Some(our_agent(set.agent));
        let (daily, weekly) = (ours(agent, "daily", &[set]), ours(agent, "weekly", &[set]));
        let mut weeks: std::collections::BTreeMap<String, [u64; 4]> = Default::default();
        for day in rows(&daily, "daily") {
            let date = chrono::NaiveDate::parse_from_str(day["date"].as_str().expect("date"), "%Y-%m-%d").expect("date");
            let sunday = date - chrono::Duration::days(i64::from(chrono::Datelike::weekday(&date).num_days_from_sunday()));
            let week = weeks.entry(sunday.to_string()).or_default();
            week.iter_mut().zip(counts(day)).for_each(|(sum, count)| *sum += count);
        }
        let ours: Vec<(String, [u64; 4])> = rows(&weekly, "weekly").iter().map(|row| (row["week"].as_str().expect("week").to_owned(), counts(row))).collect();
        assert_eq!(ours, weeks.into_iter().collect::<Vec<_>>(), "{}", set.name);
    }
}

/// An active block (requests of the last two hours, written now): marked active, with
/// ccusage's burn rate and projection (close: the two runs' clocks differ by moments).
#[test]
fn an_active_block_is_marked_with_its_burn_rate_and_projection() {
    let mut layout = Layout::new("active-block");
    let folder = layout.root.join("claude/projects/now/session-now");
    std::fs::create_dir_all(&folder).expect("folder");
    let now_ms = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).expect("clock").as_millis() as i64;
    let now = chrono::DateTime::from_timestamp_millis(now_ms).expect("now");
    let lines: Vec<String> = [95, 60, 20]
        .iter()
        .enumerate()
        .map(|(index, minutes)| {
            let time = (now - chrono::Duration::minutes(*minutes)).format("%Y-%m-%dT%H:%M:%S%.3fZ");
            format!(
                r#"{{"timestamp":"{time}","sessionId":"session-now","requestId":"r{index}","version":"1.0.0","message":{{"role":"assistant","id":"m{index}","model":"claude-sonnet-4-20250514","usage":{{"input_tokens":1000,"output_tokens":500,"cache_creation_input_tokens":100,"cache_read_input_tokens":2000}}}}}}"#
            )
        })
        .collect();
    std::fs::write(folder.join("chat.jsonl"), lines.join("\n") + "\n").expect("write");
    layout.has[0] = true;
    let theirs = layout.theirs(Some("claude"), "blocks");
    let arguments: Vec<String> =
        ["blocks", "--json", "--agent", "claude-code", &layout.root.join("claude/projects").display().to_string()].map(String::from).to_vec();
    let ours: Value = serde_json::from_str(&cli::run(&arguments).expect("blocks").stdout).expect("JSON");
    assert_same_shape(&ours, &theirs, "active block");
    let (ours, theirs) = (&ours["blocks"][0], &theirs["blocks"][0]);
    assert_eq!(ours["isActive"], true);
    assert_eq!(ours["isActive"], theirs["isActive"]);
    for field in ["tokensPerMinute", "tokensPerMinuteForIndicator"] {
        assert_eq!(ours["burnRate"][field], theirs["burnRate"][field], "{field}");
    }
    assert_cost_close(ours["burnRate"]["costPerHour"].as_f64().expect("rate"), theirs["burnRate"]["costPerHour"].as_f64().expect("rate"), "cost per hour");
    let minutes = |block: &Value| block["projection"]["remainingMinutes"].as_i64().expect("minutes");
    assert!((minutes(ours) - minutes(theirs)).abs() <= 1, "remaining minutes {} against {}", minutes(ours), minutes(theirs));
    let tokens = |block: &Value| block["projection"]["totalTokens"].as_f64().expect("tokens");
    assert!((tokens(ours) - tokens(theirs)).abs() <= 150.0, "projected tokens {} against {}", tokens(ours), tokens(theirs));
}

/// Every file under `path` (or `path` itself).
fn collect(path: &std::path::Path, files: &mut Vec<PathBuf>) {
    if path.is_dir() {
        for entry in std::fs::read_dir(path).expect("folder") {
            collect(&entry.expect("entry").path(), files);
        }
    } else {
        files.push(path.to_path_buf());
    }
}
