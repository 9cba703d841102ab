//! The overview: the five headline figures with their change against the period before,
//! cost per day as one large chart, and the top lists.

use leptos::prelude::*;

use super::charts::series_memo;
use super::figures::VIOLATIONS_HEADING_ID;
use super::nav::focus_element_later;
use super::trends::TopLists;
use crate::ui::components::BarChartCanvas;
use crate::ui::state::AppState;
use crate::ui::state::{cached_base, changed_by_identity};
use crate::viewmodel::chart_series::daily_cost;
use crate::viewmodel::dashboard::Dashboard;
use crate::viewmodel::headlines::{headlines, previous_filters, Headline};
use crate::viewmodel::page_views::PageView;
use crate::viewmodel::session_base::{BaseKey, SessionBases};
use crate::viewmodel::summary::Summary;

#[component]
pub fn OverviewPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    // The period before the chosen one, with the same other filters: computed only while
    // the overview is shown, its session base kept so that a person, project or agent
    // filter only merges sums (as for the period shown).
    let previous_key = Memo::new(move |_| {
        let today = state.today();
        state.controls.with(|c| previous_filters(&c.filters, today).map(|filters| BaseKey::new(&filters, &c.settings, today)))
    });
    let kept_bases = StoredValue::new(SessionBases::default());
    let previous_base = Memo::new_with_compare(
        move |_| {
            let key = previous_key.get()?;
            state.dataset.with(|dataset| cached_base(kept_bases, dataset.as_ref()?, &key))
        },
        changed_by_identity,
    );
    let previous = Memo::new(move |_| -> Option<Summary> {
        let today = state.today();
        let (filters, settings) = state.controls.with(|c| (previous_filters(&c.filters, today), c.settings));
        let filters = filters?;
        previous_base.with(|base| state.dataset.with(|dataset| Some(Dashboard::from_base(dataset.as_ref()?, base.as_ref()?, &filters, &settings).summary)))
    });
    let rows = Memo::new(move |_| {
        let current = state.dashboard.with(|dashboard| dashboard.as_ref().map(|dashboard| dashboard.summary.clone())).unwrap_or_default();
        previous.with(|previous| headlines(&current, previous.as_ref()))
    });
    let cost = series_memo(state, |dashboard| daily_cost(&dashboard.tables.days));
    let has_previous = move || previous.with(Option::is_some);
    view! {
        <section class="panel overview" data-role="overview">
            <div class="cards headlines">
                {move || rows.get().into_iter().map(|headline| view! { <HeadlineCard headline /> }).collect_view()}
            </div>
            <Show when=move || !has_previous()>
                <p class="setting-note" data-role="no-previous-period">"Choose a period (7, 30 or 90 days, or custom) to see each figure against the period before it."</p>
            </Show>
            <div class="chart-large">
                <BarChartCanvas chart="daily_cost" series=cost />
            </div>
            <h3>"Top 5"</h3>
            <div class="top-lists"><TopLists /></div>
        </section>
    }
}

#[component]
fn HeadlineCard(headline: Headline) -> impl IntoView {
    let change_text = headline.change_text();
    let direction = match headline.change() {
        Some(change) if change > 0.0 => "up",
        Some(change) if change < 0.0 => "down",
        _ => "flat",
    };
    let figure = headline.figure;
    let is_loss = figure.metric == "estimated_loss_usd";
    let state = expect_context::<AppState>();
    // The loss card leads to the rule violations: what was charged, at what rate.
    let show_rules = move |_| {
        state.view.set(PageView::Insights);
        focus_element_later(VIOLATIONS_HEADING_ID);
    };
    view! {
        <div class="card headline" class:loss=is_loss data-headline=figure.metric data-value=figure.value.raw()
            data-previous=headline.previous.map(|previous| previous.value.raw())>
            <span class="card-label">{figure.label}</span>
            <span class="card-value">{figure.value.display()}</span>
            {(!change_text.is_empty()).then(|| view! { <span class=format!("card-change {direction}") data-role="change">{change_text}</span> })}
            {is_loss.then(|| view! {
                <button type="button" class="link card-link" data-role="loss-explained" on:click=show_rules>"What it assumes"</button>
            })}
        </div>
    }
}
