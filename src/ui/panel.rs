//! The side panel: Maya's portrait, the tab, tip buttons, tip, total, balance and payment state;
//! and the one-line summary that replaces it on narrow terminals.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr;

use super::fit::{self, Part};
use super::layout::{Figures, PanelLayout};
use super::theme::Theme;
use crate::assets::PORTRAIT;
use crate::bar::{PaymentState, TabView, Tip};

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

/// Paint the panel into the sections its layout gives.
pub fn draw(
    buf: &mut Buffer,
    layout: &PanelLayout,
    tab: &TabView,
    theme: &Theme,
    pulse: Option<Changed>,
    cancelled: bool,
) {
    let pulse = pulse.unwrap_or_default();
    let b = layout.border;
    for y in b.y..b.bottom() {
        buf.set_string(b.x, y, "│", theme.border());
    }
    if let Some(area) = layout.portrait {
        portrait(buf, area, theme);
    }
    heading(buf, layout.heading, theme);
    lines(buf, layout.lines, layout.shown_lines, tab, theme, pulse);
    if let Some(f) = &layout.figures {
        figures(buf, f, tab, theme, pulse, cancelled);
    }
}

fn portrait(buf: &mut Buffer, area: Rect, theme: &Theme) {
    for (line, y) in PORTRAIT.lines().zip(area.y..area.bottom()) {
        buf.set_stringn(area.x, y, line, area.width as usize, theme.maya());
    }
}

fn heading(buf: &mut Buffer, row: Rect, theme: &Theme) {
    buf.set_string(row.x, row.y, "─".repeat(row.width as usize), theme.border());
    buf.set_string(row.x + 1, row.y, " Your tab ", theme.title());
}

/// The tab's lines that fit, then how many more there are.
fn lines(buf: &mut Buffer, area: Rect, shown: usize, tab: &TabView, theme: &Theme, pulse: Changed) {
    let (x, w) = (area.x, area.width);
    let mut y = area.y;
    if tab.lines.is_empty() {
        if area.height > 0 {
            buf.set_stringn(
                x,
                y,
                "Nothing yet. What'll it be?",
                w as usize,
                theme.notice(),
            );
        }
        return;
    }
    let style = if pulse.lines {
        theme.pulse()
    } else {
        theme.base()
    };
    for l in tab.lines.iter().take(shown) {
        let label = format!("{}× {}", l.quantity, l.item);
        figure(
            buf,
            Rect::new(x, y, w, 1),
            &label,
            &l.total.to_string(),
            (style, style),
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
    }
    if shown < tab.lines.len() {
        let more = tab.lines.len() - shown;
        buf.set_stringn(
            x,
            y,
            format!("… and {more} more"),
            w as usize,
            theme.notice(),
        );
    }
}

fn figures(
    buf: &mut Buffer,
    f: &Figures,
    tab: &TabView,
    theme: &Theme,
    pulse: Changed,
    cancelled: bool,
) {
    buf.set_string(
        f.rule.x,
        f.rule.y,
        "─".repeat(f.rule.width as usize),
        theme.border(),
    );
    let pick = |changed: bool, normal: Style| if changed { theme.pulse() } else { normal };
    figure(
        buf,
        f.subtotal,
        "Subtotal",
        &tab.subtotal.to_string(),
        (theme.base(), pick(pulse.subtotal, theme.base())),
    );
    if let Some(row) = f.tip_row {
        tip_buttons(buf, row, &f.tip_buttons, tab, theme);
    }
    let tip_label = match tab.tip {
        Tip::None => "Tip".to_string(),
        Tip::Percent { percent } => format!("Tip {percent}%"),
        Tip::Amount { .. } => "Tip (fixed)".to_string(),
    };
    figure(
        buf,
        f.tip,
        &tip_label,
        &tab.tip_amount.to_string(),
        (theme.base(), pick(pulse.tip, theme.base())),
    );
    figure(
        buf,
        f.total,
        "Total",
        &tab.total.to_string(),
        (theme.bold(), pick(pulse.total, theme.bold())),
    );
    figure(
        buf,
        f.balance,
        "Balance",
        &tab.balance.to_string(),
        (theme.base(), pick(pulse.balance, theme.balance(tab.level))),
    );
    let (state, style) = payment_label(&tab.payment, cancelled, theme);
    figure(buf, f.payment, "Payment", &state, (theme.dim(), style));
}

/// The tip buttons where the layout put them: frozen (dim) while a checkout is pending.
fn tip_buttons(buf: &mut Buffer, row: Rect, buttons: &[(u32, Rect)], tab: &TabView, theme: &Theme) {
    buf.set_string(row.x, row.y, "Tip", theme.base());
    let frozen = tab.payment.is_pending();
    for (p, r) in buttons {
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
        buf.set_string(r.x, r.y, format!("[{p}%]"), style);
    }
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
