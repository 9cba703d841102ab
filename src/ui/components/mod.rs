//! Small building blocks shared by the panels.

mod bar_chart_canvas;
mod figure_card;

pub use bar_chart_canvas::BarChartCanvas;
pub use figure_card::FigureCard;
