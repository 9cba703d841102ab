//! Small building blocks shared by the panels.

mod bar_chart_canvas;
mod data_table;
mod figure_card;

pub use bar_chart_canvas::BarChartCanvas;
pub use data_table::DataTable;
pub use figure_card::{FigureCard, FigureGroupCards};
