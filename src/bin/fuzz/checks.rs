//! What the fuzz targets ask of a dataset they got from arbitrary bytes: the figures
//! built over it are finite and not negative, and it writes out as an export. A failed
//! check aborts the run like a panic, so libFuzzer keeps the input that caused it.

use session_lens::export::write::{write_export, ExportOptions};
use session_lens::metrics::Settings;
use session_lens::model::Dataset;
use session_lens::viewmodel::dashboard::Dashboard;

pub fn check_dataset(dataset: &Dataset) {
    let summary = Dashboard::unfiltered(dataset, &Settings::default()).summary;
    assert!(summary.cost_usd.is_finite() && summary.cost_usd >= 0.0, "cost {}", summary.cost_usd);
    assert!(summary.active_time_ms >= 0, "active time {}", summary.active_time_ms);
    assert!(summary.estimated_loss_usd.is_finite() && summary.estimated_loss_usd >= 0.0, "loss {}", summary.estimated_loss_usd);
    for request in &dataset.requests {
        assert!(request.cost_usd.is_finite() && request.cost_usd >= 0.0, "request cost {}", request.cost_usd);
    }
    let mut written = Vec::new();
    write_export(dataset, &ExportOptions::default(), &mut written).expect("an export writes into memory");
}
