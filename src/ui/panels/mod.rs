//! The dashboard's panels, one per file.

mod charts;
mod controls;
mod external;
mod figures;
mod kept;
mod load_report;
mod nav;
mod overview;
mod patterns;
mod practices;
mod projects;
mod sessions;
mod settings;
pub(crate) mod share;
mod tables;
mod trends;
mod usage;

pub use charts::ChartsPanel;
pub use controls::ControlsBar;
pub use external::ExternalPanel;
pub use figures::FiguresPanel;
pub use kept::{notice_lines as kept_notice_lines, KeptPanel};
pub use load_report::LoadReportPanel;
pub use nav::{focus_element_later, SkipLink, ViewTabs, VIEW_HEADING_ID};
pub use overview::OverviewPanel;
pub use patterns::PatternsPanel;
pub use practices::PracticesPanel;
pub use projects::ProjectsPanel;
pub use sessions::SessionsPanel;
pub use settings::SettingsPanel;
pub use share::SharePanel;
pub use tables::TablesPanel;
pub use trends::TrendsPanel;
pub use usage::UsagePanel;
