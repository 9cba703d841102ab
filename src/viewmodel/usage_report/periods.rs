//! The keys of days, weeks and months.

use chrono::{Datelike, Days, NaiveDate, Weekday};

use super::Grouping;

/// The key of the period holding `date`: the date (day), the week's first day (week),
/// `YYYY-MM` (month). A session has no period: its date's day key is given.
pub fn period_key(date: NaiveDate, grouping: Grouping) -> String {
    match grouping {
        Grouping::Day | Grouping::Session => date.format("%Y-%m-%d").to_string(),
        Grouping::Week { start } => week_start(date, start).format("%Y-%m-%d").to_string(),
        Grouping::Month => date.format("%Y-%m").to_string(),
    }
}

/// The first day (a `start`) of the week holding `date`.
pub fn week_start(date: NaiveDate, start: Weekday) -> NaiveDate {
    let back = (7 + date.weekday().num_days_from_monday() - start.num_days_from_monday()) % 7;
    date.checked_sub_days(Days::new(u64::from(back))).unwrap_or(date)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("date")
    }

    #[test]
    fn weeks_start_on_the_chosen_day() {
        // 2026-01-09 is a Friday.
        assert_eq!(week_start(date("2026-01-09"), Weekday::Sun), date("2026-01-04"));
        assert_eq!(week_start(date("2026-01-09"), Weekday::Mon), date("2026-01-05"));
        assert_eq!(week_start(date("2026-01-09"), Weekday::Fri), date("2026-01-09"));
        assert_eq!(week_start(date("2026-01-09"), Weekday::Sat), date("2026-01-03"));
        assert_eq!(period_key(date("2026-01-04"), Grouping::Week { start: Weekday::Sun }), "2026-01-04");
        assert_eq!(period_key(date("2026-02-28"), Grouping::Month), "2026-02");
    }
}
