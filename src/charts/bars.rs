//! Bar charts (daily activity, daily cost, tokens per day by class, session durations),
//! stacked when a series has several segments, with a legend then.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::{ChartError, ChartTheme};
use crate::viewmodel::chart_series::{BarSeries, ValueKind};
use crate::viewmodel::format;

/// Room each x-axis label needs; labels that would not fit are skipped evenly.
pub(super) const LABEL_WIDTH_PX: u32 = 56;
pub(super) const MARGIN_PX: u32 = 10;
pub(super) const Y_LABEL_AREA_PX: u32 = 56;
pub(super) const X_LABEL_AREA_PX: u32 = 28;
pub(super) const LEGEND_PX: u32 = 22;

/// Which bar is under `x_px` on a chart `width_px` wide drawn by [`draw_bars`].
pub fn bar_at(x_px: f64, width_px: f64, bar_count: usize) -> Option<usize> {
    let left = f64::from(MARGIN_PX + Y_LABEL_AREA_PX);
    let plot_width = width_px - left - f64::from(MARGIN_PX);
    if bar_count == 0 || plot_width <= 0.0 || x_px < left {
        return None;
    }
    let index = ((x_px - left) / plot_width * bar_count as f64).floor() as usize;
    (index < bar_count).then_some(index)
}

pub fn draw_bars<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, series: &BarSeries, theme: &ChartTheme) -> Result<(), ChartError> {
    let failed = |error: &dyn std::fmt::Display| ChartError(error.to_string());
    area.fill(&theme.background).map_err(|e| failed(&e))?;
    let text = ("sans-serif", 12).into_font().color(&theme.text);
    if series.bars.iter().all(|bar| bar.total() == 0.0) {
        return area.draw_text("Nothing in this period", &text, (12, 12)).map_err(|e| failed(&e));
    }
    let stacked = series.segments.len() > 1;
    let (legend, plot) = if stacked { area.split_vertically(LEGEND_PX) } else { area.split_vertically(0) };
    if stacked {
        draw_legend(&legend, series, theme).map_err(|e| failed(&e))?;
    }
    let bar_count = series.bars.len();
    let y_max = series.max_total() * 1.1;
    if !y_max.is_finite() {
        // Sums of bounded values stay finite; a series that is not is not drawn.
        return area.draw_text("Values too large to draw", &text, (12, 12)).map_err(|e| failed(&e));
    }
    let mut chart = ChartBuilder::on(&plot)
        .margin(MARGIN_PX)
        .x_label_area_size(X_LABEL_AREA_PX)
        .y_label_area_size(Y_LABEL_AREA_PX)
        .build_cartesian_2d((0..bar_count).into_segmented(), 0.0..y_max)
        .map_err(|e| failed(&e))?;
    let max_labels = ((area.dim_in_pixel().0.saturating_sub(MARGIN_PX * 2 + Y_LABEL_AREA_PX)) / LABEL_WIDTH_PX).max(1) as usize;
    let label_step = bar_count.div_ceil(max_labels);
    let label_of = |value: &SegmentValue<usize>| match value {
        SegmentValue::CenterOf(index) | SegmentValue::Exact(index) if index % label_step == 0 => {
            series.bars.get(*index).map(|bar| bar.label.clone()).unwrap_or_default()
        }
        _ => String::new(),
    };
    let kind = series.kind;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .max_light_lines(1)
        .bold_line_style(theme.grid)
        .axis_style(theme.grid)
        .x_labels(bar_count)
        .x_label_formatter(&label_of)
        .y_labels(5)
        .y_label_formatter(&|value| axis_number(*value, kind))
        .label_style(text.clone())
        .draw()
        .map_err(|e| failed(&e))?;
    for segment in 0..series.segments.len() {
        let colour = theme.segment(segment, series.segments.len());
        let rectangles = series.bars.iter().enumerate().filter_map(|(index, bar)| {
            let below: f64 = bar.values[..segment].iter().sum();
            let value = bar.values.get(segment).copied().unwrap_or(0.0);
            (value > 0.0).then(|| {
                let mut rectangle = Rectangle::new([(SegmentValue::Exact(index), below), (SegmentValue::Exact(index + 1), below + value)], colour.filled());
                rectangle.set_margin(0, 0, 1, 1);
                rectangle
            })
        });
        chart.draw_series(rectangles).map_err(|e| failed(&e))?;
    }
    area.present().map_err(|e| failed(&e))
}

fn draw_legend<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, series: &BarSeries, theme: &ChartTheme) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let text = ("sans-serif", 12).into_font().color(&theme.text);
    let mut x = (MARGIN_PX + Y_LABEL_AREA_PX) as i32;
    for (index, name) in series.segments.iter().enumerate() {
        let colour = theme.segment(index, series.segments.len());
        area.draw(&Rectangle::new([(x, 6), (x + 10, 16)], colour.filled()))?;
        area.draw_text(name, &text, (x + 14, 5))?;
        x += 24 + 8 * name.len() as i32;
    }
    Ok(())
}

/// Axis numbers: whole values without decimals, large ones shortened (12K, 1.5M).
pub(super) fn axis_number(value: f64, kind: ValueKind) -> String {
    let number = match value.abs() {
        v if v >= 1e9 => format!("{:.1}B", value / 1e9),
        v if v >= 1e6 => format!("{:.1}M", value / 1e6),
        v if v >= 1e4 => format!("{:.0}K", value / 1e3),
        v if v.fract() == 0.0 => format!("{value:.0}"),
        _ => format!("{value:.2}"),
    };
    match kind {
        ValueKind::Usd => format!("${number}"),
        ValueKind::Count => number,
        ValueKind::DurationMs => format::duration(value.round() as i64),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::viewmodel::chart_series::{daily_requests, daily_tokens};
    use crate::viewmodel::tables::DayRow;

    fn days(requests: &[u64]) -> Vec<DayRow> {
        let start: chrono::NaiveDate = "2025-09-01".parse().expect("date");
        requests
            .iter()
            .enumerate()
            .map(|(offset, requests)| {
                let mut row = DayRow { date: start + chrono::Days::new(offset as u64), requests: *requests, ..DayRow::default() };
                row.usage.input_tokens = *requests * 10;
                row.usage.cache_read_tokens = *requests * 1000;
                row
            })
            .collect()
    }

    fn svg(series: &BarSeries) -> String {
        let mut out = String::new();
        {
            let area = SVGBackend::with_string(&mut out, (600, 240)).into_drawing_area();
            draw_bars(&area, series, &ChartTheme::LIGHT).expect("draws");
        }
        out
    }

    #[test]
    fn one_bar_per_day_with_a_value_and_date_labels() {
        let out = svg(&daily_requests(&days(&[3, 0, 7])));
        assert_eq!(out.matches("fill=\"#7C3AED\"").count(), 2, "{out}");
        assert!(out.contains("1 Sep") && out.contains("3 Sep"));
    }

    #[test]
    fn stacked_bars_draw_each_class_and_a_legend() {
        let out = svg(&daily_tokens(&days(&[3, 5])));
        assert!(out.contains("cache read") && out.contains("input"), "legend");
        let cache_read = ChartTheme::LIGHT.segment(3, 4);
        let fill = format!("fill=\"#{:02X}{:02X}{:02X}\"", cache_read.0, cache_read.1, cache_read.2);
        assert_eq!(out.matches(&fill).count(), 2 + 1, "two bars and the legend swatch");
    }

    #[test]
    fn axis_numbers_are_short() {
        assert_eq!(axis_number(600.0, ValueKind::Count), "600");
        assert_eq!(axis_number(25_000.0, ValueKind::Count), "25K");
        assert_eq!(axis_number(1_500_000.0, ValueKind::Count), "1.5M");
        assert_eq!(axis_number(0.25, ValueKind::Usd), "$0.25");
    }

    #[test]
    fn empty_series_says_so() {
        assert!(svg(&daily_requests(&days(&[0, 0]))).contains("Nothing in this period"));
    }

    #[test]
    fn hover_position_maps_to_a_bar() {
        assert_eq!(bar_at(0.0, 600.0, 10), None);
        assert_eq!(bar_at(66.0, 600.0, 10), Some(0));
        assert_eq!(bar_at(589.0, 600.0, 10), Some(9));
        assert_eq!(bar_at(595.0, 600.0, 10), None);
    }
}
