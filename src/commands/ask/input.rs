//! What `maya ask` says: the text given on the command line, with whatever is piped to stdin
//! appended after a blank line (as `llm` does), so `git diff | maya ask "what would you pour
//! for this?"` asks about the diff. stdin is bounded, must be UTF-8, and is cleaned of terminal
//! controls (colour codes from `git diff --color`, say) like a paste in the bar.

use std::io::{IsTerminal, Read};

/// The most `maya ask` reads from stdin.
pub const MAX_STDIN: usize = 256 * 1024;

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum InputError {
    #[error(
        "there is nothing to ask: give the text (`maya ask \"a negroni, please\"`) or pipe it in \
         (`echo \"a negroni, please\" | maya ask`)"
    )]
    Nothing,
    #[error(
        "stdin holds more than {} KiB; `maya ask` reads at most that much (cut it down first, \
         e.g. with `head -c 200k`)",
        MAX_STDIN / 1024
    )]
    TooLarge,
    #[error("stdin is not UTF-8 text (invalid byte at offset {0}); pipe in text only")]
    NotText(usize),
    #[error("cannot read stdin: {0}")]
    Read(String),
}

/// True when stdin is a pipe or a file rather than a person at a terminal.
pub fn stdin_is_piped() -> bool {
    !std::io::stdin().is_terminal()
}

/// The message for the turn. `text` is the command-line argument (`-` means "stdin only");
/// stdin is read when `piped` or when the text is `-`.
pub fn message(
    text: Option<String>,
    stdin: &mut dyn Read,
    piped: bool,
) -> Result<String, InputError> {
    let dash = text.as_deref() == Some("-");
    let text = text.filter(|t| !dash && !t.trim().is_empty());
    let piped_text = if piped || dash {
        read_bounded(stdin)?
    } else {
        String::new()
    };
    let piped_text = piped_text.trim_end();
    match (text, piped_text.trim().is_empty()) {
        (Some(t), true) => Ok(t),
        (Some(t), false) => Ok(format!("{t}\n\n{piped_text}")),
        (None, false) => Ok(piped_text.to_string()),
        (None, true) => Err(InputError::Nothing),
    }
}

fn read_bounded(stdin: &mut dyn Read) -> Result<String, InputError> {
    let mut raw = Vec::new();
    stdin
        .take(MAX_STDIN as u64 + 1)
        .read_to_end(&mut raw)
        .map_err(|e| InputError::Read(e.to_string()))?;
    if raw.len() > MAX_STDIN {
        return Err(InputError::TooLarge);
    }
    let text =
        String::from_utf8(raw).map_err(|e| InputError::NotText(e.utf8_error().valid_up_to()))?;
    Ok(crate::terminal::sanitize(&text).into_owned())
}

#[cfg(test)]
#[path = "input_tests.rs"]
mod tests;
