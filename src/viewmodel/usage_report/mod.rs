//! Usage by day, week, month, session and 5-hour billing block: the rows of ccusage's
//! reports, built from the deduplicated requests the filters keep and their costs. The
//! command line's `daily`, `weekly`, `monthly`, `session` and `blocks` print them (in
//! ccusage's shapes or as tables); the page's Usage views read the same rows.
//!
//! A row sums its requests' token classes, reasoning tokens and cost, per model too; it
//! names the agents it holds and its first and last request. Rows come in key order
//! (dates sort as text); sessions by their last request.

pub mod blocks;
mod periods;

use std::borrow::Cow;
use std::collections::BTreeMap;

use chrono::{NaiveDate, Weekday};

use crate::metrics::selection::{Filters, PeriodBounds};
use crate::metrics::Settings;
use rustc_hash::FxHashMap;

use crate::model::{Agent, ConversationId, Dataset, PriceStatus, Request, TextId, TokenUsage};
use crate::timezone::LocalDays;

pub use periods::{period_key, week_start};

/// How requests are grouped into rows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Grouping {
    /// By local date: `2026-01-09`.
    Day,
    /// By the local date of the week's first day (`start`): `2026-01-04`.
    Week { start: Weekday },
    /// By local month: `2026-01`.
    Month,
    /// By conversation (ccusage's "session"): keyed by the transcript's session id.
    Session,
}

/// Sums of requests: tokens by class, reasoning tokens (of the output) and cost.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct UsageSum {
    pub requests: u64,
    pub usage: TokenUsage,
    pub reasoning_output_tokens: u64,
    pub cost_usd: f64,
    /// Whether a request was priced by a related model (ccusage's `isFallback`).
    pub has_approximate_price: bool,
}

impl UsageSum {
    pub fn add(&mut self, request: &Request) {
        self.requests += 1;
        self.usage.add(&request.usage);
        self.reasoning_output_tokens = self.reasoning_output_tokens.saturating_add(request.reasoning_output_tokens);
        self.cost_usd += request.cost_usd;
        self.has_approximate_price |= request.price_status == PriceStatus::Approximate;
    }

    pub fn add_sum(&mut self, other: &UsageSum) {
        self.requests += other.requests;
        self.usage.add(&other.usage);
        self.reasoning_output_tokens = self.reasoning_output_tokens.saturating_add(other.reasoning_output_tokens);
        self.cost_usd += other.cost_usd;
        self.has_approximate_price |= other.has_approximate_price;
    }
}

/// One model's share of a row.
#[derive(Clone, Debug, PartialEq)]
pub struct ModelSum {
    pub model: String,
    pub sum: UsageSum,
}

/// One row of a report.
#[derive(Clone, Debug, PartialEq)]
pub struct UsageRow {
    /// The period's key (see `Grouping`), or the session's key.
    pub key: String,
    /// The agents of its requests, in `Agent::ALL` order.
    pub agents: Vec<Agent>,
    /// Per model, in the order each was first used (by request time).
    pub models: Vec<ModelSum>,
    pub sum: UsageSum,
    pub first_ms: i64,
    pub last_ms: i64,
    /// For a session: its conversation.
    pub conversation: Option<ConversationId>,
}

/// A report: its rows and their total.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct UsageReport {
    pub rows: Vec<UsageRow>,
    pub totals: UsageSum,
}

/// The requests the filters keep, as the dashboard's selection keeps them, in one pass
/// over the requests (no events, no sessions: what the page's usage tables need on every
/// filter change): of the conversations the person, project and agent filters keep, of the
/// chosen model, on a day of the period in the display zone. Equal to
/// `Selection::new(…).requests` (`tests/usage_tables.rs`).
pub fn kept_requests<'d>(dataset: &'d Dataset, filters: &Filters, settings: &Settings, today: NaiveDate) -> Vec<&'d Request> {
    let kept: Vec<bool> = dataset.conversations.iter().map(|conversation| filters.keeps_conversation(conversation)).collect();
    let model = filters.model.as_deref().map(|model| dataset.texts.find(model));
    let period = filters.period.dates(today).map(|(from, to)| PeriodBounds::new(from, to));
    let mut local_days = LocalDays::new(settings.time_zone);
    dataset
        .requests
        .iter()
        .filter(|request| kept[request.conversation.0 as usize])
        .filter(|request| model.is_none_or(|model| model == Some(request.model)))
        .filter(|request| period.is_none_or(|period| period.contains(&mut local_days, request.timestamp_ms)))
        .collect()
}

/// The report of `requests` (of `dataset`, in any order), grouped by `grouping`, days in
/// `local_days`' zone. Requests are first summed per day, model and agent (one hash
/// lookup each: the page remakes its Usage table on every filter change, over every
/// request), then those sums, in a fixed order, into the rows.
pub fn usage_report_of<'a>(
    dataset: &'a Dataset,
    requests: impl IntoIterator<Item = &'a Request>,
    grouping: Grouping,
    local_days: &mut LocalDays,
) -> UsageReport {
    let mut totals = UsageSum::default();
    if grouping == Grouping::Session {
        // A session's row by its conversation (two agents' sessions may share a key).
        let mut sessions: BTreeMap<ConversationId, RowBuilder> = BTreeMap::new();
        for request in requests {
            let mut sum = UsageSum::default();
            sum.add(request);
            let row = sessions.entry(request.conversation).or_insert_with(|| RowBuilder::new(request.timestamp_ms));
            row.add(&sum, dataset.conversation(request.conversation).agent, &model_name(dataset, request), request.timestamp_ms, request.timestamp_ms);
            totals.add(request);
        }
        let mut rows: Vec<UsageRow> = sessions.into_iter().map(|(id, row)| row.finish(dataset.conversation(id).session_key.clone(), Some(id))).collect();
        rows.sort_by(|a, b| a.last_ms.cmp(&b.last_ms).then_with(|| a.key.cmp(&b.key)));
        return UsageReport { rows, totals };
    }
    let mut by_day: FxHashMap<DayModel, (UsageSum, i64, i64)> = FxHashMap::default();
    for request in requests {
        let agent = dataset.conversation(request.conversation).agent;
        let date = local_days.date(request.timestamp_ms);
        let time_ms = request.timestamp_ms;
        let (sum, first_ms, last_ms) = by_day.entry((date, request.model, request.is_fast, agent)).or_insert((UsageSum::default(), time_ms, time_ms));
        sum.add(request);
        *first_ms = (*first_ms).min(time_ms);
        *last_ms = (*last_ms).max(time_ms);
        totals.add(request);
    }
    let mut sums: Vec<_> = by_day.into_iter().collect();
    sums.sort_unstable_by_key(|((date, model, is_fast, agent), _)| (*date, *model, *is_fast, *agent as u8));
    let mut periods: BTreeMap<String, RowBuilder> = BTreeMap::new();
    for ((date, model, is_fast, agent), (sum, first_ms, last_ms)) in sums {
        let row = periods.entry(period_key(date, grouping)).or_insert_with(|| RowBuilder::new(first_ms));
        row.add(&sum, agent, &named_model(dataset, model, is_fast), first_ms, last_ms);
    }
    UsageReport { rows: periods.into_iter().map(|(key, row)| row.finish(key, None)).collect(), totals }
}

/// A request's model as the reports name it: fast mode (Claude's `speed: "fast"`) as a
/// model of its own, `…-fast`, as ccusage names it.
pub fn model_name<'d>(dataset: &'d Dataset, request: &Request) -> Cow<'d, str> {
    named_model(dataset, request.model, request.is_fast)
}

fn named_model(dataset: &Dataset, model: TextId, is_fast: bool) -> Cow<'_, str> {
    let model = dataset.text(model);
    if is_fast {
        Cow::Owned(format!("{model}-fast"))
    } else {
        Cow::Borrowed(model)
    }
}

/// A day, a model, fast mode or not, and an agent: what requests are first summed by.
type DayModel = (NaiveDate, TextId, bool, Agent);

/// A row while its requests are added.
struct RowBuilder {
    agents: [bool; 3],
    /// Each model's sum and first request's time.
    models: Vec<(ModelSum, i64)>,
    sum: UsageSum,
    first_ms: i64,
    last_ms: i64,
}

impl RowBuilder {
    fn new(first_ms: i64) -> RowBuilder {
        RowBuilder { agents: [false; 3], models: Vec::new(), sum: UsageSum::default(), first_ms, last_ms: first_ms }
    }

    /// Adds `sum`, of `agent`'s requests to `model` from `first_ms` to `last_ms`.
    fn add(&mut self, sum: &UsageSum, agent: Agent, model: &str, first_ms: i64, last_ms: i64) {
        if let Some(slot) = Agent::ALL.iter().position(|each| *each == agent) {
            self.agents[slot] = true;
        }
        match self.models.iter_mut().find(|(each, _)| each.model == model) {
            Some((each, first)) => {
                each.sum.add_sum(sum);
                *first = (*first).min(first_ms);
            }
            None => self.models.push((ModelSum { model: model.to_owned(), sum: *sum }, first_ms)),
        }
        self.sum.add_sum(sum);
        self.first_ms = self.first_ms.min(first_ms);
        self.last_ms = self.last_ms.max(last_ms);
    }

    fn finish(mut self, key: String, conversation: Option<ConversationId>) -> UsageRow {
        let agents = Agent::ALL.into_iter().zip(self.agents).filter(|(_, has)| *has).map(|(agent, _)| agent).collect();
        // In the order first used (stable: a tie keeps the order met).
        self.models.sort_by_key(|(_, first_ms)| *first_ms);
        let models = self.models.into_iter().map(|(model, _)| model).collect();
        UsageRow { key, agents, models, sum: self.sum, first_ms: self.first_ms, last_ms: self.last_ms, conversation }
    }
}
