//! The page's views: the tabs of its top bar, each showing a few of the dashboard's
//! sections (`viewmodel::sections`) so that a filter change recomputes only what is on
//! screen. The chosen view is kept in the URL (`view=`); "Everything" shows every section
//! in one column, to search with the browser's find or to print.

use super::sections::Section;

/// Where the page's panels that are not dashboard sections go.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PagePanel {
    /// The five headline figures with their change, one large chart, the top lists.
    Headlines,
    /// Minutes to fix and pattern thresholds.
    Settings,
    /// What was read: files, lines, skipped and why.
    LoadReport,
    /// What this browser keeps, and forgetting it.
    Kept,
    /// Export and report.
    Share,
}

/// What the page shows below its top bar.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum PageView {
    #[default]
    Overview,
    Usage,
    Sessions,
    Insights,
    Practices,
    Breakdowns,
    Data,
    Everything,
}

/// A part of a view: one of the dashboard's sections or a page panel.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ViewPart {
    Section(Section),
    Page(PagePanel),
}

impl PageView {
    pub const ALL: [PageView; 8] = [
        PageView::Overview,
        PageView::Usage,
        PageView::Sessions,
        PageView::Insights,
        PageView::Practices,
        PageView::Breakdowns,
        PageView::Data,
        PageView::Everything,
    ];

    /// Its name in the URL (`view=`) and in `data-view`.
    pub fn key(self) -> &'static str {
        match self {
            PageView::Overview => "overview",
            PageView::Usage => "usage",
            PageView::Sessions => "sessions",
            PageView::Insights => "insights",
            PageView::Practices => "practices",
            PageView::Breakdowns => "breakdowns",
            PageView::Data => "data",
            PageView::Everything => "all",
        }
    }

    /// Its tab's label and its heading.
    pub fn title(self) -> &'static str {
        match self {
            PageView::Overview => "Overview",
            PageView::Usage => "Usage",
            PageView::Sessions => "Sessions",
            PageView::Insights => "Insights",
            PageView::Practices => "Practices and trends",
            PageView::Breakdowns => "Breakdowns",
            PageView::Data => "Data",
            PageView::Everything => "Everything",
        }
    }

    /// One line under the heading: what the view holds.
    pub fn description(self) -> &'static str {
        match self {
            PageView::Overview => "The five headline figures against the period before, cost per day, and the top lists.",
            PageView::Usage => "Tokens and cost by day, week, month or 5-hour block, as ccusage reports them.",
            PageView::Sessions => "Every session, newest first: search, sort, open one for its timeline.",
            PageView::Insights => "Every figure, the rule violations and their estimated cost, and the pattern cards.",
            PageView::Practices => "Which working practices each person uses, rolling averages, baselines, the four charts.",
            PageView::Breakdowns => "Models, tools, files, languages, projects, agents, outcomes and days as tables.",
            PageView::Data => "What was read, what this browser keeps, and the export and report to share.",
            PageView::Everything => "Every section in one column, to search with the browser's find or to print.",
        }
    }

    /// The view a URL names; the overview for anything else.
    pub fn parse(key: &str) -> PageView {
        PageView::ALL.into_iter().find(|view| view.key() == key).unwrap_or_default()
    }

    /// What the view shows, in order.
    pub fn parts(self) -> Vec<ViewPart> {
        use PagePanel::{Headlines, Kept, LoadReport, Settings, Share};
        let section = ViewPart::Section;
        let page = ViewPart::Page;
        match self {
            PageView::Overview => vec![page(Headlines)],
            PageView::Usage => vec![section(Section::Usage)],
            PageView::Sessions => vec![section(Section::Sessions)],
            PageView::Insights => vec![section(Section::Figures), section(Section::Patterns), page(Settings)],
            PageView::Practices => vec![section(Section::Practices), section(Section::Trends), section(Section::Charts)],
            PageView::Breakdowns => vec![section(Section::Tables), section(Section::Projects), section(Section::External)],
            PageView::Data => vec![page(LoadReport), page(Kept), page(Share)],
            // The headline cards repeat the Figures section's first five: left out here.
            PageView::Everything => {
                let mut parts = vec![page(Settings), page(Share)];
                parts.extend(Section::ALL.into_iter().map(section));
                parts.extend([page(LoadReport), page(Kept)]);
                parts
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_section_and_panel_has_a_view_besides_everything() {
        let mut seen: Vec<ViewPart> = PageView::ALL.into_iter().filter(|view| *view != PageView::Everything).flat_map(PageView::parts).collect();
        let count = seen.len();
        seen.dedup();
        assert_eq!(seen.len(), count, "a part in two views");
        for section in Section::ALL {
            assert!(seen.contains(&ViewPart::Section(section)), "{section:?} has no view");
            assert!(PageView::Everything.parts().contains(&ViewPart::Section(section)));
        }
    }

    #[test]
    fn keys_read_back_and_anything_else_is_the_overview() {
        for view in PageView::ALL {
            assert_eq!(PageView::parse(view.key()), view);
        }
        assert_eq!(PageView::parse("nonsense"), PageView::Overview);
        assert_eq!(PageView::parse(""), PageView::Overview);
    }
}
