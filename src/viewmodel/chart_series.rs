//! What each chart shows: bars (optionally stacked) with labels and a tooltip text.
//! Days run from the first to the last day in the data, empty days as zero.

use chrono::{Datelike, Days, Months, NaiveDate};

use super::format;
use super::tables::DayRow;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ValueKind {
    #[default]
    Count,
    Usd,
    DurationMs,
}

impl ValueKind {
    pub fn format(self, value: f64) -> String {
        match self {
            ValueKind::Count => format::compact_count(value.round().max(0.0) as u64),
            ValueKind::Usd => format::usd(value),
            ValueKind::DurationMs => format::duration(value.round() as i64),
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Bar {
    /// Axis label ("MM-DD" for days).
    pub label: String,
    /// One value per stacked segment.
    pub values: Vec<f64>,
}

impl Bar {
    pub fn total(&self) -> f64 {
        self.values.iter().sum()
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct BarSeries {
    pub title: &'static str,
    pub kind: ValueKind,
    /// Names of the stacked segments (one name for plain bars).
    pub segments: Vec<&'static str>,
    pub bars: Vec<Bar>,
}

impl BarSeries {
    pub fn max_total(&self) -> f64 {
        self.bars.iter().map(Bar::total).fold(0.0, f64::max)
    }

    /// The chart in one sentence, its text alternative: "Daily cost: 30 bars from 10-01
    /// to 10-30, $12.00 in all; highest 10-12: $3.10." (no bars: "no data").
    pub fn summary(&self) -> String {
        let (Some(first), Some(last)) = (self.bars.first(), self.bars.last()) else {
            return format!("{}: no data.", self.title);
        };
        let total: f64 = self.bars.iter().map(Bar::total).sum();
        let highest = self.bars.iter().fold(first, |best, bar| if bar.total() > best.total() { bar } else { best });
        let span =
            if self.bars.len() == 1 { format!("1 bar, {}", first.label) } else { format!("{} bars from {} to {}", self.bars.len(), first.label, last.label) };
        let what = match self.segments.as_slice() {
            [only] => format!(" {only}"),
            _ => String::new(),
        };
        format!("{}: {span}, {}{what} in all; highest {}: {}.", self.title, self.kind.format(total), highest.label, self.kind.format(highest.total()))
    }

    /// "3 Sep: 120 requests" — what hovering a bar shows.
    pub fn tooltip(&self, index: usize) -> Option<String> {
        let bar = self.bars.get(index)?;
        if self.segments.len() == 1 {
            return Some(format!("{}: {} {}", bar.label, self.kind.format(bar.total()), self.segments[0]));
        }
        let parts: Vec<String> = self.segments.iter().zip(&bar.values).map(|(name, value)| format!("{name} {}", self.kind.format(*value))).collect();
        Some(format!("{}: {} ({})", bar.label, self.kind.format(bar.total()), parts.join(", ")))
    }
}

/// Most bars a day chart draws: a longer span is drawn by week, month or year (a file
/// spanning years must not become a bar for every day in between).
pub const MAX_BARS: usize = 400;

/// How many days one bar of a day chart covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Step {
    Day,
    /// Monday to Sunday.
    Week,
    Month,
    Year,
}

impl Step {
    fn for_span(first: NaiveDate, last: NaiveDate) -> Step {
        let days = (last - first).num_days().max(0) as usize + 1;
        if days <= MAX_BARS {
            Step::Day
        } else if days.div_ceil(7) < MAX_BARS {
            Step::Week
        } else if days.div_ceil(28) < MAX_BARS {
            Step::Month
        } else {
            Step::Year
        }
    }

    /// The first day of the bar `date` falls in.
    fn start(self, date: NaiveDate) -> NaiveDate {
        match self {
            Step::Day => date,
            Step::Week => date - Days::new(u64::from(date.weekday().num_days_from_monday())),
            Step::Month => date.with_day(1).unwrap_or(date),
            Step::Year => date.with_day(1).and_then(|day| day.with_month(1)).unwrap_or(date),
        }
    }

    fn next(self, start: NaiveDate) -> Option<NaiveDate> {
        match self {
            Step::Day => start.checked_add_days(Days::new(1)),
            Step::Week => start.checked_add_days(Days::new(7)),
            Step::Month => start.checked_add_months(Months::new(1)),
            Step::Year => start.checked_add_months(Months::new(12)),
        }
    }

    fn label(self, start: NaiveDate) -> String {
        match self {
            // "12 Oct": no reader takes it for 10 December.
            Step::Day => start.format("%-d %b").to_string(),
            Step::Week => start.format("w. %Y-%m-%d").to_string(),
            Step::Month => start.format("%Y-%m").to_string(),
            Step::Year => start.format("%Y").to_string(),
        }
    }
}

fn daily(days: &[DayRow], title: &'static str, kind: ValueKind, segments: Vec<&'static str>, values: impl Fn(&DayRow) -> Vec<f64>) -> BarSeries {
    let mut bars = Vec::new();
    let (Some(first), Some(last)) = (days.first(), days.last()) else {
        return BarSeries { title, kind, segments, bars };
    };
    let step = Step::for_span(first.date, last.date);
    let mut rows = days.iter().peekable();
    let mut start = step.start(first.date);
    while start <= last.date {
        let end = step.next(start);
        let mut sums = vec![0.0; segments.len()];
        while let Some(row) = rows.next_if(|row| end.is_none_or(|end| row.date < end)) {
            for (sum, value) in sums.iter_mut().zip(values(row)) {
                *sum += value;
            }
        }
        bars.push(Bar { label: step.label(start), values: sums });
        match end {
            Some(next) => start = next,
            None => break,
        }
    }
    BarSeries { title, kind, segments, bars }
}

pub fn daily_requests(days: &[DayRow]) -> BarSeries {
    daily(days, "Requests per day", ValueKind::Count, vec!["requests"], |day| vec![day.requests as f64])
}

pub fn daily_cost(days: &[DayRow]) -> BarSeries {
    daily(days, "Cost per day", ValueKind::Usd, vec!["cost"], |day| vec![day.cost_usd])
}

pub fn daily_tokens(days: &[DayRow]) -> BarSeries {
    daily(days, "Tokens per day", ValueKind::Count, vec!["input", "output", "cache write", "cache read"], |day| {
        vec![day.usage.input_tokens as f64, day.usage.output_tokens as f64, day.usage.cache_write_tokens() as f64, day.usage.cache_read_tokens as f64]
    })
}

/// Session lengths in minutes: the upper bound of each bucket, and its label.
const DURATION_BUCKETS: [(i64, &str); 8] =
    [(2, "<2m"), (5, "2–5m"), (10, "5–10m"), (20, "10–20m"), (30, "20–30m"), (60, "30–60m"), (120, "1–2h"), (i64::MAX, ">2h")];

/// Sessions per bar of the duration chart: additive, so kept with the other sums.
pub type DurationCounts = [u64; DURATION_BUCKETS.len()];

/// The bar of the duration chart a session of this active time counts in.
pub fn duration_bucket(active_time_ms: i64) -> usize {
    let minutes = active_time_ms / 60_000;
    DURATION_BUCKETS.iter().position(|(upper, _)| minutes < *upper).unwrap_or(DURATION_BUCKETS.len() - 1)
}

pub fn session_durations(counts: &DurationCounts) -> BarSeries {
    let bars = DURATION_BUCKETS.iter().zip(counts).map(|((_, label), count)| Bar { label: (*label).to_owned(), values: vec![*count as f64] }).collect();
    BarSeries { title: "Session duration", kind: ValueKind::Count, segments: vec!["sessions"], bars }
}

#[cfg(test)]
mod tests {

    #[test]
    fn a_chart_summary_names_span_total_and_highest_bar() {
        let bar = |label: &str, values: Vec<f64>| Bar { label: label.to_owned(), values };
        let series = BarSeries {
            title: "Daily requests",
            kind: ValueKind::Count,
            segments: vec!["requests"],
            bars: vec![bar("10-01", vec![3.0]), bar("10-02", vec![9.0]), bar("10-03", vec![0.0])],
        };
        assert_eq!(series.summary(), "Daily requests: 3 bars from 10-01 to 10-03, 12 requests in all; highest 10-02: 9.");
        let stacked = BarSeries { title: "Daily cost", kind: ValueKind::Usd, segments: vec!["input", "output"], bars: vec![bar("10-05", vec![1.0, 0.5])] };
        assert_eq!(stacked.summary(), "Daily cost: 1 bar, 10-05, $1.50 in all; highest 10-05: $1.50.");
        assert_eq!(BarSeries { bars: Vec::new(), ..stacked }.summary(), "Daily cost: no data.");
    }

    use super::*;

    fn day(date: &str, requests: u64, cost_usd: f64) -> DayRow {
        DayRow { date: date.parse().expect("date"), requests, cost_usd, ..DayRow::default() }
    }

    #[test]
    fn gaps_between_days_are_zero_bars() {
        let series = daily_requests(&[day("2025-09-03", 5, 1.0), day("2025-09-05", 7, 2.0)]);
        let labels: Vec<&str> = series.bars.iter().map(|bar| bar.label.as_str()).collect();
        assert_eq!(labels, ["3 Sep", "4 Sep", "5 Sep"]);
        assert_eq!(series.bars.iter().map(Bar::total).collect::<Vec<_>>(), [5.0, 0.0, 7.0]);
        assert_eq!(series.tooltip(2).as_deref(), Some("5 Sep: 7 requests"));
        assert_eq!(daily_cost(&[day("2025-09-03", 1, 2.5)]).tooltip(0).as_deref(), Some("3 Sep: $2.50 cost"));
    }

    #[test]
    fn a_span_of_years_is_drawn_by_week_or_month_never_a_bar_a_day() {
        let two_years = daily_requests(&[day("2024-01-03", 5, 1.0), day("2024-01-04", 1, 0.0), day("2025-12-30", 7, 2.0)]);
        assert!(two_years.bars.len() <= MAX_BARS && two_years.bars.len() > 100, "{} bars", two_years.bars.len());
        assert_eq!(two_years.bars[0].label, "w. 2024-01-01", "weeks start on Monday");
        assert_eq!(two_years.bars[0].total(), 6.0, "the week's days are summed");
        assert_eq!(two_years.bars.iter().map(Bar::total).sum::<f64>(), 13.0);
        let twenty_years = daily_requests(&[day("2006-03-15", 1, 1.0), day("2025-12-31", 2, 2.0)]);
        assert_eq!((twenty_years.bars.len(), twenty_years.bars[0].label.as_str()), (238, "2006-03"), "one bar a month");
        let centuries = daily_requests(&[day("2000-01-01", 1, 1.0), day("2199-12-31", 2, 2.0)]);
        assert_eq!(centuries.bars.len(), 200, "one bar a year");
        assert_eq!((centuries.bars[0].label.as_str(), centuries.bars[199].label.as_str()), ("2000", "2199"));
        assert_eq!(centuries.bars.iter().map(Bar::total).sum::<f64>(), 3.0);
    }

    #[test]
    fn stacked_tooltip_names_each_class() {
        let mut row = day("2025-09-03", 1, 0.0);
        row.usage.input_tokens = 10;
        row.usage.cache_read_tokens = 2_000_000;
        let tooltip = daily_tokens(&[row]).tooltip(0).expect("bar");
        assert_eq!(tooltip, "3 Sep: 2.00M (input 10, output 0, cache write 0, cache read 2.00M)");
    }
}
