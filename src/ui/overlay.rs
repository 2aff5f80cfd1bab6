//! Overlays: the payment window, the help sheet and the spending-guard question.
//!
//! Every window is laid out the same way: its text is wrapped to the window's width (never
//! clipped, never a word cut), and when the rows do not fit the height the least needed parts
//! go first: the QR code, then the blank rows, then lower-priority lines. The help sheet is
//! built from the key map and scrolls instead.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::widgets::{Block, BorderType, Borders, Clear, Widget};
use unicode_width::UnicodeWidthStr;

use super::fit::wrap;
use super::keymap::{self, Act, BINDINGS, SLASH, SLASH_TITLE, Scope};
use super::theme::Theme;
use crate::agent::PaymentProgress;
use crate::money::Cents;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Payment {
    pub url: String,
    pub amount: Cents,
    pub simulated: bool,
    pub note: Option<String>,
    pub status: PaymentProgress,
    pub copied: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Overlay {
    /// `scroll` rows down; `max` is how far it can go at the last drawn size.
    Help {
        scroll: u16,
        max: u16,
    },
    Consent {
        prompt: String,
    },
    Payment(Payment),
}

impl Overlay {
    pub fn help() -> Overlay {
        Overlay::Help { scroll: 0, max: 0 }
    }
}

/// One drawn row: pieces of text at columns of the window's text area.
type Row = Vec<(u16, String, Style)>;

/// A part of a window: its rows, whether a blank row goes before it, and how soon it is
/// dropped when the window is short (0 never; higher first; `DECOR` and up before any blank).
struct Part {
    rows: Vec<Row>,
    gap: bool,
    drop: u8,
}

const DECOR: u8 = 8;

fn text_rows(text: &str, width: usize, style: Style) -> Vec<Row> {
    wrap(text, width)
        .into_iter()
        .map(|r| vec![(0, r, style)])
        .collect()
}

/// Hints joined with " · ", wrapped between hints rather than inside one.
fn hint_rows(hints: &[&str], width: usize, style: Style) -> Vec<Row> {
    let mut rows: Vec<String> = Vec::new();
    for h in hints {
        match rows.last_mut() {
            Some(last) if last.width() + 3 + h.width() <= width => {
                last.push_str(" · ");
                last.push_str(h);
            }
            _ => rows.push((*h).to_string()),
        }
    }
    rows.into_iter()
        .flat_map(|r| text_rows(&r, width, style))
        .collect()
}

/// Keep what fits `height`: decorations go first while the rows and their blank rows do not
/// fit, then other droppable parts while the rows alone do not; blank rows fill what is left.
fn fit_parts(mut parts: Vec<Part>, height: usize) -> Vec<Row> {
    let rows = |parts: &[Part]| parts.iter().map(|p| p.rows.len()).sum::<usize>();
    let gaps = |parts: &[Part]| parts.iter().skip(1).filter(|p| p.gap).count();
    let drop_worst = |parts: &mut Vec<Part>, min: u8| -> bool {
        let worst = parts
            .iter()
            .enumerate()
            .filter(|(_, p)| p.drop >= min.max(1))
            .max_by_key(|(i, p)| (p.drop, *i))
            .map(|(i, _)| i);
        worst.map(|i| parts.remove(i)).is_some()
    };
    while rows(&parts) + gaps(&parts) > height && drop_worst(&mut parts, DECOR) {}
    while rows(&parts) > height && drop_worst(&mut parts, 1) {}
    let mut room = height.saturating_sub(rows(&parts));
    let mut out = Vec::new();
    for (i, p) in parts.into_iter().enumerate() {
        if i > 0 && p.gap && room > 0 {
            out.push(Vec::new());
            room -= 1;
        }
        out.extend(p.rows);
    }
    out.truncate(height);
    out
}

fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

fn frame(buf: &mut Buffer, rect: Rect, title: &str, theme: &Theme) -> Rect {
    Clear.render(rect, buf);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_type(BorderType::Rounded)
        .border_style(theme.border())
        .title(ratatui::text::Span::styled(
            format!(" {title} "),
            theme.title(),
        ));
    let inner = block.inner(rect);
    block.render(rect, buf);
    inner
}

/// A window of `want_w` columns (at most the region) holding `parts`, as tall as they need.
fn window(
    buf: &mut Buffer,
    region: Rect,
    want_w: u16,
    title: &str,
    theme: &Theme,
    parts: impl Fn(usize) -> Vec<Part>,
) {
    let w = want_w.min(region.width);
    let text_w = w.saturating_sub(4).max(1) as usize;
    let rows = fit_parts(parts(text_w), region.height.saturating_sub(2) as usize);
    let rect = centered(region, w, rows.len() as u16 + 2);
    let inner = frame(buf, rect, title, theme);
    draw_rows(buf, inner, &rows);
}

fn draw_rows(buf: &mut Buffer, inner: Rect, rows: &[Row]) {
    let text = Rect::new(
        inner.x + 1,
        inner.y,
        inner.width.saturating_sub(2),
        inner.height,
    );
    for (k, row) in rows.iter().enumerate().take(text.height as usize) {
        for (x, s, style) in row {
            if *x < text.width {
                buf.set_stringn(
                    text.x + x,
                    text.y + k as u16,
                    s,
                    (text.width - x) as usize,
                    *style,
                );
            }
        }
    }
}

/// Draw an overlay into `region` (the conversation column). `hints` are the keys that apply
/// now, from the key map, for the window's own key line.
pub fn draw(buf: &mut Buffer, region: Rect, overlay: &mut Overlay, hints: &[&str], theme: &Theme) {
    if region.width < 8 || region.height < 3 {
        return;
    }
    match overlay {
        Overlay::Help { scroll, max } => help(buf, region, scroll, max, theme),
        Overlay::Consent { prompt } => {
            let want = (prompt.width() as u16 + 4).max(30);
            window(buf, region, want, "Maya asks", theme, |w| {
                vec![
                    Part {
                        rows: text_rows(prompt, w, theme.bold()),
                        gap: false,
                        drop: 0,
                    },
                    Part {
                        rows: hint_rows(hints, w, theme.accent()),
                        gap: true,
                        drop: 1,
                    },
                ]
            });
        }
        Overlay::Payment(p) => payment(buf, region, p, hints, theme),
    }
}

fn payment(buf: &mut Buffer, region: Rect, p: &Payment, hints: &[&str], theme: &Theme) {
    let qr = super::qr::rows(&p.url).unwrap_or_default();
    let qr_w = qr.first().map(|r| r.width()).unwrap_or(0);
    let keys_w = hints.join(" · ").width();
    // Wide enough for the URL on one line, the QR code and every key hint, when there is room.
    let want = (p.url.width().max(qr_w).max(keys_w) + 4).max(52) as u16;
    let (status, status_style) = status_line(p, theme);
    window(buf, region, want, "Settle up", theme, |w| {
        let note = p.note.as_deref().unwrap_or("");
        let mut parts = vec![
            Part {
                rows: header_rows(p, w, theme),
                gap: false,
                drop: 0,
            },
            Part {
                rows: if note.is_empty() {
                    vec![]
                } else {
                    text_rows(note, w, theme.notice())
                },
                gap: false,
                drop: 3,
            },
            Part {
                rows: url_rows(&p.url, w, theme),
                gap: true,
                drop: 0,
            },
            Part {
                rows: qr_rows(&qr, qr_w, w, theme),
                gap: true,
                drop: DECOR + 1,
            },
            Part {
                rows: text_rows(&status, w, status_style),
                gap: true,
                drop: 0,
            },
        ];
        if p.copied {
            parts.push(Part {
                rows: text_rows(
                    "Link sent to the clipboard (if your terminal allows it).",
                    w,
                    theme.dim(),
                ),
                gap: false,
                drop: 2,
            });
        }
        parts.push(Part {
            rows: hint_rows(hints, w, theme.dim()),
            gap: true,
            drop: 1,
        });
        parts.retain(|p| !p.rows.is_empty());
        parts
    });
}

/// Where the payment stands, in words and a colour.
fn status_line(p: &Payment, theme: &Theme) -> (String, Style) {
    match &p.status {
        PaymentProgress::Creating => ("Asking for a payment link…".to_string(), theme.accent()),
        PaymentProgress::Waiting if p.simulated => (
            format!(
                "Waiting: press {} to pay (simulated)",
                keymap::label(Scope::Payment, Act::Pay)
            ),
            theme.accent(),
        ),
        PaymentProgress::Waiting => (
            "Waiting for payment at the link…".to_string(),
            theme.accent(),
        ),
        PaymentProgress::Charging => (
            "Charging the test card… (a charge cannot be cancelled midway)".to_string(),
            theme.accent(),
        ),
        PaymentProgress::Paid { .. } => ("Paid ✓ Thank you!".to_string(), theme.success()),
        PaymentProgress::Failed { reason } => (format!("Failed: {reason}"), theme.error()),
        PaymentProgress::Expired => ("Expired: the tab is open again".to_string(), theme.dim()),
        PaymentProgress::Cancelled => ("Cancelled: the tab is open again".to_string(), theme.dim()),
    }
}

/// The total and which kind of check it is: side by side, or the badge below when narrow.
fn header_rows(p: &Payment, w: usize, theme: &Theme) -> Vec<Row> {
    let (badge, badge_style) = if p.simulated {
        (" SIMULATED ", theme.badge())
    } else {
        (" STRIPE TEST MODE ", theme.accent())
    };
    let amount = format!("Total  {}", p.amount);
    if amount.width() + 1 + badge.width() <= w {
        let bx = (w - badge.width()) as u16;
        vec![vec![
            (0, amount, theme.bold()),
            (bx, badge.to_string(), badge_style),
        ]]
    } else {
        vec![
            vec![(0, amount, theme.bold())],
            vec![(0, badge.trim().to_string(), badge_style)],
        ]
    }
}

/// The URL in full, as plain text: never a terminal hyperlink built from remote text.
/// It has no spaces, so it is the one text broken at the edge.
fn url_rows(url: &str, w: usize, theme: &Theme) -> Vec<Row> {
    let url_style = theme.base().add_modifier(Modifier::UNDERLINED);
    wrap(url, w)
        .into_iter()
        .map(|r| vec![(0, r, url_style)])
        .collect()
}

/// The QR code centred, whole or not at all: a QR code cut at the edge does not scan.
fn qr_rows(qr: &[String], qr_w: usize, w: usize, theme: &Theme) -> Vec<Row> {
    if qr_w > w {
        return vec![];
    }
    let qr_style = if theme.color {
        Style::default()
            .fg(ratatui::style::Color::White)
            .bg(ratatui::style::Color::Black)
    } else {
        Style::default()
    };
    let qx = ((w - qr_w) / 2) as u16;
    qr.iter().map(|r| vec![(qx, r.clone(), qr_style)]).collect()
}

/// The help sheet's rows at text width `w`: a heading per scope, then each binding's keys and
/// what they do, side by side when there is room, else the keys above their description.
fn help_rows(w: usize, theme: &Theme) -> Vec<Row> {
    let mut items: Vec<(&str, Vec<(&str, &str)>)> = Vec::new();
    for scope in [
        Scope::Anywhere,
        Scope::Bar,
        Scope::Writing,
        Scope::Payment,
        Scope::Consent,
    ] {
        let rows = BINDINGS
            .iter()
            .filter(|b| b.scope == scope && b.listed())
            .map(|b| (b.keys, b.does))
            .collect();
        items.push((scope.title(), rows));
    }
    items.push((
        SLASH_TITLE,
        SLASH.iter().map(|s| (s.usage, s.does)).collect(),
    ));
    let keys_w = items
        .iter()
        .flat_map(|(_, r)| r.iter().map(|(k, _)| k.width()))
        .max()
        .unwrap_or(0);
    let side_by_side = w >= keys_w + 2 + 24;
    let mut out: Vec<Row> = Vec::new();
    for (title, rows) in items {
        let rule = w.saturating_sub(title.width() + 3);
        out.push(vec![
            (0, "─".into(), theme.border()),
            (2, title.to_string(), theme.title()),
            ((title.width() + 3) as u16, "─".repeat(rule), theme.border()),
        ]);
        for (keys, does) in rows {
            if side_by_side {
                let k = wrap(keys, keys_w);
                let d = wrap(does, w - keys_w - 2);
                for i in 0..k.len().max(d.len()) {
                    let mut row: Row = Vec::new();
                    if let Some(k) = k.get(i) {
                        row.push((0, k.clone(), theme.accent()));
                    }
                    if let Some(d) = d.get(i) {
                        row.push(((keys_w + 2) as u16, d.clone(), theme.base()));
                    }
                    out.push(row);
                }
            } else {
                out.extend(text_rows(keys, w, theme.accent()));
                for d in wrap(does, w.saturating_sub(2)) {
                    out.push(vec![(2, d, theme.base())]);
                }
            }
        }
    }
    out
}

fn help(buf: &mut Buffer, region: Rect, scroll: &mut u16, max: &mut u16, theme: &Theme) {
    // Side by side, every description on one row, when there is room for that.
    let keys_w = BINDINGS
        .iter()
        .filter(|b| b.listed())
        .map(|b| b.keys.width())
        .chain(SLASH.iter().map(|s| s.usage.width()))
        .max()
        .unwrap_or(0);
    let does_w = BINDINGS
        .iter()
        .filter(|b| b.listed())
        .map(|b| b.does.width())
        .chain(SLASH.iter().map(|s| s.does.width()))
        .max()
        .unwrap_or(0);
    let want_w = keys_w + 2 + does_w + 4;
    let w = (want_w as u16).min(region.width);
    let rows = help_rows(w.saturating_sub(4).max(1) as usize, theme);
    let h = (rows.len() as u16 + 2).min(region.height);
    let rect = centered(region, w, h);
    let inner = frame(buf, rect, "Keys", theme);
    let visible = inner.height as usize;
    *max = rows.len().saturating_sub(visible) as u16;
    *scroll = (*scroll).min(*max);
    let first = *scroll as usize;
    draw_rows(buf, inner, &rows[first..(first + visible).min(rows.len())]);
    let mark = |buf: &mut Buffer, y: u16, text: String| {
        let x = rect.x + rect.width.saturating_sub(text.width() as u16 + 2);
        buf.set_stringn(x, y, &text, rect.width as usize, theme.badge());
    };
    if first > 0 {
        mark(buf, rect.y, format!(" ↑ {first} more "));
    }
    let below = rows.len() - (first + visible).min(rows.len());
    if below > 0 {
        mark(buf, rect.y + rect.height - 1, format!(" ↓ {below} more "));
    }
}
