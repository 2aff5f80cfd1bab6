//! The agent's side of speech (see `crate::voice` for why it lives here): released text goes
//! to the speaker; a stopped, cancelled or new reply silences it. With voice off every hook is
//! one `None` check.

use super::Agent;
use super::protocol::Event;
use crate::voice::Speaker;

/// The speaker, unless voice is off or has given up; a field of its own, so the reply path can
/// speak what the guard lends it while the turn is borrowed.
pub(super) fn live(voice: &mut Option<Speaker>) -> Option<&mut Speaker> {
    if voice.as_ref().is_some_and(Speaker::is_broken) {
        *voice = None;
    }
    voice.as_mut()
}

impl Agent {
    /// The speaker, unless voice is off or has given up (the task said why).
    fn speaker(&mut self) -> Option<&mut Speaker> {
        live(&mut self.voice)
    }

    /// Voice on at the start when the config says so.
    pub(super) fn start_voice(&mut self) {
        if let Some(setup) = self.voice_setup.as_ref().filter(|s| s.config.enabled) {
            self.voice = Some(Speaker::start(setup.clone(), self.events.clone()));
        }
    }

    /// Text the guard released, as the guest sees it.
    pub(super) fn voice_released(&mut self, text: &str) {
        if let Some(s) = self.speaker() {
            s.released(text);
        }
    }

    /// The model's round ended normally: its last sentence is complete.
    pub(super) fn voice_round_done(&mut self) {
        if let Some(s) = self.speaker() {
            s.round_done();
        }
    }

    /// The provider failed: the unfinished sentence is never said; what was queued is.
    pub(super) fn voice_cut(&mut self) {
        if let Some(s) = self.speaker() {
            s.cut();
        }
    }

    /// Esc, a reply the guard stopped, a new reply: silence at once.
    pub(super) fn voice_stop(&mut self) {
        if let Some(s) = self.speaker() {
            s.stop();
        }
    }

    /// F5.
    pub(super) fn toggle_voice(&mut self) {
        if self.speaker().is_some() {
            self.voice = None;
            self.emit(Event::Voice { engine: None });
            return;
        }
        match &self.voice_setup {
            Some(setup) => {
                self.voice = Some(Speaker::start(setup.clone(), self.events.clone()));
            }
            None => self.emit(Event::Notice("Voice is not available here.".into())),
        }
    }

    pub(super) fn await_speech(&mut self) {
        match self.speaker() {
            Some(s) => s.mark(),
            None => self.emit(Event::SpeechDone),
        }
    }
}
