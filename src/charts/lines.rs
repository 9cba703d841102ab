//! Line charts (the rolling averages), a colour and a legend entry per line.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::bars::{axis_number, LABEL_WIDTH_PX, LEGEND_PX, MARGIN_PX, X_LABEL_AREA_PX, Y_LABEL_AREA_PX};
use super::{ChartError, ChartTheme};
use crate::viewmodel::line_series::LineSeries;

// (The same room for labels as the bar charts, so charts side by side line up.)

/// Which point is nearest `x_px` on a chart `width_px` wide drawn by [`draw_lines`].
pub fn point_at(x_px: f64, width_px: f64, point_count: usize) -> Option<usize> {
    let left = f64::from(MARGIN_PX + Y_LABEL_AREA_PX);
    let plot_width = width_px - left - f64::from(MARGIN_PX);
    if point_count == 0 || plot_width <= 0.0 || x_px < left || x_px > left + plot_width {
        return None;
    }
    let steps = point_count.saturating_sub(1).max(1) as f64;
    Some((((x_px - left) / plot_width * steps).round() as usize).min(point_count - 1))
}

pub fn draw_lines<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, series: &LineSeries, theme: &ChartTheme) -> Result<(), ChartError> {
    let failed = |error: &dyn std::fmt::Display| ChartError(error.to_string());
    area.fill(&theme.background).map_err(|e| failed(&e))?;
    let text = ("sans-serif", 12).into_font().color(&theme.text);
    let y_max = series.max_value() * 1.1;
    if series.labels.is_empty() || y_max <= 0.0 {
        return area.draw_text("Nothing in this period", &text, (12, 12)).map_err(|e| failed(&e));
    }
    if !y_max.is_finite() {
        return area.draw_text("Values too large to draw", &text, (12, 12)).map_err(|e| failed(&e));
    }
    let (legend, plot) = area.split_vertically(LEGEND_PX);
    let mut x = (MARGIN_PX + Y_LABEL_AREA_PX) as i32;
    for (index, (name, _)) in series.lines.iter().enumerate() {
        let colour = theme.segment(index, series.lines.len().max(2));
        legend.draw(&Rectangle::new([(x, 10), (x + 14, 12)], colour.filled())).map_err(|e| failed(&e))?;
        legend.draw_text(name, &text, (x + 18, 5)).map_err(|e| failed(&e))?;
        x += 30 + 8 * name.len() as i32;
    }
    let last = series.labels.len().saturating_sub(1).max(1);
    let mut chart = ChartBuilder::on(&plot)
        .margin(MARGIN_PX)
        .x_label_area_size(X_LABEL_AREA_PX)
        .y_label_area_size(Y_LABEL_AREA_PX)
        .build_cartesian_2d(0..last, 0.0..y_max)
        .map_err(|e| failed(&e))?;
    let max_labels = ((area.dim_in_pixel().0.saturating_sub(MARGIN_PX * 2 + Y_LABEL_AREA_PX)) / LABEL_WIDTH_PX).max(2) as usize;
    let kind = series.kind;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .max_light_lines(1)
        .bold_line_style(theme.grid)
        .axis_style(theme.grid)
        .x_labels(max_labels)
        .x_label_formatter(&|index| series.labels.get(*index).cloned().unwrap_or_default())
        .y_labels(5)
        .y_label_formatter(&|value| axis_number(*value, kind))
        .label_style(text.clone())
        .draw()
        .map_err(|e| failed(&e))?;
    for (index, (_, values)) in series.lines.iter().enumerate() {
        let colour = theme.segment(index, series.lines.len().max(2));
        let points: Vec<(usize, f64)> = values.iter().enumerate().map(|(at, value)| (at, *value)).collect();
        chart.draw_series(std::iter::once(PathElement::new(points, colour.stroke_width(2)))).map_err(|e| failed(&e))?;
    }
    area.present().map_err(|e| failed(&e))
}

/// A sparkline: one line over the values, no axes, scaled to the highest.
pub fn draw_sparkline<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, values: &[f64], theme: &ChartTheme) -> Result<(), ChartError> {
    let failed = |error: &dyn std::fmt::Display| ChartError(error.to_string());
    area.fill(&theme.background).map_err(|e| failed(&e))?;
    let (width, height) = area.dim_in_pixel();
    let highest = values.iter().copied().fold(0.0, f64::max);
    if values.is_empty() || !highest.is_finite() {
        return area.present().map_err(|e| failed(&e));
    }
    let scale_y = |value: f64| {
        let share = if highest > 0.0 { value / highest } else { 0.0 };
        (f64::from(height.saturating_sub(3)) * (1.0 - share)) as i32 + 1
    };
    let steps = values.len().saturating_sub(1).max(1) as f64;
    let points: Vec<(i32, i32)> =
        values.iter().enumerate().map(|(index, value)| ((index as f64 / steps * f64::from(width.saturating_sub(1))) as i32, scale_y(*value))).collect();
    let points = if points.len() == 1 { vec![(0, points[0].1), (width as i32 - 1, points[0].1)] } else { points };
    area.draw(&PathElement::new(points, theme.bar.stroke_width(2))).map_err(|e| failed(&e))?;
    area.present().map_err(|e| failed(&e))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::viewmodel::chart_series::ValueKind;

    fn svg(draw: impl FnOnce(&DrawingArea<SVGBackend<'_>, Shift>)) -> String {
        let mut out = String::new();
        {
            let area = SVGBackend::with_string(&mut out, (600, 240)).into_drawing_area();
            draw(&area);
        }
        out
    }

    #[test]
    fn a_line_per_window_with_its_legend() {
        let series = LineSeries {
            title: String::from("Sessions"),
            kind: ValueKind::Count,
            labels: vec![String::from("11-01"), String::from("11-02"), String::from("11-03")],
            lines: vec![(String::from("7-day"), vec![1.0, 2.0, 3.0]), (String::from("28-day"), vec![1.0, 1.5, 2.0])],
        };
        let out = svg(|area| draw_lines(area, &series, &ChartTheme::LIGHT).expect("draws"));
        assert_eq!(out.matches("stroke-width=\"2\"").count(), 2, "{out}");
        assert!(out.contains("7-day") && out.contains("28-day") && out.contains("11-01"));
        let empty = LineSeries { lines: vec![(String::from("7-day"), vec![0.0, 0.0])], ..series };
        assert!(svg(|area| draw_lines(area, &empty, &ChartTheme::LIGHT).expect("draws")).contains("Nothing in this period"));
    }

    #[test]
    fn a_sparkline_is_one_path() {
        let out = svg(|area| draw_sparkline(area, &[0.0, 3.0, 1.0], &ChartTheme::LIGHT).expect("draws"));
        assert_eq!(out.matches("<polyline").count(), 1, "{out}");
    }

    #[test]
    fn hover_position_maps_to_the_nearest_point() {
        assert_eq!(point_at(10.0, 600.0, 5), None);
        assert_eq!(point_at(66.0, 600.0, 5), Some(0));
        assert_eq!(point_at(590.0, 600.0, 5), Some(4));
    }
}
