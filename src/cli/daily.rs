//! `daily --json`: per-day usage in ccusage's JSON shape, so the two can be compared
//! line by line.

use std::collections::BTreeMap;

use serde_json::{json, Value};

use crate::metrics::{daily::daily_usage, Settings};
use crate::model::{Agent, Dataset, Request, TokenUsage};
use crate::timezone::LocalDays;

fn counts(usage: &TokenUsage) -> [(&'static str, u64); 4] {
    [
        ("inputTokens", usage.input_tokens),
        ("outputTokens", usage.output_tokens),
        ("cacheCreationTokens", usage.cache_write_tokens()),
        ("cacheReadTokens", usage.cache_read_tokens),
    ]
}

fn usage_object(usage: &TokenUsage) -> serde_json::Map<String, Value> {
    counts(usage).into_iter().map(|(name, value)| (name.to_owned(), Value::from(value))).collect()
}

/// Per-day usage of every request, or with `agent` of that agent's conversations only
/// (as ccusage reports each agent apart: `ccusage codex daily`).
pub fn ccusage_daily_json(dataset: &Dataset, settings: &Settings, agent: Option<Agent>) -> Value {
    let requests: Vec<&Request> =
        dataset.requests.iter().filter(|request| agent.is_none_or(|agent| dataset.conversation(request.conversation).agent == agent)).collect();
    let mut models: BTreeMap<&str, Vec<&Request>> = BTreeMap::new();
    for request in requests.iter().copied() {
        models.entry(dataset.text(request.model)).or_default().push(request);
    }
    let mut local_days = LocalDays::new(settings.time_zone);
    let per_model: BTreeMap<&str, _> = models.iter().map(|(model, requests)| (*model, daily_usage(requests.iter().copied(), &mut local_days))).collect();
    let all_days = daily_usage(requests.iter().copied(), &mut local_days);
    let mut totals = TokenUsage::default();
    let mut total_cost_usd = 0.0;
    let daily: Vec<Value> = all_days
        .iter()
        .map(|(date, day)| {
            totals.add(&day.usage);
            total_cost_usd += day.cost_usd;
            let breakdowns: Vec<Value> = per_model
                .iter()
                .filter_map(|(model, days)| days.get(date).map(|usage| (model, usage)))
                .map(|(model, model_day)| {
                    let mut object = usage_object(&model_day.usage);
                    object.insert("modelName".into(), json!(model));
                    object.insert("cost".into(), json!(model_day.cost_usd));
                    Value::Object(object)
                })
                .collect();
            let models_used: Vec<&str> = per_model.iter().filter(|(_, days)| days.contains_key(date)).map(|(model, _)| *model).collect();
            let mut object = usage_object(&day.usage);
            object.insert("date".into(), json!(date.to_string()));
            object.insert("totalTokens".into(), json!(day.usage.total_tokens()));
            object.insert("totalCost".into(), json!(day.cost_usd));
            object.insert("modelsUsed".into(), json!(models_used));
            object.insert("modelBreakdowns".into(), Value::Array(breakdowns));
            Value::Object(object)
        })
        .collect();
    let mut totals_object = usage_object(&totals);
    totals_object.insert("totalTokens".into(), json!(totals.total_tokens()));
    totals_object.insert("totalCost".into(), json!(total_cost_usd));
    json!({ "daily": daily, "totals": totals_object })
}
