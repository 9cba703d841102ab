//! A table with sortable columns (click a heading, or Tab to it and press Enter; again
//! to reverse). Rows carry `data-row`; a row can be made clickable, and then opens with
//! Enter too. Beside its title, "Save as CSV" (`data-role="csv"`) saves every row the
//! search keeps, in the order shown, as `<data-table>.csv`. A long table shows a page of
//! rows at a time, with "Previous" and "Next"; rows that are sessions carry `data-start-ms`.

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
    /// Rows rendered at once (after sorting): a page; "Previous" and "Next" reach the others.
    #[prop(optional)]
    max_rows: Option<usize>,
    /// Only the rows holding this text (any text cell, `TableView::page`).
    #[prop(optional, into)]
    search: Option<Signal<String>>,
) -> impl IntoView {
    // (column, reversed); `None` keeps the order the core gave.
    let sort = RwSignal::new(None::<(usize, bool)>);
    let limit = max_rows.unwrap_or(usize::MAX);
    // The first row of the page shown.
    let offset = RwSignal::new(0usize);
    if let Some(search) = search {
        // A new search starts at its first page.
        Effect::new(move |_| {
            search.track();
            offset.set(0);
        });
    }
    let page = Memo::new(move |_| {
        let query = search.map(|search| search.get()).unwrap_or_default();
        table.with(|table| table.page(sort.get(), &query, offset.get(), limit))
    });
    let pager = move || {
        let total = page.with(|(_, total)| *total);
        (total > limit).then(|| {
            let first = offset.get();
            let last = (first + limit).min(total);
            view! {
                <div class="pager" data-role="pager">
                    <button type="button" data-role="page-previous" disabled=move || offset.get() == 0 on:click=move |_| offset.update(|offset| *offset = offset.saturating_sub(limit))>
                        "Previous"
                    </button>
                    <span data-role="page-rows">{format!("Rows {}–{last} of {total}", first + 1)}</span>
                    <button type="button" data-role="page-next" disabled=move || { offset.get() + limit >= total } on:click=move |_| offset.update(|offset| *offset += limit)>
                        "Next"
                    </button>
                </div>
            }
        })
    };
    let columns_shown = move || table.with(|table| table.columns.len());
    let failed_csv = RwSignal::new(None::<String>);
    let save_csv = move |_| {
        let query = search.map(|search| search.get_untracked()).unwrap_or_default();
        let (name, csv) = table.with(|table| (table.name, table.to_csv(&table.page(sort.get_untracked(), &query, 0, usize::MAX).0)));
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
                        offset.set(0);
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
                    {move || page.with(|(rows, _)| rows.clone()).into_iter().map(|row| {
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
                        let shown_cells = columns_shown();
                        // A row that opens something is reachable with Tab and opens with Enter.
                        view! {
                            <tr
                                data-row=key
                                data-start-ms=row.time_ms
                                class:selected=is_selected
                                tabindex=on_row.map(|_| "0")
                                on:click=on_click
                                on:keydown=on_key
                            >
                                {row.cells.iter().take(shown_cells).map(|cell| {
                                    let class = cell.tone.map(|tone| tone.class()).unwrap_or_default();
                                    view! { <td class=class>{cell.text.clone()}</td> }
                                }).collect_view()}
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
            {pager}
        </div>
    }
}
