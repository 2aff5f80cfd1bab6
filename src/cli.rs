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
    after_help = "Files: `maya config path` shows where the config lives. Logs go to the state directory."
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
    Ask {
        /// What to say to Maya.
        text: String,
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
    Doctor,
    /// Run the safety scanner over stdin (plain lines, or JSONL with a `text` field) and print
    /// one verdict per line, to tune the `[security]` thresholds.
    Scan {
        /// One JSON object per line instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Store your own API keys, encrypted (gemini, openai, anthropic, stripe, cartesia,
    /// openai:<label>).
    #[command(subcommand)]
    Keys(KeysCommand),
}

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
    Show { session: String },
    /// Remove sessions (asks first unless --yes).
    Rm {
        #[arg(required = true)]
        sessions: Vec<String>,
        #[arg(long)]
        yes: bool,
    },
    /// Remove sessions not used for a while, e.g. `--older-than 30d`.
    Prune {
        #[arg(long, value_name = "AGE")]
        older_than: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Print the path of the config file.
    Path,
    /// Print the configuration in effect (defaults, file, environment and flags merged).
    Show,
    /// Write the documented example config to the config directory (never overwrites).
    Init,
}
