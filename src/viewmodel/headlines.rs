//! The overview's headline figures (seed 001's five cards: sessions, total tokens, AI
//! cost, estimated loss, active time), each with its change against the period of the
//! same length just before the chosen one.

use chrono::NaiveDate;

use super::format;
use super::summary::{Figure, Summary};
use crate::metrics::selection::Filters;

/// A headline figure and, when the period has one before it, the same figure then.
#[derive(Clone, Debug, PartialEq)]
pub struct Headline {
    pub figure: Figure,
    pub previous: Option<Figure>,
}

impl Headline {
    /// The relative change from the previous period (0.25 = a quarter more); none without
    /// a previous period or when the figure was zero then.
    pub fn change(&self) -> Option<f64> {
        let now = self.figure.value.number()?;
        let then = self.previous.as_ref()?.value.number()?;
        (then != 0.0).then(|| (now - then) / then)
    }

    /// "+25.0% on the period before ($3.20)", "new: nothing the period before", or ""
    /// without a previous period.
    pub fn change_text(&self) -> String {
        let Some(previous) = &self.previous else { return String::new() };
        match self.change() {
            Some(change) => {
                let sign = if change > 0.0 { "+" } else { "" };
                format!("{sign}{} on the period before ({})", format::percent(change), previous.value.display())
            }
            None if self.figure.value.number().unwrap_or(0.0) == 0.0 => String::from("none in either period"),
            None => String::from("none the period before"),
        }
    }
}

/// The headline figures of `current`, each beside its value in `previous`.
pub fn headlines(current: &Summary, previous: Option<&Summary>) -> Vec<Headline> {
    let earlier: Vec<Figure> = previous.map(overview_figures).unwrap_or_default();
    overview_figures(current)
        .into_iter()
        .map(|figure| {
            let previous = earlier.iter().find(|then| then.metric == figure.metric).cloned();
            Headline { figure, previous }
        })
        .collect()
}

/// The filters of the period before the filters' one, the other filters as they are; none
/// for all time. (Its dashboard is built like any other: the page keeps its session base
/// so that a person, project or agent filter reuses it.)
pub fn previous_filters(filters: &Filters, today: NaiveDate) -> Option<Filters> {
    let period = filters.period.previous(today)?;
    Some(Filters { period, ..filters.clone() })
}

fn overview_figures(summary: &Summary) -> Vec<Figure> {
    summary.groups().into_iter().next().map(|group| group.figures).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn summary(sessions: u64, cost_usd: f64) -> Summary {
        Summary { sessions, cost_usd, ..Summary::default() }
    }

    #[test]
    fn the_five_headlines_in_the_seed_s_order() {
        let metrics: Vec<&str> = headlines(&Summary::default(), None).iter().map(|headline| headline.figure.metric).collect();
        assert_eq!(metrics, ["sessions", "total_tokens", "cost_usd", "estimated_loss_usd", "active_time_ms"]);
    }

    #[test]
    fn a_change_is_measured_on_the_previous_value() {
        let now = summary(15, 3.0);
        let then = summary(10, 4.0);
        let rows = headlines(&now, Some(&then));
        assert_eq!(rows[0].change(), Some(0.5));
        assert_eq!(rows[0].change_text(), "+50.0% on the period before (10)");
        assert_eq!(rows[2].change(), Some(-0.25));
        assert_eq!(rows[2].change_text(), "-25.0% on the period before ($4.00)");
        // Zero before: no ratio, said in words.
        assert_eq!(rows[1].change(), None);
        assert_eq!(rows[1].change_text(), "none in either period");
        let started = headlines(&summary(2, 1.0), Some(&summary(0, 0.0)));
        assert_eq!(started[0].change_text(), "none the period before");
        // All time has no period before it.
        assert_eq!(headlines(&now, None)[0].change_text(), "");
    }
}
