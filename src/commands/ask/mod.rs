//! `maya ask "<text>" [--json]`: one turn without the TUI, for scripts, pipes and screen
//! readers. Same agent, same provider choice. Plain mode streams Maya's reply to stdout as
//! plain text (no markdown emphasis, and next steps that work from a shell: see
//! [`plain`]); JSON mode prints one event per line, as the agent said it, and ends with the
//! final tab.

mod input;
mod plain;
mod spinner;

use std::io::Write;

use serde_json::{Value, json};

use crate::agent::{self, AgentSetup, Command, Event, PaymentProgress, ReplyState};
use crate::tools::tab_json;
use crate::ui::keymap;
pub use input::{InputError, MAX_STDIN, message, stdin_is_piped};
use plain::{NextSteps, PlainText};
use spinner::Spinner;
pub use spinner::wanted as spinner_wanted;

/// How the turn went, worst first; each has its exit status (documented in `maya ask --help`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum AskOutcome {
    /// The turn failed (provider, network) or was refused; the message was already printed.
    Failed,
    /// The safety scanner blocked the guest's message or Maya's reply.
    Blocked,
    /// Maya asked before spending and nobody was there to allow it.
    Declined,
    Ok,
}

impl AskOutcome {
    pub fn exit_code(self) -> u8 {
        match self {
            AskOutcome::Ok => 0,
            AskOutcome::Failed => 1,
            AskOutcome::Blocked => 3,
            AskOutcome::Declined => 4,
        }
    }
}

pub async fn run(
    setup: AgentSetup,
    text: String,
    json_mode: bool,
    out: &mut (dyn Write + Send),
    err: &mut (dyn Write + Send),
) -> std::io::Result<AskOutcome> {
    run_with_voice(setup, None, text, json_mode, false, out, err).await
}

/// [`run`], speaking the reply when `voice` is on (it returns once the speech has ended), with
/// the "waiting for Maya" spinner on the terminal's stderr when `spin` ([`spinner_wanted`]).
pub async fn run_with_voice(
    setup: AgentSetup,
    voice: Option<crate::voice::VoiceSetup>,
    text: String,
    json_mode: bool,
    spin: bool,
    out: &mut (dyn Write + Send),
    err: &mut (dyn Write + Send),
) -> std::io::Result<AskOutcome> {
    // One turn: messages left queued in the bar stay there for the bar (their journal record
    // is untouched), and are never sent from here.
    let mut setup = setup;
    setup.queued.clear();
    // Maya's notices and what the model is told name commands here, not the bar's keys.
    let steps = NextSteps::new(setup.info.session_id.as_deref(), &text);
    let say = std::sync::Arc::new(move |step| steps.words(step));
    let mut handle = agent::spawn_saying(setup, voice, say);
    let mut outcome = AskOutcome::Ok;
    let mut worse = |o: AskOutcome| outcome = outcome.min(o);
    // The spinner's frames and the sequence that wipes them are Maya's own, drawn straight on
    // the terminal: `err` passes on no control sequence (the sanitizer), so they bypass it.
    // Both end up on the same stderr, unbuffered, so they stay in order.
    let mut term = std::io::stderr();
    let mut spinner = Spinner::new(false);
    let mut ticks = tokio::time::interval(spinner::TICK);
    let mut submitted = false;
    let mut last_tab = None;
    let mut ends_with_newline = true;
    let mut reply = PlainText::new(NextSteps::new(None, &text));
    loop {
        let event = if spinner.active() {
            tokio::select! {
                event = handle.events.recv() => event,
                _ = ticks.tick() => {
                    spinner.tick(&mut term)?;
                    continue;
                }
            }
        } else {
            handle.events.recv().await
        };
        let Some(event) = event else { break };
        // Whatever comes next may print: the spinner's line goes first. It stops for good at
        // the first word of the reply or the end of the turn.
        spinner.clear(&mut term)?;
        if matches!(
            event,
            Event::AssistantDelta(_)
                | Event::AssistantDone(_)
                | Event::TurnFinished
                | Event::Error { .. }
                | Event::Refused { .. }
                | Event::InputBlocked { .. }
                | Event::Closed
        ) {
            spinner.stop(&mut term)?;
        }
        if json_mode && let Some(line) = event_json(&event) {
            writeln!(out, "{line}")?;
        }
        match &event {
            Event::Ready { tab, info, .. } => {
                last_tab = Some(tab.clone());
                reply = PlainText::new(NextSteps::new(info.session_id.as_deref(), &text));
                // A session in the middle of a turn is not possible here: submit right away.
                let _ = handle.commands.send(Command::Submit(text.clone()));
                submitted = true;
                spinner = Spinner::new(spin);
            }
            Event::AssistantDelta(t) if !json_mode => {
                let shown = reply.push(t);
                if !shown.is_empty() {
                    out.write_all(shown.as_bytes())?;
                    out.flush()?;
                    ends_with_newline = shown.ends_with('\n');
                }
            }
            Event::AssistantDone(state) if !json_mode => {
                mark_reply(state, &mut worse);
                let shown = reply.finish();
                out.write_all(shown.as_bytes())?;
                if !shown.is_empty() {
                    ends_with_newline = shown.ends_with('\n');
                }
                if !ends_with_newline {
                    writeln!(out)?;
                    ends_with_newline = true;
                }
                out.flush()?;
            }
            Event::ToolRan { summary, .. } if !json_mode => {
                writeln!(err, "· {}", reply.steps().plain(summary))?
            }
            Event::Notice(n) if !json_mode => writeln!(err, "maya: {}", reply.steps().plain(n))?,
            Event::TabChanged(v) => last_tab = Some(v.clone()),
            Event::AssistantDone(state) => mark_reply(state, &mut worse),
            Event::InputBlocked { family, .. } => {
                worse(AskOutcome::Blocked);
                if !json_mode {
                    writeln!(err, "maya: the message was blocked ({family})")?;
                }
            }
            Event::Refused { reason } => {
                worse(AskOutcome::Failed);
                if !json_mode {
                    writeln!(err, "maya: {}", reply.steps().plain(reason))?;
                }
                let _ = handle.commands.send(Command::Quit);
            }
            Event::Error { message, hint } => {
                worse(AskOutcome::Failed);
                if !json_mode {
                    writeln!(err, "maya: {}", reply.steps().plain(message))?;
                    // The bar's hints name its keys; ask's say which command to run. A step
                    // only the bar's keys can take has nothing to offer here.
                    if let Some(h) = hint.and_then(|h| reply.steps().say(h)) {
                        writeln!(err, "      {h}")?;
                    }
                }
            }
            Event::ConsentRequest { prompt } => {
                // Nobody is there to answer: decline, say so, and exit non-zero.
                worse(AskOutcome::Declined);
                if !json_mode {
                    writeln!(
                        err,
                        "maya: {prompt} — declined (no one to ask in `maya ask`)"
                    )?;
                }
                let _ = handle
                    .commands
                    .send(Command::AnswerConsent { allow: false });
            }
            Event::PaymentLink {
                url,
                amount,
                simulated,
                ..
            } if !json_mode => {
                let bar = &reply.steps().bar;
                if *simulated {
                    // The simulated link is not a real page: it is settled in the bar.
                    writeln!(
                        err,
                        "maya: the check is out: {amount} (simulated payment); settle it in the bar with {bar}"
                    )?;
                } else {
                    writeln!(
                        err,
                        "maya: pay {amount} at {url} (or use the test card in the bar: {bar})"
                    )?;
                }
            }
            // Leave once the reply has been spoken (at once when voice is off).
            Event::TurnFinished if submitted => {
                let _ = handle.commands.send(Command::AwaitSpeech);
            }
            Event::SpeechDone => {
                let _ = handle.commands.send(Command::Quit);
            }
            Event::Closed => break,
            _ => {}
        }
    }
    if json_mode && let Some(tab) = last_tab {
        writeln!(out, "{}", json!({"event": "tab", "tab": tab_json(&tab)}))?;
    }
    out.flush()?;
    let _ = handle.task.await;
    Ok(outcome)
}

/// A reply that ended badly makes the turn's outcome worse.
fn mark_reply(state: &ReplyState, worse: &mut impl FnMut(AskOutcome)) {
    match state {
        ReplyState::Blocked => worse(AskOutcome::Blocked),
        ReplyState::Interrupted => worse(AskOutcome::Failed),
        _ => {}
    }
}

/// One line of `--json` output per event worth scripting against.
pub fn event_json(event: &Event) -> Option<Value> {
    Some(match event {
        Event::Ready { info, .. } => json!({"event": "ready", "provider": info.provider,
            "model": info.model, "offline": info.offline, "session": info.session_id}),
        Event::TurnStarted { user_text } => json!({"event": "turn_started", "text": user_text}),
        Event::RetryStarted => json!({"event": "retry_started"}),
        Event::Refused { reason } => json!({"event": "refused", "reason": reason}),
        Event::InputBlocked { family, .. } => json!({"event": "blocked", "family": family}),
        Event::AssistantDelta(t) => json!({"event": "delta", "text": t}),
        Event::AssistantDone(state) => json!({"event": "reply_done", "state": state}),
        Event::ToolRan { summary, ok } => json!({"event": "tool", "summary": summary, "ok": ok}),
        Event::TabChanged(v) => json!({"event": "tab_changed", "tab": tab_json(v)}),
        Event::ConsentRequest { prompt } => {
            json!({"event": "consent", "prompt": prompt, "answer": "declined"})
        }
        Event::PaymentLink {
            url,
            amount,
            simulated,
            ..
        } => json!({"event": "payment_link",
            "url": url, "amount": amount.to_string(), "simulated": simulated}),
        Event::PaymentStatus(p) => json!({"event": "payment_status", "status": match p {
            PaymentProgress::Creating => "creating",
            PaymentProgress::Waiting => "waiting",
            PaymentProgress::Charging => "charging",
            PaymentProgress::Paid { .. } => "paid",
            PaymentProgress::Failed { .. } => "failed",
            PaymentProgress::Expired => "expired",
            PaymentProgress::Cancelled => "cancelled",
        }}),
        Event::Receipt(r) => {
            json!({"event": "receipt", "total": r.total.to_string(), "reference": r.reference})
        }
        Event::Retrying {
            attempt,
            max_attempts,
            delay_ms,
            ..
        } => json!({"event": "retrying",
            "attempt": attempt, "max_attempts": max_attempts, "delay_ms": delay_ms}),
        Event::Usage(u) => {
            json!({"event": "usage", "input_tokens": u.input_tokens, "output_tokens": u.output_tokens})
        }
        Event::Notice(n) => json!({"event": "notice", "text": n}),
        Event::Saving { problem } => {
            json!({"event": "saving", "ok": problem.is_none(), "problem": problem})
        }
        Event::Error { message, hint } => {
            json!({"event": "error", "message": message, "hint": hint.map(keymap::say)})
        }
        // One turn, no greeting and no queue (see `run`): nothing to script against.
        Event::RestoreInput(_) | Event::GreetingStarted | Event::Queue { .. } => return None,
        Event::TurnFinished => json!({"event": "turn_finished"}),
        Event::Voice { engine } => {
            json!({"event": "voice", "on": engine.is_some(), "engine": engine})
        }
        Event::SpeechDone => json!({"event": "speech_done"}),
        Event::Closed => return None,
    })
}

#[cfg(test)]
mod tests;
