//! The usage reports as tables for a terminal: ccusage's columns (period, models, the
//! four token classes, total, cost), narrowed to what fits the terminal's width
//! (`COLUMNS`, else 120 characters) by leaving out the cache columns, then the models.

use super::ccusage_shapes::Shape;
use crate::model::{Agent, Dataset};
use crate::timezone::{minute_text, Tz};
use crate::viewmodel::format::group_thousands;
use crate::viewmodel::usage_report::blocks::Block;
use crate::viewmodel::usage_report::{Grouping, UsageReport, UsageSum};

const DEFAULT_WIDTH: usize = 120;

/// A cell's lines and how it is aligned.
struct Column {
    title: &'static str,
    right: bool,
    /// Left out first when the table is too wide (higher goes first).
    drop_rank: u8,
}

const COLUMNS: [Column; 8] = [
    Column { title: "", right: false, drop_rank: 0 },
    Column { title: "Models", right: false, drop_rank: 2 },
    Column { title: "Input", right: true, drop_rank: 0 },
    Column { title: "Output", right: true, drop_rank: 0 },
    Column { title: "Cache Create", right: true, drop_rank: 1 },
    Column { title: "Cache Read", right: true, drop_rank: 1 },
    Column { title: "Total Tokens", right: true, drop_rank: 0 },
    Column { title: "Cost (USD)", right: true, drop_rank: 0 },
];

/// A period or session report as a table, with each model's share under its row when
/// `breakdown`.
pub fn report_table(dataset: &Dataset, report: &UsageReport, grouping: Grouping, shape: Shape, breakdown: bool) -> String {
    let first = match grouping {
        Grouping::Day => "Date",
        Grouping::Week { .. } => "Week",
        Grouping::Month => "Month",
        Grouping::Session => "Session",
    };
    let mut rows: Vec<Vec<Vec<String>>> = Vec::new();
    for row in &report.rows {
        let mut key = vec![row.key.clone()];
        if let Some(conversation) = row.conversation.map(|id| dataset.conversation(id)) {
            key.push(conversation.project_name().to_owned());
        }
        if shape == Shape::All && grouping != Grouping::Session {
            key.push(row.agents.iter().map(|agent| agent.label()).collect::<Vec<_>>().join(", "));
        }
        rows.push(sum_cells(key, row.models.iter().map(|model| short_model(&model.model)).collect(), &row.sum));
        if breakdown {
            for model in &row.models {
                rows.push(sum_cells(vec![format!("  └ {}", short_model(&model.model))], Vec::new(), &model.sum));
            }
        }
    }
    rows.push(sum_cells(vec![String::from("Total")], Vec::new(), &report.totals));
    let title = match shape {
        Shape::All => String::from("Usage report, every agent"),
        Shape::Agent(agent) => format!("Usage report, {}", agent_title(agent)),
    };
    format!("{title}\n\n{}", draw(first, &rows, terminal_width()))
}

/// The blocks as a table: start (in the display zone), length or state, models, tokens, cost.
pub fn blocks_table(blocks: &[Block], now_ms: i64, zone: Tz) -> String {
    let mut out = String::from("Usage by 5-hour billing block\n\n");
    let mut lines =
        vec![[String::from("Block Start"), String::from("Duration/Status"), String::from("Models"), String::from("Tokens"), String::from("Cost (USD)")]];
    for block in blocks {
        let start = minute_text(block.start_ms, zone);
        let status = block.status(now_ms);
        let models = if block.models.is_empty() { String::from("-") } else { block.model_names().into_iter().map(short_model).collect::<Vec<_>>().join(", ") };
        lines.push([start, status, models, group_thousands(block.sum.usage.total_tokens()), dollars(block.sum.cost_usd)]);
    }
    let widths: Vec<usize> = (0..5).map(|column| lines.iter().map(|line| line[column].chars().count()).max().unwrap_or(0)).collect();
    for (index, line) in lines.iter().enumerate() {
        let cells: Vec<String> = line
            .iter()
            .enumerate()
            .map(
                |(column, cell)| {
                    if column >= 3 {
                        format!("{cell:>width$}", width = widths[column])
                    } else {
                        format!("{cell:<width$}", width = widths[column])
                    }
                },
            )
            .collect();
        out.push_str(cells.join("  ").trim_end());
        out.push('\n');
        if index == 0 {
            out.push_str(&"-".repeat(widths.iter().sum::<usize>() + 2 * (widths.len() - 1)));
            out.push('\n');
        }
    }
    out
}

fn agent_title(agent: Agent) -> &'static str {
    match agent {
        Agent::ClaudeCode => "Claude Code",
        Agent::Codex => "Codex",
        Agent::Gemini => "Gemini CLI",
    }
}

/// A row's cells: the key's lines, the models' lines, then the counts and cost.
fn sum_cells(key: Vec<String>, models: Vec<String>, sum: &UsageSum) -> Vec<Vec<String>> {
    let usage = &sum.usage;
    vec![
        key,
        models,
        vec![group_thousands(usage.input_tokens)],
        vec![group_thousands(usage.output_tokens)],
        vec![group_thousands(usage.cache_write_tokens())],
        vec![group_thousands(usage.cache_read_tokens)],
        vec![group_thousands(usage.total_tokens())],
        vec![dollars(sum.cost_usd)],
    ]
}

/// The table with as many columns as fit `width`.
fn draw(first_title: &str, rows: &[Vec<Vec<String>>], width: usize) -> String {
    let titles: Vec<&str> = COLUMNS.iter().enumerate().map(|(index, column)| if index == 0 { first_title } else { column.title }).collect();
    let column_width = |index: usize| {
        let cells = rows.iter().flat_map(|row| row[index].iter().map(|line| line.chars().count()));
        cells.chain([titles[index].chars().count()]).max().unwrap_or(0)
    };
    let mut widths: Vec<usize> = (0..COLUMNS.len()).map(column_width).collect();
    let mut shown: Vec<usize> = (0..COLUMNS.len()).collect();
    let table_width = |shown: &[usize], widths: &[usize]| shown.iter().map(|index| widths[*index] + 3).sum::<usize>() + 1;
    for rank in [1, 2] {
        if table_width(&shown, &widths) > width {
            shown.retain(|index| COLUMNS[*index].drop_rank != rank);
        }
    }
    // Still too wide: the first column (dates, sessions, models under them) is cut short.
    let overflow = table_width(&shown, &widths).saturating_sub(width);
    widths[0] = widths[0].saturating_sub(overflow).max(titles[0].chars().count()).max(10);
    let rule = |left: &str, middle: &str, right: &str| {
        let parts: Vec<String> = shown.iter().map(|index| "─".repeat(widths[*index] + 2)).collect();
        format!("{left}{}{right}\n", parts.join(middle))
    };
    let line = |cells: &[&str]| {
        let parts: Vec<String> = shown
            .iter()
            .zip(cells)
            .map(|(index, cell)| {
                let cell = shortened(cell, widths[*index]);
                if COLUMNS[*index].right {
                    format!(" {cell:>w$} ", w = widths[*index])
                } else {
                    format!(" {cell:<w$} ", w = widths[*index])
                }
            })
            .collect();
        format!("│{}│\n", parts.join("│"))
    };
    let mut out = rule("┌", "┬", "┐");
    out.push_str(&line(&shown.iter().map(|index| titles[*index]).collect::<Vec<_>>()));
    out.push_str(&rule("├", "┼", "┤"));
    for (position, row) in rows.iter().enumerate() {
        if position + 1 == rows.len() {
            out.push_str(&rule("├", "┼", "┤"));
        }
        let height = shown.iter().map(|index| row[*index].len()).max().unwrap_or(1).max(1);
        for line_index in 0..height {
            let cells: Vec<&str> = shown.iter().map(|index| row[*index].get(line_index).map_or("", String::as_str)).collect();
            out.push_str(&line(&cells));
        }
    }
    out.push_str(&rule("└", "┴", "┘"));
    out
}

/// A model's name as the tables show it (as ccusage's do): without `claude-` and without
/// its date (`claude-sonnet-4-20250514` → `sonnet-4`, `claude-opus-4-20250514-fast` →
/// `opus-4-fast`); other names as they are.
pub fn short_model(model: &str) -> String {
    let Some(rest) = model.strip_prefix("claude-") else {
        return model.to_owned();
    };
    rest.split('-').filter(|part| !(part.len() == 8 && part.bytes().all(|byte| byte.is_ascii_digit()))).collect::<Vec<_>>().join("-")
}

/// `text` in at most `width` characters, cut with "…".
fn shortened(text: &str, width: usize) -> std::borrow::Cow<'_, str> {
    if text.chars().count() <= width {
        return std::borrow::Cow::Borrowed(text);
    }
    let kept: String = text.chars().take(width.saturating_sub(1)).collect();
    std::borrow::Cow::Owned(format!("{kept}…"))
}

fn terminal_width() -> usize {
    std::env::var("COLUMNS").ok().and_then(|text| text.trim().parse().ok()).filter(|width| *width >= 40).unwrap_or(DEFAULT_WIDTH)
}

fn dollars(cost_usd: f64) -> String {
    format!("${cost_usd:.2}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn claude_models_lose_their_prefix_and_date() {
        assert_eq!(short_model("claude-sonnet-4-20250514"), "sonnet-4");
        assert_eq!(short_model("claude-opus-4-20250514-fast"), "opus-4-fast");
        assert_eq!(short_model("claude-haiku-4-5-20251001"), "haiku-4-5");
        assert_eq!(short_model("gpt-5.2-codex"), "gpt-5.2-codex");
    }

    #[test]
    fn a_narrow_terminal_loses_the_cache_columns_first() {
        let sum = UsageSum { requests: 1, ..UsageSum::default() };
        let rows = vec![sum_cells(vec!["2026-01-09".into()], vec!["claude-sonnet-4-20250514".into()], &sum), sum_cells(vec!["Total".into()], Vec::new(), &sum)];
        let wide = draw("Date", &rows, 200);
        assert!(wide.contains("Cache Create") && wide.contains("Models"));
        assert!(wide.lines().all(|line| line.chars().count() <= 200), "{wide}");
        let narrow = draw("Date", &rows, 100);
        assert!(narrow.lines().all(|line| line.chars().count() <= 100), "{narrow}");
        assert!(!narrow.contains("Cache Create") && narrow.contains("Models"), "{narrow}");
        let narrower = draw("Date", &rows, 50);
        assert!(!narrower.contains("Models"), "{narrower}");
        assert!(narrower.lines().all(|line| line.chars().count() <= 60), "{narrower}");
    }
}
