//! The trends of the sessions the filters keep (spec 4.5): each headline measure per day
//! over the period, with its rolling 7, 28 and 90-day averages (the rolling chart and the
//! cards' sparklines), and the weekday × hour grid of active time.

use chrono::{Days, NaiveDate};
use serde_json::{json, Map, Value};

use super::chart_series::ValueKind;
use super::dashboard::Dashboard;
use super::line_series::LineSeries;
use super::tables::DayRow;
use crate::metrics::trends::{rolling_mean, WeekHours, ROLLING_WINDOWS_DAYS};

/// Most days a trend runs over: a longer period (a custom range of decades) is cut to the
/// days that have sessions.
const MAX_TREND_DAYS: i64 = 3_660;

/// A measure the trends follow, named as its figure (`data-metric`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TrendMeasure {
    Sessions,
    ActiveTime,
    Cost,
    Tokens,
}

impl TrendMeasure {
    pub const ALL: [TrendMeasure; 4] = [TrendMeasure::Sessions, TrendMeasure::ActiveTime, TrendMeasure::Cost, TrendMeasure::Tokens];

    pub fn metric(self) -> &'static str {
        match self {
            TrendMeasure::Sessions => "sessions",
            TrendMeasure::ActiveTime => "active_time_ms",
            TrendMeasure::Cost => "cost_usd",
            TrendMeasure::Tokens => "total_tokens",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            TrendMeasure::Sessions => "Sessions",
            TrendMeasure::ActiveTime => "Active time",
            TrendMeasure::Cost => "Cost",
            TrendMeasure::Tokens => "Tokens",
        }
    }

    pub fn from_metric(metric: &str) -> Option<TrendMeasure> {
        TrendMeasure::ALL.into_iter().find(|measure| measure.metric() == metric)
    }

    pub fn kind(self) -> ValueKind {
        match self {
            TrendMeasure::Sessions | TrendMeasure::Tokens => ValueKind::Count,
            TrendMeasure::ActiveTime => ValueKind::DurationMs,
            TrendMeasure::Cost => ValueKind::Usd,
        }
    }

    fn of(self, day: &DayRow) -> f64 {
        match self {
            TrendMeasure::Sessions => day.sessions as f64,
            TrendMeasure::ActiveTime => day.active_time_ms as f64,
            TrendMeasure::Cost => day.cost_usd,
            TrendMeasure::Tokens => day.usage.total_tokens() as f64,
        }
    }
}

/// One measure: its value each day, and its rolling averages (`ROLLING_WINDOWS_DAYS` order).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct MeasureTrend {
    pub daily: Vec<f64>,
    pub rolling: [Vec<f64>; 3],
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Trends {
    /// The first day of the series (each series has a value per day from it on).
    pub first_day: Option<NaiveDate>,
    /// By `TrendMeasure::ALL`.
    pub measures: [MeasureTrend; 4],
}

/// The days a trend runs over: the period's (when it has bounds and is not absurdly long),
/// else from the first to the last day with sessions or requests.
fn trend_span(days: &[DayRow], period: Option<(NaiveDate, NaiveDate)>) -> Option<(NaiveDate, NaiveDate)> {
    let data = days.first().zip(days.last()).map(|(first, last)| (first.date, last.date));
    match period {
        Some((from, to)) if from <= to && (to - from).num_days() < MAX_TREND_DAYS => Some((from, to)),
        _ => data,
    }
}

/// The trends of a dashboard's days (sorted by date) over a period (`None`: all of them).
pub fn trends(days: &[DayRow], period: Option<(NaiveDate, NaiveDate)>) -> Trends {
    let Some((from, to)) = trend_span(days, period) else {
        return Trends::default();
    };
    let length = (to - from).num_days().max(0) as usize + 1;
    let mut measures: [MeasureTrend; 4] = Default::default();
    for (measure, trend) in TrendMeasure::ALL.into_iter().zip(measures.iter_mut()) {
        trend.daily = vec![0.0; length];
        for day in days.iter().filter(|day| day.date >= from && day.date <= to) {
            trend.daily[(day.date - from).num_days() as usize] = measure.of(day);
        }
        trend.rolling = ROLLING_WINDOWS_DAYS.map(|window| rolling_mean(&trend.daily, window));
    }
    Trends { first_day: Some(from), measures }
}

impl Trends {
    pub fn of(&self, measure: TrendMeasure) -> &MeasureTrend {
        &self.measures[TrendMeasure::ALL.iter().position(|m| *m == measure).unwrap_or(0)]
    }

    fn dates(&self) -> impl Iterator<Item = NaiveDate> + '_ {
        let first = self.first_day.unwrap_or_default();
        (0..self.measures[0].daily.len() as u64).filter_map(move |offset| first.checked_add_days(Days::new(offset)))
    }

    /// The rolling chart of one measure: a line per window.
    pub fn rolling_chart(&self, measure: TrendMeasure) -> LineSeries {
        let trend = self.of(measure);
        LineSeries {
            title: format!("{}: rolling averages per day", measure.label()),
            kind: measure.kind(),
            labels: self.dates().map(|date| date.format("%-d %b").to_string()).collect(),
            lines: ROLLING_WINDOWS_DAYS.iter().zip(&trend.rolling).map(|(window, values)| (format!("{window}-day"), values.clone())).collect(),
        }
    }

    /// `summary --json`'s `trends`.
    pub fn to_json(&self) -> Value {
        let measures: Map<String, Value> = TrendMeasure::ALL
            .into_iter()
            .map(|measure| {
                let trend = self.of(measure);
                let mut entry = Map::new();
                entry.insert(String::from("daily"), json!(trend.daily));
                for (window, values) in ROLLING_WINDOWS_DAYS.iter().zip(&trend.rolling) {
                    entry.insert(format!("rolling_{window}d"), json!(values));
                }
                (measure.metric().to_owned(), Value::Object(entry))
            })
            .collect();
        json!({
            "windows_days": ROLLING_WINDOWS_DAYS,
            "first_day": self.first_day.map(|day| day.to_string()),
            "days": self.measures[0].daily.len(),
            "measures": measures,
        })
    }
}

/// The dashboard's trends for its period.
pub fn dashboard_trends(dashboard: &Dashboard, period: Option<(NaiveDate, NaiveDate)>) -> Trends {
    trends(&dashboard.tables.days, period)
}

pub const WEEKDAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/// `summary --json`'s `activity_heatmap`: active ms per weekday (Monday first) and hour.
pub fn heatmap_json(hours: &WeekHours) -> Value {
    let rows: Vec<Vec<i64>> = (0..7).map(|weekday| (0..24).map(|hour| hours.ms(weekday, hour)).collect()).collect();
    json!({"weekdays": WEEKDAYS, "total_ms": hours.total_ms(), "cells_ms": rows})
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(date: &str, sessions: u64, cost_usd: f64) -> DayRow {
        DayRow { date: date.parse().expect("date"), sessions, cost_usd, active_time_ms: sessions as i64 * 60_000, ..DayRow::default() }
    }

    #[test]
    fn a_value_for_every_day_of_the_period_empty_days_zero() {
        let days = [day("2026-11-02", 2, 1.0), day("2026-11-05", 4, 3.0)];
        let period = Some(("2026-11-01".parse().expect("date"), "2026-11-06".parse().expect("date")));
        let found = trends(&days, period);
        assert_eq!(found.first_day, period.map(|(from, _)| from));
        assert_eq!(found.of(TrendMeasure::Sessions).daily, vec![0.0, 2.0, 0.0, 0.0, 4.0, 0.0]);
        assert_eq!(found.of(TrendMeasure::Cost).rolling[0][5], 4.0 / 6.0, "seven-day window over six days");
        assert_eq!(found.of(TrendMeasure::ActiveTime).daily[4], 240_000.0);
        let all = trends(&days, None);
        assert_eq!(all.of(TrendMeasure::Sessions).daily, vec![2.0, 0.0, 0.0, 4.0], "without bounds, the days with data");
        let chart = all.rolling_chart(TrendMeasure::Sessions);
        assert_eq!(chart.labels, ["2 Nov", "3 Nov", "4 Nov", "5 Nov"]);
        assert_eq!(chart.lines.len(), 3);
        assert_eq!(trends(&[], None), Trends::default());
    }
}
