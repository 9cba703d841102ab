//! Small building blocks shared by the panels.

mod bar_chart_canvas;
mod canvas_drawing;
mod csv_button;
mod data_table;
mod figure_card;
mod heatmap_canvas;
mod line_chart_canvas;
mod scaled_canvas;
mod sparkline_canvas;

pub use bar_chart_canvas::BarChartCanvas;
pub use csv_button::CsvButton;
pub use data_table::DataTable;
pub use figure_card::{FigureCard, FigureGroupCards};
pub use heatmap_canvas::HeatmapCanvas;
pub use line_chart_canvas::LineChartCanvas;
pub use sparkline_canvas::SparklineCanvas;
