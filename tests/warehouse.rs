//! The warehouse tables (`session-lens tables`, `docs/warehouse.md`): the demo team's
//! exports and every fixture set are written as Parquet, loaded into DuckDB and into
//! chDB (ClickHouse's embedded engine), every query of `docs/warehouse.md` runs on both,
//! the two engines agree, and the headline figures per person, project, agent and ISO
//! week, and the adoption matrix, equal `session-lens summary --json` with the same
//! filters.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::{NaiveDate, Weekday};
use serde_json::Value;

use crate::common;

const TODAY: &str = "2026-12-06";

/// Figures a headline query gives, as `summary --json` names them.
const HEADLINE_FIELDS: [&str; 15] = [
    "sessions",
    "conversations",
    "input_tokens",
    "output_tokens",
    "cache_write_tokens",
    "cache_read_tokens",
    "total_tokens",
    "cost_usd",
    "active_time_ms",
    "tool_calls",
    "errors",
    "tool_success_rate",
    "code_acceptance_rate",
    "lines_added",
    "lines_removed",
];

fn run(arguments: &[String]) -> String {
    let output = session_lens::cli::run(arguments).unwrap_or_else(|error| panic!("session-lens {arguments:?}: {error}"));
    output.stdout
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|item| (*item).to_owned()).collect()
}

/// Writes the tables of `inputs` into `dir`, returning what the command said.
fn write_tables(dir: &Path, inputs: &[String]) -> String {
    let mut arguments = strings(&["tables", "--no-cache", "--quiet", "--today", TODAY]);
    arguments.push(dir.display().to_string());
    arguments.extend(inputs.iter().cloned());
    let output = session_lens::cli::run(&arguments).unwrap_or_else(|error| panic!("tables: {error}"));
    output.notes.join("\n")
}

/// `summary --json` of `inputs` with `filters`.
fn summary(inputs: &[String], cache: &Path, filters: &[String]) -> Value {
    let mut arguments = strings(&["summary", "--json", "--quiet", "--today", TODAY, "--cache-dir"]);
    arguments.push(cache.display().to_string());
    arguments.extend(filters.iter().cloned());
    arguments.extend(inputs.iter().cloned());
    serde_json::from_str(&run(&arguments)).expect("summary JSON")
}

/// Every query of the docs, per engine: `{"duckdb": {query: rows}, "chdb": {…}}`.
fn engine_results(dir: &Path) -> Value {
    let docs = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("docs/warehouse.md");
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/warehouse/run_queries.py");
    let output = std::process::Command::new(common::warehouse_python()).arg(script).arg(docs).arg(dir).output().expect("python");
    assert!(output.status.success(), "the queries failed:\n{}", String::from_utf8_lossy(&output.stderr));
    serde_json::from_slice(&output.stdout).expect("the engines' rows")
}

fn number(value: &Value) -> Option<f64> {
    match value {
        Value::Bool(flag) => Some(f64::from(u8::from(*flag))),
        other => other.as_f64(),
    }
}

/// Two figures agree: equal, or numbers equal to a part in 10⁹ (sums of costs in another
/// order).
fn agree(left: &Value, right: &Value) -> bool {
    match (number(left), number(right)) {
        (None, None) => left == right,
        (Some(a), Some(b)) => (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0),
        _ => false,
    }
}

fn assert_rows_agree(query: &str, duckdb: &[Value], chdb: &[Value]) {
    assert_eq!(duckdb.len(), chdb.len(), "{query}: rows\nduckdb {duckdb:?}\nchdb {chdb:?}");
    for (a, b) in duckdb.iter().zip(chdb) {
        let (Some(a), Some(b)) = (a.as_object(), b.as_object()) else { panic!("{query}: rows are objects") };
        assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>(), "{query}: columns");
        for (column, value) in a {
            let other = &b[column];
            assert!(agree(value, other), "{query}.{column}: duckdb {value} against chdb {other}\n{a:?}\n{b:?}");
        }
    }
}

/// The filter flags of a headline query's row key.
fn filters_of(query: &str, key: &str) -> Vec<String> {
    match query {
        "by_person" => vec![String::from("--filter-person"), key.to_owned()],
        "by_project" => vec![String::from("--project"), key.to_owned()],
        "by_agent" => vec![String::from("--agent"), key.to_owned()],
        "by_week" => {
            let (year, week) = key.split_once("-W").expect("YYYY-Www");
            let monday = NaiveDate::from_isoywd_opt(year.parse().expect("year"), week.parse().expect("week"), Weekday::Mon).expect("a week");
            let sunday = monday + chrono::Days::new(6);
            vec![String::from("--period"), format!("{monday}..{sunday}")]
        }
        other => panic!("no filter for {other}"),
    }
}

/// Checks one folder of tables against `summary --json` of the same inputs.
fn check(name: &str, inputs: &[String], scratch: &Path) {
    let dir = scratch.join(format!("{name}-tables"));
    let cache = scratch.join("cache");
    let said = write_tables(&dir, inputs);
    assert!(said.contains("wrote batch 1"), "{said}");
    let results = engine_results(&dir);
    let (duckdb, chdb) = (&results["duckdb"], &results["chdb"]);
    let queries = duckdb.as_object().expect("queries");
    assert!(queries.len() >= 12, "{name}: every query ran ({})", queries.len());
    for (query, rows) in queries {
        assert_rows_agree(&format!("{name} {query}"), rows.as_array().expect("rows"), chdb[query].as_array().expect("chdb rows"));
    }
    let all = summary(inputs, &cache, &[]);
    assert!(all["sessions"].as_u64().is_some_and(|sessions| sessions > 0), "{name}: sessions");
    let mut compared = 0;
    for query in ["by_person", "by_project", "by_agent", "by_week"] {
        let rows = duckdb[query].as_array().expect("rows");
        let sessions: f64 = rows.iter().filter_map(|row| row["sessions"].as_f64()).sum();
        if query != "by_week" {
            assert_eq!(Some(sessions), all["sessions"].as_f64(), "{name} {query}: every session in one group");
        }
        for row in rows {
            let key = row["key"].as_str().expect("key");
            let filtered = summary(inputs, &cache, &filters_of(query, key));
            for field in HEADLINE_FIELDS {
                assert!(agree(&row[field], &filtered[field]), "{name} {query} {key}: {field} is {} in SQL, {} in summary", row[field], filtered[field]);
            }
            compared += 1;
        }
    }
    // The requests, the calls and the edits give the same figures as the sessions' sums.
    let by_person: BTreeMap<&str, &Value> = duckdb["by_person"].as_array().expect("rows").iter().map(|row| (row["key"].as_str().expect("key"), row)).collect();
    for (query, fields) in [
        ("tokens_by_person_from_requests", &["input_tokens", "output_tokens", "cache_write_tokens", "cache_read_tokens", "total_tokens", "cost_usd"][..]),
        ("tools_by_person", &["tool_calls", "errors", "tool_success_rate"][..]),
        ("edits_by_person", &["lines_added", "lines_removed"][..]),
    ] {
        for row in duckdb[query].as_array().expect("rows") {
            let person = by_person[row["key"].as_str().expect("key")];
            for field in fields {
                assert!(agree(&row[*field], &person[*field]), "{name} {query}: {field} {} against the sessions' {}", row[*field], person[*field]);
            }
        }
    }
    // The adoption matrix equals summary's practices per person.
    let people = &all["practices"]["people"];
    for row in duckdb["adoption_matrix"].as_array().expect("rows") {
        let cell = &people[row["person"].as_str().expect("person")]["practices"][row["practice"].as_str().expect("practice")];
        assert!(
            agree(&row["sessions"], &cell["sessions"]) && agree(&row["share"], &cell["share"]) && agree(&row["has_adopted"], &cell["adopted"]),
            "{name} adoption {row} against {cell}"
        );
    }
    eprintln!("{name}: {compared} filtered summaries equal the SQL of both engines");
}

#[test]
fn the_demo_team_s_exports_and_every_fixture_set_agree_in_duckdb_and_clickhouse() {
    let scratch = common::scratch_dir("warehouse");
    // The demo team as seven people's exports, merged by the tables command.
    let demo = scratch.join("demo");
    run(&strings(&["demo", "-o", &demo.display().to_string()]));
    let mut exports = Vec::new();
    for entry in std::fs::read_dir(&demo).expect("demo") {
        let folder = entry.expect("entry").path();
        let person = folder.file_name().and_then(|name| name.to_str()).expect("name").to_owned();
        let export = scratch.join(format!("{person}.json.gz"));
        run(&strings(&["export", "--quiet", "--no-cache", "--person", &person, &folder.display().to_string(), "-o", &export.display().to_string()]));
        exports.push(export.display().to_string());
    }
    exports.sort();
    check("demo", &exports, &scratch);
    let real = common::fixture("real");
    let mut sets: Vec<PathBuf> = std::fs::read_dir(&real).expect("fixtures").map(|entry| entry.expect("entry").path()).filter(|path| path.is_dir()).collect();
    sets.sort();
    for set in sets {
        let name = set.file_name().and_then(|name| name.to_str()).expect("name").to_owned();
        check(&name, &[set.display().to_string()], &scratch);
    }
    let _ = std::fs::remove_dir_all(&scratch);
}

/// A second run over the same inputs writes nothing new; a conversation that grew is
/// written again whole in the next batch and counted once (the views keep its latest
/// batch); a folder refuses another idle cutoff.
#[test]
fn appending_adds_only_new_and_grown_conversations() {
    let scratch = common::scratch_dir("warehouse-append");
    let folder = scratch.join("entireio-cli");
    common::copy_tree(&common::fixture("real/entireio-cli"), &folder);
    // The largest transcript cut to its first half, as if read mid-week.
    let mut files: Vec<PathBuf> = walk(&folder).into_iter().filter(|path| path.extension().is_some_and(|ext| ext == "jsonl")).collect();
    files.sort_by_key(|path| std::fs::metadata(path).map(|meta| meta.len()).unwrap_or(0));
    let largest = files.pop().expect("a transcript");
    let whole = std::fs::read_to_string(&largest).expect("text");
    let lines: Vec<&str> = whole.lines().collect();
    std::fs::write(&largest, lines[..lines.len() / 2].join("\n") + "\n").expect("cut");
    let dir = scratch.join("tables");
    let inputs = [folder.display().to_string()];
    assert!(write_tables(&dir, &inputs).contains("wrote batch 1"));
    let again = write_tables(&dir, &inputs);
    assert!(again.contains("wrote batch 2") && again.contains(": 0 conversations ("), "{again}");
    std::fs::write(&largest, &whole).expect("grown");
    let grown = write_tables(&dir, &inputs);
    assert!(grown.contains("wrote batch 3") && grown.contains(": 1 conversations ("), "{grown}");
    for table in ["sessions", "requests", "conversations"] {
        assert_eq!(std::fs::read_dir(dir.join(table)).expect("table").count(), 3, "{table}: a file per batch");
    }
    let results = engine_results(&dir);
    let all = summary(&inputs, &scratch.join("cache"), &[]);
    for engine in ["duckdb", "chdb"] {
        let rows = results[engine]["by_person"].as_array().expect("rows");
        assert_eq!(rows.len(), 1);
        for field in HEADLINE_FIELDS {
            assert!(agree(&rows[0][field], &all[field]), "{engine}: {field} is {} in SQL, {} in summary", rows[0][field], all[field]);
        }
    }
    let mut other = strings(&["tables", "--no-cache", "--quiet", "--idle-minutes", "20"]);
    other.push(dir.display().to_string());
    other.extend(inputs.iter().cloned());
    let refused = session_lens::cli::run(&other).expect_err("another idle cutoff is refused").to_string();
    assert!(refused.contains("--idle-minutes"), "{refused}");
    let _ = std::fs::remove_dir_all(&scratch);
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).expect("dir") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            found.extend(walk(&path));
        } else {
            found.push(path);
        }
    }
    found
}
