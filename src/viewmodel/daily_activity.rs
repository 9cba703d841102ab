//! The daily activity chart: requests per day over the loaded period, with empty days
//! shown as zero so gaps are visible.

use chrono::{Days, NaiveDate};

use crate::metrics::{daily::daily_usage, Settings};
use crate::model::Dataset;

#[derive(Clone, Debug, PartialEq)]
pub struct DayBar {
    pub date: NaiveDate,
    /// "MM-DD", as the axis shows it.
    pub label: String,
    pub value: f64,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct DailySeries {
    pub title: &'static str,
    pub bars: Vec<DayBar>,
}

impl DailySeries {
    pub fn max_value(&self) -> f64 {
        self.bars.iter().map(|bar| bar.value).fold(0.0, f64::max)
    }
}

/// Requests per local day, from the first to the last day with a request.
pub fn daily_requests(dataset: &Dataset, settings: &Settings) -> DailySeries {
    let days = daily_usage(&dataset.requests, settings.time_zone);
    let (Some(first), Some(last)) = (days.keys().next().copied(), days.keys().next_back().copied()) else {
        return DailySeries { title: "Requests per day", bars: Vec::new() };
    };
    let mut bars = Vec::new();
    let mut date = first;
    while date <= last {
        let value = days.get(&date).map_or(0.0, |day| day.requests as f64);
        bars.push(DayBar { date, label: date.format("%m-%d").to_string(), value });
        match date.checked_add_days(Days::new(1)) {
            Some(next) => date = next,
            None => break,
        }
    }
    DailySeries { title: "Requests per day", bars }
}
