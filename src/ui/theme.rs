//! Colours and emphasis. The basic 16-colour ANSI palette only, so every terminal renders the
//! same thing; with NO_COLOR (or `ui.color = "never"`) emphasis falls back to bold, dim,
//! italic, underline and reverse video.

use ratatui::style::{Color, Modifier, Style};

use crate::bar::BalanceLevel;
use crate::config::ColorChoice;

#[derive(Clone, Copy, Debug)]
pub struct Theme {
    pub color: bool,
}

impl Theme {
    /// `NO_COLOR` present and non-empty turns colour off, unless the config forces it on.
    pub fn new(choice: ColorChoice, no_color_env: bool) -> Theme {
        let color = match choice {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => !no_color_env,
        };
        Theme { color }
    }

    pub fn from_env(choice: ColorChoice) -> Theme {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Theme::new(choice, no_color)
    }

    fn fg(&self, c: Color) -> Style {
        if self.color {
            Style::default().fg(c)
        } else {
            Style::default()
        }
    }

    pub fn base(&self) -> Style {
        Style::default()
    }
    pub fn dim(&self) -> Style {
        Style::default().add_modifier(Modifier::DIM)
    }
    pub fn bold(&self) -> Style {
        Style::default().add_modifier(Modifier::BOLD)
    }
    pub fn accent(&self) -> Style {
        self.fg(Color::Yellow).add_modifier(Modifier::BOLD)
    }
    pub fn maya(&self) -> Style {
        self.fg(Color::Magenta).add_modifier(Modifier::BOLD)
    }
    pub fn guest(&self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }
    pub fn tool(&self) -> Style {
        self.fg(Color::Green).add_modifier(Modifier::DIM)
    }
    pub fn notice(&self) -> Style {
        Style::default().add_modifier(Modifier::DIM | Modifier::ITALIC)
    }
    pub fn error(&self) -> Style {
        if self.color {
            Style::default().fg(Color::Red).add_modifier(Modifier::BOLD)
        } else {
            Style::default().add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
        }
    }
    pub fn code(&self) -> Style {
        if self.color {
            Style::default().fg(Color::Yellow)
        } else {
            Style::default().add_modifier(Modifier::UNDERLINED)
        }
    }
    pub fn border(&self) -> Style {
        self.fg(Color::DarkGray)
    }
    pub fn title(&self) -> Style {
        self.fg(Color::Magenta).add_modifier(Modifier::BOLD)
    }
    pub fn status_bar(&self) -> Style {
        if self.color {
            Style::default().fg(Color::Black).bg(Color::Magenta)
        } else {
            Style::default().add_modifier(Modifier::REVERSED)
        }
    }
    /// A selected tip button.
    pub fn selected(&self) -> Style {
        if self.color {
            Style::default()
                .fg(Color::Black)
                .bg(Color::Yellow)
                .add_modifier(Modifier::BOLD)
        } else {
            Style::default().add_modifier(Modifier::REVERSED | Modifier::BOLD)
        }
    }
    pub fn button(&self) -> Style {
        self.fg(Color::Yellow)
    }
    /// A figure that just changed.
    pub fn pulse(&self) -> Style {
        Style::default().add_modifier(Modifier::REVERSED | Modifier::BOLD)
    }
    pub fn badge(&self) -> Style {
        if self.color {
            Style::default()
                .fg(Color::Black)
                .bg(Color::Yellow)
                .add_modifier(Modifier::BOLD)
        } else {
            Style::default().add_modifier(Modifier::REVERSED | Modifier::BOLD)
        }
    }
    pub fn success(&self) -> Style {
        self.fg(Color::Green).add_modifier(Modifier::BOLD)
    }
    pub fn balance(&self, level: BalanceLevel) -> Style {
        match level {
            BalanceLevel::Ok => self.bold(),
            BalanceLevel::Low if self.color => Style::default()
                .fg(Color::Yellow)
                .add_modifier(Modifier::BOLD),
            BalanceLevel::Low => self.bold().add_modifier(Modifier::UNDERLINED),
            BalanceLevel::Empty => self.error(),
        }
    }
}
