//! The side panel: Maya's portrait, the tab, tip buttons, tip, total, balance and payment state;
//! and the one-line summary that replaces it on narrow terminals.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr;

use super::fit::{self, Part};
use super::theme::Theme;
use crate::assets::PORTRAIT;
use crate::bar::{PaymentState, TabView, Tip, tip::TIP_BUTTONS};

/// Which figures changed with the last tab update, for the pulse.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Changed {
    pub lines: bool,
    pub subtotal: bool,
    pub tip: bool,
    pub total: bool,
    pub balance: bool,
}

impl Changed {
    pub fn between(old: &TabView, new: &TabView) -> Changed {
        Changed {
            lines: old.lines != new.lines,
            subtotal: old.subtotal != new.subtotal,
            tip: old.tip_amount != new.tip_amount || old.tip != new.tip,
            total: old.total != new.total,
            balance: old.balance != new.balance,
        }
    }

    pub fn any(&self) -> bool {
        self.lines || self.subtotal || self.tip || self.total || self.balance
    }
}

/// A row with a label on the left and a figure right-aligned.
fn figure(buf: &mut Buffer, row: Rect, label: &str, value: &str, styles: (Style, Style)) {
    buf.set_stringn(row.x, row.y, label, row.width as usize, styles.0);
    let vw = value.width() as u16;
    if vw < row.width {
        buf.set_string(row.x + row.width - vw, row.y, value, styles.1);
    }
}

/// Draw the panel; returns the screen rects of the tip buttons (for mouse clicks).
pub fn draw(
    buf: &mut Buffer,
    area: Rect,
    tab: &TabView,
    theme: &Theme,
    pulse: Option<Changed>,
    show_portrait: bool,
    cancelled: bool,
) -> Vec<(u32, Rect)> {
    let pulse = pulse.unwrap_or_default();
    let mut buttons = Vec::new();
    if area.width < 20 || area.height < 6 {
        return buttons;
    }
    let x = area.x + 2;
    let w = area.width.saturating_sub(3);
    let bottom = area.y + area.height;
    let mut y = area.y;

    // What the tab needs, so the portrait only takes room that is left over.
    let tab_rows = tab
        .lines
        .iter()
        .map(|l| 1 + usize::from(!l.modifiers.is_empty()))
        .sum::<usize>()
        .max(1);
    let figures_rows = 9;
    let portrait: Vec<&str> = PORTRAIT.lines().collect();
    let room = area.height as usize;
    if show_portrait && room >= portrait.len() + tab_rows + figures_rows + 2 {
        let pw = portrait.iter().map(|l| l.width()).max().unwrap_or(0) as u16;
        let px = area.x + area.width.saturating_sub(pw) / 2;
        for line in &portrait {
            buf.set_stringn(px, y, line, area.width as usize, theme.maya());
            y += 1;
        }
        y += 1;
    }

    let heading = " Your tab ";
    buf.set_string(x, y, "─".repeat(w as usize), theme.border());
    buf.set_string(x + 1, y, heading, theme.title());
    y += 1;
    let line_style = if pulse.lines {
        theme.pulse()
    } else {
        theme.base()
    };
    if tab.lines.is_empty() {
        if y < bottom {
            buf.set_stringn(
                x,
                y,
                "Nothing yet. What'll it be?",
                w as usize,
                theme.notice(),
            );
            y += 1;
        }
    } else {
        let max_lines = bottom.saturating_sub(y + figures_rows as u16) as usize;
        let mut used = 0;
        for (k, l) in tab.lines.iter().enumerate() {
            let need = 1 + usize::from(!l.modifiers.is_empty());
            if used + need > max_lines {
                let more = tab.lines.len() - k;
                buf.set_stringn(
                    x,
                    y,
                    format!("… and {more} more"),
                    w as usize,
                    theme.notice(),
                );
                y += 1;
                break;
            }
            let label = format!("{}× {}", l.quantity, l.item);
            figure(
                buf,
                Rect::new(x, y, w, 1),
                &label,
                &l.total.to_string(),
                (line_style, line_style),
            );
            y += 1;
            if !l.modifiers.is_empty() {
                buf.set_stringn(
                    x + 3,
                    y,
                    l.modifiers.join(", "),
                    w.saturating_sub(3) as usize,
                    theme.dim(),
                );
                y += 1;
            }
            used += need;
        }
    }
    if y + 7 > bottom {
        return buttons;
    }
    buf.set_string(x, y, "─".repeat(w as usize), theme.border());
    y += 1;
    let pick = |changed: bool, normal: Style| if changed { theme.pulse() } else { normal };
    figure(
        buf,
        Rect::new(x, y, w, 1),
        "Subtotal",
        &tab.subtotal.to_string(),
        (theme.base(), pick(pulse.subtotal, theme.base())),
    );
    y += 1;

    // Tip buttons: hidden while the tab is empty, frozen (dim) while a checkout is pending.
    if !tab.lines.is_empty() {
        buf.set_string(x, y, "Tip", theme.base());
        let mut bx = x + 5;
        let frozen = tab.payment.is_pending();
        for (k, p) in TIP_BUTTONS.iter().enumerate() {
            let text = format!("[{p}%]");
            let selected = tab.tip == (Tip::Percent { percent: *p });
            // Frozen buttons are dim, but the chosen one keeps its highlight, dimmed.
            let style = if frozen && selected {
                theme.selected().add_modifier(Modifier::DIM)
            } else if frozen {
                theme.dim()
            } else if selected {
                theme.selected()
            } else {
                theme.button()
            };
            let tw = text.width() as u16;
            if bx + tw <= x + w {
                buf.set_string(bx, y, &text, style);
                buttons.push((*p, Rect::new(bx, y, tw, 1)));
            }
            bx += tw + 1;
            let _ = k;
        }
        y += 1;
    }
    let tip_label = match tab.tip {
        Tip::None => "Tip".to_string(),
        Tip::Percent { percent } => format!("Tip {percent}%"),
        Tip::Amount { .. } => "Tip (fixed)".to_string(),
    };
    figure(
        buf,
        Rect::new(x, y, w, 1),
        &tip_label,
        &tab.tip_amount.to_string(),
        (theme.base(), pick(pulse.tip, theme.base())),
    );
    y += 1;
    figure(
        buf,
        Rect::new(x, y, w, 1),
        "Total",
        &tab.total.to_string(),
        (theme.bold(), pick(pulse.total, theme.bold())),
    );
    y += 1;
    figure(
        buf,
        Rect::new(x, y, w, 1),
        "Balance",
        &tab.balance.to_string(),
        (theme.base(), pick(pulse.balance, theme.balance(tab.level))),
    );
    y += 1;
    let (state, style) = payment_label(&tab.payment, cancelled, theme);
    figure(
        buf,
        Rect::new(x, y, w, 1),
        "Payment",
        &state,
        (theme.dim(), style),
    );
    buttons
}

/// The panel's payment state. The bar keeps one state for a checkout that ended unpaid;
/// `cancelled` says the guest cancelled it (as this session saw), else it expired.
fn payment_label(p: &PaymentState, cancelled: bool, theme: &Theme) -> (String, Style) {
    match p {
        PaymentState::Open => ("open".into(), theme.dim()),
        PaymentState::Pending(pp) if pp.link.is_none() => {
            ("asking for a link…".into(), theme.accent())
        }
        PaymentState::Pending(_) => ("waiting · Ctrl+P".into(), theme.accent()),
        PaymentState::Paid { .. } => ("paid ✓".into(), theme.success()),
        PaymentState::Failed { .. } => ("failed".into(), theme.error()),
        PaymentState::Expired if cancelled => ("cancelled".into(), theme.dim()),
        PaymentState::Expired => ("expired".into(), theme.dim()),
    }
}

/// The folded panel: one line above the composer. When it does not fit, the tip and then the
/// subtotal go first, so the total and a waiting check stay in sight.
pub fn summary_line(
    tab: &TabView,
    theme: &Theme,
    pulse: Option<Changed>,
    width: usize,
) -> Line<'static> {
    let p = pulse.unwrap_or_default();
    let pick = |changed: bool| if changed { theme.pulse() } else { theme.base() };
    let tip = match tab.tip {
        Tip::None => "Tip —".to_string(),
        Tip::Percent { percent } => format!("Tip {percent}% {}", tab.tip_amount),
        Tip::Amount { amount } => format!("Tip {amount}"),
    };
    let mut parts = vec![
        Part::new(
            format!("Tab {}", tab.subtotal),
            2,
            pick(p.lines || p.subtotal),
        ),
        Part::new(tip, 3, pick(p.tip)),
        Part::new(format!("Total {}", tab.total), 0, pick(p.total)),
        Part::new(format!("Balance {}", tab.balance), 1, pick(p.balance)),
    ];
    if tab.payment.is_pending() {
        parts.push(Part::new("payment waiting (Ctrl+P)", 0, theme.accent()).or("waiting: Ctrl+P"));
    }
    let chosen = fit::choose(&parts, " · ", width);
    let mut spans = Vec::new();
    for (k, (text, style)) in chosen.into_iter().enumerate() {
        if k > 0 {
            spans.push(Span::styled(" · ", theme.base()));
        }
        spans.push(Span::styled(text, style));
    }
    Line::from(spans)
}
