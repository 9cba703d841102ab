//! Charts, drawn on any plotters backend: a canvas in the page, SVG in tests and in
//! the HTML report. Each chart is one function over a view-model and a theme.

mod bars;
mod heatmap;
mod lines;

pub use bars::{bar_at, draw_bars};
pub use heatmap::{cell_at, draw_heatmap};
pub use lines::{draw_lines, draw_sparkline, point_at};

use plotters::style::RGBColor;

/// Colours of one theme (the page follows the system's light or dark setting).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ChartTheme {
    pub background: RGBColor,
    pub text: RGBColor,
    pub grid: RGBColor,
    pub bar: RGBColor,
}

impl ChartTheme {
    pub const LIGHT: ChartTheme =
        ChartTheme { background: RGBColor(255, 255, 255), text: RGBColor(55, 65, 81), grid: RGBColor(229, 231, 235), bar: RGBColor(124, 58, 237) };
    pub const DARK: ChartTheme =
        ChartTheme { background: RGBColor(24, 24, 32), text: RGBColor(209, 213, 219), grid: RGBColor(55, 55, 70), bar: RGBColor(167, 139, 250) };

    /// The colour of segment `index` of `count` stacked segments (the bar colour alone).
    pub fn segment(&self, index: usize, count: usize) -> RGBColor {
        const STACK: [RGBColor; 4] = [RGBColor(37, 99, 235), RGBColor(124, 58, 237), RGBColor(202, 138, 4), RGBColor(22, 163, 74)];
        if count <= 1 {
            self.bar
        } else {
            STACK[index % STACK.len()]
        }
    }

    pub fn for_dark_mode(is_dark: bool) -> ChartTheme {
        if is_dark {
            ChartTheme::DARK
        } else {
            ChartTheme::LIGHT
        }
    }
}

/// A drawing failed; the backend's message is kept.
#[derive(Debug, thiserror::Error)]
#[error("chart drawing failed: {0}")]
pub struct ChartError(pub String);
