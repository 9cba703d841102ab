//! Display time zones (spec section 3): timestamps stay UTC; days are computed in an
//! IANA zone chosen by the user (the browser's by default, `--tz` on the command line).

use chrono::NaiveDate;
pub use chrono::TimeZone;
pub use chrono_tz::Tz;

/// Parses an IANA zone name such as `Europe/Berlin` or `UTC`.
pub fn parse_time_zone(name: &str) -> Result<Tz, String> {
    name.parse::<Tz>().map_err(|_| format!("unknown time zone {name:?} (expected an IANA name such as Europe/Berlin)"))
}

/// The calendar day of a UTC millisecond timestamp in `zone`.
pub fn local_date(timestamp_ms: i64, zone: Tz) -> NaiveDate {
    match zone.timestamp_millis_opt(timestamp_ms).single() {
        Some(time) => time.date_naive(),
        None => NaiveDate::default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_depends_on_zone() {
        // 2025-09-03T00:52:35Z is still the 2nd in New York.
        let ms = 1_756_860_755_000;
        assert_eq!(local_date(ms, Tz::UTC).to_string(), "2025-09-03");
        assert_eq!(local_date(ms, parse_time_zone("America/New_York").expect("zone")).to_string(), "2025-09-02");
    }

    #[test]
    fn unknown_zone_is_an_error() {
        assert!(parse_time_zone("Mars/Olympus").is_err());
    }
}
