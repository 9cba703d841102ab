//! The page's time zones come from the browser's own time-zone data (the core's
//! `timezone::set_zone_source`), so the page carries no tz database: the browser's zone
//! through `Date.getTimezoneOffset` (cheap: a zone's table samples thousands of times),
//! any other through `Intl.DateTimeFormat` (its `longOffset` name, "GMT+05:30").

use js_sys::{Array, Function, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};

use crate::timezone::{set_zone_source, OffsetAt};

/// Makes the browser the source of every zone the page names.
pub fn install() {
    set_zone_source(browser_zone);
}

/// The browser's own zone name ("Europe/Berlin"), if it gives one.
pub fn own_zone_name() -> Option<String> {
    let options = js_sys::Intl::DateTimeFormat::new(&Array::new(), &Object::new()).resolved_options();
    Reflect::get(&options, &JsValue::from_str("timeZone")).ok().and_then(|zone| zone.as_string())
}

fn browser_zone(name: &str) -> Option<(String, OffsetAt)> {
    if own_zone_name().as_deref() == Some(name) {
        let offset_at = |timestamp_ms: i64| {
            let minutes_west = js_sys::Date::new(&JsValue::from_f64(timestamp_ms as f64)).get_timezone_offset();
            minutes_west.is_finite().then(|| -(minutes_west as i64) * 60_000)
        };
        return Some((name.to_owned(), Box::new(offset_at)));
    }
    let format = offset_format(name)?;
    let format_to_parts = Reflect::get(&format, &JsValue::from_str("formatToParts")).ok()?.dyn_into::<Function>().ok()?;
    let offset_at = move |timestamp_ms: i64| {
        let parts = format_to_parts.call1(&format, &JsValue::from_f64(timestamp_ms as f64)).ok()?.dyn_into::<Array>().ok()?;
        let zone_part = parts
            .iter()
            .find(|part| Reflect::get(part, &JsValue::from_str("type")).ok().and_then(|kind| kind.as_string()).as_deref() == Some("timeZoneName"))?;
        parse_gmt_offset_ms(&Reflect::get(&zone_part, &JsValue::from_str("value")).ok()?.as_string()?)
    };
    Some((name.to_owned(), Box::new(offset_at)))
}

/// `new Intl.DateTimeFormat("en-US", {timeZone: name, timeZoneName: "longOffset"})`, or
/// `None` where the browser does not know the zone (it throws a RangeError).
fn offset_format(name: &str) -> Option<JsValue> {
    let options = Object::new();
    Reflect::set(&options, &JsValue::from_str("timeZone"), &JsValue::from_str(name)).ok()?;
    Reflect::set(&options, &JsValue::from_str("timeZoneName"), &JsValue::from_str("longOffset")).ok()?;
    let constructor =
        Reflect::get(&js_sys::global(), &JsValue::from_str("Intl")).ok().and_then(|intl| Reflect::get(&intl, &JsValue::from_str("DateTimeFormat")).ok())?;
    let arguments = Array::of2(&JsValue::from_str("en-US"), &options);
    Reflect::construct(constructor.unchecked_ref::<Function>(), &arguments).ok()
}

/// "GMT+05:30" → 19,800,000 ms; "GMT" → 0; "GMT-03:00" → −10,800,000 (seconds too, if given).
fn parse_gmt_offset_ms(text: &str) -> Option<i64> {
    let signed = text.strip_prefix("GMT")?;
    if signed.is_empty() {
        return Some(0);
    }
    let (sign, rest) = match signed.split_at_checked(1)? {
        ("+", rest) => (1, rest),
        ("-", rest) | ("\u{2212}", rest) => (-1, rest),
        _ => return None,
    };
    let mut seconds = 0;
    for (field, scale) in rest.split(':').zip([3600, 60, 1]) {
        seconds += field.parse::<i64>().ok()? * scale;
    }
    Some(sign * seconds * 1000)
}
