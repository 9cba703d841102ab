//! Sessions (spec section 3): a conversation split wherever two consecutive events are
//! more than the idle cutoff apart. Within a session every gap is at most the cutoff,
//! so a session's active time is its duration, and the total active time is the sum of
//! all gaps that are at most the cutoff.

use std::borrow::Borrow;
use std::ops::Range;

use crate::model::{ConversationId, Event};

pub const DEFAULT_IDLE_CUTOFF_MS: i64 = 10 * 60 * 1000;
pub const MIN_IDLE_CUTOFF_MS: i64 = 2 * 60 * 1000;
pub const MAX_IDLE_CUTOFF_MS: i64 = 60 * 60 * 1000;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Session {
    pub conversation: ConversationId,
    pub start_ms: i64,
    pub end_ms: i64,
    /// The session's events as a range of the slice it was split from.
    pub events: Range<usize>,
}

impl Session {
    pub fn active_time_ms(&self) -> i64 {
        self.end_ms - self.start_ms
    }
}

/// Splits events (sorted by conversation, then time) into sessions.
pub fn split_sessions<E: Borrow<Event>>(events: &[E], idle_cutoff_ms: i64) -> Vec<Session> {
    let mut sessions: Vec<Session> = Vec::new();
    for (index, event) in events.iter().map(Borrow::borrow).enumerate() {
        match sessions.last_mut() {
            Some(open) if open.conversation == event.conversation && event.timestamp_ms - open.end_ms <= idle_cutoff_ms => {
                open.end_ms = event.timestamp_ms;
                open.events.end = index + 1;
            }
            _ => {
                sessions.push(Session { conversation: event.conversation, start_ms: event.timestamp_ms, end_ms: event.timestamp_ms, events: index..index + 1 })
            }
        }
    }
    sessions
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::EventKind;

    const MINUTE_MS: i64 = 60_000;

    fn event(conversation: u32, minute: i64) -> Event {
        Event {
            timestamp_ms: minute * MINUTE_MS,
            line: crate::model::LineKey::NONE,
            conversation: ConversationId(conversation),
            is_sidechain: false,
            kind: EventKind::SystemMeta,
        }
    }

    #[test]
    fn gap_over_cutoff_splits_and_is_not_active() {
        // 0, 5, 14 | 30, 32 | other conversation at 33
        let events = [event(0, 0), event(0, 5), event(0, 14), event(0, 30), event(0, 32), event(1, 33)];
        let sessions = split_sessions(&events, 10 * MINUTE_MS);
        assert_eq!(sessions.len(), 3);
        assert_eq!(sessions[0].active_time_ms(), 14 * MINUTE_MS);
        assert_eq!(sessions[1].active_time_ms(), 2 * MINUTE_MS);
        assert_eq!(sessions[1].events, 3..5);
        assert_eq!(sessions[2].active_time_ms(), 0);
    }

    #[test]
    fn gap_equal_to_cutoff_stays_in_the_session() {
        let sessions = split_sessions(&[event(0, 0), event(0, 10)], 10 * MINUTE_MS);
        assert_eq!(sessions.len(), 1);
    }

    #[test]
    fn shorter_cutoff_gives_more_sessions() {
        let events = [event(0, 0), event(0, 5), event(0, 14)];
        assert_eq!(split_sessions(&events, 2 * MINUTE_MS).len(), 3);
    }
}
