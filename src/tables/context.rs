//! What every table's row says about where it belongs: the batch, the conversation, the
//! person, agent and project, and the day and ISO week (in the display zone), so that
//! every dashboard filter is a `WHERE` on any table.

use chrono::{Datelike, NaiveDate};

use crate::export::Redaction;
use crate::model::keys::hashed_path;
use crate::model::{Conversation, Dataset};
use crate::timezone::{local_date, Tz};

/// The columns every table starts with, for one conversation.
#[derive(Clone, Debug)]
pub struct RowContext {
    pub batch: i64,
    /// The conversation's id as its agent wrote it (OpenTelemetry's `session.id`).
    pub session_id: String,
    pub person: String,
    pub agent: &'static str,
    pub project: String,
}

impl RowContext {
    pub fn of(conversation: &Conversation, batch: i64, redaction: Redaction) -> RowContext {
        let project = conversation.project_name();
        RowContext {
            batch,
            session_id: conversation.session_key.clone(),
            person: conversation.person.clone(),
            agent: conversation.agent.label(),
            project: if redaction.hash_paths && !conversation.project_path.is_empty() { hashed_path(project) } else { project.to_owned() },
        }
    }

    /// Every conversation's context, by conversation index.
    pub fn all(dataset: &Dataset, batch: i64, redaction: Redaction) -> Vec<RowContext> {
        dataset.conversations.iter().map(|conversation| RowContext::of(conversation, batch, redaction)).collect()
    }
}

/// A conversation's events: how many, and the first and last one's time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Span {
    pub events: i64,
    pub first_ms: i64,
    pub last_ms: i64,
}

/// Each conversation's span, by conversation index (`None` for one without events), in
/// one pass over the events: the conversations table and the manifest's fingerprints
/// both read it.
pub fn conversation_spans(dataset: &Dataset) -> Vec<Option<Span>> {
    let mut spans: Vec<Option<Span>> = vec![None; dataset.conversations.len()];
    for event in &dataset.events {
        let Some(slot) = spans.get_mut(event.conversation.0 as usize) else { continue };
        let span = slot.get_or_insert(Span { events: 0, first_ms: event.timestamp_ms, last_ms: event.timestamp_ms });
        span.events += 1;
        span.first_ms = span.first_ms.min(event.timestamp_ms);
        span.last_ms = span.last_ms.max(event.timestamp_ms);
    }
    spans
}

/// Days since 1970-01-01 (a Parquet DATE).
pub fn epoch_days(date: NaiveDate) -> i32 {
    date.num_days_from_ce() - NaiveDate::from_ymd_opt(1970, 1, 1).map_or(719_163, |epoch| epoch.num_days_from_ce())
}

/// A time's local day and the Monday of its ISO week, as Parquet DATEs.
pub fn day_and_week(timestamp_ms: i64, zone: Tz) -> (i32, i32) {
    let day = local_date(timestamp_ms, zone);
    let monday = day - chrono::Days::new(u64::from(day.weekday().num_days_from_monday()));
    (epoch_days(day), epoch_days(monday))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_count_from_the_epoch_and_weeks_start_on_monday() {
        assert_eq!(epoch_days(NaiveDate::from_ymd_opt(1970, 1, 2).expect("date")), 1);
        // 2026-12-06 is a Sunday: its week began on Monday 2026-11-30.
        let sunday_noon_ms = 1_796_558_400_000;
        let (day, week) = day_and_week(sunday_noon_ms, Tz::UTC);
        assert_eq!(day, epoch_days(NaiveDate::from_ymd_opt(2026, 12, 6).expect("date")));
        assert_eq!(week, epoch_days(NaiveDate::from_ymd_opt(2026, 11, 30).expect("date")));
    }
}
