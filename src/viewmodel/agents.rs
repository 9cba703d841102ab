//! One comparison across agents (Claude Code, Codex, Gemini CLI): per agent the same
//! figures as the summary's cards, from the sums the dashboard keeps per group (person,
//! project, agent), so that the rows add up to the cards.

use std::collections::BTreeMap;

use serde_json::json;

use super::dashboard::Dashboard;
use super::format;
use super::group_totals::Totals;
use super::table_view::{count, number, optional, success_tone, text, usd, RowKey, RowView, TableView};
use crate::model::{Agent, Dataset};

/// An agent's sums over the sessions the filters keep.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct AgentRow {
    pub agent: Option<Agent>,
    pub totals: Totals,
}

impl AgentRow {
    pub fn label(&self) -> &'static str {
        self.agent.map_or("", Agent::label)
    }

    /// As the summary's figures of the same names (`summary --json`).
    pub fn to_json(&self) -> serde_json::Value {
        let totals = &self.totals;
        json!({
            "agent": self.label(),
            "sessions": totals.sessions,
            "conversations": totals.conversations,
            "active_time_ms": totals.active_time_ms,
            "total_tokens": totals.tokens.total_tokens(),
            "cost_usd": totals.cost_usd,
            "tool_calls": totals.tools.calls,
            "tool_success_rate": totals.tools.success_rate(),
            "errors": totals.tools.errors,
            "code_acceptance_rate": totals.code.acceptance_rate(),
            "lines_added": totals.code.lines.added,
        })
    }
}

/// A row per agent with sessions, in `Agent::ALL` order.
pub fn agent_rows(dataset: &Dataset, dashboard: &Dashboard) -> Vec<AgentRow> {
    let mut agents: BTreeMap<Agent, Totals> = BTreeMap::new();
    for (example, totals) in dashboard.kept_groups() {
        agents.entry(dataset.conversation(example).agent).or_default().merge(totals);
    }
    agents.into_iter().filter(|(_, totals)| totals.sessions > 0).map(|(agent, totals)| AgentRow { agent: Some(agent), totals }).collect()
}

/// The table (`data-table="agents"`, a row per agent keyed by its label).
pub fn agent_table(dataset: &Dataset, dashboard: &Dashboard) -> TableView {
    let rows = agent_rows(dataset, dashboard)
        .iter()
        .map(|row| {
            let totals = &row.totals;
            let rate = totals.tools.success_rate();
            let mut success = optional(rate, format::percent);
            success.tone = rate.map(success_tone);
            let cells = vec![
                text(row.label()),
                count(totals.sessions),
                number(format::duration(totals.active_time_ms), totals.active_time_ms as f64),
                count(totals.tokens.total_tokens()),
                usd(totals.cost_usd),
                success,
                count(totals.tools.errors),
                optional(totals.code.acceptance_rate(), format::percent),
            ];
            RowView { time_ms: None, key: RowKey::Text(row.label().to_owned()), cells: cells.into() }
        })
        .collect();
    TableView {
        name: "agents",
        title: "Agents",
        columns: vec!["Agent", "Sessions", "Active time", "Tokens", "Cost", "Tool success", "Errors", "Acceptance"],
        rows,
    }
}
