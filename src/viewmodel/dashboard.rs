//! Everything the dashboard shows for one choice of filters and settings, computed once
//! (the page keeps it in memos; the CLI prints its summary).
//!
//! Two stages, so that the common filter changes are cheap: [`SessionBase`] holds the
//! per-session facts for the period, model and settings (the expensive part: pairing
//! tool calls, counting lines); [`Dashboard::from_base`] keeps the sessions and requests
//! of the conversations the person, project and agent filters keep, and adds them up.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;

use super::session_facts::{session_facts, SessionFacts};
use super::summary::Summary;
use super::tables::{self, Tables};
use crate::metrics::selection::{Filters, Selection};
use crate::metrics::{activity, usage, Settings};
use crate::model::{Dataset, EventKind, Request};

/// Per-session facts and the requests of a period and model, for every conversation.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SessionBase {
    pub sessions: Vec<SessionFacts>,
    /// Indexes into `Dataset::requests`, in selection order.
    pub requests: Vec<u32>,
}

impl SessionBase {
    /// Computed with `filters.without_conversation_filters()`.
    pub fn build(dataset: &Dataset, filters: &Filters, settings: &Settings, today: NaiveDate) -> SessionBase {
        let selection = Selection::new(dataset, &filters.without_conversation_filters(), settings, today);
        let sessions = selection.sessions.iter().map(|session| session_facts(&selection, session)).collect();
        let requests = selection
            .events
            .iter()
            .filter_map(|event| match event.kind {
                EventKind::AgentMessage { request: Some(index), .. } => Some(index),
                _ => None,
            })
            .filter(|index| dataset.requests.get(*index as usize).is_some_and(|request| selection.passes_model_filter(request)))
            .collect();
        SessionBase { sessions, requests }
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Dashboard {
    pub summary: Summary,
    pub tables: Tables,
    pub sessions: Vec<SessionFacts>,
}

impl Dashboard {
    pub fn build(dataset: &Dataset, filters: &Filters, settings: &Settings, today: NaiveDate) -> Dashboard {
        Dashboard::from_base(dataset, &SessionBase::build(dataset, filters, settings, today), filters, settings)
    }

    /// The dashboard of the conversations `filters` keep, from facts computed for all.
    pub fn from_base(dataset: &Dataset, base: &SessionBase, filters: &Filters, settings: &Settings) -> Dashboard {
        let keeps = |id| filters.keeps_conversation(dataset.conversation(id));
        let sessions: Vec<SessionFacts> = base.sessions.iter().filter(|facts| keeps(facts.conversation)).cloned().collect();
        let requests: Vec<&Request> = base
            .requests
            .iter()
            .filter_map(|index| dataset.requests.get(*index as usize))
            .filter(|request| keeps(request.conversation))
            .collect();
        let mut summary = Summary {
            sessions: sessions.len() as u64,
            conversations: activity::conversation_count(sessions.iter().map(|facts| facts.conversation)) as u64,
            tokens: usage::token_totals(requests.iter().copied()),
            cost_usd: usage::cost_usd(requests.iter().copied()),
            active_time_ms: activity::active_time_ms(sessions.iter().map(|facts| facts.active_time_ms)),
            requests: requests.len() as u64,
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
        let tables = tables::build(dataset, &requests, settings.time_zone, &sessions);
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
