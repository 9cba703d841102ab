//! Sessions, conversations and active time (spec sections 3 and 4).

use std::collections::BTreeSet;

use crate::sessions::Session;

/// Conversations with at least one event among the sessions.
pub fn conversation_count(sessions: &[Session]) -> usize {
    sessions.iter().map(|session| session.conversation).collect::<BTreeSet<_>>().len()
}

/// Sum of the gaps between consecutive events that are at most the idle cutoff.
pub fn active_time_ms(sessions: &[Session]) -> i64 {
    sessions.iter().map(Session::active_time_ms).sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ConversationId;

    fn session(conversation: u32, start_ms: i64, end_ms: i64) -> Session {
        Session { conversation: ConversationId(conversation), start_ms, end_ms, events: 0..1 }
    }

    #[test]
    fn counts_distinct_conversations_and_sums_active_time() {
        let sessions = [session(0, 0, 100), session(0, 1_000, 1_500), session(3, 0, 0)];
        assert_eq!(conversation_count(&sessions), 2);
        assert_eq!(active_time_ms(&sessions), 600);
    }
}
