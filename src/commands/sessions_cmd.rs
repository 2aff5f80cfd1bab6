//! `maya sessions list|show|rm|prune`.

use std::io::{self, BufRead, IsTerminal, Write};
use std::path::Path;
use std::sync::Arc;
use std::time::SystemTime;

use serde_json::json;

use crate::agent::{Entry, ReplyState};
use crate::bar::{Menu, PaymentState, Receipt};
use crate::cli::Age;
use crate::money::Cents;
use crate::session::catalog::{self, SessionFile};
use crate::session::record::{self, Restored};
use crate::terminal::sanitize_line;

struct Summary {
    file: SessionFile,
    restored: Option<Restored>,
    error: Option<String>,
}

fn summarize(files: Vec<SessionFile>, menu: &Arc<Menu>) -> Vec<Summary> {
    files
        .into_iter()
        .map(
            |file| match record::read(&file.path, menu.clone(), Cents::ZERO) {
                Ok(restored) => Summary {
                    file,
                    restored: Some(restored),
                    error: None,
                },
                Err(e) => Summary {
                    file,
                    restored: None,
                    error: Some(sanitize_line(&e.to_string()).into_owned()),
                },
            },
        )
        .collect()
}

fn messages(r: &Restored) -> usize {
    r.transcript
        .iter()
        .filter(|e| matches!(e, Entry::User { .. } | Entry::Assistant { .. }))
        .count()
}

/// For the table: minutes in local time (UTC when the offset is unknown).
fn local_time(t: SystemTime) -> String {
    local_minutes(time::OffsetDateTime::from(t))
}

fn local_minutes(odt: time::OffsetDateTime) -> String {
    let offset = time::UtcOffset::current_local_offset().unwrap_or(time::UtcOffset::UTC);
    let odt = odt.to_offset(offset);
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}",
        odt.year(),
        u8::from(odt.month()),
        odt.day(),
        odt.hour(),
        odt.minute()
    )
}

/// For JSON: RFC 3339 in UTC, the same form as the journal's `created`.
fn rfc3339(t: SystemTime) -> String {
    time::OffsetDateTime::from(t)
        .to_offset(time::UtcOffset::UTC)
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

/// When the session started, in the same local form as its last activity.
fn started(r: &Restored) -> String {
    match time::OffsetDateTime::parse(&r.created, &time::format_description::well_known::Rfc3339) {
        Ok(t) => local_minutes(t),
        Err(_) => r.created.get(..16).unwrap_or(&r.created).replace('T', " "),
    }
}

pub fn list(
    sessions_dir: &Path,
    menu: &Arc<Menu>,
    json_out: bool,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let all = summarize(catalog::list(sessions_dir)?, menu);
    if json_out {
        let rows: Vec<_> = all
            .iter()
            .map(|s| match &s.restored {
                Some(r) => json!({
                    "id": s.file.id,
                    "started": r.created,
                    "last_active": rfc3339(s.file.modified),
                    "messages": messages(r),
                    "tab_total": r.bar.total().to_string(),
                    "payment": r.bar.state().payment.name(),
                    "provider": r.meta.provider,
                }),
                None => json!({"id": s.file.id, "error": s.error}),
            })
            .collect();
        serde_json::to_writer_pretty(&mut *out, &rows)?;
        writeln!(out)?;
        return Ok(());
    }
    if all.is_empty() {
        writeln!(out, "No saved sessions yet. Run `maya` to start one.")?;
        return Ok(());
    }
    // Ids are file names and providers come from the file: one line each, whatever they hold.
    let id_w = all
        .iter()
        .map(|s| sanitize_line(&s.file.id).chars().count())
        .max()
        .unwrap_or(2)
        .max(2);
    writeln!(
        out,
        "{:id_w$}  {:16}  {:16}  {:>8}  {:>10}  {:8}  PROVIDER",
        "ID", "STARTED", "LAST ACTIVE", "MESSAGES", "TAB", "PAYMENT"
    )?;
    for s in &all {
        match &s.restored {
            Some(r) => writeln!(
                out,
                "{:id_w$}  {:16}  {:16}  {:>8}  {:>10}  {:8}  {}",
                sanitize_line(&s.file.id),
                started(r),
                local_time(s.file.modified),
                messages(r),
                r.bar.total().to_string(),
                r.bar.state().payment.name(),
                sanitize_line(&r.meta.provider)
            )?,
            None => writeln!(
                out,
                "{:id_w$}  (unreadable: {})",
                sanitize_line(&s.file.id),
                s.error.as_deref().unwrap_or("?")
            )?,
        }
    }
    Ok(())
}

/// The transcript as plain text, receipts included.
pub fn show(
    sessions_dir: &Path,
    menu: &Arc<Menu>,
    query: &str,
    json_out: bool,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let file = catalog::resolve(sessions_dir, query)?;
    let r = record::read(&file.path, menu.clone(), Cents::ZERO)?;
    if json_out {
        serde_json::to_writer_pretty(&mut *out, &show_json(&file, &r))?;
        writeln!(out)?;
        return Ok(());
    }
    writeln!(
        out,
        "Session {} · started {} · {}",
        sanitize_line(&file.id),
        sanitize_line(&started(&r)),
        sanitize_line(&r.meta.provider)
    )?;
    for n in &r.notices {
        writeln!(out, "! {}", sanitize_line(n))?;
    }
    for e in &r.transcript {
        write_entry(e, out)?;
    }
    let v = r.bar.view();
    writeln!(out)?;
    match &v.payment {
        PaymentState::Pending(p) => writeln!(
            out,
            "{} · a checkout for {} is pending",
            v.summary(),
            p.amount
        )?,
        _ => writeln!(out, "{}", v.summary())?,
    }
    Ok(())
}

/// One entry of the transcript as `sessions show` prints it; a message or receipt starts after
/// a blank line.
fn write_entry(e: &Entry, out: &mut dyn Write) -> std::io::Result<()> {
    if matches!(
        e,
        Entry::User { .. } | Entry::Assistant { .. } | Entry::Receipt { .. }
    ) {
        writeln!(out)?;
    }
    match e {
        Entry::User {
            text,
            blocked: None,
        } => writeln!(out, "You: {text}"),
        Entry::User {
            text,
            blocked: Some(f),
        } => writeln!(out, "You: {text}\n  (blocked: {f})"),
        Entry::Assistant { text, state } => {
            let mark = match state {
                ReplyState::Cancelled => " [stopped]",
                ReplyState::Interrupted => " [interrupted]",
                ReplyState::Blocked => " [blocked]",
                _ => "",
            };
            writeln!(out, "Maya: {text}{mark}")
        }
        Entry::Tool { summary, ok } => writeln!(
            out,
            "  · {}{}",
            sanitize_line(summary),
            if *ok { "" } else { " (refused)" }
        ),
        Entry::Notice { text } => writeln!(out, "  ({text})"),
        Entry::Error { text } => writeln!(out, "  ! {text}"),
        Entry::Receipt { receipt } => write_receipt(receipt, out),
    }
}

fn write_receipt(receipt: &Receipt, out: &mut dyn Write) -> std::io::Result<()> {
    writeln!(out, "  ┌ Receipt · {}", sanitize_line(&receipt.reference))?;
    for l in &receipt.lines {
        writeln!(
            out,
            "  │ {:>2}× {:24} {:>10}",
            l.quantity,
            sanitize_line(&l.label()),
            l.total().to_string()
        )?;
    }
    writeln!(
        out,
        "  │ {:>28} {:>10}",
        "Subtotal",
        receipt.subtotal.to_string()
    )?;
    writeln!(out, "  │ {:>28} {:>10}", "Tip", receipt.tip.to_string())?;
    writeln!(out, "  └ {:>28} {:>10}", "Total", receipt.total.to_string())
}

/// `sessions show --json`, documented in docs/json.md. Add fields; never rename or remove one.
fn show_json(file: &SessionFile, r: &Restored) -> serde_json::Value {
    let transcript: Vec<_> = r
        .transcript
        .iter()
        .map(|e| match e {
            Entry::User { text, blocked } => {
                json!({"kind": "user", "text": text, "blocked": blocked})
            }
            Entry::Assistant { text, state } => {
                json!({"kind": "assistant", "text": text, "state": state})
            }
            Entry::Tool { summary, ok } => json!({"kind": "tool", "summary": summary, "ok": ok}),
            Entry::Notice { text } => json!({"kind": "notice", "text": text}),
            Entry::Error { text } => json!({"kind": "error", "text": text}),
            Entry::Receipt { receipt } => json!({
                "kind": "receipt",
                "reference": receipt.reference,
                "lines": receipt.lines.iter().map(|l| json!({
                    "quantity": l.quantity, "item": l.label(), "total": l.total().to_string(),
                })).collect::<Vec<_>>(),
                "subtotal": receipt.subtotal.to_string(),
                "tip": receipt.tip.to_string(),
                "total": receipt.total.to_string(),
                "simulated": receipt.simulated,
                "paid_at": receipt.paid_at,
            }),
        })
        .collect();
    let v = r.bar.view();
    let pending = match &v.payment {
        PaymentState::Pending(p) => Some(p.amount.to_string()),
        _ => None,
    };
    json!({
        "id": file.id,
        "started": r.created,
        "last_active": rfc3339(file.modified),
        "provider": r.meta.provider,
        "notices": r.notices,
        "transcript": transcript,
        "tab": crate::tools::tab_json(&v),
        "pending_checkout": pending,
    })
}

pub fn rm(
    sessions_dir: &Path,
    queries: &[String],
    yes: bool,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let mut ids = Vec::new();
    for q in queries {
        let f = catalog::resolve(sessions_dir, q)?;
        if !ids.contains(&f.id) {
            ids.push(f.id);
        }
    }
    if ids.is_empty() {
        anyhow::bail!("name the sessions to remove (see `maya sessions list`)");
    }
    if !yes {
        if !io::stdin().is_terminal() {
            anyhow::bail!(
                "not removing {} without confirmation; add --yes",
                ids.join(", ")
            );
        }
        write!(
            out,
            "Remove {} session{} ({})? [y/N] ",
            ids.len(),
            if ids.len() == 1 { "" } else { "s" },
            ids.join(", ")
        )?;
        out.flush()?;
        let mut answer = String::new();
        io::stdin().lock().read_line(&mut answer)?;
        if !matches!(answer.trim(), "y" | "Y" | "yes") {
            writeln!(out, "Nothing removed.")?;
            return Ok(());
        }
    }
    for id in &ids {
        catalog::remove(sessions_dir, id)?;
        writeln!(out, "removed {id}")?;
    }
    Ok(())
}

pub fn prune(sessions_dir: &Path, older_than: &Age, out: &mut dyn Write) -> anyhow::Result<()> {
    let removed = catalog::prune(sessions_dir, older_than.duration)?;
    if removed.is_empty() {
        writeln!(out, "No sessions older than {}.", older_than.text)?;
    }
    for id in removed {
        writeln!(out, "removed {id}")?;
    }
    Ok(())
}
