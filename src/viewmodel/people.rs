//! The team table: a row per person with the summary's figures over their sessions (from
//! the sums the dashboard keeps per group, so the rows add up to the cards), their
//! sessions' outcomes, and how many of the practices they have adopted.

use std::collections::BTreeMap;

use super::dashboard::Dashboard;
use super::format;
use super::group_totals::Totals;
use super::practices::adoption_matrix;
use super::session_facts::Outcome;
use super::table_view::{count, number, optional, text, usd, RowKey, RowView, TableView};
use crate::metrics::practices::Practice;
use crate::model::Dataset;

/// A person's sums over the sessions the filters keep.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PersonRow {
    pub person: String,
    pub totals: Totals,
    /// Practices shown in at least one of their sessions.
    pub practices_adopted: usize,
}

/// A row per person with sessions, in name order.
pub fn person_rows(dataset: &Dataset, dashboard: &Dashboard) -> Vec<PersonRow> {
    let mut people: BTreeMap<String, Totals> = BTreeMap::new();
    for (example, totals) in dashboard.kept_groups() {
        people.entry(dataset.conversation(example).person.clone()).or_default().merge(totals);
    }
    let matrix = adoption_matrix(dataset, dashboard);
    people
        .into_iter()
        .filter(|(_, totals)| totals.sessions > 0)
        .map(|(person, totals)| {
            let practices_adopted = matrix
                .people
                .iter()
                .find(|(name, _)| *name == person)
                .map_or(0, |(_, counts)| Practice::ALL.iter().filter(|practice| counts.is_adopted(**practice)).count());
            PersonRow { person, totals, practices_adopted }
        })
        .collect()
}

/// The table (`data-table="people"`, a row per person keyed by the name).
pub fn people_table(dataset: &Dataset, dashboard: &Dashboard) -> TableView {
    let rows = person_rows(dataset, dashboard)
        .into_iter()
        .map(|row| {
            let totals = &row.totals;
            let outcome = |wanted: Outcome| count(totals.outcomes[wanted as usize]);
            let cells = vec![
                text(&row.person),
                count(totals.sessions),
                number(format::duration(totals.active_time_ms), totals.active_time_ms as f64),
                count(totals.tokens.total_tokens()),
                usd(totals.cost_usd),
                outcome(Outcome::Shipped),
                outcome(Outcome::Changed),
                outcome(Outcome::Abandoned),
                optional(totals.code.acceptance_rate(), format::percent),
                number(format!("{} of {}", row.practices_adopted, Practice::ALL.len()), row.practices_adopted as f64),
            ];
            RowView { time_ms: None, key: RowKey::Text(row.person), cells: cells.into() }
        })
        .collect();
    TableView {
        name: "people",
        title: "People",
        columns: vec!["Person", "Sessions", "Active time", "Tokens", "Cost", "Shipped", "Changed", "Abandoned", "Acceptance", "Practices adopted"],
        rows,
    }
}
