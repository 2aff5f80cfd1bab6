//! The `maya` binary: parse the command line, dispatch, and render errors for people.

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;

use maya::bar::Menu;
use maya::cli::{Cli, Command, ConfigCommand, KeysCommand};
use maya::commands::{config_cmd, menu_cmd};
use maya::config::{Config, Overrides, Paths};

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            let _ = writeln!(std::io::stderr(), "maya: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let paths = Paths::resolve()?;
    let overrides = Overrides {
        provider: cli.global.provider.map(Into::into),
        model: cli.global.model.clone(),
        base_url: None,
    };
    let config = Config::load(&paths, &overrides)?;
    let mut out = std::io::stdout().lock();
    match cli.command {
        Some(Command::Menu { json }) => {
            let menu = load_menu(&config)?;
            menu_cmd::run(&menu, json, &mut out)?;
        }
        Some(Command::Config(ConfigCommand::Path)) => config_cmd::path(&paths, &mut out)?,
        Some(Command::Config(ConfigCommand::Show)) => config_cmd::show(&paths, &config, &mut out)?,
        Some(Command::Config(ConfigCommand::Init)) => config_cmd::init(&paths, &mut out)?,
        Some(Command::Keys(sub)) => keys(&paths, sub)?,
        None => {
            anyhow::bail!("the full-screen bar is not built yet; try `maya menu`");
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn keys(paths: &Paths, sub: KeysCommand) -> anyhow::Result<()> {
    use maya::secrets::{Confirm, KeyInput, KeysCmd};
    let (mut out, mut err) = (std::io::stdout(), std::io::stderr());
    let mut cmd = KeysCmd::new(paths, &mut out, &mut err);
    match sub {
        KeysCommand::Set { name, check } => {
            if check {
                anyhow::bail!("--check needs the provider checks, which are not built yet");
            }
            cmd.set(&name, KeyInput::detect(), None)?
        }
        KeysCommand::List { json } => cmd.list(json)?,
        KeysCommand::Rm { name } => cmd.rm(&name)?,
        KeysCommand::Path => cmd.path()?,
        KeysCommand::Rotate => cmd.rotate()?,
        KeysCommand::Reset { yes } => cmd.reset(if yes { Confirm::Yes } else { Confirm::Ask })?,
    }
    Ok(())
}

fn load_menu(config: &Config) -> anyhow::Result<Menu> {
    if config.menu.is_empty() {
        Ok(Menu::builtin())
    } else {
        Ok(Menu::from_file(std::path::Path::new(&config.menu))?)
    }
}
