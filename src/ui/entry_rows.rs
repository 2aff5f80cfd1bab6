//! How an entry becomes rows of the screen at a width: a reply's lines (Maya's label on the
//! first), the note under a reply that did not end normally, and every other entry whole. The
//! conversation counts and draws with these; the queued messages borrow the label and indent.

use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::conversation::LABEL;
use super::markdown::{self, Block};
use super::receipt;
use super::theme::Theme;
use crate::transcript::{Entry, ReplyState};

/// The rows of one line of a reply; the first line carries Maya's label.
pub(super) fn line_rows(
    line: &str,
    first: bool,
    width: usize,
    theme: &Theme,
) -> Vec<Line<'static>> {
    let b = markdown::block(line, Style::default(), theme);
    let mut rows = Vec::new();
    push_block(&mut rows, &b, width, theme, first);
    rows
}

/// How many rows [`line_rows`] makes (the label takes the place of the indent).
pub(super) fn line_count(line: &str, width: usize, theme: &Theme) -> usize {
    markdown::row_count(
        &markdown::block(line, Style::default(), theme),
        width,
        LABEL,
    )
}

/// The note under a reply that did not end normally.
pub(super) fn mark_rows(state: ReplyState, width: usize, theme: &Theme) -> Vec<Line<'static>> {
    let mark = match state {
        ReplyState::Cancelled => "— stopped",
        ReplyState::Interrupted => "— interrupted",
        ReplyState::Blocked => "— stopped by the safety check",
        _ => return Vec::new(),
    };
    indented(mark, theme.notice(), width)
}

/// All rows of an entry; a guest's message after the first is set off by a blank row.
pub(super) fn entry_rows(
    entry: &Entry,
    first: bool,
    width: usize,
    theme: &Theme,
) -> Vec<Line<'static>> {
    let mut rows = render_entry(entry, width, theme);
    if !first && matches!(entry, Entry::User { .. }) {
        rows.insert(0, Line::default());
    }
    rows
}

fn push_block(
    rows: &mut Vec<Line<'static>>,
    b: &Block,
    width: usize,
    theme: &Theme,
    labelled: bool,
) {
    let mut wrapped = markdown::wrap(b, width, LABEL);
    if labelled {
        label(&mut wrapped, "Maya", theme.maya());
    }
    rows.extend(wrapped);
}

/// Replace the indent of the first row with a label.
pub(super) fn label(rows: &mut [Line<'static>], name: &str, style: Style) {
    if let Some(first) = rows.first_mut()
        && let Some(span) = first.spans.first_mut()
    {
        *span = Span::styled(format!("{name:<LABEL$}"), style);
    }
}

pub(super) fn indented(text: &str, style: Style, width: usize) -> Vec<Line<'static>> {
    let b = Block {
        prefix: vec![],
        indent: 0,
        spans: vec![(text.to_string(), style)],
    };
    markdown::wrap(&b, width, LABEL)
}

pub(super) fn render_entry(entry: &Entry, width: usize, theme: &Theme) -> Vec<Line<'static>> {
    match entry {
        Entry::User { text, blocked } => {
            let mut rows = Vec::new();
            for (k, line) in text.split('\n').enumerate() {
                let mut r = indented(line, theme.base(), width);
                if k == 0 {
                    label(&mut r, "You", theme.guest());
                }
                rows.extend(r);
            }
            if let Some(family) = blocked {
                rows.extend(indented(
                    &format!("⊘ blocked by the safety check ({family}); Maya never saw it"),
                    theme.error(),
                    width,
                ));
            }
            rows
        }
        Entry::Assistant { text, state } => {
            let mut rows = Vec::new();
            for (k, b) in markdown::blocks(text, Style::default(), theme)
                .iter()
                .enumerate()
            {
                push_block(&mut rows, b, width, theme, k == 0);
            }
            rows.extend(mark_rows(*state, width, theme));
            rows
        }
        Entry::Tool { summary, ok } => {
            let style = if *ok { theme.tool() } else { theme.notice() };
            indented(&format!("· {summary}"), style, width)
        }
        Entry::Notice { text } => indented(&format!("↳ {text}"), theme.notice(), width),
        Entry::Error { text } => indented(&format!("✗ {text}"), theme.error(), width),
        Entry::Receipt { receipt } => receipt::rows(receipt, width, LABEL, theme),
    }
}
