//! The dashboard's sections, in order: the one list the page lays its panels out by, the
//! report writes its sections by, and `summary --json` groups its fields by (its
//! `sections` field names each section's fields, in this order).

/// A section of the dashboard.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Section {
    /// The headline figures, the rule violations' impact and the rule catalogue.
    Figures,
    /// Pattern cards per person.
    Patterns,
    /// The practices' adoption matrix and what counts as each.
    Practices,
    /// Activity, cost, tokens per day and session lengths.
    Charts,
    /// Usage as ccusage shows it: by day, week, month (and, on the page, 5-hour block),
    /// with the models and every token class.
    Usage,
    /// Rolling averages, the weekday × hour heatmap, top-5 lists, personal baselines, test
    /// regressions.
    Trends,
    /// Models, tools, files, languages, projects, agents, outcomes and days.
    Tables,
    /// The project catalogue: a card per project.
    Projects,
    /// Other tools' records beside the transcripts' figures (only when a load has some).
    External,
    /// The sessions themselves (the report lists the most expensive).
    Sessions,
}

impl Section {
    pub const ALL: [Section; 10] = [
        Section::Figures,
        Section::Patterns,
        Section::Practices,
        Section::Charts,
        Section::Usage,
        Section::Trends,
        Section::Tables,
        Section::Projects,
        Section::External,
        Section::Sessions,
    ];

    /// Its name in the page's and the report's `data-section`, and in `summary --json`.
    pub fn key(self) -> &'static str {
        match self {
            Section::Figures => "figures",
            Section::Patterns => "patterns",
            Section::Practices => "practices",
            Section::Charts => "charts",
            Section::Usage => "usage",
            Section::Trends => "trends",
            Section::Tables => "tables",
            Section::Projects => "projects",
            Section::External => "external",
            Section::Sessions => "sessions",
        }
    }

    /// Its heading.
    pub fn title(self) -> &'static str {
        match self {
            Section::Figures => "Figures",
            Section::Patterns => "Patterns",
            Section::Practices => "Practices",
            Section::Charts => "Charts",
            Section::Usage => "Usage",
            Section::Trends => "Trends",
            Section::Tables => "Tables",
            Section::Projects => "Project catalogue",
            Section::External => "Other tools' records",
            Section::Sessions => "Sessions",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_and_titles_are_each_section_s_own() {
        let keys: std::collections::BTreeSet<&str> = Section::ALL.iter().map(|section| section.key()).collect();
        let titles: std::collections::BTreeSet<&str> = Section::ALL.iter().map(|section| section.title()).collect();
        assert_eq!(keys.len(), Section::ALL.len());
        assert_eq!(titles.len(), Section::ALL.len());
    }
}
