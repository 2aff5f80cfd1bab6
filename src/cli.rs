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
        payments are simulated; `maya keys set gemini` (or openai, anthropic, stripe) connects the real thing.",
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
    /// Print the menu, grouped by category.
    Menu {
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Show or create the configuration file.
    #[command(subcommand)]
    Config(ConfigCommand),
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
