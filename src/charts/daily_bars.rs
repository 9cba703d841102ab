//! A bar per day (daily activity, daily cost), dates on the axis as MM-DD.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::{ChartError, ChartTheme};
use crate::viewmodel::daily_activity::DailySeries;

/// At most this many date labels on the axis; the rest are skipped evenly.
const MAX_AXIS_LABELS: usize = 12;

pub fn draw_daily_bars<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    series: &DailySeries,
    theme: &ChartTheme,
) -> Result<(), ChartError> {
    let failed = |error: &dyn std::fmt::Display| ChartError(error.to_string());
    area.fill(&theme.background).map_err(|e| failed(&e))?;
    if series.bars.is_empty() {
        let style = ("sans-serif", 14).into_font().color(&theme.text);
        return area.draw_text("No requests in this period", &style, (12, 12)).map_err(|e| failed(&e));
    }
    let day_count = series.bars.len();
    let y_max = (series.max_value() * 1.1).max(1.0);
    let mut chart = ChartBuilder::on(area)
        .margin(10)
        .x_label_area_size(28)
        .y_label_area_size(48)
        .build_cartesian_2d((0..day_count).into_segmented(), 0.0..y_max)
        .map_err(|e| failed(&e))?;
    let label_step = day_count.div_ceil(MAX_AXIS_LABELS);
    let label_of = |value: &SegmentValue<usize>| match value {
        SegmentValue::CenterOf(index) | SegmentValue::Exact(index) if index % label_step == 0 => {
            series.bars.get(*index).map(|bar| bar.label.clone()).unwrap_or_default()
        }
        _ => String::new(),
    };
    chart
        .configure_mesh()
        .disable_x_mesh()
        .light_line_style(theme.background)
        .bold_line_style(theme.grid)
        .axis_style(theme.grid)
        .x_labels(day_count.min(MAX_AXIS_LABELS * label_step))
        .x_label_formatter(&label_of)
        .y_labels(5)
        .y_label_formatter(&|value| axis_number(*value))
        .label_style(("sans-serif", 12).into_font().color(&theme.text))
        .draw()
        .map_err(|e| failed(&e))?;
    let fill = theme.bar.filled();
    chart
        .draw_series(series.bars.iter().enumerate().map(|(index, bar)| {
            let mut rectangle = Rectangle::new(
                [(SegmentValue::Exact(index), 0.0), (SegmentValue::Exact(index + 1), bar.value)],
                fill,
            );
            rectangle.set_margin(0, 0, 1, 1);
            rectangle
        }))
        .map_err(|e| failed(&e))?;
    area.present().map_err(|e| failed(&e))
}

/// Axis numbers: whole values without decimals, large ones shortened (12K, 1.5M).
fn axis_number(value: f64) -> String {
    match value.abs() {
        v if v >= 1e6 => format!("{:.1}M", value / 1e6),
        v if v >= 1e4 => format!("{:.0}K", value / 1e3),
        v if v.fract() == 0.0 => format!("{value:.0}"),
        _ => format!("{value:.2}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::viewmodel::daily_activity::DayBar;
    use chrono::NaiveDate;

    fn series(values: &[f64]) -> DailySeries {
        let start = NaiveDate::from_ymd_opt(2025, 9, 1).expect("date");
        let bars = values
            .iter()
            .enumerate()
            .map(|(offset, value)| {
                let date = start + chrono::Days::new(offset as u64);
                DayBar { date, label: date.format("%m-%d").to_string(), value: *value }
            })
            .collect();
        DailySeries { title: "Requests per day", bars }
    }

    fn svg(series: &DailySeries) -> String {
        let mut out = String::new();
        {
            let area = SVGBackend::with_string(&mut out, (600, 240)).into_drawing_area();
            draw_daily_bars(&area, series, &ChartTheme::LIGHT).expect("draws");
        }
        out
    }

    #[test]
    fn one_bar_per_day_with_date_labels() {
        let out = svg(&series(&[3.0, 0.0, 7.0]));
        let bar_fill = "fill=\"#7C3AED\"";
        assert_eq!(out.matches(bar_fill).count(), 3, "{out}");
        assert!(out.contains("09-01") && out.contains("09-03"));
    }

    #[test]
    fn axis_numbers_are_short() {
        assert_eq!(axis_number(600.0), "600");
        assert_eq!(axis_number(25_000.0), "25K");
        assert_eq!(axis_number(1_500_000.0), "1.5M");
        assert_eq!(axis_number(0.25), "0.25");
    }

    #[test]
    fn empty_series_says_so() {
        assert!(svg(&series(&[])).contains("No requests in this period"));
    }
}
