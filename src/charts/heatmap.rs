//! The activity heatmap: active time by weekday (rows, Monday first) and hour of the day
//! (columns) in the display zone, each cell shaded by its share of the busiest cell.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::{ChartError, ChartTheme};
use crate::metrics::trends::WeekHours;
use crate::viewmodel::format;
use crate::viewmodel::trends::WEEKDAYS;

const LEFT_PX: i32 = 40;
const TOP_PX: i32 = 8;
/// The hours' labels, then the legend.
const BOTTOM_PX: i32 = 42;
/// The legend's shades, from none to the busiest cell's.
const LEGEND_STEPS: [f64; 5] = [0.0, 0.25, 0.5, 0.75, 1.0];
const RIGHT_PX: i32 = 10;

/// The weekday and hour of the cell under a point of a chart drawn by [`draw_heatmap`].
pub fn cell_at(x_px: f64, y_px: f64, width_px: f64, height_px: f64) -> Option<(u32, u32)> {
    let (cell_w, cell_h) = cell_size(width_px, height_px);
    let column = ((x_px - f64::from(LEFT_PX)) / cell_w).floor();
    let row = ((y_px - f64::from(TOP_PX)) / cell_h).floor();
    ((0.0..24.0).contains(&column) && (0.0..7.0).contains(&row)).then_some((row as u32, column as u32))
}

fn cell_size(width_px: f64, height_px: f64) -> (f64, f64) {
    (((width_px - f64::from(LEFT_PX + RIGHT_PX)) / 24.0).max(1.0), ((height_px - f64::from(TOP_PX + BOTTOM_PX)) / 7.0).max(1.0))
}

/// A colour between the background and the bar colour, `share` (0..1) of the way.
fn shade(theme: &ChartTheme, share: f64) -> RGBColor {
    let mix = |from: u8, to: u8| (f64::from(from) + (f64::from(to) - f64::from(from)) * share.clamp(0.0, 1.0)).round() as u8;
    let (low, high) = (theme.grid, theme.bar);
    RGBColor(mix(low.0, high.0), mix(low.1, high.1), mix(low.2, high.2))
}

pub fn draw_heatmap<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, hours: &WeekHours, theme: &ChartTheme) -> Result<(), ChartError> {
    let failed = |error: &dyn std::fmt::Display| ChartError(error.to_string());
    area.fill(&theme.background).map_err(|e| failed(&e))?;
    let text = ("sans-serif", 12).into_font().color(&theme.text);
    let (width, height) = area.dim_in_pixel();
    let (cell_w, cell_h) = cell_size(f64::from(width), f64::from(height));
    let busiest = hours.max_ms();
    for (weekday, name) in WEEKDAYS.iter().enumerate() {
        let top = TOP_PX + (weekday as f64 * cell_h) as i32;
        area.draw_text(name, &text, (4, top + (cell_h / 2.0) as i32 - 6)).map_err(|e| failed(&e))?;
        for hour in 0..24u32 {
            let left = LEFT_PX + (f64::from(hour) * cell_w) as i32;
            let ms = hours.ms(weekday as u32, hour);
            let share = if busiest > 0 { ms as f64 / busiest as f64 } else { 0.0 };
            let right = LEFT_PX + (f64::from(hour + 1) * cell_w) as i32 - 1;
            let bottom = TOP_PX + ((weekday + 1) as f64 * cell_h) as i32 - 1;
            area.draw(&Rectangle::new([(left, top), (right, bottom)], shade(theme, share).filled())).map_err(|e| failed(&e))?;
        }
    }
    let axis_top = TOP_PX + (7.0 * cell_h) as i32 + 4;
    for hour in (0..24u32).step_by(3) {
        let left = LEFT_PX + (f64::from(hour) * cell_w) as i32;
        area.draw_text(&format!("{hour:02}"), &text, (left, axis_top)).map_err(|e| failed(&e))?;
    }
    if busiest == 0 {
        area.draw_text("Nothing in this period", &text, (LEFT_PX + 8, TOP_PX + 8)).map_err(|e| failed(&e))?;
    } else {
        // The legend: the shades from no activity to the busiest cell's, and its time.
        let legend_top = axis_top + 18;
        area.draw_text("less", &text, (LEFT_PX, legend_top)).map_err(|e| failed(&e))?;
        let swatch_left = LEFT_PX + 34;
        for (step, share) in LEGEND_STEPS.iter().enumerate() {
            let left = swatch_left + step as i32 * 16;
            area.draw(&Rectangle::new([(left, legend_top), (left + 13, legend_top + 12)], shade(theme, *share).filled())).map_err(|e| failed(&e))?;
        }
        let note = format!("more (busiest hour: {} of active time)", format::duration(busiest));
        area.draw_text(&note, &text, (swatch_left + LEGEND_STEPS.len() as i32 * 16 + 4, legend_top)).map_err(|e| failed(&e))?;
    }
    area.present().map_err(|e| failed(&e))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::trends::week_hour_cell;

    #[test]
    fn the_busiest_cell_is_drawn_in_the_bar_colour() {
        let mut hours = WeekHours::default();
        hours.add(week_hour_cell(0, 9), 3_600_000);
        hours.add(week_hour_cell(4, 15), 1_800_000);
        let mut out = String::new();
        {
            let area = SVGBackend::with_string(&mut out, (600, 200)).into_drawing_area();
            draw_heatmap(&area, &hours, &ChartTheme::LIGHT).expect("draws");
        }
        let bar = ChartTheme::LIGHT.bar;
        // The busiest cell and the legend's last shade.
        assert_eq!(out.matches(&format!("fill=\"#{:02X}{:02X}{:02X}\"", bar.0, bar.1, bar.2)).count(), 2);
        assert_eq!(out.matches("<rect").count(), 168 + 1 + LEGEND_STEPS.len(), "every cell, the background and the legend");
        assert!(out.contains("busiest hour: 1h 0m of active time"), "the legend says what the darkest shade is");
        assert!(out.contains("Mon") && out.contains("Sun") && out.contains("\n21\n"));
    }

    #[test]
    fn a_point_maps_to_its_weekday_and_hour() {
        assert_eq!(cell_at(41.0, 9.0, 600.0, 200.0), Some((0, 0)));
        assert_eq!(cell_at(589.0, 157.0, 600.0, 200.0), Some((6, 23)));
        assert_eq!(cell_at(589.0, 170.0, 600.0, 200.0), None, "the hours and the legend below the grid");
        assert_eq!(cell_at(10.0, 50.0, 600.0, 200.0), None);
    }
}
