//! The usage reports (`daily`, `weekly`, `monthly`, `session`, `blocks`): the rows of
//! `viewmodel::usage_report` over the requests the flags keep (`kept_requests`, as the
//! page's Usage tables), written in ccusage's
//! JSON shapes (`ccusage_shapes`) or as a table (`usage_table`).

use chrono::NaiveDate;

use super::args::{Options, UsageKind};
use super::ccusage_shapes::{blocks_json, report_json, Shape};
use super::usage_table::{blocks_table, report_table};
use super::CliError;
use crate::metrics::selection::Period;
use crate::model::{Dataset, Request};
use crate::timezone::LocalDays;
use crate::viewmodel::usage_report::blocks::{billing_blocks, block_requests, Block};
use crate::viewmodel::usage_report::{kept_requests, usage_report_of, Grouping};

/// How far back `blocks --recent` reaches.
const RECENT_MS: i64 = 3 * 86_400_000;

/// The report `kind` of `dataset` under the options, as it is printed.
pub fn usage_output(dataset: &Dataset, kind: UsageKind, options: &Options, today: NaiveDate, now_ms: i64) -> Result<String, CliError> {
    let mut filters = options.controls.filters.clone();
    let flags = &options.usage;
    if flags.since.is_some() || flags.until.is_some() {
        filters.period = Period::Range { from: flags.since.unwrap_or(NaiveDate::MIN), to: flags.until.unwrap_or(NaiveDate::MAX) };
    }
    let shape = match filters.agent.as_deref() {
        Some(label) => Shape::Agent(super::args::agent(label)?),
        None => Shape::All,
    };
    let settings = &options.controls.settings;
    let requests = kept_requests(dataset, &filters, settings, today);
    let grouping = match kind {
        UsageKind::Daily => Grouping::Day,
        // Unless told, weeks start on Monday in ccusage's all-agents report and on Sunday in
        // its per-agent ones.
        UsageKind::Weekly => {
            Grouping::Week { start: flags.start_of_week.unwrap_or(if shape == Shape::All { chrono::Weekday::Mon } else { chrono::Weekday::Sun }) }
        }
        UsageKind::Monthly => Grouping::Month,
        UsageKind::Session => Grouping::Session,
        UsageKind::Blocks => return blocks_output(dataset, &requests, shape, options, now_ms),
    };
    let mut report = usage_report_of(dataset, requests, grouping, &mut LocalDays::new(settings.time_zone));
    if flags.descending {
        report.rows.reverse();
    }
    if flags.json {
        pretty(&report_json(dataset, &report, grouping, shape))
    } else {
        Ok(report_table(dataset, &report, grouping, shape, flags.breakdown))
    }
}

fn blocks_output(dataset: &Dataset, requests: &[&Request], shape: Shape, options: &Options, now_ms: i64) -> Result<String, CliError> {
    let flags = &options.usage;
    let agent = match shape {
        Shape::Agent(agent) => Some(agent),
        Shape::All => None,
    };
    let requests = block_requests(dataset, requests.iter().copied(), agent);
    let block_ms = (flags.block_hours * 3_600_000.0).round() as i64;
    let mut blocks: Vec<Block> = billing_blocks(dataset, requests, block_ms, now_ms);
    if flags.recent_only {
        blocks.retain(|block| block.start_ms >= now_ms - RECENT_MS || block.is_active);
    }
    if flags.active_only {
        blocks.retain(|block| block.is_active);
    }
    if flags.descending {
        blocks.reverse();
    }
    if flags.json {
        let mut json = blocks_json(&blocks, now_ms);
        if flags.active_only && blocks.is_empty() {
            json["message"] = serde_json::json!("No active block");
        }
        pretty(&json)
    } else {
        Ok(blocks_table(&blocks, now_ms, options.controls.settings.time_zone))
    }
}

fn pretty(json: &serde_json::Value) -> Result<String, CliError> {
    Ok(serde_json::to_string_pretty(json)? + "\n")
}
