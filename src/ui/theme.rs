//! Styles. Everything that carries meaning is also carried by a modifier (reverse, bold,
//! underline) so the screens stay usable on a monochrome terminal.

use ratatui::style::{Color, Modifier, Style};
use ratatui::widgets::{Block, BorderType, Borders};

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

pub fn block(title: &str) -> Block<'_> {
    Block::new().borders(Borders::ALL).border_type(BorderType::Plain).title(title)
}

pub fn dialog_block(title: &str) -> Block<'_> {
    Block::new().borders(Borders::ALL).border_type(BorderType::Double).title(title)
}
