//! The command line. `maya` alone opens the bar; subcommands are for scripts and setup.

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::config::ProviderKind;

#[derive(Debug, Parser)]
#[command(
    name = "maya",
    version,
    about = "Maya, the bartender of MOK 5-ha: a terminal bar with a live tab, tips and test-mode payments",
    long_about = "Maya, the bartender of MOK 5-ha, in your terminal.\n\n\
        Run `maya` to open the bar. With no API key Maya runs as the offline house bartender and \
        payments are simulated; `maya keys set gemini` (or openai, anthropic, stripe) connects the real thing; \
        `maya --voice` reads Maya's replies aloud.",
    after_help = "Files: `maya config path` shows where the config lives. Logs go to the state directory.",
    after_long_help = "Files: `maya config path` shows where the config lives. Logs go to the state directory.\n\n\
        Exit status: 0 on success; 1 when a command fails; 2 on a usage error (a wrong flag or \
        value). `maya ask`, `maya scan` and `maya doctor` say more in their own --help.\n\n\
        Shell completions: `maya completions bash|zsh|fish|elvish|powershell`; the manual: `maya man`."
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Args, Clone, Default)]
pub struct GlobalArgs {
    /// Which model provider to use (default: from config, else auto).
    #[arg(long, global = true, value_enum)]
    pub provider: Option<ProviderArg>,

    /// Model name for the provider.
    #[arg(long, global = true)]
    pub model: Option<String>,

    /// Which stored key to send to the provider's base_url, e.g. openai:openrouter (default:
    /// from config; a provider's own key goes only to its own host).
    #[arg(long, global = true, value_name = "NAME")]
    pub key: Option<String>,

    /// Continue a saved session: its id, a unique prefix of it, or `last`.
    #[arg(long, global = true, value_name = "SESSION")]
    pub resume: Option<String>,

    /// Maya reads her replies aloud (F5 toggles it in the bar; engine in [voice] of the config).
    #[arg(long, global = true)]
    pub voice: bool,

    /// Write the spoken reply to this WAV file instead of playing it (implies --voice).
    #[arg(long, global = true, value_name = "FILE")]
    pub voice_out: Option<String>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ProviderArg {
    Auto,
    House,
    Gemini,
    Openai,
    Anthropic,
}

impl From<ProviderArg> for ProviderKind {
    fn from(p: ProviderArg) -> Self {
        match p {
            ProviderArg::Auto => ProviderKind::Auto,
            ProviderArg::House => ProviderKind::House,
            ProviderArg::Gemini => ProviderKind::Gemini,
            ProviderArg::Openai => ProviderKind::Openai,
            ProviderArg::Anthropic => ProviderKind::Anthropic,
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// One turn without the full-screen bar, for scripts, pipes and screen readers.
    #[command(after_help = ASK_HELP)]
    Ask {
        /// What to say to Maya; `-` reads it from stdin. Text piped in is appended to it.
        text: Option<String>,
        /// One JSON event per line instead of plain text, ending with the tab.
        #[arg(long)]
        json: bool,
    },
    /// List, show, remove and prune saved sessions.
    #[command(subcommand)]
    Sessions(SessionsCommand),
    /// Print the menu, grouped by category.
    Menu {
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Show or create the configuration file.
    #[command(subcommand)]
    Config(ConfigCommand),
    /// Check the setup: paths, the provider `auto` would pick and why, and whether each key is
    /// accepted (costs no tokens).
    #[command(
        after_help = "Exit status: 0 when no key was rejected (an unreachable service \
        is not a rejection); 1 when a key was rejected or the check could not run; 2 on a usage error."
    )]
    Doctor {
        /// Print one JSON object instead of text (the shape is in docs/json.md).
        #[arg(long)]
        json: bool,
    },
    /// Run the safety scanner over stdin (plain lines, or JSONL with a `text` field) and print
    /// one verdict per line, to tune the `[security]` thresholds.
    #[command(
        after_help = "Exit status: 0 when every line passed; 1 when any line was blocked; \
        2 on a usage error or when stdin could not be read."
    )]
    Scan {
        /// One JSON object per line instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Store your own API keys, encrypted (gemini, openai, anthropic, stripe, cartesia,
    /// openai:<label>).
    #[command(subcommand)]
    Keys(KeysCommand),
    /// Print a shell completion script: `maya completions bash > ~/.local/share/bash-completion/completions/maya`.
    Completions {
        /// The shell to complete in.
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff), or write it and one page per command into a directory:
    /// `maya man --dir ~/.local/share/man/man1`.
    Man {
        /// Write maya.1, maya-ask.1, maya-sessions.1, … into this directory instead.
        #[arg(long, value_name = "DIR")]
        dir: Option<std::path::PathBuf>,
    },
}

const ASK_HELP: &str = "Reading stdin: when stdin is not a terminal (or the text is `-`), what \
    arrives there (up to 256 KiB of UTF-8) is appended to the text after a blank line, so \
    `git diff | maya ask \"what would you pour for this?\"` works. Use `< /dev/null` to skip it.\n\n\
    Until the first word of the reply, a spinner turns on stderr when stderr is a terminal, \
    unless the reply is piped to another program or --json is given.\n\n\
    Exit status: 0 when Maya answered; 1 when the turn failed (the provider, the network, a \
    refusal); 2 on a usage error; 3 when the safety scanner blocked the message or the reply; \
    4 when Maya asked before spending and nobody was there to allow it (declined).";

#[derive(Debug, Subcommand)]
pub enum KeysCommand {
    /// Store a key: typed at a hidden prompt, or piped on stdin (never an argument, so it never
    /// lands in shell history): `printf %s "$KEY" | maya keys set gemini`.
    Set {
        /// gemini, openai, anthropic, stripe, cartesia, or openai:<label>
        name: String,
        /// Also check the key with the provider (costs no tokens).
        #[arg(long)]
        check: bool,
    },
    /// List stored keys, masked, with where each comes from.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Remove a stored key.
    Rm { name: String },
    /// Print the path of the encrypted vault.
    Path,
    /// New master secret and salt; every key re-encrypted.
    Rotate,
    /// Move an unreadable vault aside as .bak and start over (asks first).
    Reset {
        /// Do not ask for confirmation.
        #[arg(long)]
        yes: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum SessionsCommand {
    /// Saved sessions, newest first.
    List {
        #[arg(long)]
        json: bool,
    },
    /// A session's transcript as plain text.
    Show {
        session: String,
        /// Print one JSON object instead of text (the shape is in docs/json.md).
        #[arg(long)]
        json: bool,
    },
    /// Remove sessions (asks first unless --yes).
    Rm {
        #[arg(required = true)]
        sessions: Vec<String>,
        #[arg(long)]
        yes: bool,
    },
    /// Remove sessions not used for a while, e.g. `--older-than 30d`.
    Prune {
        /// A number and a unit: s (seconds), m (minutes), h (hours), d (days), w (weeks).
        #[arg(long, value_name = "AGE", value_parser = parse_age)]
        older_than: Age,
    },
}

#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Print the path of the config file.
    Path,
    /// Print the configuration in effect (defaults, file, environment and flags merged).
    Show {
        /// Print one JSON object instead of TOML (the shape is in docs/json.md).
        #[arg(long)]
        json: bool,
    },
    /// Write the documented example config to the config directory (never overwrites).
    Init,
}

/// An age as typed (`30d`) and what it means.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Age {
    pub text: String,
    pub duration: std::time::Duration,
}

/// `--older-than`: a whole number and one unit.
pub fn parse_age(s: &str) -> Result<Age, String> {
    crate::session::catalog::parse_age(s)
        .map(|duration| Age {
            text: s.trim().to_string(),
            duration,
        })
        .ok_or_else(|| {
            "expected a whole number and a unit: s (seconds), m (minutes), h (hours), \
             d (days) or w (weeks), e.g. 30d, 12h or 2w"
                .to_string()
        })
}
