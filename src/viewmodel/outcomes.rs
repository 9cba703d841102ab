//! Sessions by outcome (spec section 4.1) and by quality class (4.3), per person and in
//! all: the distribution table.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::dashboard::Dashboard;
use super::format;
use super::session_facts::Outcome;
use super::table_view::{Cell, RowKey, RowView, SortKey, TableView};
use crate::metrics::quality::Classification;
use crate::model::Dataset;

/// Sessions by outcome and by class, in `Outcome::ALL` and `Classification::ALL` order.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Distribution {
    pub outcomes: [u64; 3],
    pub classes: [u64; 4],
}

/// Each person's distribution, in name order, and everyone's: from the sums the
/// dashboard keeps per group, not from every session.
pub fn distributions(dataset: &Dataset, dashboard: &Dashboard) -> (Vec<(String, Distribution)>, Distribution) {
    let mut people: BTreeMap<&str, Distribution> = BTreeMap::new();
    let mut all = Distribution::default();
    for (example, totals) in dashboard.kept_groups() {
        let person = people.entry(dataset.conversation(example).person.as_str()).or_default();
        for distribution in [person, &mut all] {
            for (count, add) in distribution.outcomes.iter_mut().zip(totals.outcomes) {
                *count += add;
            }
            for (count, add) in distribution.classes.iter_mut().zip(totals.classes) {
                *count += add;
            }
        }
    }
    (people.into_iter().filter(|(_, d)| d.outcomes.iter().sum::<u64>() > 0).map(|(person, distribution)| (person.to_owned(), distribution)).collect(), all)
}

fn count_cell(count: u64, of: u64) -> Cell {
    let share = if of > 0 { format!(" ({})", format::percent(count as f64 / of as f64)) } else { String::new() };
    Cell { text: format!("{}{share}", format::group_thousands(count)), sort: SortKey::Number(count as f64), tone: None }
}

/// The table: a row a person (`data-row` the person) and one for everyone (`all`).
pub fn outcome_table(dataset: &Dataset, dashboard: &Dashboard) -> TableView {
    let (people, all) = distributions(dataset, dashboard);
    let row = |key: String, name: String, distribution: &Distribution| {
        let sessions: u64 = distribution.outcomes.iter().sum();
        let mut cells = vec![Cell { sort: SortKey::Text(name.to_lowercase()), text: name, tone: None }];
        cells.extend(distribution.outcomes.iter().chain(&distribution.classes).map(|count| count_cell(*count, sessions)));
        RowView { time_ms: None, key: RowKey::Text(key), cells: Arc::from(cells) }
    };
    let mut rows: Vec<RowView> = people.iter().map(|(person, distribution)| row(person.clone(), person.clone(), distribution)).collect();
    if !people.is_empty() {
        rows.push(row(String::from("all"), String::from("Everyone"), &all));
    }
    let mut columns = vec!["Person"];
    columns.extend(Outcome::ALL.iter().map(|outcome| outcome.label()));
    columns.extend(Classification::ALL.iter().map(|class| class.label()));
    TableView { name: "outcomes", title: "Sessions by outcome and quality class", columns, rows }
}
