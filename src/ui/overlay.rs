//! Overlays: the payment window, the help sheet and the spending-guard question.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::widgets::{Block, BorderType, Borders, Clear, Widget};
use unicode_width::UnicodeWidthStr;

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
    Help,
    Consent { prompt: String },
    Payment(Payment),
}

pub const HELP: &[(&str, &str)] = &[
    ("Enter", "send"),
    ("Alt+Enter, Ctrl+J", "new line"),
    ("↑ / ↓", "earlier inputs (empty composer)"),
    ("Esc", "stop Maya's reply · close a window"),
    ("Ctrl+C", "stop a reply; twice to leave"),
    ("Ctrl+D, /quit", "leave the bar"),
    ("F2 / F3 / F4", "tip 10 / 15 / 20 % (again: no tip)"),
    ("click [15%]", "the same, with the mouse"),
    ("Ctrl+P, /pay", "ask for the check · reopen payment"),
    ("PgUp / PgDn", "scroll the conversation"),
    ("Ctrl+Home / End", "top / bottom of the conversation"),
    ("r, /retry", "try again after an error"),
    ("/tab", "show the tab in one line"),
    ("/tip 15, /tip $5", "set a tip; /tip off removes it"),
    ("? or F1, /help", "this help"),
];

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

fn line(buf: &mut Buffer, inner: Rect, y: &mut u16, text: &str, style: Style) {
    if *y < inner.y + inner.height {
        buf.set_stringn(
            inner.x + 1,
            *y,
            text,
            inner.width.saturating_sub(2) as usize,
            style,
        );
        *y += 1;
    }
}

pub fn draw(buf: &mut Buffer, area: Rect, overlay: &Overlay, theme: &Theme) {
    match overlay {
        Overlay::Help => help(buf, area, theme),
        Overlay::Consent { prompt } => consent(buf, area, prompt, theme),
        Overlay::Payment(p) => payment(buf, area, p, theme),
    }
}

fn help(buf: &mut Buffer, area: Rect, theme: &Theme) {
    let keys_w = HELP.iter().map(|(k, _)| k.width()).max().unwrap_or(0);
    let text_w = HELP.iter().map(|(_, t)| t.width()).max().unwrap_or(0);
    let w = (keys_w + text_w + 7) as u16;
    let h = HELP.len() as u16 + 4;
    let inner = frame(buf, centered(area, w, h), "Keys", theme);
    let mut y = inner.y;
    for (k, t) in HELP {
        if y >= inner.y + inner.height {
            break;
        }
        buf.set_string(inner.x + 1, y, k, theme.accent());
        buf.set_stringn(
            inner.x + 3 + keys_w as u16,
            y,
            t,
            inner.width.saturating_sub(keys_w as u16 + 4) as usize,
            theme.base(),
        );
        y += 1;
    }
    y += 1;
    line(buf, inner, &mut y, "Esc or ? closes this help", theme.dim());
}

fn consent(buf: &mut Buffer, area: Rect, prompt: &str, theme: &Theme) {
    let w = (prompt.width() as u16 + 6).clamp(30, area.width.saturating_sub(4).max(30));
    let inner = frame(buf, centered(area, w, 6), "Maya asks", theme);
    let mut y = inner.y;
    line(buf, inner, &mut y, prompt, theme.bold());
    y += 1;
    line(buf, inner, &mut y, "y allow · n decline", theme.accent());
}

fn payment(buf: &mut Buffer, area: Rect, p: &Payment, theme: &Theme) {
    let qr = super::qr::rows(&p.url).unwrap_or_default();
    let qr_w = qr.first().map(|r| r.chars().count()).unwrap_or(0) as u16;
    let note_rows: Vec<String> = p
        .note
        .as_deref()
        .map(|n| wrap_words(n, 48))
        .unwrap_or_default();
    let text_rows = 9 + note_rows.len() as u16;
    let keys = if p.simulated {
        "Enter pay · c copy link · x cancel · Esc close"
    } else {
        "t pay with test card · c copy link · x cancel · Esc close"
    };
    // Wide enough for the URL on one line, the QR code and every key hint.
    let want_w = (p.url.width() as u16 + 4)
        .max(qr_w + 4)
        .max(keys.width() as u16 + 4)
        .max(52);
    let show_qr =
        !qr.is_empty() && area.height >= text_rows + qr.len() as u16 + 3 && area.width >= qr_w + 6;
    let h = text_rows + if show_qr { qr.len() as u16 + 1 } else { 0 };
    let inner = frame(
        buf,
        centered(area, want_w.min(area.width), h.min(area.height)),
        "Settle up",
        theme,
    );
    let mut y = inner.y;
    let amount = format!("Total  {}", p.amount);
    buf.set_string(inner.x + 1, y, &amount, theme.bold());
    if p.simulated {
        let badge = " SIMULATED ";
        let bx = inner.x + inner.width.saturating_sub(badge.width() as u16 + 1);
        buf.set_string(bx, y, badge, theme.badge());
    } else {
        let badge = " STRIPE TEST MODE ";
        let bx = inner.x + inner.width.saturating_sub(badge.width() as u16 + 1);
        buf.set_string(bx, y, badge, theme.accent());
    }
    y += 1;
    for n in &note_rows {
        line(buf, inner, &mut y, n, theme.notice());
    }
    y += 1;
    // The URL in full, as plain text: never a terminal hyperlink built from remote text.
    let url_style = theme
        .base()
        .add_modifier(ratatui::style::Modifier::UNDERLINED);
    for chunk in p
        .url
        .as_bytes()
        .chunks(inner.width.saturating_sub(2).max(1) as usize)
    {
        line(
            buf,
            inner,
            &mut y,
            &String::from_utf8_lossy(chunk),
            url_style,
        );
    }
    if show_qr {
        y += 1;
        let qx = inner.x + inner.width.saturating_sub(qr_w) / 2;
        let qr_style = if theme.color {
            Style::default()
                .fg(ratatui::style::Color::White)
                .bg(ratatui::style::Color::Black)
        } else {
            Style::default()
        };
        for row in &qr {
            if y < inner.y + inner.height {
                buf.set_string(qx, y, row, qr_style);
                y += 1;
            }
        }
    }
    y += 1;
    let (status, style) = match &p.status {
        PaymentProgress::Creating => ("Asking for a payment link…".to_string(), theme.accent()),
        PaymentProgress::Waiting if p.simulated => (
            "Waiting: press Enter to pay (simulated)".to_string(),
            theme.accent(),
        ),
        PaymentProgress::Waiting => (
            "Waiting for payment at the link…".to_string(),
            theme.accent(),
        ),
        PaymentProgress::Paid { .. } => ("Paid ✓ Thank you!".to_string(), theme.success()),
        PaymentProgress::Failed { reason } => (format!("Failed: {reason}"), theme.error()),
        PaymentProgress::Expired => ("Expired: the tab is open again".to_string(), theme.dim()),
        PaymentProgress::Cancelled => ("Cancelled: the tab is open again".to_string(), theme.dim()),
    };
    line(buf, inner, &mut y, &status, style);
    if p.copied {
        line(
            buf,
            inner,
            &mut y,
            "Link copied to the clipboard.",
            theme.dim(),
        );
    }
    let last = inner.y + inner.height.saturating_sub(1);
    buf.set_stringn(
        inner.x + 1,
        last.max(y),
        keys,
        inner.width.saturating_sub(2) as usize,
        theme.dim(),
    );
}

fn wrap_words(s: &str, width: usize) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for word in s.split_whitespace() {
        match out.last_mut() {
            Some(last) if last.width() + 1 + word.width() <= width => {
                last.push(' ');
                last.push_str(word);
            }
            _ => out.push(word.to_string()),
        }
    }
    out
}
