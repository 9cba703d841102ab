//! Drawing the core's charts on a canvas: at the size the layout gives it and the screen's
//! pixel density (so nothing is stretched or blurred), in the system's light or dark
//! theme, again whenever what `draw` reads, the canvas's size or the colour scheme
//! changes. The size comes from a `ResizeObserver`, which reports it after the browser's
//! own layout: reading `clientWidth` in the effect instead made every chart force a
//! layout of the whole page on each filter change.

use leptos::prelude::*;
use plotters::coord::Shift;
use plotters::prelude::{DrawingArea, IntoDrawingArea};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{ResizeObserver, ResizeObserverEntry};

use super::scaled_canvas::ScaledCanvas;
use crate::charts::{ChartError, ChartTheme};
use crate::ui::browser::DarkScheme;

/// Redraws the canvas with `draw` in an effect; the signal holds the last failure.
pub fn draw_on_canvas(
    canvas_ref: NodeRef<leptos::html::Canvas>,
    draw: impl Fn(&DrawingArea<ScaledCanvas, Shift>, &ChartTheme) -> Result<(), ChartError> + 'static,
) -> RwSignal<Option<String>> {
    let failure = RwSignal::new(None::<String>);
    let size_px = observed_size_px(canvas_ref, failure);
    let dark = use_context::<DarkScheme>();
    Effect::new(move |_| {
        let (width_px, height_px) = size_px.get();
        let is_dark = dark.map(|dark| dark.0.get()).unwrap_or_else(crate::ui::browser::prefers_dark);
        let Some(canvas) = canvas_ref.get() else { return };
        if width_px == 0 || height_px == 0 {
            return;
        }
        let theme = ChartTheme::for_dark_mode(is_dark);
        let pixel_ratio = web_sys::window().map_or(1.0, |window| window.device_pixel_ratio());
        let outcome = match ScaledCanvas::new(canvas, (width_px, height_px), pixel_ratio) {
            Some(backend) => draw(&backend.into_drawing_area(), &theme).map_err(|e| e.to_string()),
            None => Err(String::from("this browser gave no 2D canvas")),
        };
        failure.set(outcome.err());
    });
    failure
}

/// The canvas's content size in CSS pixels as the browser's resize observer reports it
/// (0 until its first report, which comes before the canvas is first painted).
fn observed_size_px(canvas_ref: NodeRef<leptos::html::Canvas>, failure: RwSignal<Option<String>>) -> RwSignal<(u32, u32)> {
    let size_px = RwSignal::new((0u32, 0u32));
    let watching = StoredValue::new_local(None::<(ResizeObserver, Closure<dyn FnMut(js_sys::Array)>)>);
    Effect::new(move |_| {
        let Some(canvas) = canvas_ref.get() else { return };
        let on_resize = Closure::<dyn FnMut(js_sys::Array)>::new(move |entries: js_sys::Array| {
            if let Some(entry) = entries.iter().last().and_then(|entry| entry.dyn_into::<ResizeObserverEntry>().ok()) {
                let rect = entry.content_rect();
                let size = (rect.width().round().max(0.0) as u32, rect.height().round().max(0.0) as u32);
                if size != size_px.get_untracked() {
                    size_px.set(size);
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
            Err(_) => failure.set(Some(String::from("this browser cannot report the chart's size"))),
        }
    });
    on_cleanup(move || {
        if let Some(Some((observer, _))) = watching.try_update_value(Option::take) {
            observer.disconnect();
        }
    });
    size_px
}
