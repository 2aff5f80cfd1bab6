//! The `maya` binary: parse the command line, dispatch, and render errors for people.

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;

use maya::cli::{Cli, Command, ConfigCommand, KeysCommand, SessionsCommand};
use maya::commands::{ask, config_cmd, doctor_cmd, menu_cmd, scan_cmd, sessions_cmd};
use maya::config::{Config, Overrides, Paths};
use maya::startup::{self, LaunchOptions};
use maya::terminal::{CleanWriter, sanitize_line};

fn main() -> ExitCode {
    maya::allocator::tune();
    let cli = Cli::parse();
    let mut log = None;
    // `maya scan` keeps 1 for "something was blocked", so its own failures are 2 (like grep).
    let failure = match cli.command {
        Some(Command::Scan { .. }) => ExitCode::from(2),
        _ => ExitCode::FAILURE,
    };
    match run(cli, &mut log) {
        Ok(code) => code,
        // The reader went away (`maya sessions list | head -1`): that is how pipes end, not
        // an error to report.
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            // Errors can carry text from servers: no terminal controls, no secrets.
            let text = maya::llm::http::clean(&format!("{e:#}"));
            let mut err = std::io::stderr();
            let _ = writeln!(err, "maya: {text}");
            // Not being in a terminal, or unusable stdin for `maya ask`, is fully explained by
            // its message; the log adds nothing.
            let explained = matches!(
                e.downcast_ref::<maya::ui::UiError>(),
                Some(maya::ui::UiError::NoTerminal)
            ) || e.downcast_ref::<ask::InputError>().is_some();
            if let Some(guard) = log.as_ref().filter(|_| !explained) {
                let _ = writeln!(
                    err,
                    "      details are in the log: {}",
                    maya::logging::log_file(&guard.dir).display()
                );
            }
            failure
        }
    }
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            || c.downcast_ref::<serde_json::Error>()
                .and_then(|j| j.io_error_kind())
                .is_some_and(|k| k == std::io::ErrorKind::BrokenPipe)
    })
}

/// Commands that only print (menu, config, scan) write no log; the rest log to the state dir.
fn wants_log(command: &Option<Command>) -> bool {
    !matches!(
        command,
        Some(
            Command::Menu { .. }
                | Command::Config(_)
                | Command::Scan { .. }
                | Command::Completions { .. }
                | Command::Man { .. }
        )
    )
}

fn run(cli: Cli, log: &mut Option<maya::logging::LogGuard>) -> anyhow::Result<ExitCode> {
    if print_generated(&cli.command)? {
        return Ok(ExitCode::SUCCESS);
    }
    let paths = Paths::resolve()?;
    if wants_log(&cli.command) {
        match maya::logging::init(&paths.log_dir()) {
            Ok(guard) => *log = Some(guard),
            Err(e) => eprintln!(
                "maya: logging is off: {}",
                maya::llm::http::clean(&e.to_string())
            ),
        }
    }
    let config = Config::load(&paths, &overrides(&cli))?;
    // Everything a command prints passes the terminal sanitizer: files and servers can put
    // anything in the text they hand over, and no command may pass a control sequence on.
    let mut out = CleanWriter::new(std::io::stdout().lock());
    match cli.command {
        Some(Command::Ask { text, json }) => {
            drop(out);
            let text = ask_message(text)?;
            return ask_once(&paths, &config, cli.global.resume, text, json);
        }
        Some(Command::Sessions(sub)) => sessions(&paths, &config, sub, &mut out)?,
        Some(Command::Menu { json }) => {
            let menu = startup::load_menu(&config, &paths)?;
            menu_cmd::run(&menu, json, &mut out)?;
        }
        Some(Command::Scan { json }) => {
            let totals = scan_cmd::run(
                &config.security,
                &mut std::io::stdin().lock(),
                json,
                &mut out,
            )?;
            eprintln!("{} lines scanned, {} blocked", totals.lines, totals.blocked);
            if totals.blocked > 0 {
                return Ok(ExitCode::from(1));
            }
        }
        Some(Command::Config(ConfigCommand::Path)) => config_cmd::path(&paths, &mut out)?,
        Some(Command::Config(ConfigCommand::Show { json })) => {
            config_cmd::show(&paths, &config, json, &mut out)?
        }
        Some(Command::Config(ConfigCommand::Init)) => config_cmd::init(&paths, &mut out)?,
        Some(Command::Keys(sub)) => keys(&paths, &config, sub)?,
        Some(Command::Doctor { json }) => {
            let keys = startup::key_store(&paths);
            let findings =
                runtime()?.block_on(doctor_cmd::run(&paths, &config, &keys, json, &mut out))?;
            if !findings.rejected.is_empty() {
                return Ok(ExitCode::FAILURE);
            }
        }
        Some(Command::Completions { .. } | Command::Man { .. }) => {}
        None => {
            drop(out);
            return open_bar(&paths, &config, cli.global.resume);
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `maya completions` and `maya man`, generated from the command line's definition alone: no
/// config, paths or log needed. False for every other command.
fn print_generated(command: &Option<Command>) -> anyhow::Result<bool> {
    match command {
        Some(Command::Completions { shell }) => {
            let mut cmd = <Cli as clap::CommandFactory>::command();
            let mut out = CleanWriter::new(std::io::stdout());
            clap_complete::generate(*shell, &mut cmd, "maya", &mut out);
        }
        Some(Command::Man { dir }) => {
            // No `help` subcommand in the manual: it is not a page of its own.
            let cmd = <Cli as clap::CommandFactory>::command().disable_help_subcommand(true);
            match dir {
                None => {
                    clap_mangen::Man::new(cmd).render(&mut CleanWriter::new(std::io::stdout()))?
                }
                Some(dir) => {
                    std::fs::create_dir_all(dir)
                        .and_then(|()| clap_mangen::generate_to(cmd, dir))
                        .map_err(|e| {
                            anyhow::anyhow!("cannot write the manual to {}: {e}", dir.display())
                        })?;
                    println!(
                        "wrote the manual pages to {}",
                        sanitize_line(&dir.display().to_string())
                    );
                }
            }
        }
        _ => return Ok(false),
    }
    Ok(true)
}

/// The flags that sit over the config file and the environment.
fn overrides(cli: &Cli) -> Overrides {
    Overrides {
        provider: cli.global.provider.map(Into::into),
        model: cli.global.model.clone(),
        base_url: None,
        key: cli.global.key.clone(),
        voice: (cli.global.voice || cli.global.voice_out.is_some()).then_some(true),
        voice_out: cli.global.voice_out.clone(),
    }
}

/// `maya ask`'s message, from its argument or piped stdin.
fn ask_message(text: Option<String>) -> anyhow::Result<String> {
    match ask::message(text, &mut std::io::stdin().lock(), ask::stdin_is_piped()) {
        Ok(text) => Ok(text),
        // Nothing to say is a usage error: clap's message, usage line and status 2.
        Err(e @ ask::InputError::Nothing) => {
            let mut cmd = <Cli as clap::CommandFactory>::command();
            cmd.build();
            let mut ask_cmd = cmd.find_subcommand("ask").cloned().unwrap_or(cmd);
            ask_cmd
                .error(clap::error::ErrorKind::MissingRequiredArgument, e)
                .exit()
        }
        Err(e) => Err(e.into()),
    }
}

fn sessions(
    paths: &Paths,
    config: &Config,
    sub: SessionsCommand,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let menu = std::sync::Arc::new(startup::load_menu(config, paths)?);
    let dir = paths.sessions_dir();
    match sub {
        SessionsCommand::List { json } => sessions_cmd::list(&dir, &menu, json, out)?,
        SessionsCommand::Show { session, json } => {
            sessions_cmd::show(&dir, &menu, &session, json, out)?
        }
        SessionsCommand::Rm { sessions, yes } => sessions_cmd::rm(&dir, &sessions, yes, out)?,
        SessionsCommand::Prune { older_than } => sessions_cmd::prune(&dir, &older_than, out)?,
    }
    Ok(())
}

fn keys(paths: &Paths, config: &Config, sub: KeysCommand) -> anyhow::Result<()> {
    use maya::commands::keys_cmd::{Confirm, KeyInput, KeysCmd};
    let (mut out, mut err) = (
        CleanWriter::new(std::io::stdout()),
        CleanWriter::new(std::io::stderr()),
    );
    let mut cmd = KeysCmd::new(paths, &mut out, &mut err);
    match sub {
        KeysCommand::Set { name, check } => {
            let rt = runtime()?;
            let live = |name: &str, key: &secrecy::SecretString| {
                use maya::llm::KeyCheck;
                match rt.block_on(doctor_cmd::check_key(config, name, Some(key.clone()))) {
                    KeyCheck::Accepted => Ok(format!("{name} accepted the key")),
                    KeyCheck::Rejected(m) => Err(format!("{name} rejected the key: {m}")),
                    KeyCheck::Unreachable(m) => {
                        Err(format!("could not reach {name} to check the key: {m}"))
                    }
                }
            };
            cmd.set(&name, KeyInput::detect(), check.then_some(&live as &_))?
        }
        KeysCommand::List { json } => cmd.list(json)?,
        KeysCommand::Rm { name } => cmd.rm(&name)?,
        KeysCommand::Path => cmd.path()?,
        KeysCommand::Rotate => cmd.rotate()?,
        KeysCommand::Reset { yes } => cmd.reset(if yes { Confirm::Yes } else { Confirm::Ask })?,
    }
    Ok(())
}

fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    Ok(tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?)
}

/// `maya`: the full-screen bar.
fn open_bar(paths: &Paths, config: &Config, resume: Option<String>) -> anyhow::Result<ExitCode> {
    use std::io::IsTerminal;
    if !std::io::stdin().is_terminal() || !std::io::stdout().is_terminal() {
        return Err(maya::ui::UiError::NoTerminal.into());
    }
    let rt = runtime()?;
    let session = rt.block_on(async {
        let launch = startup::prepare(
            paths,
            config,
            LaunchOptions {
                resume,
                greet: true,
            },
        )
        .await?;
        let handle = maya::agent::spawn_saying(
            launch.setup,
            Some(launch.voice),
            std::sync::Arc::new(maya::ui::keymap::say),
        );
        let ui = maya::ui::run(&config.ui, handle.commands.clone(), handle.events).await;
        let _ = handle.commands.send(maya::agent::Command::Quit);
        let _ = tokio::time::timeout(std::time::Duration::from_secs(3), handle.task).await;
        ui.map(|unsent| {
            let id = startup::Launch::resumable(launch.session_id, launch.journal.as_deref());
            (id, unsent)
        })
        .map_err(anyhow::Error::from)
    })?;
    let (session, unsent) = session;
    if let Some(id) = &session {
        println!(
            "Goodnight from MOK 5-ha. Continue this evening with `maya --resume {}`.",
            sanitize_line(id)
        );
    }
    // The unsent words come back from the journal and the composer: shown only sanitized.
    print!(
        "{}",
        maya::terminal::sanitize(&unsent.farewell(session.as_deref()))
    );
    Ok(ExitCode::SUCCESS)
}

/// `maya ask`: one turn, printed as it streams.
fn ask_once(
    paths: &Paths,
    config: &Config,
    resume: Option<String>,
    text: String,
    json: bool,
) -> anyhow::Result<ExitCode> {
    let rt = runtime()?;
    rt.block_on(async {
        let launch = startup::prepare(
            paths,
            config,
            LaunchOptions {
                resume,
                greet: false,
            },
        )
        .await?;
        let mut out = CleanWriter::new(std::io::stdout());
        let mut err = CleanWriter::new(std::io::stderr());
        let voice = launch.voice.config.enabled.then_some(launch.voice);
        if voice.is_some() {
            // Ctrl+C or a TERM while Maya speaks ends her player too.
            tokio::spawn(async {
                let code = maya::voice::player::on_signal_kill_all().await;
                std::process::exit(code);
            });
        }
        let spinner = ask::spinner_wanted(json);
        let outcome =
            ask::run_with_voice(launch.setup, voice, text, json, spinner, &mut out, &mut err)
                .await?;
        Ok(ExitCode::from(outcome.exit_code()))
    })
}
