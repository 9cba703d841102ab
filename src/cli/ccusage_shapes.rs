//! The usage reports in ccusage's JSON shapes (ccusage 20), so that a script written
//! against ccusage reads ours: with no agent chosen, the shape of its top-level reports
//! (`ccusage daily --json`: rows with `period`, `agent: "all"`, `metadata.agents`); with
//! one, that of `ccusage claude|codex|gemini <report> --json`. Where the values differ on
//! purpose (session ids, project paths), `docs/ccusage-differences.md` says why.

use serde_json::{json, Map, Value};

use crate::export::rfc3339_utc;
use crate::model::{Agent, Dataset};
use crate::viewmodel::usage_report::blocks::Block;
use crate::viewmodel::usage_report::{Grouping, ModelSum, UsageReport, UsageRow, UsageSum};

/// Which of ccusage's shapes a report is written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    /// Every agent together (`ccusage daily`).
    All,
    /// One agent (`ccusage claude|codex|gemini daily`).
    Agent(Agent),
}

/// ccusage's name of an agent.
fn agent_name(agent: Agent) -> &'static str {
    match agent {
        Agent::ClaudeCode => "claude",
        Agent::Codex => "codex",
        Agent::Gemini => "gemini",
    }
}

/// A period or session report.
pub fn report_json(dataset: &Dataset, report: &UsageReport, grouping: Grouping, shape: Shape) -> Value {
    let rows: Vec<Value> = report.rows.iter().map(|row| row_json(dataset, row, grouping, shape)).collect();
    let list = match (grouping, shape) {
        (Grouping::Day, _) => "daily",
        (Grouping::Week { .. }, _) => "weekly",
        (Grouping::Month, _) => "monthly",
        (Grouping::Session, Shape::All) => "session",
        (Grouping::Session, Shape::Agent(_)) => "sessions",
    };
    let totals = match shape {
        Shape::Agent(Agent::Codex) => Value::Object(codex_counts(&report.totals)),
        _ => claude_totals(&report.totals),
    };
    json!({ list: rows, "totals": totals })
}

fn row_json(dataset: &Dataset, row: &UsageRow, grouping: Grouping, shape: Shape) -> Value {
    let conversation = row.conversation.map(|id| dataset.conversation(id));
    match shape {
        Shape::All => {
            let mut object = claude_counts(&row.sum);
            object.insert("totalCost".into(), json!(row.sum.cost_usd));
            let mut models: Vec<&str> = row.models.iter().map(|model| model.model.as_str()).collect();
            models.sort_unstable();
            object.insert("modelsUsed".into(), json!(models));
            object.insert("modelBreakdowns".into(), breakdowns(&row.models));
            object.insert("period".into(), json!(row.key));
            match conversation {
                Some(conversation) => {
                    object.insert("agent".into(), json!(agent_name(conversation.agent)));
                    let mut metadata = json!({ "lastActivity": rfc3339_utc(row.last_ms) });
                    if conversation.agent == Agent::Codex {
                        metadata["reasoningOutputTokens"] = json!(row.sum.reasoning_output_tokens);
                    }
                    object.insert("metadata".into(), metadata);
                }
                None => {
                    object.insert("agent".into(), json!("all"));
                    let agents: Vec<&str> = row.agents.iter().map(|agent| agent_name(*agent)).collect();
                    object.insert("metadata".into(), json!({ "agents": agents }));
                }
            }
            Value::Object(object)
        }
        Shape::Agent(Agent::Codex) => {
            let mut object = codex_counts(&row.sum);
            let models: Map<String, Value> = row.models.iter().map(|model| (model.model.clone(), codex_model(&model.sum))).collect();
            object.insert("models".into(), Value::Object(models));
            match conversation {
                Some(conversation) => {
                    object.insert("sessionId".into(), json!(row.key));
                    object.insert("sessionFile".into(), json!(row.key));
                    object.insert("directory".into(), json!(conversation.project_path));
                    object.insert("lastActivity".into(), json!(rfc3339_utc(row.last_ms)));
                }
                None => {
                    object.insert(period_field(grouping).into(), json!(row.key));
                }
            }
            Value::Object(object)
        }
        Shape::Agent(agent) => {
            let mut object = claude_counts(&row.sum);
            object.insert("totalCost".into(), json!(row.sum.cost_usd));
            let models: Vec<&str> = row.models.iter().map(|model| model.model.as_str()).collect();
            object.insert("modelsUsed".into(), json!(models));
            object.insert("modelBreakdowns".into(), breakdowns(&row.models));
            match conversation {
                Some(conversation) => {
                    object.insert("sessionId".into(), json!(row.key));
                    // ccusage's Gemini sessions name no project and no times.
                    if agent == Agent::ClaudeCode {
                        object.insert("projectPath".into(), json!(conversation.project_path));
                        object.insert("firstActivity".into(), json!(rfc3339_utc(row.first_ms)));
                        object.insert("lastActivity".into(), json!(rfc3339_utc(row.last_ms)));
                    }
                }
                None => {
                    object.insert(period_field(grouping).into(), json!(row.key));
                }
            }
            Value::Object(object)
        }
    }
}

/// The field a per-agent row names its period in.
fn period_field(grouping: Grouping) -> &'static str {
    match grouping {
        Grouping::Day | Grouping::Session => "date",
        Grouping::Week { .. } => "week",
        Grouping::Month => "month",
    }
}

/// The four token classes and their total, as ccusage's Claude rows name them.
fn claude_counts(sum: &UsageSum) -> Map<String, Value> {
    let usage = &sum.usage;
    let mut object = Map::new();
    object.insert("inputTokens".into(), json!(usage.input_tokens));
    object.insert("outputTokens".into(), json!(usage.output_tokens));
    object.insert("cacheCreationTokens".into(), json!(usage.cache_write_tokens()));
    object.insert("cacheReadTokens".into(), json!(usage.cache_read_tokens));
    object.insert("totalTokens".into(), json!(usage.total_tokens()));
    object
}

fn claude_totals(sum: &UsageSum) -> Value {
    let mut object = claude_counts(sum);
    object.insert("totalCost".into(), json!(sum.cost_usd));
    Value::Object(object)
}

/// Per model, the costliest first (ties in the order first used).
fn breakdowns(models: &[ModelSum]) -> Value {
    let mut sorted: Vec<&ModelSum> = models.iter().collect();
    sorted.sort_by(|a, b| b.sum.cost_usd.total_cmp(&a.sum.cost_usd));
    let rows: Vec<Value> = sorted
        .into_iter()
        .map(|model| {
            let usage = &model.sum.usage;
            json!({
                "modelName": model.model,
                "inputTokens": usage.input_tokens,
                "outputTokens": usage.output_tokens,
                "cacheCreationTokens": usage.cache_write_tokens(),
                "cacheReadTokens": usage.cache_read_tokens,
                "cost": model.sum.cost_usd,
            })
        })
        .collect();
    Value::Array(rows)
}

/// A Codex row's counts: reasoning beside output, and `costUSD`.
fn codex_counts(sum: &UsageSum) -> Map<String, Value> {
    let mut object = claude_counts(sum);
    object.insert("reasoningOutputTokens".into(), json!(sum.reasoning_output_tokens));
    object.insert("costUSD".into(), json!(sum.cost_usd));
    object
}

fn codex_model(sum: &UsageSum) -> Value {
    let mut object = claude_counts(sum);
    object.insert("reasoningOutputTokens".into(), json!(sum.reasoning_output_tokens));
    object.insert("isFallback".into(), json!(sum.has_approximate_price));
    Value::Object(object)
}

/// The `blocks` report: every block and gap, with the active block's burn rate and
/// projection (`now_ms`).
pub fn blocks_json(blocks: &[Block], now_ms: i64) -> Value {
    let rows: Vec<Value> = blocks
        .iter()
        .map(|block| {
            let usage = &block.sum.usage;
            let burn_rate = block.is_active.then(|| block.burn_rate()).flatten().map(|rate| {
                json!({
                    "tokensPerMinute": rate.tokens_per_minute,
                    "tokensPerMinuteForIndicator": rate.input_output_tokens_per_minute,
                    "costPerHour": rate.cost_per_hour_usd,
                })
            });
            let projection = block.projection(now_ms).map(|projection| {
                json!({
                    "totalTokens": projection.total_tokens,
                    "totalCost": projection.total_cost_usd,
                    "remainingMinutes": projection.remaining_minutes,
                })
            });
            let id = if block.is_gap { format!("gap-{}", rfc3339_utc(block.start_ms)) } else { rfc3339_utc(block.start_ms) };
            json!({
                "id": id,
                "startTime": rfc3339_utc(block.start_ms),
                "endTime": rfc3339_utc(block.end_ms),
                "actualEndTime": block.last_request_ms.map(rfc3339_utc),
                "isActive": block.is_active,
                "isGap": block.is_gap,
                "entries": block.sum.requests,
                "tokenCounts": {
                    "inputTokens": usage.input_tokens,
                    "outputTokens": usage.output_tokens,
                    "cacheCreationInputTokens": usage.cache_write_tokens(),
                    "cacheReadInputTokens": usage.cache_read_tokens,
                },
                "totalTokens": usage.total_tokens(),
                "costUSD": block.sum.cost_usd,
                "models": block.model_names(),
                "burnRate": burn_rate,
                "projection": projection,
            })
        })
        .collect();
    json!({ "blocks": rows })
}
