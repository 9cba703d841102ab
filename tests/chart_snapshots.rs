//! The chart functions drawn into SVG (the backend the HTML report uses) and compared
//! with committed snapshots, for a small hand-built month and for the real sample project.
#![cfg(not(target_arch = "wasm32"))]

use crate::common;
use plotters::prelude::{IntoDrawingArea, SVGBackend};
use session_lens::charts::{draw_bars, ChartTheme};
use session_lens::metrics::Settings;
use session_lens::viewmodel::chart_series::{daily_cost, daily_requests, daily_tokens, session_durations, BarSeries};
use session_lens::viewmodel::dashboard::Dashboard;

fn svg(series: &BarSeries, theme: &ChartTheme) -> String {
    let mut out = String::new();
    {
        let area = SVGBackend::with_string(&mut out, (640, 240)).into_drawing_area();
        draw_bars(&area, series, theme).expect("draws");
    }
    out
}

fn sample_dashboard() -> Dashboard {
    let dataset = common::ingest_tree(&common::fixture("real/claude-code-viewer/projects/sample-project"), "me");
    Dashboard::unfiltered(&dataset, &Settings::default())
}

#[test]
fn daily_activity_of_the_sample_project() {
    insta::assert_snapshot!(svg(&daily_requests(&sample_dashboard().tables.days), &ChartTheme::LIGHT));
}

#[test]
fn daily_cost_of_the_sample_project_in_dark_theme() {
    insta::assert_snapshot!(svg(&daily_cost(&sample_dashboard().tables.days), &ChartTheme::DARK));
}

#[test]
fn tokens_per_day_by_class_of_the_sample_project() {
    insta::assert_snapshot!(svg(&daily_tokens(&sample_dashboard().tables.days), &ChartTheme::LIGHT));
}

#[test]
fn session_durations_of_the_demo() {
    let dashboard = Dashboard::unfiltered(&common::demo_dataset(), &Settings::default());
    let series = session_durations(&dashboard.durations);
    assert_eq!(series.bars.iter().map(|bar| bar.total()).sum::<f64>(), dashboard.sessions().count() as f64);
    insta::assert_snapshot!(svg(&series, &ChartTheme::LIGHT));
}
