//! A table with sortable columns (click a heading, or Tab to it and press Enter; again
//! to reverse). Rows carry `data-row`; a row can be made clickable, and then opens with
//! Enter too. Beside its title, "Save as CSV" (`data-role="csv"`) saves every row, in the
//! order shown, as `<data-table>.csv`.

use leptos::prelude::*;

use crate::viewmodel::table_view::TableView;

#[component]
pub fn DataTable(
    table: Signal<TableView>,
    /// Called with a row's key when it is clicked.
    #[prop(optional)]
    on_row: Option<Callback<String>>,
    /// The key of the row shown as selected.
    #[prop(optional, into)]
    selected: Option<Signal<Option<String>>>,
    /// Rows rendered at most (after sorting); the rest are counted below the table.
    #[prop(optional)]
    max_rows: Option<usize>,
) -> impl IntoView {
    // (column, reversed); `None` keeps the order the core gave.
    let sort = RwSignal::new(None::<(usize, bool)>);
    let limit = max_rows.unwrap_or(usize::MAX);
    let rows = move || table.with(|table| table.top_rows(sort.get(), limit));
    let hidden = move || {
        let total = table.with(|table| table.rows.len());
        (total > limit).then(|| format!("Showing {limit} of {total} rows; sort by a column to see others."))
    };
    let failed_csv = RwSignal::new(None::<String>);
    let save_csv = move |_| {
        let (name, csv) = table.with(|table| (table.name, table.to_csv(&table.top_rows(sort.get_untracked(), usize::MAX))));
        let saved = crate::ui::download::download(&format!("{name}.csv"), "text/csv", |file| std::io::Write::write_all(file, csv.as_bytes()));
        failed_csv.set(saved.err());
    };
    let headings = move || {
        table.with(|table| {
            table
                .columns
                .iter()
                .enumerate()
                .map(|(index, title)| {
                    let indicator = move || match sort.get() {
                        Some((column, false)) if column == index => " ▾",
                        Some((column, true)) if column == index => " ▴",
                        _ => "",
                    };
                    let on_click = move |_| {
                        sort.update(|sort| {
                            *sort = match *sort {
                                Some((column, is_reversed)) if column == index => Some((index, !is_reversed)),
                                _ => Some((index, false)),
                            }
                        })
                    };
                    // The button makes the heading reachable with Tab; its click reaches the heading.
                    view! {
                        <th on:click=on_click>
                            <button type="button" class="sort" title=format!("Sort by {title}")>{*title}{indicator}</button>
                        </th>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <div class="table-wrap">
            <div class="table-title">
                <h3>{move || table.with(|table| table.title)}</h3>
                <button
                    type="button"
                    class="csv"
                    data-role="csv"
                    data-csv-for=move || table.with(|table| table.name)
                    title=move || table.with(|table| format!("Save {} as CSV", table.title))
                    on:click=save_csv
                >
                    "Save as CSV"
                </button>
            </div>
            {move || failed_csv.get().map(|reason| view! { <p class="warning" role="alert">{reason}</p> })}
            <table data-table=move || table.with(|table| table.name) class:clickable=on_row.is_some()>
                <thead><tr>{headings}</tr></thead>
                <tbody>
                    {move || rows().into_iter().map(|row| {
                        let key = row.key.to_string();
                        let is_selected = {
                            let key = key.clone();
                            move || selected.is_some_and(|selected| selected.get().as_deref() == Some(key.as_str()))
                        };
                        let on_click = {
                            let key = key.clone();
                            move |_| {
                                if let Some(on_row) = on_row {
                                    on_row.run(key.clone());
                                }
                            }
                        };
                        let on_key = {
                            let key = key.clone();
                            move |event: leptos::ev::KeyboardEvent| {
                                if let (Some(on_row), "Enter" | " ") = (on_row, event.key().as_str()) {
                                    event.prevent_default();
                                    on_row.run(key.clone());
                                }
                            }
                        };
                        // A row that opens something is reachable with Tab and opens with Enter.
                        view! {
                            <tr
                                data-row=key
                                class:selected=is_selected
                                tabindex=on_row.map(|_| "0")
                                on:click=on_click
                                on:keydown=on_key
                            >
                                {row.cells.iter().map(|cell| {
                                    let class = cell.tone.map(|tone| tone.class()).unwrap_or_default();
                                    view! { <td class=class>{cell.text.clone()}</td> }
                                }).collect_view()}
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
            {move || hidden().map(|note| view! { <p class="setting-note">{note}</p> })}
        </div>
    }
}
