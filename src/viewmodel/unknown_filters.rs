//! Filters that name a person, project, agent or model the data does not hold (a link
//! made over other data, a typo on the command line): said in words, never shown as
//! zeros under "All".

use super::dashboard::FilterChoices;
use crate::metrics::selection::Filters;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownFilter {
    /// "person", "project", "agent" or "model" (as in the URL and the CLI flags).
    pub kind: &'static str,
    pub value: String,
}

impl UnknownFilter {
    pub fn sentence(&self) -> String {
        format!("No {} “{}” in this data: nothing matches that filter.", self.kind, self.value)
    }

    /// Drops this filter from `filters` (the page's "Show every …").
    pub fn clear(&self, filters: &mut Filters) {
        *field(filters, self.kind) = None;
    }
}

/// The filter a kind names.
fn field<'f>(filters: &'f mut Filters, kind: &str) -> &'f mut Option<String> {
    match kind {
        "person" => &mut filters.person,
        "project" => &mut filters.project,
        "agent" => &mut filters.agent,
        _ => &mut filters.model,
    }
}

/// The filters whose value is none of the data's choices, in the controls' order.
pub fn unknown_filters(choices: &FilterChoices, filters: &Filters) -> Vec<UnknownFilter> {
    let named = [
        ("person", &filters.person, &choices.people),
        ("project", &filters.project, &choices.projects),
        ("agent", &filters.agent, &choices.agents),
        ("model", &filters.model, &choices.models),
    ];
    named
        .into_iter()
        .filter_map(|(kind, value, known)| {
            let value = value.as_ref()?;
            (!known.contains(value)).then(|| UnknownFilter { kind, value: value.clone() })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_values_missing_from_the_data_are_named() {
        let choices = FilterChoices {
            people: vec![String::from("ann")],
            projects: vec![String::from("api")],
            agents: vec![String::from("Claude Code")],
            models: vec![String::from("claude-sonnet-4-20250514")],
        };
        let filters =
            Filters { person: Some(String::from("zed")), project: Some(String::from("api")), model: Some(String::from("gpt-9")), ..Filters::default() };
        let unknown = unknown_filters(&choices, &filters);
        assert_eq!(unknown, vec![UnknownFilter { kind: "person", value: String::from("zed") }, UnknownFilter { kind: "model", value: String::from("gpt-9") }]);
        assert_eq!(unknown[0].sentence(), "No person “zed” in this data: nothing matches that filter.");
        assert!(unknown_filters(&choices, &Filters::default()).is_empty());
        let mut cleared = filters.clone();
        unknown[0].clear(&mut cleared);
        assert_eq!((cleared.person, cleared.project.as_deref()), (None, Some("api")));
    }
}
