//! Trends and baselines (spec section 4.5, seed 004): rolling averages of a daily series,
//! active time by weekday and hour of the display zone, and a person's baseline session
//! length.

use crate::timezone::LocalDays;

/// The windows of the rolling averages, in days.
pub const ROLLING_WINDOWS_DAYS: [usize; 3] = [7, 28, 90];

/// Sessions with an applied edit a person needs before a baseline is read from them.
pub const BASELINE_MIN_SESSIONS: usize = 8;

const HOUR_MS: i64 = 60 * 60 * 1000;
const DAY_MS: i64 = 24 * HOUR_MS;

/// For each day of a daily series (a value for every day, none missing), the mean over the
/// `window_days` days ending on it; where the series has fewer days before it, over the
/// days it has (its first day is its own mean).
pub fn rolling_mean(daily: &[f64], window_days: usize) -> Vec<f64> {
    let window_days = window_days.max(1);
    let mut sum = 0.0;
    daily
        .iter()
        .enumerate()
        .map(|(index, value)| {
            sum += value;
            if index >= window_days {
                sum -= daily[index - window_days];
            }
            sum / (index + 1).min(window_days) as f64
        })
        .collect()
}

/// The cell of a local weekday (0 = Monday) and hour in a [`WeekHours`] grid.
pub fn week_hour_cell(weekday_from_monday: u32, hour: u32) -> u8 {
    (weekday_from_monday.min(6) * 24 + hour.min(23)) as u8
}

/// Active time by local weekday and hour (168 cells, Monday 00 first), kept sparse: a day's
/// sessions touch a few hours. Sums of disjoint sets of sessions merge.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WeekHours {
    /// (cell, active ms), by cell, no zero.
    cells: Vec<(u8, i64)>,
}

impl WeekHours {
    pub fn add(&mut self, cell: u8, ms: i64) {
        if ms == 0 {
            return;
        }
        match self.cells.binary_search_by_key(&cell, |(at, _)| *at) {
            Ok(index) => self.cells[index].1 += ms,
            Err(index) => self.cells.insert(index, (cell, ms)),
        }
    }

    /// Adds a session's active time: all of it from `start_ms` to `end_ms` (within a session
    /// no gap is over the idle cutoff), split at the local hours it crosses.
    pub fn add_session(&mut self, start_ms: i64, end_ms: i64, local_days: &mut LocalDays) {
        let mut at_ms = start_ms;
        while at_ms < end_ms {
            let local_ms = at_ms + local_days.offset_at_ms(at_ms);
            let next_hour_local_ms = (local_ms.div_euclid(HOUR_MS) + 1) * HOUR_MS;
            let until_ms = end_ms.min(at_ms + (next_hour_local_ms - local_ms));
            let day = local_ms.div_euclid(DAY_MS);
            // 1970-01-01 was a Thursday (3 days after a Monday).
            let weekday = (day + 3).rem_euclid(7) as u32;
            let hour = (local_ms.rem_euclid(DAY_MS) / HOUR_MS) as u32;
            self.add(week_hour_cell(weekday, hour), until_ms - at_ms);
            at_ms = until_ms;
        }
    }

    pub fn merge(&mut self, other: &WeekHours) {
        if self.cells.is_empty() {
            self.cells.clone_from(&other.cells);
            return;
        }
        for (cell, ms) in &other.cells {
            self.add(*cell, *ms);
        }
    }

    /// Active ms of a weekday (0 = Monday) and hour.
    pub fn ms(&self, weekday_from_monday: u32, hour: u32) -> i64 {
        let cell = week_hour_cell(weekday_from_monday, hour);
        self.cells.binary_search_by_key(&cell, |(at, _)| *at).map_or(0, |index| self.cells[index].1)
    }

    pub fn total_ms(&self) -> i64 {
        self.cells.iter().map(|(_, ms)| ms).sum()
    }

    pub fn max_ms(&self) -> i64 {
        self.cells.iter().map(|(_, ms)| *ms).max().unwrap_or(0)
    }
}

/// "Your best sessions are X–Y minutes": the interquartile range of the active time of a
/// person's sessions with an applied edit, and how many it rests on.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Baseline {
    pub low_ms: f64,
    pub high_ms: f64,
    pub sessions: usize,
}

/// The baseline of these session lengths (of sessions with an applied edit); `None` below
/// [`BASELINE_MIN_SESSIONS`]. Quartiles interpolate between the two nearest lengths.
pub fn baseline(mut durations_ms: Vec<i64>) -> Option<Baseline> {
    if durations_ms.len() < BASELINE_MIN_SESSIONS {
        return None;
    }
    durations_ms.sort_unstable();
    Some(Baseline { low_ms: quantile(&durations_ms, 0.25), high_ms: quantile(&durations_ms, 0.75), sessions: durations_ms.len() })
}

/// The `q` quantile of sorted values, interpolated linearly between order statistics
/// (position q × (n − 1)).
fn quantile(sorted: &[i64], q: f64) -> f64 {
    let Some(last) = sorted.len().checked_sub(1) else { return 0.0 };
    let position = q * last as f64;
    let below = position.floor() as usize;
    let above = (below + 1).min(last);
    let fraction = position - below as f64;
    sorted[below] as f64 + (sorted[above] - sorted[below]) as f64 * fraction
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::timezone::Tz;

    #[test]
    fn rolling_means_over_the_days_the_series_has() {
        let daily = [7.0, 0.0, 0.0, 1.0, 2.0];
        assert_eq!(rolling_mean(&daily, 3), vec![7.0, 3.5, 7.0 / 3.0, 1.0 / 3.0, 1.0]);
        assert_eq!(rolling_mean(&daily, 1), daily.to_vec());
        assert_eq!(rolling_mean(&[], 7), Vec::<f64>::new());
    }

    fn ms(text: &str) -> i64 {
        chrono::DateTime::parse_from_rfc3339(text).expect("time").timestamp_millis()
    }

    #[test]
    fn a_session_is_split_at_the_local_hours_it_crosses() {
        // Monday 2026-11-16, 09:40 to 11:10 UTC.
        let mut utc = WeekHours::default();
        utc.add_session(ms("2026-11-16T09:40:00Z"), ms("2026-11-16T11:10:00Z"), &mut LocalDays::new(Tz::UTC));
        assert_eq!((utc.ms(0, 9), utc.ms(0, 10), utc.ms(0, 11)), (20 * 60_000, 60 * 60_000, 10 * 60_000));
        assert_eq!(utc.total_ms(), 90 * 60_000);
        // In Kolkata (UTC+5:30) the same span is 15:10 to 16:40.
        let mut kolkata = WeekHours::default();
        kolkata.add_session(
            ms("2026-11-16T09:40:00Z"),
            ms("2026-11-16T11:10:00Z"),
            &mut LocalDays::new(crate::timezone::parse_time_zone("Asia/Kolkata").expect("zone")),
        );
        assert_eq!((kolkata.ms(0, 15), kolkata.ms(0, 16)), (50 * 60_000, 40 * 60_000));
        // Sunday 23:30 to Monday 00:30 in UTC crosses the week's end.
        let mut late = WeekHours::default();
        late.add_session(ms("2026-11-22T23:30:00Z"), ms("2026-11-23T00:30:00Z"), &mut LocalDays::new(Tz::UTC));
        assert_eq!((late.ms(6, 23), late.ms(0, 0)), (30 * 60_000, 30 * 60_000));
    }

    #[test]
    fn grids_merge_cell_by_cell() {
        let mut a = WeekHours::default();
        a.add(5, 10);
        a.add(3, 1);
        let mut b = WeekHours::default();
        b.add(5, 2);
        b.add(100, 7);
        a.merge(&b);
        assert_eq!(a.cells, vec![(3, 1), (5, 12), (100, 7)]);
        assert_eq!(a.max_ms(), 12);
    }

    #[test]
    fn a_baseline_is_the_interquartile_range_of_enough_sessions() {
        let minutes = |values: &[i64]| values.iter().map(|m| m * 60_000).collect::<Vec<_>>();
        assert_eq!(baseline(minutes(&[10, 20, 30, 40, 50, 60, 70])), None, "seven are too few");
        // 8 values: positions 1.75 and 5.25 of the sorted list.
        let found = baseline(minutes(&[80, 10, 20, 30, 40, 50, 60, 70])).expect("baseline");
        assert_eq!(found.sessions, 8);
        assert!((found.low_ms - 27.5 * 60_000.0).abs() < 1e-6 && (found.high_ms - 62.5 * 60_000.0).abs() < 1e-6, "{found:?}");
    }
}
