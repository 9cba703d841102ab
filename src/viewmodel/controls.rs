//! The user's choices (filters and settings) and their place in the URL, so a reload or
//! a shared link shows the same view. Query keys: `period`, `person`, `project`, `agent`,
//! `model`, every adjustable setting's key (`thresholds`: `idle` in minutes, `tz`, `rate` in
//! USD per hour, minutes to fix, pattern thresholds), `today` (YYYY-MM-DD, the day periods
//! end on; default: today), `session` (the open session).

use chrono::NaiveDate;

use super::thresholds::{Adjustable, ADJUSTABLE};
use crate::metrics::patterns::PatternThresholds;
use crate::metrics::selection::{Filters, Period};
use crate::metrics::Settings;
use crate::timezone::Tz;

#[derive(Clone, Debug, PartialEq)]
pub struct Controls {
    pub filters: Filters,
    pub settings: Settings,
    /// The pattern cards' thresholds.
    pub patterns: PatternThresholds,
    pub today: Option<NaiveDate>,
    /// The open session's stable id (`session_id`).
    pub open_session: Option<String>,
}

impl Controls {
    pub fn new(time_zone: Tz) -> Controls {
        Controls {
            filters: Filters::default(),
            settings: Settings { time_zone, ..Settings::default() },
            patterns: PatternThresholds::default(),
            today: None,
            open_session: None,
        }
    }

    /// Reads the choices from a query string (`?a=b&c=d`); unknown or malformed values
    /// keep their defaults.
    pub fn from_query(query: &str, default_zone: Tz) -> Controls {
        let mut controls = Controls::new(default_zone);
        for (key, value) in query_pairs(query) {
            let text = Some(value.clone()).filter(|v| !v.is_empty());
            match key.as_str() {
                "period" => controls.filters.period = Period::parse(&value).unwrap_or_default(),
                "person" => controls.filters.person = text,
                "project" => controls.filters.project = text,
                "agent" => controls.filters.agent = text,
                "model" => controls.filters.model = text,
                "today" => controls.today = NaiveDate::parse_from_str(&value, "%Y-%m-%d").ok(),
                "session" => controls.open_session = Some(value).filter(|id| !id.is_empty()),
                key => {
                    if let Some(adjustable) = Adjustable::by_key(key) {
                        adjustable.apply(&mut controls, &value);
                    }
                }
            }
        }
        controls
    }

    /// The query pairs that differ from the defaults, in a stable order.
    pub fn to_query_pairs(&self, default_zone: Tz) -> Vec<(&'static str, String)> {
        let defaults = Controls::new(default_zone);
        let mut pairs = Vec::new();
        if self.filters.period != Period::All {
            pairs.push(("period", self.filters.period.label()));
        }
        let optional = [("person", &self.filters.person), ("project", &self.filters.project), ("agent", &self.filters.agent), ("model", &self.filters.model)];
        for (key, value) in optional {
            if let Some(value) = value {
                pairs.push((key, value.clone()));
            }
        }
        for adjustable in &ADJUSTABLE {
            let value = adjustable.text(self);
            if value != adjustable.text(&defaults) {
                pairs.push((adjustable.key, value));
            }
        }
        if let Some(today) = self.today {
            pairs.push(("today", today.to_string()));
        }
        if let Some(session) = &self.open_session {
            pairs.push(("session", session.clone()));
        }
        pairs
    }
}

/// `a=1&b=x%20y` → [("a","1"), ("b","x y")].
pub fn query_pairs(query: &str) -> Vec<(String, String)> {
    query
        .trim_start_matches('?')
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            (percent_decode(key), percent_decode(value))
        })
        .collect()
}

fn percent_decode(text: &str) -> String {
    let hex = |byte: u8| (byte as char).to_digit(16).map(|digit| digit as u8);
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        let escaped = match bytes.get(index..index + 3) {
            Some([b'%', high, low]) => hex(*high).zip(hex(*low)).map(|(high, low)| high << 4 | low),
            _ => None,
        };
        match (escaped, bytes[index]) {
            (Some(byte), _) => {
                out.push(byte);
                index += 3;
                continue;
            }
            (None, b'+') => out.push(b' '),
            (None, byte) => out.push(byte),
        }
        index += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Encodes a query value: letters, digits and `-._~/:` stay, the rest is %XX.
pub fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/:".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sessions::MAX_IDLE_CUTOFF_MS;
    use crate::timezone::parse_time_zone;

    #[test]
    fn round_trip_through_the_query() {
        let zone = Tz::UTC;
        let mut controls = Controls::new(zone);
        controls.filters.period = Period::LastDays(30);
        controls.filters.person = Some("bob smith".into());
        controls.filters.model = Some("claude-opus-4-6".into());
        controls.settings.idle_cutoff_ms = 5 * 60_000;
        controls.settings.time_zone = parse_time_zone("Europe/Berlin").expect("zone");
        controls.settings.hourly_rate_usd = 80.0;
        controls.settings.minutes_to_fix.critical = 15.0;
        controls.patterns.long_minutes = 45.0;
        controls.patterns.short_acceptance = 0.75;
        controls.patterns.min_sessions = 8;
        controls.open_session = Some(String::from("3f2a9c1e-aaaa-4bbb-8ccc-123456789abc-1732900000000"));
        let query: Vec<String> = controls.to_query_pairs(zone).into_iter().map(|(key, value)| format!("{key}={}", percent_encode(&value))).collect();
        let query = format!("?demo&{}", query.join("&"));
        assert_eq!(Controls::from_query(&query, zone), controls);
    }

    #[test]
    fn defaults_leave_the_query_empty_and_bad_values_are_ignored() {
        assert!(Controls::new(Tz::UTC).to_query_pairs(Tz::UTC).is_empty());
        let controls = Controls::from_query("?idle=999&tz=Mars&rate=-5&period=soon&today=x&session=&p_long_acc=7&fix_info=NaN", Tz::UTC);
        assert_eq!(controls.patterns.long_acceptance, 1.0, "kept within bounds");
        assert_eq!(controls.settings.minutes_to_fix.info, 2.0, "not a number: ignored");
        assert_eq!(controls.settings.idle_cutoff_ms, MAX_IDLE_CUTOFF_MS);
        assert_eq!(controls.settings.time_zone, Tz::UTC);
        assert_eq!(controls.settings.hourly_rate_usd, 0.0, "kept within bounds");
        assert_eq!(controls.filters.period, Period::All);
        assert_eq!((controls.today, controls.open_session), (None, None));
    }

    #[test]
    fn percent_decoding() {
        assert_eq!(
            query_pairs("?a=x%20y&b=1+2&c=%zz&d=%4"),
            [("a".to_string(), "x y".to_string()), ("b".into(), "1 2".into()), ("c".into(), "%zz".into()), ("d".into(), "%4".into())]
        );
    }
}
