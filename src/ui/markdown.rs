//! Markdown-lite for replies: **bold**, *italic*, `code`, bullet and numbered lists, headings;
//! and a word wrapper for styled text. Markers without a partner on the same line are shown
//! as they are, so a half-streamed `**bo` never swallows text.

use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthChar;

use super::theme::Theme;

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

fn width_of(s: &str) -> usize {
    s.chars().map(|c| c.width().unwrap_or(0)).sum()
}

/// Greedy word wrap of styled text to `width` columns. The first row starts with `prefix`;
/// later rows are indented by `indent` spaces. Words longer than a row are broken.
pub fn wrap(block: &Block, width: usize, first_indent: usize) -> Vec<Line<'static>> {
    let width = width.max(4);
    let mut rows: Vec<Line<'static>> = Vec::new();
    let mut row: Vec<Span<'static>> = Vec::new();
    let mut col = first_indent;
    if first_indent > 0 {
        row.push(Span::raw(" ".repeat(first_indent)));
    }
    for (text, style) in &block.prefix {
        col += width_of(text);
        row.push(Span::styled(text.clone(), *style));
    }
    let indent = first_indent + block.indent;
    // Words with their trailing spaces; a space run belongs to the word before it.
    let mut pieces: Vec<(String, Style)> = Vec::new();
    for (text, style) in &block.spans {
        let mut cur = String::new();
        for ch in text.chars() {
            if !ch.is_whitespace() && cur.ends_with(char::is_whitespace) {
                pieces.push((std::mem::take(&mut cur), *style));
            }
            cur.push(ch);
        }
        if !cur.is_empty() {
            pieces.push((cur, *style));
        }
    }
    let mut new_row = |row: &mut Vec<Span<'static>>, col: &mut usize| {
        rows.push(Line::from(std::mem::take(row)));
        if indent > 0 {
            row.push(Span::raw(" ".repeat(indent)));
        }
        *col = indent;
    };
    let mut glued = false;
    for (i, (piece, style)) in pieces.iter().enumerate() {
        let word = piece.trim_end();
        let w = width_of(word);
        // A piece that continues the previous one (no space between, other style) stays glued.
        glued = glued || (i > 0 && !pieces[i - 1].0.ends_with(char::is_whitespace));
        if col + w > width && col > indent && !glued {
            new_row(&mut row, &mut col);
        }
        glued = false;
        if w > width.saturating_sub(indent) {
            // Break a long word across rows.
            let mut chunk = String::new();
            for ch in word.chars() {
                let cw = ch.width().unwrap_or(0);
                if col + cw > width && col > indent {
                    row.push(Span::styled(std::mem::take(&mut chunk), *style));
                    new_row(&mut row, &mut col);
                }
                chunk.push(ch);
                col += cw;
            }
            row.push(Span::styled(chunk, *style));
        } else {
            row.push(Span::styled(word.to_string(), *style));
            col += w;
        }
        let spaces = &piece[word.len()..];
        if !spaces.is_empty() && col < width {
            let n = width_of(spaces).min(width - col);
            row.push(Span::styled(" ".repeat(n), *style));
            col += n;
        }
    }
    rows.push(Line::from(row));
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    fn theme() -> Theme {
        Theme { color: true }
    }

    fn text_of(spans: &[(String, Style)]) -> String {
        spans.iter().map(|(t, _)| t.as_str()).collect()
    }

    fn rows(text: &str, width: usize) -> Vec<String> {
        let b = block(text, Style::default(), &theme());
        wrap(&b, width, 0)
            .iter()
            .map(|l| {
                l.spans
                    .iter()
                    .map(|s| s.content.as_ref())
                    .collect::<String>()
                    .trim_end()
                    .to_string()
            })
            .collect()
    }

    #[test]
    fn emphasis_is_styled_and_markers_removed() {
        let spans = inline("a **bold** and *it* and `code`", Style::default(), &theme());
        assert_eq!(text_of(&spans), "a bold and it and code");
        let bold = spans.iter().find(|(t, _)| t == "bold").unwrap();
        assert!(bold.1.add_modifier.contains(Modifier::BOLD));
        let it = spans.iter().find(|(t, _)| t == "it").unwrap();
        assert!(it.1.add_modifier.contains(Modifier::ITALIC));
    }

    #[test]
    fn unpaired_markers_stay_literal() {
        for s in [
            "a **half",
            "2 * 3 = 6",
            "snake_case_name",
            "`open",
            "price *per* glass",
        ] {
            let t = text_of(&inline(s, Style::default(), &theme()));
            if s == "price *per* glass" {
                assert_eq!(t, "price per glass");
            } else {
                assert_eq!(t, s, "{s}");
            }
        }
    }

    #[test]
    fn lists_and_headings() {
        let b = block("- a Martini", Style::default(), &theme());
        assert_eq!(text_of(&b.prefix), "• ");
        assert_eq!(b.indent, 2);
        let b = block("12. twelve", Style::default(), &theme());
        assert_eq!(text_of(&b.prefix), "12. ");
        let b = block("## The menu", Style::default(), &theme());
        assert_eq!(text_of(&b.spans), "The menu");
    }

    #[test]
    fn wraps_at_words_and_indents_list_continuations() {
        assert_eq!(
            rows("the quick brown fox jumps", 10),
            ["the quick", "brown fox", "jumps"]
        );
        assert_eq!(
            rows("- one two three four", 10),
            ["• one two", "  three", "  four"]
        );
        assert_eq!(rows("abcdefghijklmnop", 6), ["abcdef", "ghijkl", "mnop"]);
        assert_eq!(rows("", 10), [""]);
        assert_eq!(rows("a **bold** word", 40), ["a bold word"]);
    }

    #[test]
    fn wide_characters_count_double() {
        assert_eq!(rows("🍸🍸🍸 🍸🍸", 6), ["🍸🍸🍸", "🍸🍸"]);
    }
}
