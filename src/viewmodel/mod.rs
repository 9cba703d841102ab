//! View-models: small, comparable values that a panel (or the CLI) shows, built by
//! pure functions from a dataset and the settings. Formatting lives here too, so the
//! page, the report and the tests all show the same text.

pub mod agents;
pub mod baselines;
pub mod chart_series;
pub mod controls;
pub mod coverage;
pub mod csv;
pub mod dashboard;
pub mod expensive_sessions;
pub mod external;
pub mod external_tables;
pub mod format;
pub mod group_totals;
pub mod headlines;
pub mod line_series;
pub mod load_report;
pub mod outcomes;
pub mod page_views;
pub mod patterns;
pub mod people;
pub mod practices;
pub mod pricing_notes;
pub mod project_catalogue;
pub mod regressions;
pub mod sections;
pub mod session_base;
pub mod session_brief;
pub mod session_detail;
pub mod session_facts;
pub mod session_id;
pub mod summary;
pub mod table_view;
pub mod tables;
pub mod thresholds;
pub mod top_lists;
pub mod trends;
pub mod unknown_filters;
pub mod usage_report;
pub mod usage_tables;
pub mod violations;
