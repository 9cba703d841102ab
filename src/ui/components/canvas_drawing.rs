//! Drawing the core's charts on a canvas: at the width the layout gives it (so text is
//! not scaled), in the system's light or dark theme, again whenever what `draw` reads or
//! the window's size changes.

use leptos::prelude::*;
use plotters::coord::Shift;
use plotters::prelude::{DrawingArea, IntoDrawingArea};
use plotters_canvas::CanvasBackend;

use crate::charts::{ChartError, ChartTheme};
use crate::ui::browser::prefers_dark;

/// Redraws the canvas with `draw` in an effect; the signal holds the last failure.
pub fn draw_on_canvas(
    canvas_ref: NodeRef<leptos::html::Canvas>,
    draw: impl Fn(&DrawingArea<CanvasBackend, Shift>, &ChartTheme) -> Result<(), ChartError> + 'static,
) -> RwSignal<Option<String>> {
    let failure = RwSignal::new(None::<String>);
    let resizes = RwSignal::new(0u32);
    let listener = window_event_listener(leptos::ev::resize, move |_| resizes.update(|count| *count += 1));
    on_cleanup(move || listener.remove());
    Effect::new(move |_| {
        resizes.track();
        let Some(canvas) = canvas_ref.get() else { return };
        let width = canvas.client_width();
        if width > 0 {
            canvas.set_width(width as u32);
        }
        let theme = ChartTheme::for_dark_mode(prefers_dark());
        let outcome = match CanvasBackend::with_canvas_object(canvas) {
            Some(backend) => draw(&backend.into_drawing_area(), &theme).map_err(|e| e.to_string()),
            None => Err(String::from("this browser gave no 2D canvas")),
        };
        failure.set(outcome.err());
    });
    failure
}
