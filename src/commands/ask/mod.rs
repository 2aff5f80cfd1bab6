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
use tokio::sync::mpsc::UnboundedSender;

use crate::agent::{self, AgentSetup, Command, Event, PaymentProgress, ReplyState};
use crate::bar::TabView;
use crate::money::Cents;
use crate::next_step::NextStep;
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
    // The spinner's frames and the sequence that wipes them are Maya's own, drawn straight on
    // the terminal: `err` passes on no control sequence (the sanitizer), so they bypass it.
    // Both end up on the same stderr, unbuffered, so they stay in order.
    let mut term = std::io::stderr();
    let mut ticks = tokio::time::interval(spinner::TICK);
    let mut turn = Turn::new(text, json_mode, spin);
    loop {
        let event = if turn.spinner.active() {
            tokio::select! {
                event = handle.events.recv() => event,
                _ = ticks.tick() => {
                    turn.spinner.tick(&mut term)?;
                    continue;
                }
            }
        } else {
            handle.events.recv().await
        };
        let Some(event) = event else { break };
        if turn.on_event(&event, &handle.commands, &mut term, out, err)? == Flow::Leave {
            break;
        }
    }
    if json_mode && let Some(tab) = turn.last_tab {
        writeln!(out, "{}", json!({"event": "tab", "tab": tab_json(&tab)}))?;
    }
    out.flush()?;
    let _ = handle.task.await;
    Ok(turn.outcome)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Flow {
    Go,
    Leave,
}

/// What `maya ask` knows of its one turn while the agent's events come in.
struct Turn {
    text: String,
    json_mode: bool,
    spin: bool,
    spinner: Spinner,
    outcome: AskOutcome,
    submitted: bool,
    last_tab: Option<TabView>,
    ends_with_newline: bool,
    reply: PlainText,
}

impl Turn {
    fn new(text: String, json_mode: bool, spin: bool) -> Turn {
        let reply = PlainText::new(NextSteps::new(None, &text));
        Turn {
            text,
            json_mode,
            spin,
            spinner: Spinner::new(false),
            outcome: AskOutcome::Ok,
            submitted: false,
            last_tab: None,
            ends_with_newline: true,
            reply,
        }
    }

    fn worse(&mut self, o: AskOutcome) {
        self.outcome = self.outcome.min(o);
    }

    /// One event: printed (plain or JSON), answered where the agent waits for an answer.
    fn on_event(
        &mut self,
        event: &Event,
        commands: &UnboundedSender<Command>,
        term: &mut dyn Write,
        out: &mut (dyn Write + Send),
        err: &mut (dyn Write + Send),
    ) -> std::io::Result<Flow> {
        self.spinner_before(event, term)?;
        let json_mode = self.json_mode;
        if json_mode && let Some(line) = event_json(event) {
            writeln!(out, "{line}")?;
        }
        match event {
            Event::Ready { tab, info, .. } => {
                self.last_tab = Some(tab.clone());
                self.submit(info.session_id.as_deref(), commands);
            }
            Event::AssistantDelta(t) if !json_mode => self.print_delta(t, out)?,
            Event::AssistantDone(state) if !json_mode => {
                self.mark_reply(state);
                self.print_end_of_reply(out)?;
            }
            Event::ToolRan { summary, .. } if !json_mode => {
                writeln!(err, "· {}", self.reply.steps().plain(summary))?
            }
            Event::Notice(n) if !json_mode => {
                writeln!(err, "maya: {}", self.reply.steps().plain(n))?
            }
            Event::TabChanged(v) => self.last_tab = Some(v.clone()),
            Event::AssistantDone(state) => self.mark_reply(state),
            Event::InputBlocked { family, .. } => {
                self.worse(AskOutcome::Blocked);
                if !json_mode {
                    writeln!(err, "maya: the message was blocked ({family})")?;
                }
            }
            Event::Refused { reason } => {
                self.worse(AskOutcome::Failed);
                if !json_mode {
                    writeln!(err, "maya: {}", self.reply.steps().plain(reason))?;
                }
                let _ = commands.send(Command::Quit);
            }
            Event::Error { message, hint } => {
                self.worse(AskOutcome::Failed);
                if !json_mode {
                    self.print_error(message, *hint, err)?;
                }
            }
            Event::ConsentRequest { prompt } => {
                // Nobody is there to answer: decline, say so, and exit non-zero.
                self.worse(AskOutcome::Declined);
                if !json_mode {
                    writeln!(
                        err,
                        "maya: {prompt} — declined (no one to ask in `maya ask`)"
                    )?;
                }
                let _ = commands.send(Command::AnswerConsent { allow: false });
            }
            Event::PaymentLink {
                url,
                amount,
                simulated,
                ..
            } if !json_mode => self.print_payment_link(url, *amount, *simulated, err)?,
            // Leave once the reply has been spoken (at once when voice is off).
            Event::TurnFinished if self.submitted => {
                let _ = commands.send(Command::AwaitSpeech);
            }
            Event::SpeechDone => {
                let _ = commands.send(Command::Quit);
            }
            Event::Closed => return Ok(Flow::Leave),
            _ => {}
        }
        Ok(Flow::Go)
    }

    /// The bar is ready: the message goes. A session in the middle of a turn is not possible
    /// here, so it goes right away.
    fn submit(&mut self, session: Option<&str>, commands: &UnboundedSender<Command>) {
        self.reply = PlainText::new(NextSteps::new(session, &self.text));
        let _ = commands.send(Command::Submit(self.text.clone()));
        self.submitted = true;
        self.spinner = Spinner::new(self.spin);
    }

    /// Whatever comes next may print: the spinner's line goes first. It stops for good at the
    /// first word of the reply or the end of the turn.
    fn spinner_before(&mut self, event: &Event, term: &mut dyn Write) -> std::io::Result<()> {
        self.spinner.clear(term)?;
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
            self.spinner.stop(term)?;
        }
        Ok(())
    }

    fn print_delta(&mut self, delta: &str, out: &mut (dyn Write + Send)) -> std::io::Result<()> {
        let shown = self.reply.push(delta);
        if !shown.is_empty() {
            out.write_all(shown.as_bytes())?;
            out.flush()?;
            self.ends_with_newline = shown.ends_with('\n');
        }
        Ok(())
    }

    /// The rest of the reply, and the line it ends on.
    fn print_end_of_reply(&mut self, out: &mut (dyn Write + Send)) -> std::io::Result<()> {
        let shown = self.reply.finish();
        out.write_all(shown.as_bytes())?;
        if !shown.is_empty() {
            self.ends_with_newline = shown.ends_with('\n');
        }
        if !self.ends_with_newline {
            writeln!(out)?;
            self.ends_with_newline = true;
        }
        out.flush()
    }

    fn print_error(
        &self,
        message: &str,
        hint: Option<NextStep>,
        err: &mut (dyn Write + Send),
    ) -> std::io::Result<()> {
        writeln!(err, "maya: {}", self.reply.steps().plain(message))?;
        // The bar's hints name its keys; ask's say which command to run. A step only the
        // bar's keys can take has nothing to offer here.
        if let Some(h) = hint.and_then(|h| self.reply.steps().say(h)) {
            writeln!(err, "      {h}")?;
        }
        Ok(())
    }

    fn print_payment_link(
        &self,
        url: &str,
        amount: Cents,
        simulated: bool,
        err: &mut (dyn Write + Send),
    ) -> std::io::Result<()> {
        let bar = &self.reply.steps().bar;
        if simulated {
            // The simulated link is not a real page: it is settled in the bar.
            writeln!(
                err,
                "maya: the check is out: {amount} (simulated payment); settle it in the bar with {bar}"
            )
        } else {
            writeln!(
                err,
                "maya: pay {amount} at {url} (or use the test card in the bar: {bar})"
            )
        }
    }

    /// A reply that ended badly makes the turn's outcome worse.
    fn mark_reply(&mut self, state: &ReplyState) {
        match state {
            ReplyState::Blocked => self.worse(AskOutcome::Blocked),
            ReplyState::Interrupted => self.worse(AskOutcome::Failed),
            _ => {}
        }
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
#[path = "ask_tests.rs"]
mod tests;
