//! Drawing the core's charts on a canvas: at the width the layout gives it (so text is
//! not scaled), in the system's light or dark theme, again whenever what `draw` reads or
//! the canvas's width changes. The width comes from a `ResizeObserver`, which reports it
//! after the browser's own layout: reading `clientWidth` in the effect instead made every
//! chart force a layout of the whole page on each filter change.

use leptos::prelude::*;
use plotters::coord::Shift;
use plotters::prelude::{DrawingArea, IntoDrawingArea};
use plotters_canvas::CanvasBackend;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{ResizeObserver, ResizeObserverEntry};

use crate::charts::{ChartError, ChartTheme};
use crate::ui::browser::prefers_dark;

/// Redraws the canvas with `draw` in an effect; the signal holds the last failure.
pub fn draw_on_canvas(
    canvas_ref: NodeRef<leptos::html::Canvas>,
    draw: impl Fn(&DrawingArea<CanvasBackend, Shift>, &ChartTheme) -> Result<(), ChartError> + 'static,
) -> RwSignal<Option<String>> {
    let failure = RwSignal::new(None::<String>);
    let width_px = observed_width_px(canvas_ref, failure);
    Effect::new(move |_| {
        let width_px = width_px.get();
        let Some(canvas) = canvas_ref.get() else { return };
        if width_px == 0 {
            return;
        }
        if canvas.width() != width_px {
            canvas.set_width(width_px);
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

/// The canvas's content width in CSS pixels as the browser's resize observer reports it
/// (0 until its first report, which comes before the canvas is first painted).
fn observed_width_px(canvas_ref: NodeRef<leptos::html::Canvas>, failure: RwSignal<Option<String>>) -> RwSignal<u32> {
    let width_px = RwSignal::new(0u32);
    let watching = StoredValue::new_local(None::<(ResizeObserver, Closure<dyn FnMut(js_sys::Array)>)>);
    Effect::new(move |_| {
        let Some(canvas) = canvas_ref.get() else { return };
        let on_resize = Closure::<dyn FnMut(js_sys::Array)>::new(move |entries: js_sys::Array| {
            if let Some(entry) = entries.iter().last().and_then(|entry| entry.dyn_into::<ResizeObserverEntry>().ok()) {
                let width = entry.content_rect().width().round().max(0.0) as u32;
                if width != width_px.get_untracked() {
                    width_px.set(width);
                }
            }
        });
        match ResizeObserver::new(on_resize.as_ref().unchecked_ref()) {
            Ok(observer) => {
                observer.observe(&canvas);
                let earlier = watching.try_update_value(|slot| slot.replace((observer, on_resize))).flatten();
                if let Some((earlier, _)) = earlier {
                    earlier.disconnect();
                }
            }
            // (Every browser the page runs in has one; without it, no chart.)
            Err(_) => failure.set(Some(String::from("this browser cannot report the chart's width"))),
        }
    });
    on_cleanup(move || {
        if let Some(Some((observer, _))) = watching.try_update_value(Option::take) {
            observer.disconnect();
        }
    });
    width_px
}
