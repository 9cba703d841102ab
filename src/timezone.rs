//! Display time zones (spec section 3): timestamps stay UTC; days are computed in an
//! IANA zone chosen by the user (the browser's by default, `--tz` on the command line).

pub use chrono::TimeZone;
use chrono::{NaiveDate, Offset};
pub use chrono_tz::Tz;
use rustc_hash::FxHashMap;

const HOUR_MS: i64 = 60 * 60 * 1000;
pub const DAY_MS: i64 = 24 * HOUR_MS;
/// Days from 0001-01-01 (day 1 of the common era) to 1970-01-01.
const DAYS_FROM_CE_TO_EPOCH: i64 = 719_163;
/// More than any zone's offset from UTC (they lie within −12 h and +14 h).
pub const MAX_ZONE_OFFSET_MS: i64 = 26 * HOUR_MS;

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

/// When a day starts in UTC, in ms since the epoch.
pub fn utc_midnight_ms(date: NaiveDate) -> i64 {
    date.and_time(chrono::NaiveTime::MIN).and_utc().timestamp_millis()
}

/// [`local_date`] for many timestamps: the zone's offset is looked up once per UTC hour
/// and kept when it is the same at both ends of the hour (no zone changes its offset
/// twice within an hour), and the date is made once per local day in a row. Hours are
/// remembered, so times that jump around (one conversation's events after another's)
/// cost a hash lookup, not the zone's rules.
#[derive(Clone, Debug)]
pub struct LocalDays {
    zone: Tz,
    /// The zone's offset in each UTC hour (ms since the epoch ÷ one hour) looked at;
    /// `None` where it changes within the hour (or the time is out of range).
    hours: FxHashMap<i64, Option<i64>>,
    /// The last hour looked at and its offset.
    hour: i64,
    offset_ms: i64,
    /// The local day (days since the epoch) `date` is.
    day: i64,
    date: NaiveDate,
}

impl LocalDays {
    pub fn new(zone: Tz) -> LocalDays {
        LocalDays { zone, hours: FxHashMap::default(), hour: i64::MIN, offset_ms: 0, day: i64::MIN, date: NaiveDate::default() }
    }

    /// The calendar day of a UTC millisecond timestamp in the zone (= [`local_date`]).
    pub fn date(&mut self, timestamp_ms: i64) -> NaiveDate {
        let Some(offset_ms) = self.steady_offset_ms(timestamp_ms) else {
            return local_date(timestamp_ms, self.zone);
        };
        let day = (timestamp_ms + offset_ms).div_euclid(DAY_MS);
        if day != self.day {
            self.day = day;
            self.date = i32::try_from(day + DAYS_FROM_CE_TO_EPOCH)
                .ok()
                .and_then(NaiveDate::from_num_days_from_ce_opt)
                .unwrap_or_else(|| local_date(timestamp_ms, self.zone));
        }
        self.date
    }

    /// Whether the zone's offset is the same from one time to a later one, at most a day
    /// later (so local time runs on with UTC between them: the days of times between
    /// lie between theirs).
    pub fn offset_steady_between(&mut self, start_ms: i64, end_ms: i64) -> bool {
        if end_ms < start_ms || end_ms - start_ms > DAY_MS {
            return false;
        }
        let Some(offset_ms) = self.steady_offset_ms(start_ms) else {
            return false;
        };
        let mut hour_ms = start_ms.div_euclid(HOUR_MS) * HOUR_MS;
        while hour_ms < end_ms.div_euclid(HOUR_MS) * HOUR_MS {
            hour_ms += HOUR_MS;
            if self.steady_offset_ms(hour_ms) != Some(offset_ms) {
                return false;
            }
        }
        true
    }

    /// The zone's offset from UTC at a time, in ms (0 for a time out of range).
    pub fn offset_at_ms(&mut self, timestamp_ms: i64) -> i64 {
        match self.steady_offset_ms(timestamp_ms) {
            Some(offset_ms) => offset_ms,
            None => offset_ms(self.zone, timestamp_ms).unwrap_or(0),
        }
    }

    /// The zone's offset at a time, if it is the same all through the time's UTC hour.
    fn steady_offset_ms(&mut self, timestamp_ms: i64) -> Option<i64> {
        let hour = timestamp_ms.div_euclid(HOUR_MS);
        if hour == self.hour {
            return Some(self.offset_ms);
        }
        let zone = self.zone;
        let steady = *self.hours.entry(hour).or_insert_with(|| match (offset_ms(zone, hour * HOUR_MS), offset_ms(zone, hour * HOUR_MS + HOUR_MS - 1)) {
            (Some(start), Some(end)) if start == end => Some(start),
            _ => None,
        });
        if let Some(offset_ms) = steady {
            self.hour = hour;
            self.offset_ms = offset_ms;
        }
        steady
    }
}

fn offset_ms(zone: Tz, timestamp_ms: i64) -> Option<i64> {
    let time = zone.timestamp_millis_opt(timestamp_ms).single()?;
    Some(i64::from(time.offset().fix().local_minus_utc()) * 1000)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_days_agree_with_local_date_across_offset_changes() {
        // Zones whose clocks change at midnight (Beirut falls back from 00:00 to 23:00 of
        // the day before), by half an hour (Lord Howe), at odd UTC minutes (Kathmandu's
        // history), and ordinary ones; 2024-01-01 to 2026-12-31 in steps of 7 minutes,
        // forwards and with jumps back.
        let zones = ["Asia/Beirut", "America/Santiago", "Australia/Lord_Howe", "Asia/Kathmandu", "America/New_York", "Europe/Berlin", "UTC"];
        let start_ms = 1_704_067_200_000;
        let end_ms = 1_798_675_200_000;
        for name in zones {
            let zone = parse_time_zone(name).expect("zone");
            let mut days = LocalDays::new(zone);
            let mut timestamp_ms = start_ms;
            let mut step = 0;
            while timestamp_ms < end_ms {
                assert_eq!(days.date(timestamp_ms), local_date(timestamp_ms, zone), "{name} at {timestamp_ms}");
                step += 1;
                timestamp_ms += if step % 1000 == 0 { -2 * DAY_MS } else { 7 * 60 * 1000 };
            }
        }
    }

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
