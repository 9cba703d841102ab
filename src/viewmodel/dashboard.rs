//! Everything the dashboard shows for one choice of filters and settings, computed once
//! (the page keeps it in one memo; the CLI prints its summary).

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;

use super::session_facts::{session_facts, SessionFacts};
use super::summary::Summary;
use super::tables::{self, Tables};
use crate::metrics::activity;
use crate::metrics::selection::{Filters, Selection};
use crate::metrics::{usage, Settings};
use crate::model::Dataset;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Dashboard {
    pub summary: Summary,
    pub tables: Tables,
    pub sessions: Vec<SessionFacts>,
}

impl Dashboard {
    pub fn build(dataset: &Dataset, filters: &Filters, settings: &Settings, today: NaiveDate) -> Dashboard {
        let selection = Selection::new(dataset, filters, settings, today);
        let sessions: Vec<SessionFacts> = selection.sessions.iter().map(|session| session_facts(&selection, session)).collect();
        let mut summary = Summary {
            sessions: sessions.len() as u64,
            conversations: activity::conversation_count(&selection.sessions) as u64,
            tokens: usage::token_totals(selection.requests.iter().copied()),
            cost_usd: usage::cost_usd(selection.requests.iter().copied()),
            active_time_ms: activity::active_time_ms(&selection.sessions),
            requests: selection.requests.len() as u64,
            skipped_lines: dataset.diagnostics.skipped_lines(),
            ..Summary::default()
        };
        for facts in &sessions {
            summary.code.merge(&facts.code);
            summary.conversation.merge(&facts.conversation_stats);
            summary.rules.merge(&facts.rules);
            for stats in facts.tools.values() {
                summary.tools.merge(stats);
            }
        }
        summary.estimated_loss_usd = summary.rules.estimated_loss_usd(settings.hourly_rate_usd);
        let tables = tables::build(&selection, &sessions);
        Dashboard { summary, tables, sessions }
    }

    /// Everything in the dataset, unfiltered.
    pub fn unfiltered(dataset: &Dataset, settings: &Settings) -> Dashboard {
        Dashboard::build(dataset, &Filters::default(), settings, NaiveDate::default())
    }
}

/// The values each filter can take in a dataset, for the page's selectors.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FilterChoices {
    pub people: Vec<String>,
    pub projects: Vec<String>,
    pub agents: Vec<String>,
    pub models: Vec<String>,
}

pub fn filter_choices(dataset: &Dataset) -> FilterChoices {
    let sorted = |items: BTreeSet<String>| items.into_iter().collect::<Vec<_>>();
    let mut models: BTreeMap<&str, u64> = BTreeMap::new();
    for request in &dataset.requests {
        *models.entry(request.model.as_str()).or_default() += 1;
    }
    FilterChoices {
        people: sorted(dataset.conversations.iter().map(|c| c.person.clone()).collect()),
        projects: sorted(dataset.conversations.iter().map(|c| c.project_name().to_owned()).collect()),
        agents: sorted(dataset.conversations.iter().map(|c| c.agent.label().to_owned()).collect()),
        models: models.into_keys().map(str::to_owned).collect(),
    }
}
