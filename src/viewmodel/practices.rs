//! The adoption matrix (spec 4.4): for each person of the sessions the filters keep, and
//! for the team, how many sessions show each practice, their share of the person's
//! sessions, and whether the person has adopted it at all (one session is enough).

use std::collections::BTreeMap;

use serde_json::{json, Map, Value};

use super::dashboard::Dashboard;
use crate::metrics::practices::{Practice, Practices};
use crate::model::Dataset;

/// Sessions, and of them those showing each practice (in `Practice::ALL` order).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PracticeCounts {
    pub sessions: u64,
    pub showing: [u64; 7],
}

impl PracticeCounts {
    fn add(&mut self, practices: Practices) {
        self.sessions += 1;
        for (slot, practice) in self.showing.iter_mut().zip(Practice::ALL) {
            *slot += u64::from(practices.has(practice));
        }
    }

    fn merge(&mut self, other: &PracticeCounts) {
        self.sessions += other.sessions;
        for (slot, more) in self.showing.iter_mut().zip(other.showing) {
            *slot += more;
        }
    }

    pub fn showing(&self, practice: Practice) -> u64 {
        Practice::ALL.iter().position(|p| *p == practice).map_or(0, |index| self.showing[index])
    }

    /// The share of the sessions showing the practice; `None` without sessions.
    pub fn share(&self, practice: Practice) -> Option<f64> {
        (self.sessions > 0).then(|| self.showing(practice) as f64 / self.sessions as f64)
    }

    pub fn is_adopted(&self, practice: Practice) -> bool {
        self.showing(practice) > 0
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct AdoptionMatrix {
    /// By person, in name order.
    pub people: Vec<(String, PracticeCounts)>,
    pub team: PracticeCounts,
}

pub fn adoption_matrix(dataset: &Dataset, dashboard: &Dashboard) -> AdoptionMatrix {
    // Counted per group (person, project, agent), then per person: a group's person is
    // looked up once.
    let mut groups: BTreeMap<u32, PracticeCounts> = BTreeMap::new();
    for (brief, group, _) in dashboard.briefs_with_group_and_day() {
        groups.entry(group).or_default().add(brief.practices);
    }
    let mut people: BTreeMap<String, PracticeCounts> = BTreeMap::new();
    let mut team = PracticeCounts::default();
    for (group, counts) in &groups {
        let Some(example) = dashboard.group_example(*group) else { continue };
        people.entry(dataset.conversation(example).person.clone()).or_default().merge(counts);
        team.merge(counts);
    }
    AdoptionMatrix { people: people.into_iter().collect(), team }
}

/// The positions (in the dashboard's sessions) of the sessions of `person` (`None`: the
/// team's) that show `practice`: what a click on a matrix cell lists.
pub fn practice_sessions(dataset: &Dataset, dashboard: &Dashboard, person: Option<&str>, practice: Practice) -> Vec<u32> {
    let mut person_of_group: BTreeMap<u32, bool> = BTreeMap::new();
    dashboard
        .briefs_with_group_and_day()
        .enumerate()
        .filter(|(_, (brief, group, _))| {
            brief.practices.has(practice)
                && *person_of_group.entry(*group).or_insert_with(|| {
                    person.is_none_or(|person| dashboard.group_example(*group).is_some_and(|example| dataset.conversation(example).person == person))
                })
        })
        .map(|(position, _)| position as u32)
        .collect()
}

fn counts_json(counts: &PracticeCounts) -> Value {
    let practices: Map<String, Value> = Practice::ALL
        .iter()
        .map(|practice| {
            let cell = json!({"sessions": counts.showing(*practice), "share": counts.share(*practice), "adopted": counts.is_adopted(*practice)});
            (practice.name().to_owned(), cell)
        })
        .collect();
    json!({"sessions": counts.sessions, "practices": practices})
}

/// `summary --json`'s `practices`: the catalogue, the matrix by person, and the team row.
pub fn practices_json(matrix: &AdoptionMatrix) -> Value {
    let catalogue: Vec<Value> =
        Practice::ALL.iter().map(|practice| json!({"name": practice.name(), "label": practice.label(), "definition": practice.definition()})).collect();
    let people: Map<String, Value> = matrix.people.iter().map(|(person, counts)| (person.clone(), counts_json(counts))).collect();
    json!({"catalogue": catalogue, "people": people, "team": counts_json(&matrix.team)})
}
