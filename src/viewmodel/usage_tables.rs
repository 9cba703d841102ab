//! The page's Usage tables, as ccusage shows usage: by day, week (from Monday), month and
//! 5-hour billing block, each row with its models, every token class, the total and the
//! cost, and with `breakdown` a row per model under it. The rows are the command line's
//! (`usage_report`), newest first.

use super::table_view::{count, text, usd, Cell, RowKey, RowView, SortKey, TableView};
use super::usage_report::blocks::{billing_blocks, block_requests, BLOCK_MS};
use super::usage_report::{usage_report_of, Grouping, ModelSum, UsageSum};
use crate::model::{Agent, Dataset, Request};
use crate::timezone::{minute_text, LocalDays, Tz};

/// The views, in the order the page offers them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UsageView {
    Daily,
    Weekly,
    Monthly,
    Blocks,
}

impl UsageView {
    pub const ALL: [UsageView; 4] = [UsageView::Daily, UsageView::Weekly, UsageView::Monthly, UsageView::Blocks];

    /// Its `data-table`, and its key in the URL (`usage=`).
    pub fn name(self) -> &'static str {
        match self {
            UsageView::Daily => "usage_daily",
            UsageView::Weekly => "usage_weekly",
            UsageView::Monthly => "usage_monthly",
            UsageView::Blocks => "usage_blocks",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            UsageView::Daily => "Daily",
            UsageView::Weekly => "Weekly",
            UsageView::Monthly => "Monthly",
            UsageView::Blocks => "5-hour blocks",
        }
    }

    fn title(self) -> &'static str {
        match self {
            UsageView::Daily => "Usage by day",
            UsageView::Weekly => "Usage by week (from Monday)",
            UsageView::Monthly => "Usage by month",
            UsageView::Blocks => "Usage by 5-hour billing block",
        }
    }
}

const COUNT_COLUMNS: [&str; 6] = ["Input", "Output", "Cache create", "Cache read", "Total tokens", "Cost"];

/// The table of `view` over `requests` (of `dataset`), days in `zone`; `now_ms` marks the
/// active block. Blocks are of `agent`'s requests, Claude Code's when none is chosen
/// (`blocks::block_requests`).
pub fn usage_table(dataset: &Dataset, requests: &[&Request], view: UsageView, breakdown: bool, agent: Option<Agent>, zone: Tz, now_ms: i64) -> TableView {
    let grouping = match view {
        UsageView::Daily => Grouping::Day,
        UsageView::Weekly => Grouping::Week { start: chrono::Weekday::Mon },
        UsageView::Monthly => Grouping::Month,
        UsageView::Blocks => return blocks_table(dataset, &block_requests(dataset, requests.iter().copied(), agent), breakdown, zone, now_ms),
    };
    let report = usage_report_of(dataset, requests.iter().copied(), grouping, &mut LocalDays::new(zone));
    let first = match view {
        UsageView::Daily => "Date",
        UsageView::Weekly => "Week of",
        _ => "Month",
    };
    let mut rows = Vec::new();
    for row in report.rows.iter().rev() {
        rows.push(sum_row(RowKey::Text(row.key.clone()), period_cell(&row.key), models_cell(&row.models), &row.sum));
        if breakdown {
            rows.extend(model_rows(&row.key, &row.models));
        }
    }
    TableView { name: view.name(), title: view.title(), columns: columns(first), rows }
}

fn blocks_table(dataset: &Dataset, requests: &[&Request], breakdown: bool, zone: Tz, now_ms: i64) -> TableView {
    let blocks = billing_blocks(dataset, requests.iter().copied(), BLOCK_MS, now_ms);
    let mut rows = Vec::new();
    for block in blocks.iter().rev() {
        let key = minute_text(block.start_ms, zone);
        let start = Cell { sort: SortKey::Number(block.start_ms as f64), ..text(format!("{key} · {}", block.status(now_ms))) };
        rows.push(sum_row(RowKey::Text(key.clone()), start, text(block.model_names().join(", ")), &block.sum));
        if breakdown {
            rows.extend(model_rows(&key, &block.models));
        }
    }
    TableView { name: UsageView::Blocks.name(), title: UsageView::Blocks.title(), columns: columns("Block start"), rows }
}

fn columns(first: &'static str) -> Vec<&'static str> {
    let mut columns = vec![first, "Models"];
    columns.extend(COUNT_COLUMNS);
    columns
}

fn period_cell(key: &str) -> Cell {
    // Dates and months sort as text, which is their order.
    text(key.to_owned())
}

fn models_cell(models: &[ModelSum]) -> Cell {
    text(models.iter().map(|model| model.model.as_str()).collect::<Vec<_>>().join(", "))
}

fn sum_row(key: RowKey, first: Cell, models: Cell, sum: &UsageSum) -> RowView {
    let usage = &sum.usage;
    let cells = vec![
        first,
        models,
        count(usage.input_tokens),
        count(usage.output_tokens),
        count(usage.cache_write_tokens()),
        count(usage.cache_read_tokens),
        count(usage.total_tokens()),
        usd(sum.cost_usd),
    ];
    RowView { time_ms: None, key, cells: cells.into() }
}

/// A row per model under its period's row (`data-row` "PERIOD/MODEL").
fn model_rows<'a>(key: &'a str, models: &'a [ModelSum]) -> impl Iterator<Item = RowView> + 'a {
    models.iter().map(move |model| sum_row(RowKey::Text(format!("{key}/{}", model.model)), text(format!("└ {}", model.model)), text(String::new()), &model.sum))
}
