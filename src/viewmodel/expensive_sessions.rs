//! The most expensive sessions of a dashboard, costliest first: what a report lists
//! and what the page offers to open.

use std::sync::Arc;

use super::dashboard::Dashboard;
use super::format;
use super::table_view::{local_time, Cell, RowKey, RowView, SortKey, TableView};
use crate::model::Dataset;
use crate::timezone::Tz;

/// Rows the table shows.
pub const EXPENSIVE_SESSIONS: usize = 10;

fn cell(text: String, sort: SortKey) -> Cell {
    Cell { text, sort, tone: None }
}

/// The `limit` costliest sessions (ties: the earlier first). Row keys are positions in
/// the dashboard's sessions, as in the sessions list.
pub fn expensive_sessions(dataset: &Dataset, dashboard: &Dashboard, zone: Tz, limit: usize) -> TableView {
    let mut sessions: Vec<(usize, &crate::viewmodel::session_facts::SessionFacts)> =
        dashboard.sessions().enumerate().map(|(index, facts)| (index, facts.as_ref())).collect();
    crate::order::sort_by(&mut sessions, |a, b| b.1.cost_usd.total_cmp(&a.1.cost_usd).then(a.1.start_ms.cmp(&b.1.start_ms)));
    sessions.truncate(limit);
    let rows = sessions
        .into_iter()
        .map(|(index, facts)| {
            let conversation = dataset.conversation(facts.conversation);
            let text = |value: &str| cell(value.to_owned(), SortKey::Text(value.to_lowercase()));
            let cells: Vec<Cell> = vec![
                cell(local_time(facts.start_ms, zone), SortKey::Number(facts.start_ms as f64)),
                text(&conversation.person),
                text(conversation.project_name()),
                text(conversation.title.as_deref().unwrap_or("")),
                cell(format::duration(facts.active_time_ms), SortKey::Number(facts.active_time_ms as f64)),
                cell(format::group_thousands(facts.requests), SortKey::Number(facts.requests as f64)),
                cell(format::group_thousands(facts.usage.total_tokens()), SortKey::Number(facts.usage.total_tokens() as f64)),
                cell(format::usd(facts.cost_usd), SortKey::Number(facts.cost_usd)),
                text(facts.outcome.label()),
            ];
            RowView { time_ms: None, key: RowKey::Position(index as u32), cells: Arc::from(cells) }
        })
        .collect();
    TableView {
        name: "expensive_sessions",
        title: "Most expensive sessions",
        columns: vec!["Start", "Person", "Project", "Title", "Duration", "Requests", "Tokens", "Cost", "Outcome"],
        rows,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::{generate, DEMO_SEED};
    use crate::metrics::Settings;
    use crate::pricing::PriceTable;
    use crate::transport::ingest_files;

    #[test]
    fn the_costliest_come_first_and_point_at_their_session() {
        let files = generate(DEMO_SEED);
        let dataset = ingest_files(files.iter().map(|f| (f.path.as_str(), f.person.as_str(), f.text.as_bytes())), PriceTable::embedded());
        let dashboard = Dashboard::unfiltered(&dataset, &Settings::default());
        let table = expensive_sessions(&dataset, &dashboard, Tz::UTC, 5);
        assert_eq!(table.rows.len(), 5);
        let costs: Vec<f64> = dashboard.sessions().map(|facts| facts.cost_usd).collect();
        let mut sorted = costs.clone();
        sorted.sort_by(|a, b| b.total_cmp(a));
        for (row, expected) in table.rows.iter().zip(&sorted) {
            let RowKey::Position(index) = row.key else { panic!("a position") };
            assert_eq!(costs[index as usize], *expected, "the row's key is its session");
        }
    }
}
