//! Everything the dashboard shows for one choice of filters and settings, computed once
//! (the page keeps it in memos; the CLI prints its summary).
//!
//! Two stages, so that the common filter changes are cheap: [`SessionBase`] holds the
//! per-session facts for the period, model and settings (the expensive part: pairing
//! tool calls, counting lines) and their sums per person, project and agent;
//! [`Dashboard::from_base`] merges the sums of the groups the person, project and agent
//! filters keep, and lists their sessions.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use chrono::NaiveDate;

use super::chart_series::DurationCounts;
use super::group_totals::Totals;
use super::regressions::BaseRun;
use super::session_base::SessionBase;
use super::session_brief::SessionBrief;
use super::session_facts::SessionFacts;
use super::summary::Summary;
use super::tables::Tables;
use crate::metrics::selection::Filters;
use crate::metrics::trends::WeekHours;
use crate::metrics::Settings;
use crate::model::{ConversationId, Dataset};

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Dashboard {
    pub summary: Summary,
    pub tables: Tables,
    pub durations: DurationCounts,
    /// Active time by local weekday and hour (the activity heatmap).
    pub active_hours: WeekHours,
    /// The base the dashboard is of, and where each of its sessions sits in the base's.
    base: Arc<SessionBase>,
    pub base_indexes: Vec<u32>,
    /// The base's groups the filters keep.
    kept_groups: Vec<u32>,
}

impl Dashboard {
    pub fn build(dataset: &Dataset, filters: &Filters, settings: &Settings, today: NaiveDate) -> Dashboard {
        Dashboard::from_base(dataset, &Arc::new(SessionBase::build(dataset, filters, settings, today)), filters, settings)
    }

    /// The dashboard of the conversations `filters` keep, from facts computed for all:
    /// the kept groups' totals merged, and their sessions in the base's order.
    pub fn from_base(dataset: &Dataset, base: &Arc<SessionBase>, filters: &Filters, settings: &Settings) -> Dashboard {
        let kept: Vec<bool> = base.groups().iter().map(|group| filters.keeps_conversation(dataset.conversation(group.example))).collect();
        let mut totals = Totals::default();
        for (group, _) in base.groups().iter().zip(&kept).filter(|(_, keep)| **keep) {
            totals.merge(&group.totals);
        }
        let base_indexes: Vec<u32> =
            base.session_groups().iter().enumerate().filter(|(_, (_, group))| kept[*group as usize]).map(|(index, _)| index as u32).collect();
        let mut summary = Summary {
            sessions: totals.sessions,
            conversations: totals.conversations,
            tokens: totals.tokens,
            cost_usd: totals.cost_usd,
            active_time_ms: totals.active_time_ms,
            requests: totals.requests,
            skipped_lines: dataset.diagnostics.skipped_lines(),
            code: totals.code,
            conversation: totals.conversation,
            rules: totals.rules,
            quality: totals.quality,
            classes: totals.classes,
            outcomes: totals.outcomes,
            tools: totals.tools,
            ..Summary::default()
        };
        summary.estimated_loss_usd = summary.rules.estimated_loss_usd(&settings.minutes_to_fix, settings.hourly_rate_usd, summary.active_time_ms);
        let kept_groups = kept.iter().enumerate().filter(|(_, keep)| **keep).map(|(group, _)| group as u32).collect();
        Dashboard {
            summary,
            tables: totals.tables.rows(&dataset.texts),
            durations: totals.durations,
            active_hours: totals.active_hours,
            base: Arc::clone(base),
            base_indexes,
            kept_groups,
        }
    }

    /// The groups (person, project, agent) the filters keep: an example conversation of
    /// each and its totals.
    pub fn kept_groups(&self) -> impl Iterator<Item = (ConversationId, &Totals)> {
        self.kept_groups.iter().filter_map(|group| self.base.groups().get(*group as usize).map(|sums| (sums.example, &sums.totals)))
    }

    /// [`Dashboard::sessions`]' briefs.
    pub fn briefs(&self) -> impl Iterator<Item = &SessionBrief> {
        self.base_indexes.iter().filter_map(|index| self.base.briefs().get(*index as usize))
    }

    /// [`Dashboard::briefs`] with each session's group (see `group_example`) and the
    /// first local day of its events.
    pub fn briefs_with_group_and_day(&self) -> impl Iterator<Item = (&SessionBrief, u32, NaiveDate)> {
        self.base_indexes.iter().filter_map(|index| {
            let index = *index as usize;
            Some((self.base.briefs().get(index)?, self.base.session_groups().get(index)?.1, self.base.session_days().get(index)?.first))
        })
    }

    /// The base's test runs (see `regressions::base_runs`) and its number of sessions.
    pub fn base_runs(&self) -> (&[BaseRun], usize) {
        (self.base.test_runs(), self.base.sessions().len())
    }

    /// An example conversation of a group of the base.
    pub fn group_example(&self, group: u32) -> Option<ConversationId> {
        self.base.groups().get(group as usize).map(|sums| sums.example)
    }

    /// The sessions the filters keep, in the base's order.
    pub fn sessions(&self) -> impl Iterator<Item = &Arc<SessionFacts>> {
        self.base_indexes.iter().filter_map(|index| self.base.sessions().get(*index as usize))
    }

    /// The `index`th of [`Dashboard::sessions`].
    pub fn session(&self, index: usize) -> Option<&Arc<SessionFacts>> {
        self.base.sessions().get(*self.base_indexes.get(index)? as usize)
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
        *models.entry(dataset.text(request.model)).or_default() += 1;
    }
    // Other tools' records name people and (ccusage rows) agents too.
    let external = &dataset.external;
    let record_people =
        external.logged.iter().map(|e| &e.person).chain(external.tracked.iter().map(|s| &s.person)).chain(external.reported.iter().map(|r| &r.person));
    FilterChoices {
        people: sorted(dataset.conversations.iter().map(|c| &c.person).chain(record_people).cloned().collect()),
        projects: sorted(dataset.conversations.iter().map(|c| c.project_name().to_owned()).collect()),
        agents: sorted(
            dataset.conversations.iter().map(|c| c.agent).chain(external.reported.iter().map(|r| r.agent)).map(|agent| agent.label().to_owned()).collect(),
        ),
        models: models.into_keys().map(str::to_owned).collect(),
    }
}
