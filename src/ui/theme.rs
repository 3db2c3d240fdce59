//! Styles. Everything that carries meaning is also carried by a modifier (reverse, bold,
//! underline) so the screens stay usable on a monochrome terminal.

use ratatui::style::{Color, Modifier, Style};

pub fn title_bar() -> Style {
    Style::new().add_modifier(Modifier::REVERSED)
}

pub fn selected() -> Style {
    Style::new().add_modifier(Modifier::REVERSED)
}

pub fn key() -> Style {
    Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD)
}

pub fn heading() -> Style {
    Style::new().add_modifier(Modifier::BOLD)
}

pub fn error() -> Style {
    Style::new().fg(Color::Red).add_modifier(Modifier::BOLD)
}

pub fn hint() -> Style {
    Style::new().add_modifier(Modifier::DIM)
}

/// A visible stand-in for an invisible character (LRM, RLM, a control): set apart so it
/// cannot pass for text.
pub fn marker() -> Style {
    Style::new().fg(Color::Yellow).add_modifier(Modifier::UNDERLINED)
}

pub fn status(error: bool) -> Style {
    if error { self::error() } else { Style::new().add_modifier(Modifier::BOLD) }
}

pub fn input(focused: bool) -> Style {
    if focused {
        Style::new().add_modifier(Modifier::UNDERLINED | Modifier::BOLD)
    } else {
        Style::new().add_modifier(Modifier::UNDERLINED)
    }
}
