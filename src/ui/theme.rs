//! Colour themes: dark, light (projectors wash out dark backgrounds) and monochrome
//! (for `NO_COLOR`). Screens ask for roles, never for colours.

use ratatui::style::{Color, Modifier, Style};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum ThemeName {
    #[default]
    Dark,
    Light,
    Mono,
}

impl ThemeName {
    pub fn next(self) -> Self {
        match self {
            ThemeName::Dark => ThemeName::Light,
            ThemeName::Light => ThemeName::Mono,
            ThemeName::Mono => ThemeName::Dark,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ThemeName::Dark => "dark",
            ThemeName::Light => "light",
            ThemeName::Mono => "mono",
        }
    }

    /// The theme to use when none is asked for: mono when `NO_COLOR` is set (to anything
    /// non-empty, as no-color.org says), else dark.
    pub fn from_env(no_color: Option<&std::ffi::OsStr>) -> Self {
        match no_color {
            Some(v) if !v.is_empty() => ThemeName::Mono,
            _ => ThemeName::Dark,
        }
    }

    pub fn palette(self) -> Palette {
        match self {
            ThemeName::Dark => Palette::dark(),
            ThemeName::Light => Palette::light(),
            ThemeName::Mono => Palette::mono(),
        }
    }
}

/// Styles by role.
#[derive(Debug, Clone, Copy)]
pub struct Palette {
    pub base: Style,
    pub muted: Style,
    pub title: Style,
    pub accent: Style,
    pub selected: Style,
    pub tab_active: Style,
    pub tab: Style,
    pub border: Style,
    pub ok: Style,
    pub warn: Style,
    pub bad: Style,
    pub banner: Style,
}

impl Palette {
    fn dark() -> Self {
        let base = Style::new().fg(Color::Rgb(230, 230, 230)).bg(Color::Rgb(24, 26, 32));
        Self {
            base,
            muted: base.fg(Color::Rgb(150, 155, 165)),
            title: base.fg(Color::Rgb(255, 255, 255)).add_modifier(Modifier::BOLD),
            accent: base.fg(Color::Rgb(110, 200, 255)),
            selected: Style::new().fg(Color::Rgb(10, 10, 10)).bg(Color::Rgb(110, 200, 255)),
            tab_active: Style::new().fg(Color::Rgb(10, 10, 10)).bg(Color::Rgb(255, 200, 80)).add_modifier(Modifier::BOLD),
            tab: base.fg(Color::Rgb(200, 200, 200)),
            border: base.fg(Color::Rgb(90, 95, 110)),
            ok: base.fg(Color::Rgb(110, 220, 130)),
            warn: base.fg(Color::Rgb(255, 200, 80)),
            bad: base.fg(Color::Rgb(255, 110, 110)).add_modifier(Modifier::BOLD),
            banner: Style::new().fg(Color::Rgb(10, 10, 10)).bg(Color::Rgb(255, 200, 80)),
        }
    }

    fn light() -> Self {
        let base = Style::new().fg(Color::Rgb(20, 20, 20)).bg(Color::Rgb(252, 252, 250));
        Self {
            base,
            muted: base.fg(Color::Rgb(90, 90, 90)),
            title: base.fg(Color::Rgb(0, 0, 0)).add_modifier(Modifier::BOLD),
            accent: base.fg(Color::Rgb(0, 80, 170)),
            selected: Style::new().fg(Color::Rgb(255, 255, 255)).bg(Color::Rgb(0, 80, 170)),
            tab_active: Style::new().fg(Color::Rgb(255, 255, 255)).bg(Color::Rgb(20, 20, 20)).add_modifier(Modifier::BOLD),
            tab: base.fg(Color::Rgb(40, 40, 40)),
            border: base.fg(Color::Rgb(150, 150, 150)),
            ok: base.fg(Color::Rgb(0, 120, 40)),
            warn: base.fg(Color::Rgb(150, 90, 0)),
            bad: base.fg(Color::Rgb(190, 0, 0)).add_modifier(Modifier::BOLD),
            banner: Style::new().fg(Color::Rgb(0, 0, 0)).bg(Color::Rgb(255, 210, 90)),
        }
    }

    fn mono() -> Self {
        let base = Style::new();
        Self {
            base,
            muted: base.add_modifier(Modifier::DIM),
            title: base.add_modifier(Modifier::BOLD),
            accent: base.add_modifier(Modifier::BOLD),
            selected: base.add_modifier(Modifier::REVERSED),
            tab_active: base.add_modifier(Modifier::REVERSED | Modifier::BOLD),
            tab: base,
            border: base,
            ok: base,
            warn: base.add_modifier(Modifier::BOLD),
            bad: base.add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            banner: base.add_modifier(Modifier::REVERSED),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_color_means_mono_and_mono_has_no_colours() {
        assert_eq!(ThemeName::from_env(Some("1".as_ref())), ThemeName::Mono);
        assert_eq!(ThemeName::from_env(Some("".as_ref())), ThemeName::Dark);
        assert_eq!(ThemeName::from_env(None), ThemeName::Dark);
        let p = ThemeName::Mono.palette();
        for s in [p.base, p.muted, p.title, p.accent, p.selected, p.ok, p.warn, p.bad, p.banner] {
            assert_eq!((s.fg, s.bg), (None, None));
        }
    }
}
