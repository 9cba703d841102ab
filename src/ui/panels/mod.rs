//! The dashboard's panels, one per file.

mod daily_activity;
mod headline;
mod load_report;

pub use daily_activity::DailyActivityPanel;
pub use headline::HeadlinePanel;
pub use load_report::LoadReportPanel;
