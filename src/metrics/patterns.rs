//! Pattern cards (spec section 4.2, seed 000), per person: what a person's sessions show
//! against thresholds the user can change. A card fires or it is not shown; a person
//! with fewer sessions than a pattern needs gets no card for it, never a guess. No
//! score, no ranking: each card speaks of one person's own sessions.

use chrono::{Datelike, NaiveDate};

/// One session as the patterns see it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SessionPoint {
    /// Its position in the dashboard's sessions (what a link opens).
    pub position: u32,
    pub active_time_ms: i64,
    /// Applied / (applied + rejected) edits; `None` without a decided edit.
    pub acceptance: Option<f64>,
    pub tokens: u64,
    pub has_applied_edit: bool,
    /// The local day it started on.
    pub day: NaiveDate,
}

pub use super::pattern_catalogue::{Pattern, PatternThresholds};

/// One number of a card against its threshold.
#[derive(Clone, Debug, PartialEq)]
pub struct Measure {
    pub label: &'static str,
    pub value: String,
    pub threshold: String,
}

/// A card that fired.
#[derive(Clone, Debug, PartialEq)]
pub struct PatternCard {
    pub pattern: Pattern,
    pub person: String,
    pub measures: Vec<Measure>,
    /// The sessions it rests on (positions in the dashboard's sessions), in order.
    pub sessions: Vec<u32>,
    /// The person's sessions it was read from.
    pub of_sessions: usize,
}

fn minutes(duration_ms: i64) -> f64 {
    duration_ms as f64 / 60_000.0
}

fn percent(share: f64) -> String {
    format!("{:.0} %", share * 100.0)
}

fn median(values: &mut [u64]) -> u64 {
    if values.is_empty() {
        return 0;
    }
    let middle = values.len() / 2;
    *values.select_nth_unstable(middle).1
}

/// Least-squares slope of `values` against 0, 1, 2, …
fn slope(values: &[f64]) -> f64 {
    let count = values.len() as f64;
    if values.len() < 2 {
        return 0.0;
    }
    let mean_x = (count - 1.0) / 2.0;
    let mean_y = values.iter().sum::<f64>() / count;
    let (mut numerator, mut denominator) = (0.0, 0.0);
    for (x, y) in values.iter().enumerate() {
        let dx = x as f64 - mean_x;
        numerator += dx * (y - mean_y);
        denominator += dx * dx;
    }
    if denominator > 0.0 {
        numerator / denominator
    } else {
        0.0
    }
}

/// The Monday of the week of `day`.
fn week_of(day: NaiveDate) -> NaiveDate {
    day - chrono::Days::new(u64::from(day.weekday().num_days_from_monday()))
}

/// The cards one person's sessions fire. `last_day` is the last day the view covers
/// (weeks after a person's last session count as weeks without sessions).
pub fn person_patterns(person: &str, sessions: &[SessionPoint], last_day: NaiveDate, thresholds: &PatternThresholds) -> Vec<PatternCard> {
    if sessions.len() < thresholds.min_sessions.max(1) {
        return Vec::new();
    }
    let card = |pattern, measures, sessions: Vec<u32>, of_sessions| PatternCard { pattern, person: person.to_owned(), measures, sessions, of_sessions };
    let mut cards = Vec::new();
    let count = sessions.len();
    let measure = |label, value: String, threshold: String| Measure { label, value, threshold };

    let median_tokens = median(&mut sessions.iter().map(|s| s.tokens).collect::<Vec<_>>());
    let long_low: Vec<u32> = sessions
        .iter()
        .filter(|s| {
            minutes(s.active_time_ms) >= thresholds.long_minutes && s.acceptance.is_some_and(|a| a < thresholds.long_acceptance) && s.tokens > median_tokens
        })
        .map(|s| s.position)
        .collect();
    if !long_low.is_empty() {
        let measures = vec![
            measure("sessions", format!("{} of {count}", long_low.len()), String::from("at least 1")),
            measure("duration", String::from("each that long"), format!("≥ {} min", thresholds.long_minutes)),
            measure("acceptance", String::from("each that low"), format!("< {}", percent(thresholds.long_acceptance))),
            measure("tokens", format!("above the median of {median_tokens}"), String::from("above the person's median")),
        ];
        cards.push(card(Pattern::LongLowOutput, measures, long_low, count));
    }

    let short_high: Vec<u32> = sessions
        .iter()
        .filter(|s| minutes(s.active_time_ms) <= thresholds.short_minutes && s.acceptance.is_some_and(|a| a >= thresholds.short_acceptance))
        .map(|s| s.position)
        .collect();
    if !short_high.is_empty() {
        let measures = vec![
            measure("sessions", format!("{} of {count}", short_high.len()), String::from("at least 1")),
            measure("duration", String::from("each that short"), format!("≤ {} min", thresholds.short_minutes)),
            measure("acceptance", String::from("each that high"), format!("≥ {}", percent(thresholds.short_acceptance))),
        ];
        cards.push(card(Pattern::ShortHighOutput, measures, short_high, count));
    }

    let durations: Vec<f64> = sessions.iter().map(|s| minutes(s.active_time_ms)).collect();
    let mean = durations.iter().sum::<f64>() / count as f64;
    let deviation = (durations.iter().map(|d| (d - mean).powi(2)).sum::<f64>() / count as f64).sqrt();
    if mean > 0.0 && deviation / mean < thresholds.consistent_cv {
        let measures = vec![
            measure("sessions", count.to_string(), format!("≥ {}", thresholds.min_sessions)),
            measure(
                "variation of duration",
                format!("{:.2} (mean {mean:.0} min, deviation {deviation:.0} min)", deviation / mean),
                format!("< {}", thresholds.consistent_cv),
            ),
        ];
        cards.push(card(Pattern::ConsistentDuration, measures, sessions.iter().map(|s| s.position).collect(), count));
    }

    let short = durations.iter().filter(|d| **d < thresholds.bimodal_short_minutes).count() as f64 / count as f64;
    let long = durations.iter().filter(|d| **d > thresholds.bimodal_long_minutes).count() as f64 / count as f64;
    let middle = 1.0 - short - long;
    if short >= thresholds.bimodal_end_share && long >= thresholds.bimodal_end_share && middle < thresholds.bimodal_middle_share {
        let measures = vec![
            measure("short sessions", percent(short), format!("≥ {} under {} min", percent(thresholds.bimodal_end_share), thresholds.bimodal_short_minutes)),
            measure("long sessions", percent(long), format!("≥ {} over {} min", percent(thresholds.bimodal_end_share), thresholds.bimodal_long_minutes)),
            measure("in between", percent(middle), format!("< {}", percent(thresholds.bimodal_middle_share))),
        ];
        cards.push(card(Pattern::Bimodal, measures, sessions.iter().map(|s| s.position).collect(), count));
    }

    if let Some(card) = declining(person, sessions, last_day, thresholds) {
        cards.push(card);
    }

    let over_budget: Vec<u32> =
        sessions.iter().filter(|s| minutes(s.active_time_ms) > thresholds.budget_minutes && !s.has_applied_edit).map(|s| s.position).collect();
    if !over_budget.is_empty() {
        let measures = vec![
            measure("sessions", format!("{} of {count}", over_budget.len()), String::from("at least 1")),
            measure("duration", String::from("each longer"), format!("> {} min", thresholds.budget_minutes)),
            measure("applied edits", String::from("none in each"), String::from("none")),
        ];
        cards.push(card(Pattern::SessionBudget, measures, over_budget, count));
    }
    cards
}

/// Weekly sessions falling over at least `decline_weeks` weeks, with the sessions
/// getting shorter or lighter (fewer tokens a session: fewer sessions alone always
/// means fewer tokens a week).
fn declining(person: &str, sessions: &[SessionPoint], last_day: NaiveDate, thresholds: &PatternThresholds) -> Option<PatternCard> {
    let first_week = week_of(sessions.iter().map(|s| s.day).min()?);
    let weeks = ((week_of(last_day.max(first_week)) - first_week).num_days() / 7 + 1) as usize;
    if weeks < thresholds.decline_weeks.max(2) {
        return None;
    }
    let mut counts = vec![0.0; weeks];
    let mut minutes_sum = vec![0.0; weeks];
    let mut tokens = vec![0.0; weeks];
    // Days counted from the first week's Monday (cheaper than a calendar per session).
    let first_monday = first_week.num_days_from_ce();
    for session in sessions {
        let week = ((session.day.num_days_from_ce() - first_monday).max(0) / 7) as usize;
        if let Some(count) = counts.get_mut(week) {
            *count += 1.0;
            minutes_sum[week] += minutes(session.active_time_ms);
            tokens[week] += session.tokens as f64;
        }
    }
    let mean = counts.iter().sum::<f64>() / weeks as f64;
    let count_slope = slope(&counts);
    let active: Vec<usize> = (0..weeks).filter(|week| counts[*week] > 0.0).collect();
    let per_session = |sums: &[f64]| active.iter().map(|week| sums[*week] / counts[*week]).collect::<Vec<_>>();
    let duration_slope = slope(&per_session(&minutes_sum));
    let token_slope = slope(&per_session(&tokens));
    let falling = count_slope < -thresholds.decline_slope * mean;
    if !(falling && (duration_slope < 0.0 || token_slope < 0.0)) {
        return None;
    }
    let measures = vec![
        Measure { label: "weeks", value: weeks.to_string(), threshold: format!("≥ {}", thresholds.decline_weeks) },
        Measure {
            label: "sessions a week",
            value: format!("{count_slope:+.2} a week (mean {mean:.1})"),
            threshold: format!("< −{} of the mean a week", percent(thresholds.decline_slope)),
        },
        Measure {
            label: "sessions got",
            value: match (duration_slope < 0.0, token_slope < 0.0) {
                (true, true) => String::from("shorter and lighter"),
                (true, false) => String::from("shorter"),
                _ => String::from("lighter (fewer tokens)"),
            },
            threshold: String::from("shorter or fewer tokens"),
        },
    ];
    let positions = sessions.iter().map(|s| s.position).collect();
    Some(PatternCard { pattern: Pattern::DecliningUsage, person: person.to_owned(), measures, sessions: positions, of_sessions: sessions.len() })
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINUTE_MS: i64 = 60_000;

    fn day(offset: u64) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 10, 5).expect("a Monday") + chrono::Days::new(offset)
    }

    fn point(position: u32, minutes: i64, acceptance: Option<f64>, tokens: u64) -> SessionPoint {
        SessionPoint { position, active_time_ms: minutes * MINUTE_MS, acceptance, tokens, has_applied_edit: acceptance.is_some_and(|a| a > 0.0), day: day(0) }
    }

    fn fired(sessions: &[SessionPoint], thresholds: &PatternThresholds) -> Vec<Pattern> {
        person_patterns("ana", sessions, day(0), thresholds).into_iter().map(|card| card.pattern).collect()
    }

    #[test]
    fn too_few_sessions_fire_nothing() {
        let sessions = [point(0, 45, Some(0.2), 9_000), point(1, 1, Some(1.0), 10), point(2, 1, Some(1.0), 10), point(3, 1, Some(1.0), 10)];
        assert!(fired(&sessions, &PatternThresholds::default()).is_empty(), "four sessions, five needed");
    }

    #[test]
    fn long_low_output_fires_on_a_long_costly_session_and_not_just_under_its_thresholds() {
        let base = [point(1, 10, None, 100), point(2, 10, None, 100), point(3, 10, None, 200), point(4, 10, None, 300)];
        let mut sessions = base.to_vec();
        sessions.push(point(0, 30, Some(0.49), 5_000));
        let cards = person_patterns("ana", &sessions, day(0), &PatternThresholds::default());
        let card = cards.iter().find(|card| card.pattern == Pattern::LongLowOutput).expect("fires");
        assert_eq!(card.sessions, [0]);
        for nearly in [point(0, 29, Some(0.49), 5_000), point(0, 30, Some(0.5), 5_000), point(0, 30, Some(0.49), 200)] {
            let mut sessions = base.to_vec();
            sessions.push(nearly);
            assert!(!fired(&sessions, &PatternThresholds::default()).contains(&Pattern::LongLowOutput), "{nearly:?}");
        }
    }

    #[test]
    fn short_high_output_fires_at_its_thresholds_and_not_past_them() {
        let filler = [point(1, 12, None, 1), point(2, 14, None, 1), point(3, 16, None, 1), point(4, 18, None, 1)];
        let with = |session| filler.iter().copied().chain([session]).collect::<Vec<_>>();
        assert!(fired(&with(point(0, 5, Some(0.8), 1)), &PatternThresholds::default()).contains(&Pattern::ShortHighOutput));
        assert!(!fired(&with(point(0, 6, Some(0.8), 1)), &PatternThresholds::default()).contains(&Pattern::ShortHighOutput));
        assert!(!fired(&with(point(0, 5, Some(0.79), 1)), &PatternThresholds::default()).contains(&Pattern::ShortHighOutput));
    }

    #[test]
    fn consistent_duration_is_a_low_coefficient_of_variation() {
        let steady: Vec<SessionPoint> = [20, 22, 18, 21, 19].iter().enumerate().map(|(i, m)| point(i as u32, *m, None, 1)).collect();
        assert!(fired(&steady, &PatternThresholds::default()).contains(&Pattern::ConsistentDuration));
        let cv = |values: &[f64]| (values.iter().map(|v| (v - 20.0).powi(2)).sum::<f64>() / 5.0).sqrt() / 20.0;
        let make = |minutes: &[i64]| minutes.iter().enumerate().map(|(i, m)| point(i as u32, *m, None, 1)).collect::<Vec<_>>();
        // Mean 20 both times: a coefficient of 0.31 is below 0.35, one of 0.36 is not.
        assert!((cv(&[13.0, 27.0, 13.0, 27.0, 20.0]) - 0.313).abs() < 0.001);
        assert!(fired(&make(&[13, 27, 13, 27, 20]), &PatternThresholds::default()).contains(&Pattern::ConsistentDuration));
        assert!((cv(&[12.0, 28.0, 12.0, 28.0, 20.0]) - 0.358).abs() < 0.001);
        assert!(!fired(&make(&[12, 28, 12, 28, 20]), &PatternThresholds::default()).contains(&Pattern::ConsistentDuration));
    }

    #[test]
    fn bimodal_needs_both_ends_and_an_empty_middle() {
        let make = |minutes: &[i64]| minutes.iter().enumerate().map(|(i, m)| point(i as u32, *m, None, 1)).collect::<Vec<_>>();
        // 2 of 8 short (25 %), 5 of 8 long, 1 of 8 between (12.5 %).
        assert!(fired(&make(&[1, 1, 40, 50, 60, 45, 35, 10]), &PatternThresholds::default()).contains(&Pattern::Bimodal));
        // 2 of 8 between: 25 % is not under 20 %.
        assert!(!fired(&make(&[1, 1, 40, 50, 60, 45, 10, 12]), &PatternThresholds::default()).contains(&Pattern::Bimodal));
    }

    #[test]
    fn declining_usage_needs_falling_weeks_and_shorter_or_lighter_sessions() {
        // Weekly counts 6, 4, 3, 1 over four weeks, sessions shorter each week.
        let mut sessions = Vec::new();
        for (week, (count, minutes)) in [(6, 40), (4, 30), (3, 20), (1, 10)].iter().enumerate() {
            for n in 0..*count {
                sessions.push(SessionPoint { day: day(week as u64 * 7 + n % 5), ..point(sessions.len() as u32, *minutes, None, 1_000) });
            }
        }
        let last = day(3 * 7 + 4);
        let cards = person_patterns("ana", &sessions, last, &PatternThresholds::default());
        assert!(cards.iter().any(|card| card.pattern == Pattern::DecliningUsage));
        // The same fall over three weeks only: too short to read.
        let three: Vec<SessionPoint> = sessions.iter().filter(|s| s.day < day(21)).copied().collect();
        assert!(!person_patterns("ana", &three, day(20), &PatternThresholds::default()).iter().any(|card| card.pattern == Pattern::DecliningUsage));
        // Falling weeks but sessions as long and heavy each week: not a decline.
        let mut steady = Vec::new();
        for (week, count) in [6u64, 4, 3, 1].iter().enumerate() {
            for n in 0..*count {
                steady.push(SessionPoint { day: day(week as u64 * 7 + n % 5), ..point(steady.len() as u32, 30, None, 1_000) });
            }
        }
        assert!(!person_patterns("ana", &steady, last, &PatternThresholds::default()).iter().any(|card| card.pattern == Pattern::DecliningUsage));
    }

    #[test]
    fn session_budget_is_a_long_session_with_no_applied_edit() {
        let filler = [point(1, 5, Some(1.0), 1), point(2, 5, Some(1.0), 1), point(3, 5, Some(1.0), 1), point(4, 5, Some(1.0), 1)];
        let with = |session| filler.iter().copied().chain([session]).collect::<Vec<_>>();
        assert!(fired(&with(point(0, 21, None, 1)), &PatternThresholds::default()).contains(&Pattern::SessionBudget));
        assert!(!fired(&with(point(0, 20, None, 1)), &PatternThresholds::default()).contains(&Pattern::SessionBudget), "20 min is not over 20");
        assert!(!fired(&with(point(0, 40, Some(0.5), 1)), &PatternThresholds::default()).contains(&Pattern::SessionBudget), "it applied an edit");
    }
}
