//! ccusage's `--json` reports (`daily` and `session`, for Claude Code, Codex and Gemini
//! CLI; our own `daily --json` writes the same shape): a cost-only source. Each row keeps
//! its day, tokens, cost and models; which agent it is of comes from its models' names
//! (the Codex shape, with `costUSD` and a `models` map, is Codex's). `monthly`, `weekly`
//! and `blocks` reports name no day and are not read.

use chrono::NaiveDate;
use serde_json::Value;

use super::fields::{line_of, Record};
use super::Records;
use crate::model::{agent_of_model, Agent, ReportKind, ReportedModel, ReportedUsage, SkipReason, TokenUsage};

pub(super) fn read(text: &str, path: &str, person: &str) -> Result<Records, String> {
    let report: Value = serde_json::from_str(text).map_err(|error| format!("invalid JSON: {error}"))?;
    let (list_key, rows) = match (report.get("daily"), report.get("sessions")) {
        (Some(Value::Array(rows)), _) => ("daily", rows),
        (_, Some(Value::Array(rows))) => ("sessions", rows),
        _ => {
            let kind = ["monthly", "weekly", "blocks"].into_iter().find(|key| report.get(key).is_some()).unwrap_or("unknown");
            return Err(format!("a ccusage {kind} report (only daily and session reports, which name days, are read)"));
        }
    };
    let mut records = Records::default();
    let (_, mut from) = line_of(text, &format!("\"{list_key}\""), 0);
    for value in rows {
        // A JSON value has no line of its own: a row is placed at its day's or id's line.
        let id = value.get(if list_key == "daily" { "date" } else { "sessionId" }).and_then(Value::as_str);
        let needle = id.map_or_else(|| String::from("{"), |id| format!("\"{id}\""));
        let (line, after) = line_of(text, &needle, from);
        from = after;
        let mut record = Record { value, path, line, diagnostics: &mut records.diagnostics };
        if let Some(row) = row(&mut record, person, list_key == "daily") {
            records.external.reported.push(row);
        }
    }
    Ok(records)
}

/// Tokens of a row or a model entry, as ccusage names them.
fn token_usage(record: &mut Record<'_>) -> TokenUsage {
    let mut count = |key: &str| record.count(&[key]).unwrap_or(0);
    let mut usage = TokenUsage {
        input_tokens: count("inputTokens"),
        output_tokens: count("outputTokens"),
        cache_write_5m_tokens: count("cacheCreationTokens"),
        cache_write_1h_tokens: 0,
        cache_read_tokens: count("cacheReadTokens"),
    };
    // Older Codex reports counted cache reads inside the input (their total leaves them
    // out); ours and ccusage's since count input without them. The total is the figure
    // every report agrees on.
    let total = count("totalTokens");
    let reads_inside_input = usage.cache_read_tokens > 0
        && usage.input_tokens >= usage.cache_read_tokens
        && total == usage.input_tokens + usage.output_tokens + usage.cache_write_5m_tokens;
    if reads_inside_input {
        usage.input_tokens -= usage.cache_read_tokens;
    }
    // Reasoning (Codex) and thoughts (Gemini) are in the total and billed as output, but
    // some reports leave them out of the output column: we count them as output.
    if total > usage.total_tokens() {
        usage.output_tokens += total - usage.total_tokens();
    }
    usage
}

fn row(record: &mut Record<'_>, person: &str, is_daily: bool) -> Option<ReportedUsage> {
    if !record.value.is_object() {
        record.problem(SkipReason::NotAnObject, String::from("a report row that is not an object"));
        return None;
    }
    let date_text = if is_daily { record.text(&["date"]) } else { record.first_text(&[&["lastActivity"], &["date"]]) };
    // Gemini CLI session reports name no day; their session ids do (`session-2026-01-16T…`).
    let session_id = record.text(&["sessionId"]);
    let session_day = (!is_daily && date_text.is_empty()).then(|| session_id.strip_prefix("session-").and_then(day)).flatten();
    let Some(date) = day(&date_text).or(session_day) else {
        let detail = if date_text.is_empty() {
            String::from("a report row that names no day (not counted: ccusage's daily report names the days)")
        } else {
            format!("a report row's day {date_text:?}")
        };
        record.problem(SkipReason::BadTimestamp, detail);
        return None;
    };
    let is_codex_shape = record.field(&["costUSD"]).is_some() || record.field(&["models"]).is_some_and(Value::is_object);
    let cost_usd = record.amount_usd(&["totalCost"]).or_else(|| record.amount_usd(&["costUSD"])).unwrap_or(0.0);
    let usage = token_usage(record);
    let mut models = Vec::new();
    if let Some(Value::Array(breakdowns)) = record.field(&["modelBreakdowns"]) {
        for breakdown in breakdowns {
            let Some(model) = breakdown.get("modelName").and_then(Value::as_str) else { continue };
            let mut entry = Record { value: breakdown, path: record.path, line: record.line, diagnostics: record.diagnostics };
            let usage = token_usage(&mut entry);
            let cost_usd = entry.amount_usd(&["cost"]);
            models.push(ReportedModel { model: model.to_owned(), usage, cost_usd });
        }
    } else if let Some(Value::Object(named)) = record.field(&["models"]) {
        let single = named.len() == 1;
        for (model, entry) in named {
            let usage = token_usage(&mut Record { value: entry, path: record.path, line: record.line, diagnostics: record.diagnostics });
            models.push(ReportedModel { model: model.clone(), usage, cost_usd: single.then_some(cost_usd) });
        }
    } else {
        for model in record.texts(&["modelsUsed"]) {
            models.push(ReportedModel { model, usage: TokenUsage::default(), cost_usd: None });
        }
    }
    let named: Vec<Agent> = models.iter().filter_map(|entry| agent_of_model(&entry.model)).collect();
    let agent = match named.first() {
        Some(first) if named.iter().all(|agent| agent == first) => *first,
        _ if is_codex_shape => Agent::Codex,
        _ => Agent::ClaudeCode,
    };
    let kind = if is_daily { ReportKind::Daily } else { ReportKind::Session { session_id, project: record.first_text(&[&["projectPath"], &["directory"]]) } };
    Some(ReportedUsage { person: person.to_owned(), agent, date, kind, usage, cost_usd, models })
}

/// A report's day: `YYYY-MM-DD`, the date of an RFC 3339 time, or older Codex reports'
/// `Sep 10, 2025`.
fn day(text: &str) -> Option<String> {
    let text = text.trim();
    let parsed = NaiveDate::parse_from_str(text.get(..10)?, "%Y-%m-%d").or_else(|_| NaiveDate::parse_from_str(text, "%b %d, %Y")).ok()?;
    (2000..2200).contains(&chrono::Datelike::year(&parsed)).then(|| parsed.format("%Y-%m-%d").to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_as_reports_write_them() {
        assert_eq!(day("2026-05-12").as_deref(), Some("2026-05-12"));
        assert_eq!(day("2026-05-12T08:01:00.000Z").as_deref(), Some("2026-05-12"));
        assert_eq!(day("Sep 10, 2025").as_deref(), Some("2025-09-10"));
        assert_eq!(day("yesterday"), None);
        assert_eq!(day("1899-01-01"), None);
    }

    #[test]
    fn an_older_codex_row_with_cache_reads_inside_its_input() {
        let text = r#"{"daily": [{"date": "Sep 10, 2025", "inputTokens": 1000, "cachedInputTokens": 0, "cacheReadTokens": 400, "outputTokens": 50, "totalTokens": 1050, "costUSD": 0.01, "models": {"gpt-5": {"inputTokens": 1000, "cacheReadTokens": 400, "outputTokens": 50, "totalTokens": 1050}}}]}"#;
        let records = read(text, "codex-daily.json", "ana").unwrap();
        let row = &records.external.reported[0];
        assert_eq!((row.agent, row.date.as_str()), (Agent::Codex, "2025-09-10"));
        assert_eq!((row.usage.input_tokens, row.usage.cache_read_tokens, row.usage.total_tokens()), (600, 400, 1050));
        assert_eq!(row.models[0].cost_usd, Some(0.01));
    }

    #[test]
    fn reasoning_left_out_of_the_output_column_is_output() {
        // ccusage-codex's second day: 750 + 250 + 125 = 1,125 of a 1,200 total, the other
        // 75 its reasoning.
        let text = r#"{"daily": [{"date": "2026-05-13", "inputTokens": 750, "cacheReadTokens": 250, "outputTokens": 125, "reasoningOutputTokens": 75, "totalTokens": 1200, "costUSD": 0.003}]}"#;
        let records = read(text, "codex-daily.json", "ana").unwrap();
        let usage = records.external.reported[0].usage;
        assert_eq!((usage.input_tokens, usage.cache_read_tokens, usage.output_tokens, usage.total_tokens()), (750, 250, 200, 1200));
    }

    #[test]
    fn bad_rows_are_counted_and_others_kept() {
        let text = "{\n \"daily\": [\n  {\"date\": \"2026-01-02\", \"inputTokens\": 5, \"totalTokens\": 5, \"totalCost\": 1},\n  {\"date\": \"soon\", \"totalTokens\": 1},\n  {\"date\": \"2026-01-03\", \"inputTokens\": -4, \"totalTokens\": 0}\n ]\n}";
        let records = read(text, "daily.json", "ana").unwrap();
        assert_eq!(records.external.reported.len(), 2);
        let problems: Vec<(u64, SkipReason)> = records.diagnostics.iter().map(|d| (d.line, d.reason)).collect();
        assert_eq!(problems, vec![(4, SkipReason::BadTimestamp), (5, SkipReason::ValueOutOfRange)]);
        assert!(read("{\"monthly\": [{\"totalTokens\": 1}]}", "m.json", "ana").unwrap_err().contains("monthly"));
    }
}
