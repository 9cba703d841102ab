//! How numbers are written for people. The raw values go into `data-value`.

/// 950 → "950", 12_345 → "12.3K", 4_331_528 → "4.33M", 2.1e9 → "2.10B", 3e12 →
/// "3.00T"; past a thousand trillion, "9.01e15" (never "9007199B").
pub fn compact_count(value: u64) -> String {
    let value_f = value as f64;
    let (scaled, suffix) = match value {
        0..=9_999 => return group_thousands(value),
        10_000..=999_999 => (value_f / 1e3, "K"),
        1_000_000..=999_999_999 => (value_f / 1e6, "M"),
        1_000_000_000..=999_999_999_999 => (value_f / 1e9, "B"),
        1_000_000_000_000..=999_999_999_999_999 => (value_f / 1e12, "T"),
        _ => return format!("{value_f:.2e}"),
    };
    let decimals = if scaled >= 100.0 {
        0
    } else if scaled >= 10.0 {
        1
    } else {
        2
    };
    format!("{scaled:.decimals$}{suffix}")
}

/// 1234567 → "1,234,567".
pub fn group_thousands(value: u64) -> String {
    let digits = value.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index) % 3 == 0 {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

/// "$2.82", "$13,093.33"; amounts under a cent keep four decimals so they do not read as zero.
pub fn usd(amount: f64) -> String {
    if amount != 0.0 && amount.abs() < 0.01 {
        return format!("${amount:.4}");
    }
    let cents = (amount.abs() * 100.0).round() as u64;
    let sign = if amount < 0.0 && cents > 0 { "-" } else { "" };
    format!("{sign}${}.{:02}", group_thousands(cents / 100), cents % 100)
}

/// 0 → "0m", 95 min → "1h 35m", 26 h → "26h 0m".
pub fn duration(duration_ms: i64) -> String {
    let minutes = duration_ms.max(0) / 60_000;
    match minutes {
        0..=59 => format!("{minutes}m"),
        _ => format!("{}h {}m", minutes / 60, minutes % 60),
    }
}

/// 0.9234 → "92.3%".
pub fn percent(share: f64) -> String {
    without_negative_zero(format!("{:.1}%", share * 100.0))
}

/// "-0.0%", "-0.00" → "0.0%", "0.00": a value that rounds to zero is shown unsigned.
fn without_negative_zero(text: String) -> String {
    match text.strip_prefix('-') {
        Some(rest) if !rest.bytes().any(|byte| (b'1'..=b'9').contains(&byte)) => rest.to_owned(),
        _ => text,
    }
}

/// A plain figure with sensible precision: 12345.6 → "12,346", 12.34 → "12.3", 0.123 → "0.12".
pub fn decimal(value: f64) -> String {
    if value.abs() >= 1000.0 {
        let sign = if value < 0.0 { "-" } else { "" };
        format!("{sign}{}", group_thousands(value.abs().round() as u64))
    } else if value.abs() >= 10.0 {
        without_negative_zero(format!("{value:.1}"))
    } else {
        without_negative_zero(format!("{value:.2}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts() {
        assert_eq!(compact_count(950), "950");
        assert_eq!(compact_count(9_999), "9,999");
        assert_eq!(compact_count(12_345), "12.3K");
        assert_eq!(compact_count(4_331_528), "4.33M");
        assert_eq!(compact_count(2_100_000_000), "2.10B");
        assert_eq!(compact_count(3_000_000_000_000), "3.00T");
        assert_eq!(compact_count(9_007_199_254_740_993), "9.01e15");
        assert_eq!(compact_count(u64::MAX), "1.84e19");
    }

    #[test]
    fn no_negative_zero_and_signed_thousands() {
        assert_eq!(percent(-0.0), "0.0%");
        assert_eq!(percent(-0.0001), "0.0%");
        assert_eq!(percent(-0.5), "-50.0%");
        assert_eq!(decimal(-0.0), "0.00");
        assert_eq!(decimal(-0.001), "0.00");
        assert_eq!(decimal(-12.04), "-12.0");
        assert_eq!(decimal(-1500.0), "-1,500");
        assert_eq!(decimal(1500.4), "1,500");
        assert_eq!(usd(-0.0), "$0.00");
    }

    #[test]
    fn money_and_time() {
        assert_eq!(usd(2.8184), "$2.82");
        assert_eq!(usd(0.00123), "$0.0012");
        assert_eq!(usd(0.0), "$0.00");
        assert_eq!(usd(13_093.333), "$13,093.33");
        assert_eq!(usd(-2.5), "-$2.50");
        assert_eq!(duration(59_999), "0m");
        assert_eq!(duration(95 * 60_000), "1h 35m");
        assert_eq!(percent(0.9234), "92.3%");
        assert_eq!(decimal(12_345.6), "12,346");
        assert_eq!(decimal(12.34), "12.3");
    }
}
