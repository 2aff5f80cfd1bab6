//! A paid receipt drawn as a small box: the conversation shows one for each payment.

use ratatui::style::Style;
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr;

use super::theme::Theme;
use crate::bar::{Receipt, Tip};

/// A receipt as a small box in the conversation, indented by `indent` columns (the conversation's
/// label column) so it sits under the messages.
pub fn rows(r: &Receipt, width: usize, indent: usize, theme: &Theme) -> Vec<Line<'static>> {
    let inner = width.saturating_sub(indent + 2).clamp(20, 40);
    let pad = " ".repeat(indent);
    let row = |label: String, value: String, style: Style| -> Line<'static> {
        let space = inner.saturating_sub(label.width() + value.width()).max(1);
        Line::from(vec![
            Span::raw(pad.clone()),
            Span::styled("│ ", theme.border()),
            Span::styled(format!("{label}{}{value}", " ".repeat(space)), style),
            Span::styled(" │", theme.border()),
        ])
    };
    let title = " Receipt ";
    let mut rows = vec![Line::from(vec![
        Span::raw(pad.clone()),
        Span::styled("┌─", theme.border()),
        Span::styled(title, theme.title()),
        Span::styled(
            format!("{}┐", "─".repeat((inner + 1).saturating_sub(title.width()))),
            theme.border(),
        ),
    ])];
    for l in &r.lines {
        rows.push(row(
            format!("{}× {}", l.quantity, l.label()),
            l.total().to_string(),
            theme.base(),
        ));
    }
    rows.push(row("Subtotal".into(), r.subtotal.to_string(), theme.base()));
    let tip = match r.tip_choice {
        Tip::Percent { percent } => format!("Tip {percent}%"),
        _ => "Tip".into(),
    };
    rows.push(row(tip, r.tip.to_string(), theme.base()));
    rows.push(row("Total paid".into(), r.total.to_string(), theme.bold()));
    let when = time::OffsetDateTime::from_unix_timestamp(r.paid_at)
        .map(|t| {
            let offset = time::UtcOffset::current_local_offset().unwrap_or(time::UtcOffset::UTC);
            let t = t.to_offset(offset);
            format!("{:02}:{:02}", t.hour(), t.minute())
        })
        .unwrap_or_default();
    let how = if r.simulated {
        "simulated"
    } else {
        "Stripe test"
    };
    let reference: String = r.reference.chars().take(inner.saturating_sub(20)).collect();
    rows.push(row(format!("{how} · {when}"), reference, theme.dim()));
    rows.push(Line::from(vec![
        Span::raw(pad),
        Span::styled(format!("└{}┘", "─".repeat(inner + 2)), theme.border()),
    ]));
    rows
}
