//! "Save as CSV" beside a table the page builds by hand (`data-role="csv"`,
//! `data-csv-for` its `data-table`): the table as shown, read from the page when clicked,
//! written by `viewmodel::csv`. (A `DataTable` saves its rows from the core instead, every
//! one of them: `components::data_table`.)

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::Element;

use crate::viewmodel::csv::csv_text;

/// The texts of the elements under `root` that `selector` finds.
fn texts(root: &Element, selector: &str) -> Result<Vec<String>, String> {
    let found = root.query_selector_all(selector).map_err(|_| format!("no {selector}"))?;
    Ok((0..found.length()).filter_map(|index| found.item(index)).map(|node| node.text_content().unwrap_or_default()).collect())
}

/// The CSV of the table named `name` as the page shows it.
fn shown_csv(name: &str) -> Result<String, String> {
    let document = web_sys::window().and_then(|window| window.document()).ok_or("no document")?;
    let table = document.query_selector(&format!("table[data-table=\"{name}\"]")).ok().flatten().ok_or_else(|| format!("the {name} table is not shown"))?;
    let headings = texts(&table, "thead th")?;
    let rows = table.query_selector_all("tbody tr").map_err(|_| String::from("no rows"))?;
    let mut cells = Vec::new();
    for index in 0..rows.length() {
        if let Some(row) = rows.item(index).and_then(|node| node.dyn_into::<Element>().ok()) {
            cells.push(texts(&row, "th, td")?);
        }
    }
    let headings: Vec<&str> = headings.iter().map(String::as_str).collect();
    Ok(csv_text(&headings, cells.iter().map(|row| row.iter().map(String::as_str))))
}

#[component]
pub fn CsvButton(
    /// The `data-table` of the table it saves.
    table: &'static str,
) -> impl IntoView {
    let failed = RwSignal::new(None::<String>);
    let save = move |_| {
        let saved = shown_csv(table)
            .and_then(|csv| crate::ui::download::download(&format!("{table}.csv"), "text/csv", |file| std::io::Write::write_all(file, csv.as_bytes())));
        failed.set(saved.err());
    };
    view! {
        <button type="button" class="csv" data-role="csv" data-csv-for=table title="Save this table as CSV" on:click=save>"Save as CSV"</button>
        {move || failed.get().map(|reason| view! { <p class="warning" role="alert">{reason}</p> })}
    }
}
