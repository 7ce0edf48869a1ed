//! Where an action goes: the overlay on top takes it, then the screen's open dialog; what
//! is global (quit, help, undo, the timer, switching steps, settings, export, focus, the
//! filter) is handled here; everything else is the screen's own `update`. Text that is no
//! action goes to whatever is being typed into; clicks select what is under them.

use ratatui::crossterm::event::{KeyEvent, MouseEvent, MouseEventKind};

use super::{App, Overlay};
use crate::action::Action;
use crate::document::SaveState;
use crate::effect::Effect;
use crate::keymap::Context;
use crate::model::Step;
use crate::model::text::clean_line;
use crate::model::timer::TimerState;
use crate::screen::{export, participants, save_as, settings};
use crate::ui::confirm::Confirm;

/// Runs one action where the focus is.
pub fn dispatch(app: &mut App, action: Action) -> Vec<Effect> {
    if app.overlay.is_some() {
        return overlay_action(app, action);
    }
    // A dialog on the screen takes every key its table gives.
    if app.screen.context(app.doc.as_ref()) != app.screen.help_context(app.doc.as_ref()) {
        let (screen, mut ctx, doc) = app.split();
        return screen.update(&mut ctx, doc, action);
    }
    match action {
        Action::Quit => quit(app),
        Action::Help => {
            app.overlay = Some(Overlay::Help { scroll: 0 });
            vec![]
        }
        Action::WhyNotSaved => {
            if super::not_saved::failure(app).is_some() {
                app.overlay = Some(Overlay::NotSaved);
            } else {
                app.info("nothing is waiting to be saved: the last save worked");
            }
            vec![]
        }
        Action::TogglePresent => {
            app.present = !app.present;
            let leave = app.keymap.hint(app.context(), Action::TogglePresent);
            app.info(if app.present { format!("present mode on ({leave} to leave)") } else { "present mode off".to_string() });
            vec![]
        }
        Action::CycleTheme => {
            app.theme = app.theme.next();
            app.info(format!("theme: {}", app.theme.label()));
            vec![]
        }
        Action::Undo | Action::Redo => {
            undo_redo(app, action);
            vec![]
        }
        Action::TimerToggle | Action::TimerReset | Action::TimerMore | Action::TimerLess => {
            timer_action(app, action);
            vec![]
        }
        _ if app.step().is_some() => step_action(app, action),
        _ => {
            let (screen, mut ctx, doc) = app.split();
            screen.update(&mut ctx, doc, action)
        }
    }
}

/// What the open overlay does with an action.
fn overlay_action(app: &mut App, action: Action) -> Vec<Effect> {
    let Some(overlay) = app.overlay.take() else { return vec![] };
    match overlay {
        Overlay::Help { mut scroll } => {
            match action {
                Action::Up => scroll = scroll.saturating_sub(1),
                Action::Down => scroll = scroll.saturating_add(1),
                _ => return vec![],
            }
            app.overlay = Some(Overlay::Help { scroll });
            vec![]
        }
        Overlay::MergeRecord { mut scroll } => {
            match action {
                Action::Up => scroll = scroll.saturating_sub(1),
                Action::Down => scroll = scroll.saturating_add(1),
                _ => return vec![],
            }
            app.overlay = Some(Overlay::MergeRecord { scroll });
            vec![]
        }
        Overlay::Focus(_) | Overlay::NotSaved => vec![],
        Overlay::Filter(input) => {
            if action == Action::ClearFilter {
                app.screen.set_filter(String::new());
            } else if !matches!(action, Action::Back) {
                app.overlay = Some(Overlay::Filter(input));
            }
            vec![]
        }
        Overlay::QuitUnsaved(confirm) => confirm.answer(action).map(|()| vec![Effect::Quit]).unwrap_or_default(),
        Overlay::Leave(confirm) => confirm.answer(action).map(|()| vec![Effect::Close]).unwrap_or_default(),
        Overlay::NewerCopy(question) => question.answer(app, action),
        Overlay::Settings(mut state) => {
            let (_, mut ctx, doc) = app.split();
            let done = doc.is_none_or(|doc| state.update(&mut ctx, doc, action));
            if !done {
                app.overlay = Some(Overlay::Settings(state));
            }
            vec![]
        }
        Overlay::Participants(mut state) => {
            let (_, mut ctx, doc) = app.split();
            let done = doc.is_none_or(|doc| state.update(&mut ctx, doc, action));
            if !done {
                app.overlay = Some(Overlay::Participants(state));
            }
            vec![]
        }
        Overlay::Export(mut state) => match state.update(action) {
            export::Outcome::Open => {
                app.overlay = Some(Overlay::Export(state));
                vec![]
            }
            export::Outcome::Cancelled => vec![],
            export::Outcome::Export(effect) => vec![effect],
        },
        Overlay::SaveAs(mut state) => match state.update(action) {
            save_as::Outcome::Open => {
                app.overlay = Some(Overlay::SaveAs(state));
                vec![]
            }
            save_as::Outcome::Cancelled => {
                app.error("NOT SAVED: the proposal has no file yet; the next change asks for one again");
                vec![]
            }
            save_as::Outcome::Save(effect) => vec![effect],
        },
    }
}

/// The keys every step shares: switching steps, leaving, settings, export, focus, filter.
fn step_action(app: &mut App, action: Action) -> Vec<Effect> {
    let Some(step) = app.step() else { return vec![] };
    match action {
        Action::NextStep | Action::PrevStep if app.drafting() => {
            app.go_to_step(if step == Step::Brainstorm { Step::Objectives } else { Step::Brainstorm });
        }
        Action::Settings | Action::Export if app.drafting() => {
            app.info("a proposal is saved to its file as you go; the facilitator merges it into the workshop");
        }
        Action::GoToStep(to) => app.go_to_step(to),
        Action::NextStep => app.go_to_step(Step::from_number(step.number() % 5 + 1).unwrap_or(step)),
        Action::PrevStep => app.go_to_step(Step::from_number((step.number() + 3) % 5 + 1).unwrap_or(step)),
        Action::Back if app.drafting() => return vec![Effect::Quit],
        Action::Home => return vec![Effect::Close],
        Action::Back => {
            // Back out one level first (a filter, another view, an earlier week); only at the
            // top of a step does Esc ask before leaving the room's screen.
            if !app.screen.back() {
                let Some(doc) = &app.doc else { return vec![] };
                let kept = match (&doc.read_only, &doc.save) {
                    // Leaving is refused with the reason (see `Msg::CloseRefused`): no question.
                    (None, SaveState::Failed(_)) => return vec![Effect::Close],
                    (Some(_), _) => "Nothing was changed (read-only).",
                    (None, SaveState::NotKept) => "The demo is not saved.",
                    // The demo banner: it is kept in a folder that goes when the app quits.
                    (None, _) if app.banner.is_some() => "The demo lasts until you quit.",
                    (None, _) => "Everything is saved.",
                };
                let home = app.keymap.hint(Context::Step, Action::Home);
                let message = format!("Leave {} for home? {kept} ({home} goes home without asking.)", doc.workshop().name);
                app.overlay = Some(Overlay::Leave(Confirm::new("Leave the workshop", message, ())));
            }
        }
        Action::Settings => {
            if let Some(doc) = &app.doc {
                app.overlay = Some(Overlay::Settings(Box::new(settings::State::new(doc.workshop()))));
            }
        }
        Action::Participants => {
            if let Some(doc) = &app.doc {
                app.overlay = Some(Overlay::Participants(Box::new(participants::State::new(doc.workshop()))));
            }
        }
        Action::MergeRecord => app.overlay = Some(Overlay::MergeRecord { scroll: 0 }),
        Action::Export => {
            if let Some(doc) = &app.doc {
                let slug = doc.slug.clone().unwrap_or_else(|| crate::store::slug(&doc.workshop().name));
                app.overlay = Some(Overlay::Export(Box::new(export::State::new(&slug))));
            }
        }
        Action::Focus => {
            let look = crate::ui::Look { palette: &app.theme.palette(), keymap: &app.keymap, clock: app.clock, present: app.present };
            match app.doc.as_ref().and_then(|doc| app.screen.focus(doc, &look)) {
                Some(focus) => app.overlay = Some(Overlay::Focus(focus)),
                None => app.info("nothing selected to focus"),
            }
        }
        Action::Filter => match app.screen.filter() {
            Some(current) => {
                let mut input = ratatui_textarea::TextArea::new(vec![current.to_string()]);
                input.move_cursor(ratatui_textarea::CursorMove::End);
                input.set_cursor_line_style(ratatui::style::Style::default());
                app.overlay = Some(Overlay::Filter(Box::new(input)));
            }
            None => app.info("nothing to filter on this step"),
        },
        _ => {
            let (screen, mut ctx, doc) = app.split();
            return screen.update(&mut ctx, doc, action);
        }
    }
    vec![]
}

fn quit(app: &mut App) -> Vec<Effect> {
    if let Some(SaveState::Failed(_)) = app.doc.as_ref().map(|d| &d.save) {
        let reason = super::not_saved::short(app).unwrap_or_default();
        let message = format!("Quit anyway and lose the changes? The last save failed: {reason}.");
        app.overlay = Some(Overlay::QuitUnsaved(Confirm::new("Changes are NOT SAVED", message, ())));
        return vec![];
    }
    vec![Effect::Quit]
}

fn undo_redo(app: &mut App, action: Action) {
    let Some(doc) = &mut app.doc else {
        app.info("nothing to undo on home");
        return;
    };
    if doc.read_only.is_some() {
        app.error("read-only: nothing here can change");
        return;
    }
    let label =
        if action == Action::Undo { doc.undo().map(|l| format!("undone: {l}")) } else { doc.redo().map(|l| format!("redone: {l}")) };
    let text = label.unwrap_or_else(|| (if action == Action::Undo { "nothing to undo" } else { "nothing to redo" }).to_string());
    app.info(text);
}

fn timer_action(app: &mut App, action: Action) {
    let now = app.clock.now();
    let timer = &mut app.timer;
    match action {
        Action::TimerToggle => timer.toggle(now),
        Action::TimerReset => timer.reset(),
        Action::TimerMore => timer.adjust(1),
        Action::TimerLess => timer.adjust(-1),
        _ => {}
    }
    let text = match timer.state {
        TimerState::Stopped => {
            let start = app.keymap.hint(Context::Step, Action::TimerToggle);
            format!("timer: {} ({start} starts it)", crate::model::count::count32(timer.minutes, "minute"))
        }
        TimerState::Running { .. } => format!("timebox running: {}", crate::model::count::count32(timer.minutes, "minute")),
        TimerState::Paused { .. } => format!("timer paused at {}", timer.display(now)),
    };
    app.info(text);
}

/// A key that is no action: text for the overlay or the screen's dialog.
pub fn input(app: &mut App, key: KeyEvent) {
    match &mut app.overlay {
        Some(Overlay::Filter(input)) => {
            input.input(key);
            let query = clean_line(&input.lines().join(" "));
            app.screen.set_filter(query);
        }
        Some(overlay) => {
            if let Some(dialog) = overlay.form_dialog_mut() {
                dialog.input(key);
            }
        }
        None => app.screen.input(key),
    }
}

/// Pasted text: for the overlay or the screen's dialog.
pub fn paste(app: &mut App, text: &str) {
    match &mut app.overlay {
        Some(overlay) => {
            if let Some(dialog) = overlay.form_dialog_mut() {
                dialog.paste(text);
            }
        }
        None => {
            let (screen, mut ctx, doc) = app.split();
            screen.paste(&mut ctx, doc, text);
        }
    }
}

/// Clicks on a tab switch steps; on a row, select it; the wheel scrolls.
pub fn mouse(app: &mut App, mouse: MouseEvent) -> Vec<Effect> {
    let dialog = app.screen.context(app.doc.as_ref()) != app.screen.help_context(app.doc.as_ref());
    if app.overlay.is_some() || dialog {
        return vec![];
    }
    match mouse.kind {
        MouseEventKind::ScrollDown => dispatch(app, Action::Down),
        MouseEventKind::ScrollUp => dispatch(app, Action::Up),
        MouseEventKind::Down(_) if mouse.row == 0 => {
            if let (Some(_), Some(step)) = (app.step(), super::chrome::tab_at(mouse.column, app)) {
                app.go_to_step(step);
            }
            vec![]
        }
        MouseEventKind::Down(_) => {
            app.screen.click(mouse.column, mouse.row, app.doc.as_ref());
            vec![]
        }
        _ => vec![],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::screen::{Screen, home};

    #[test]
    fn a_dialog_on_home_takes_escape_before_anything_global() {
        let mut app = App::new(crate::model::Clock::System, crate::ui::theme::ThemeName::Dark, std::path::PathBuf::new());
        assert!(matches!(app.screen, Screen::Home(_)));
        assert!(dispatch(&mut app, Action::NewWorkshop).is_empty());
        assert_eq!(app.context(), Context::Form);
        assert!(dispatch(&mut app, Action::Back).is_empty(), "Esc closes the form, it does not quit");
        let Screen::Home(home::State { dialog, .. }) = &app.screen else { panic!("still home") };
        assert!(dialog.is_none());
        assert_eq!(dispatch(&mut app, Action::Quit), vec![Effect::Quit]);
    }
}
