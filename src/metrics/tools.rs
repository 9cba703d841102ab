//! Tool figures (spec section 4): calls, success rate, average duration, errors and the
//! error recovery rate, overall and per tool.

use super::tool_use::ToolUse;
use crate::model::TextMap;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct ToolStats {
    pub calls: u64,
    /// Calls whose result came back (in the same session).
    pub results: u64,
    /// Results that are errors (failures, rejections and interruptions alike).
    pub errors: u64,
    /// Errors followed, later in the same session, by a successful call of the same tool.
    pub recovered_errors: u64,
    pub total_duration_ms: i64,
}

impl ToolStats {
    /// Share of results that are not errors; `None` before any result.
    pub fn success_rate(&self) -> Option<f64> {
        (self.results > 0).then(|| (self.results - self.errors) as f64 / self.results as f64)
    }

    pub fn error_recovery_rate(&self) -> Option<f64> {
        (self.errors > 0).then(|| self.recovered_errors as f64 / self.errors as f64)
    }

    pub fn average_duration_ms(&self) -> Option<f64> {
        (self.results > 0).then(|| self.total_duration_ms as f64 / self.results as f64)
    }

    pub fn merge(&mut self, other: &ToolStats) {
        self.calls += other.calls;
        self.results += other.results;
        self.errors += other.errors;
        self.recovered_errors += other.recovered_errors;
        self.total_duration_ms += other.total_duration_ms;
    }
}

/// Per-tool figures of one session's tool uses (in call order).
pub fn session_tool_stats(uses: &[ToolUse<'_>]) -> TextMap<ToolStats> {
    let mut stats: TextMap<ToolStats> = TextMap::default();
    for (index, tool_use) in uses.iter().enumerate() {
        let entry = stats.entry(tool_use.tool_id);
        entry.calls += 1;
        if let Some(duration_ms) = tool_use.duration_ms() {
            entry.results += 1;
            entry.total_duration_ms += duration_ms;
        }
        if tool_use.is_error() {
            entry.errors += 1;
            if recovered_later(uses, index) {
                entry.recovered_errors += 1;
            }
        }
    }
    stats.shrink_to_fit();
    stats
}

pub fn total(per_tool: &TextMap<ToolStats>) -> ToolStats {
    per_tool.values().fold(ToolStats::default(), |mut total, stats| {
        total.merge(stats);
        total
    })
}

/// Whether a later call of the same tool in the session succeeded after the call at
/// `index`: the agent got past its failure (the error recovery rate, and the rules that
/// leave such failures uncharged).
pub fn recovered_later(uses: &[ToolUse<'_>], index: usize) -> bool {
    let Some(failed) = uses.get(index) else { return false };
    uses[index + 1..].iter().any(|later| later.tool_id == failed.tool_id && later.is_success())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::tool_use::fixtures::*;
    use crate::metrics::tool_use::pair_tool_uses;
    use crate::model::Event;

    #[test]
    fn success_duration_and_recovery_by_hand() {
        // Edit fails at 1 s, Bash fails at 4 s, Edit succeeds at 7 s; Bash never recovers.
        let events = [
            call(0, "1", "Edit", Some("a.rs"), Some((1, 1))),
            result(1, "1", true),
            call(2, "2", "Bash", None, None),
            result(4, "2", true),
            call(5, "3", "Edit", Some("a.rs"), Some((1, 1))),
            result(7, "3", false),
            call(8, "4", "Read", None, None),
        ];
        let refs: Vec<&Event> = events.iter().collect();
        let texts = texts();
        let per_tool = session_tool_stats(&pair_tool_uses(&refs, &texts));
        let of = |tool: &str| texts.find(tool).and_then(|id| per_tool.get(id)).expect("a tool of the session");
        let all = total(&per_tool);
        assert_eq!((all.calls, all.results, all.errors, all.recovered_errors), (4, 3, 2, 1));
        assert_eq!(all.success_rate(), Some(1.0 / 3.0));
        assert_eq!(all.error_recovery_rate(), Some(0.5));
        assert_eq!(all.average_duration_ms(), Some((1000.0 + 2000.0 + 2000.0) / 3.0));
        assert_eq!(of("Edit").error_recovery_rate(), Some(1.0));
        assert_eq!(of("Read").success_rate(), None);
    }
}
