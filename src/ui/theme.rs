//! Styles. Everything that carries meaning is also carried by a modifier (reverse, bold,
//! underline) so the screens stay usable on a monochrome terminal: colour is only ever added
//! on top, so there is no separate monochrome mode to choose (a terminal without colour, or
//! one run with NO_COLOR by its own settings, shows the same screens by modifiers alone).
//! Each meaning has its own modifiers: a heading is bold; an error bold and underlined; a
//! selection reversed; a marker for an invisible character reversed against whatever it
//! stands in (see [`marked`]), so it shows inside an underlined input and a reversed row.

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
    Style::new().fg(Color::Red).add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
}

pub fn hint() -> Style {
    Style::new().add_modifier(Modifier::DIM)
}

/// A visible stand-in for an invisible character (LRM, RLM, a control): set apart so it
/// cannot pass for text.
pub fn marker() -> Style {
    Style::new().fg(Color::Yellow).add_modifier(Modifier::REVERSED)
}

/// `style` as a marker drawn in it shows: reversed, or back to plain video where the text
/// around it already is reversed (a selected row), so it differs from its neighbours either way.
pub fn marked(style: Style) -> Style {
    if style.add_modifier.contains(Modifier::REVERSED) {
        style.fg(Color::Yellow).remove_modifier(Modifier::REVERSED).add_modifier(Modifier::UNDERLINED)
    } else {
        style.patch(marker())
    }
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
