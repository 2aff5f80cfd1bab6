//! Markdown-lite for replies: **bold**, *italic*, `code`, bullet and numbered lists, headings;
//! and a word wrapper for styled text. Markers without a partner on the same line are shown
//! as they are, so a half-streamed `**bo` never swallows text.

use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use unicode_segmentation::UnicodeSegmentation;

use super::theme::Theme;
use super::wrap::{break_line, grapheme_width, is_break_space, width as text_width};

/// One logical line, styled, with how wrapped rows are indented.
pub struct Block {
    pub prefix: Vec<(String, Style)>,
    pub indent: usize,
    pub spans: Vec<(String, Style)>,
}

/// Style a reply's text, one block per logical line.
pub fn blocks(text: &str, base: Style, theme: &Theme) -> Vec<Block> {
    text.split('\n')
        .map(|line| block(line, base, theme))
        .collect()
}

pub fn block(line: &str, base: Style, theme: &Theme) -> Block {
    let trimmed = line.trim_start();
    let lead = line.len() - trimmed.len();
    for (marker, level) in [("### ", 3), ("## ", 2), ("# ", 1)] {
        if let Some(rest) = trimmed.strip_prefix(marker) {
            let style = if level == 1 {
                theme.title()
            } else {
                theme.bold()
            };
            return Block {
                prefix: vec![],
                indent: 0,
                spans: inline(rest, base.patch(style), theme),
            };
        }
    }
    for bullet in ["- ", "* ", "• "] {
        if let Some(rest) = trimmed.strip_prefix(bullet) {
            let pad = " ".repeat(lead.min(8));
            return Block {
                prefix: vec![(format!("{pad}• "), theme.accent())],
                indent: pad.len() + 2,
                spans: inline(rest, base, theme),
            };
        }
    }
    let digits = trimmed.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 && digits < 4 && trimmed[digits..].starts_with(". ") {
        let marker = &trimmed[..digits + 2];
        return Block {
            prefix: vec![(marker.to_string(), theme.accent())],
            indent: marker.len(),
            spans: inline(&trimmed[digits + 2..], base, theme),
        };
    }
    Block {
        prefix: vec![],
        indent: 0,
        spans: inline(line, base, theme),
    }
}

/// Inline emphasis. Each marker is matched with the next one of its kind on the line.
pub fn inline(text: &str, base: Style, theme: &Theme) -> Vec<(String, Style)> {
    let mut out: Vec<(String, Style)> = Vec::new();
    let mut plain = String::new();
    let mut rest = text;
    let push_plain = |out: &mut Vec<(String, Style)>, plain: &mut String| {
        if !plain.is_empty() {
            out.push((std::mem::take(plain), base));
        }
    };
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix('`')
            && let Some(end) = after.find('`')
            && end > 0
        {
            push_plain(&mut out, &mut plain);
            out.push((after[..end].to_string(), base.patch(theme.code())));
            rest = &after[end + 1..];
            continue;
        }
        if let Some(after) = rest.strip_prefix("**")
            && let Some(end) = after.find("**")
            && end > 0
        {
            push_plain(&mut out, &mut plain);
            let bold = base.add_modifier(Modifier::BOLD);
            out.extend(inline(&after[..end], bold, theme));
            rest = &after[end + 2..];
            continue;
        }
        let starts_word = plain.is_empty() || plain.ends_with(|c: char| !c.is_alphanumeric());
        if starts_word && let Some(marker) = rest.chars().next().filter(|c| *c == '*' || *c == '_')
        {
            let after = &rest[1..];
            if !after.starts_with(char::is_whitespace)
                && !after.starts_with(marker)
                && let Some(end) = after.find(marker)
                && end > 0
                && !after[..end].ends_with(char::is_whitespace)
            {
                push_plain(&mut out, &mut plain);
                let italic = base.add_modifier(Modifier::ITALIC);
                out.extend(inline(&after[..end], italic, theme));
                rest = &after[end + 1..];
                continue;
            }
        }
        let ch = rest.chars().next().unwrap_or(' ');
        plain.push(ch);
        rest = &rest[ch.len_utf8()..];
    }
    push_plain(&mut out, &mut plain);
    out
}

/// Word wrap of styled text to `width` columns, with [`super::wrap::break_line`]. The first row
/// starts with `first_indent` spaces and the prefix; later rows are indented by `first_indent`
/// plus the block's indent. Whitespace at the end of a row is kept only as far as the row has
/// room.
pub fn wrap(block: &Block, width: usize, first_indent: usize) -> Vec<Line<'static>> {
    let width = width.max(4);
    let indent = first_indent + block.indent;
    let prefix_width: usize = block.prefix.iter().map(|(t, _)| text_width(t)).sum();
    let joined;
    let text = match one_text(block) {
        Ok(only) => only,
        Err(all) => {
            joined = all;
            &joined
        }
    };
    let mut ends = Vec::with_capacity(block.spans.len());
    let mut end = 0;
    for (t, style) in &block.spans {
        end += t.len();
        ends.push((end, *style));
    }
    let first_room = width.saturating_sub(first_indent + prefix_width);
    let rest_room = width.saturating_sub(indent);
    let ranges = break_line(text, first_room, rest_room);
    let mut rows = Vec::with_capacity(ranges.len());
    for (k, range) in ranges.into_iter().enumerate() {
        let mut row: Vec<Span<'static>> = Vec::new();
        let room = if k == 0 {
            if first_indent > 0 {
                row.push(Span::raw(" ".repeat(first_indent)));
            }
            for (t, style) in &block.prefix {
                row.push(Span::styled(t.clone(), *style));
            }
            first_room
        } else {
            if indent > 0 {
                row.push(Span::raw(" ".repeat(indent)));
            }
            rest_room
        };
        let body = text[range.clone()].trim_end_matches(is_break_space);
        let body_end = range.start + body.len();
        let mut cut = body_end;
        // Trailing whitespace, cluster by cluster while it fits.
        let mut col = text_width(body);
        for (i, g) in text[body_end..range.end].grapheme_indices(true) {
            let w = grapheme_width(g);
            if col + w > room {
                break;
            }
            col += w;
            cut = body_end + i + g.len();
        }
        push_styled(&mut row, text, range.start..cut, &ends);
        rows.push(Line::from(row));
    }
    rows
}

/// How many rows [`wrap`] makes of `block`, without making them.
pub fn row_count(block: &Block, width: usize, first_indent: usize) -> usize {
    let width = width.max(4);
    let indent = first_indent + block.indent;
    let prefix_width: usize = block.prefix.iter().map(|(t, _)| text_width(t)).sum();
    let joined;
    let text = match one_text(block) {
        Ok(only) => only,
        Err(all) => {
            joined = all;
            &joined
        }
    };
    let first_room = width.saturating_sub(first_indent + prefix_width);
    let rest_room = width.saturating_sub(indent);
    break_line(text, first_room, rest_room).len()
}

/// The spans as one text: borrowed when there is one span, joined otherwise (a word may span
/// styles, so rows are broken on the whole).
fn one_text(block: &Block) -> Result<&str, String> {
    match block.spans.as_slice() {
        [(only, _)] => Ok(only),
        spans => Err(spans.iter().map(|(t, _)| t.as_str()).collect()),
    }
}

/// The part `range` of `text` as spans, split where the style changes.
fn push_styled(
    row: &mut Vec<Span<'static>>,
    text: &str,
    range: std::ops::Range<usize>,
    ends: &[(usize, Style)],
) {
    let mut at = range.start;
    let first = ends.partition_point(|(end, _)| *end <= at);
    for &(end, style) in &ends[first..] {
        if at >= range.end {
            break;
        }
        let stop = end.min(range.end);
        if stop > at {
            row.push(Span::styled(text[at..stop].to_string(), style));
        }
        at = stop;
    }
}

#[cfg(test)]
#[path = "markdown_tests.rs"]
mod tests;
