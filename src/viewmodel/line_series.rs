//! What a line chart shows: a value per labelled point for each of a few lines.

use super::chart_series::ValueKind;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct LineSeries {
    pub title: String,
    pub kind: ValueKind,
    /// A label per point (the x axis).
    pub labels: Vec<String>,
    /// (name, a value per point).
    pub lines: Vec<(String, Vec<f64>)>,
}

impl LineSeries {
    pub fn max_value(&self) -> f64 {
        self.lines.iter().flat_map(|(_, values)| values.iter().copied()).fold(0.0, f64::max)
    }

    /// The chart in one sentence, its text alternative: each line's last value.
    pub fn summary(&self) -> String {
        let (Some(first), Some(last)) = (self.labels.first(), self.labels.last()) else {
            return format!("{}: no data.", self.title);
        };
        let ends: Vec<String> = self
            .lines
            .iter()
            .map(|(name, values)| format!("{name} {}", values.last().map_or_else(|| String::from("—"), |value| self.kind.format(*value))))
            .collect();
        format!("{}: {} days from {first} to {last}; on {last}: {}.", self.title, self.labels.len(), ends.join(", "))
    }

    /// "11-05: 7-day 2.1, 28-day 1.4, 90-day 1.4" — what hovering a point shows.
    pub fn tooltip(&self, index: usize) -> Option<String> {
        let label = self.labels.get(index)?;
        let parts: Vec<String> =
            self.lines.iter().filter_map(|(name, values)| values.get(index).map(|value| format!("{name} {}", self.kind.format(*value)))).collect();
        Some(format!("{label}: {}", parts.join(", ")))
    }
}
