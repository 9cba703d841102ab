//! A session's stable id, as `?session=` carries it: its conversation's key and the
//! millisecond it starts ("3f2a…-1732900000000"). Unlike a position in a list it names
//! the same session whatever the filters, the sort or the other data loaded beside it.

use super::dashboard::Dashboard;
use crate::model::Dataset;

/// The id of the `index`th of the dashboard's sessions.
pub fn session_id(dataset: &Dataset, dashboard: &Dashboard, index: usize) -> Option<String> {
    let facts = dashboard.session(index)?;
    Some(format!("{}-{}", dataset.conversation(facts.conversation).session_key, facts.start_ms))
}

/// Where the session `id` names is among the dashboard's sessions (`None` when the
/// filters leave it out or the data does not hold it).
pub fn session_index(dataset: &Dataset, dashboard: &Dashboard, id: &str) -> Option<usize> {
    let (key, start) = id.rsplit_once('-')?;
    let start_ms: i64 = start.parse().ok()?;
    dashboard.sessions().position(|facts| facts.start_ms == start_ms && dataset.conversation(facts.conversation).session_key == key)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::{generate, DEMO_SEED};
    use crate::metrics::selection::Filters;
    use crate::metrics::Settings;
    use crate::pricing::PriceTable;
    use crate::transport::ingest_files;

    #[test]
    fn an_id_finds_its_session_under_other_filters() {
        let files = generate(DEMO_SEED);
        let dataset = ingest_files(files.iter().map(|f| (f.path.as_str(), f.person.as_str(), f.text.as_bytes())), PriceTable::embedded());
        let settings = Settings::default();
        let everyone = Dashboard::unfiltered(&dataset, &settings);
        let bob = Filters { person: Some(String::from("bob")), ..Filters::default() };
        let only_bob = Dashboard::build(&dataset, &bob, &settings, chrono::NaiveDate::default());
        let mut checked = 0;
        for index in 0..everyone.base_indexes.len() {
            let id = session_id(&dataset, &everyone, index).expect("id");
            let facts = everyone.session(index).expect("session");
            let is_bob = dataset.conversation(facts.conversation).person == "bob";
            match session_index(&dataset, &only_bob, &id) {
                Some(found) => {
                    assert!(is_bob, "{id}");
                    let again = only_bob.session(found).expect("found");
                    assert_eq!((again.conversation, again.start_ms), (facts.conversation, facts.start_ms));
                    checked += 1;
                }
                None => assert!(!is_bob, "{id} is bob's and was not found"),
            }
            assert_eq!(session_index(&dataset, &everyone, &id), Some(index));
        }
        assert!(checked > 10);
        assert_eq!(session_index(&dataset, &everyone, "not-an-id"), None);
        assert_eq!(session_index(&dataset, &everyone, "3"), None);
    }
}
