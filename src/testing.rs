//! Test harness: the real app and run loop on a `TestBackend` with a fixed clock, a key
//! DSL (`press("2jj<Enter>")`) and screen text. Used by unit tests, `tests/` and benches.

use std::collections::VecDeque;
use std::fmt::Write as _;
use std::path::Path;
use std::time::Duration;

use jiff::Timestamp;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};

use crate::app::App;
use crate::app::room::{Output, RoomEvent};
use crate::app::run::{Incoming, Runtime, run};
use crate::model::{Clock, Workshop};
use crate::store::Store;
use crate::ui::theme::ThemeName;

/// The date every test lives on: Saturday 21 November 2026, 10:00 UTC.
pub const TODAY: &str = "2026-11-21T10:00:00Z";

pub fn fixed_clock() -> Clock {
    Clock::Fixed(TODAY.parse::<Timestamp>().unwrap_or(Timestamp::UNIX_EPOCH))
}

/// Parses the key DSL: plain characters are typed as they are; `<Enter>`, `<Esc>`,
/// `<Tab>`, `<S-Tab>`, `<Up>`, `<Down>`, `<Left>`, `<Right>`, `<BS>`, `<Del>`, `<PgUp>`,
/// `<PgDn>`, `<Home>`, `<End>`, `<Space>`, `<lt>` (a literal `<`), `<C-x>` and `<A-x>`.
pub fn keys(dsl: &str) -> Vec<KeyEvent> {
    let mut out = Vec::new();
    let mut rest = dsl;
    while let Some(c) = rest.chars().next() {
        if c == '<'
            && let Some(end) = rest.find('>')
            && end > 1
        {
            let name = &rest[1..end];
            if let Some(key) = named_key(name) {
                out.push(key);
                rest = &rest[end + 1..];
                continue;
            }
        }
        let mods = if c.is_uppercase() { KeyModifiers::SHIFT } else { KeyModifiers::NONE };
        out.push(KeyEvent::new(KeyCode::Char(c), mods));
        rest = &rest[c.len_utf8()..];
    }
    out
}

fn named_key(name: &str) -> Option<KeyEvent> {
    let plain = |code| Some(KeyEvent::new(code, KeyModifiers::NONE));
    match name {
        "Enter" => plain(KeyCode::Enter),
        "Esc" => plain(KeyCode::Esc),
        "Tab" => plain(KeyCode::Tab),
        "S-Tab" => Some(KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT)),
        "Up" => plain(KeyCode::Up),
        "Down" => plain(KeyCode::Down),
        "Left" => plain(KeyCode::Left),
        "Right" => plain(KeyCode::Right),
        "BS" => plain(KeyCode::Backspace),
        "Del" => plain(KeyCode::Delete),
        "PgUp" => plain(KeyCode::PageUp),
        "PgDn" => plain(KeyCode::PageDown),
        "Home" => plain(KeyCode::Home),
        "End" => plain(KeyCode::End),
        "Space" => plain(KeyCode::Char(' ')),
        "lt" => plain(KeyCode::Char('<')),
        _ => {
            let (mods, key) = if let Some(k) = name.strip_prefix("C-") {
                (KeyModifiers::CONTROL, k)
            } else if let Some(k) = name.strip_prefix("A-") {
                (KeyModifiers::ALT, k)
            } else {
                return None;
            };
            let mut chars = key.chars();
            let c = chars.next()?;
            chars.next().is_none().then(|| KeyEvent::new(KeyCode::Char(c), mods))
        }
    }
}

/// The app on a `TestBackend`, with its store in a folder the test owns (and what the
/// person looks at kept in a state folder of its own, never the user's).
pub struct Harness {
    pub rt: Runtime<TestBackend>,
    /// The person's state folder.
    pub state: tempfile::TempDir,
}

impl Harness {
    /// Opens the store in `dir` (created if needed) and shows home.
    pub fn new(dir: &Path, width: u16, height: u16) -> Self {
        let (store, _notices) = Store::open(dir.to_path_buf()).expect("test store opens");
        let state = tempfile::tempdir().expect("a state folder");
        let store = store.with_state_dir(state.path().to_path_buf());
        let app = App::new(fixed_clock(), ThemeName::Dark, dir.to_path_buf());
        let terminal = Terminal::new(TestBackend::new(width, height)).expect("test terminal");
        let mut rt = Runtime::new(app, store, terminal);
        rt.debounce = Duration::ZERO;
        rt.home();
        let mut h = Self { rt, state };
        h.draw();
        h
    }

    /// A harness with the demo workshop saved in `dir` and open (and the second team's
    /// workshop beside it).
    pub fn demo(dir: &Path, width: u16, height: u16) -> Self {
        let mut h = Self::new(dir, width, height);
        let demo = crate::demo::demo_workshop(fixed_clock().today());
        let slug = h.rt.store.create(&demo).expect("demo saves");
        // The second team's workshop, which a key result of the demo depends on.
        h.rt.store.create(&crate::demo::demo_peer(fixed_clock().today())).expect("the second demo workshop saves");
        h.settle_file_times();
        // The demo opens on its weekly review, as `quarterdeck demo` does.
        h.rt.open(&slug, Some(crate::model::Step::Review));
        h.draw();
        h
    }

    /// Sets every workshop file's modification time to the fixed clock's now, so that "last
    /// saved" is the same in every run, and refreshes home.
    pub fn settle_file_times(&mut self) {
        let now = std::time::SystemTime::from(fixed_clock().now());
        for l in self.rt.store.list() {
            if let Ok(f) = std::fs::File::options().write(true).open(&l.path) {
                let _ = f.set_modified(now);
            }
        }
        self.rt.perform_all(vec![crate::effect::Effect::List { select: None }]);
        self.draw();
    }

    /// Sends keys through the real update loop and redraws after each, as a run would.
    pub fn press(&mut self, dsl: &str) -> &mut Self {
        let events: VecDeque<Incoming> = keys(dsl).into_iter().map(|k| Incoming::Event(Event::Key(k))).collect();
        self.run(events)
    }

    /// Sends one key event through the real update loop and redraws.
    pub fn press_event(&mut self, key: KeyEvent) -> &mut Self {
        self.run(VecDeque::from([Incoming::Event(Event::Key(key))]))
    }

    /// Sends any events through `run` itself (the same loop the binary uses).
    pub fn run(&mut self, mut events: VecDeque<Incoming>) -> &mut Self {
        let mut quit = false;
        while let Some(e) = events.pop_front() {
            if self.rt.handle(e) && !self.rt.quit {
                self.draw();
            }
            if self.rt.quit {
                quit = true;
                break;
            }
        }
        if quit {
            let _ = run(&mut self.rt, &mut VecDeque::new());
        }
        self
    }

    /// Tells the app the open workshop's file changed on disk, as the data folder's watch
    /// does when another writer saves it.
    pub fn file_changed(&mut self) -> &mut Self {
        let path = self.rt.app.doc.as_ref().and_then(|d| d.slug.as_deref()).map(|slug| self.rt.store.path_of(slug));
        let paths = path.into_iter().collect();
        self.run(VecDeque::from([Incoming::FilesChanged(paths)]))
    }

    /// The file watcher saw another workshop's file (`slug`) change.
    pub fn other_file_changed(&mut self, slug: &str) -> &mut Self {
        let path = self.rt.store.path_of(slug);
        self.run(VecDeque::from([Incoming::FilesChanged(vec![path])]))
    }

    /// The file name of the open workshop.
    pub fn slug(&self) -> String {
        self.rt.app.doc.as_ref().and_then(|d| d.slug.clone()).expect("a workshop file is open")
    }

    pub fn resize(&mut self, width: u16, height: u16) -> &mut Self {
        self.rt.terminal.backend_mut().resize(width, height);
        let _ = self.rt.terminal.autoresize();
        self.draw();
        self
    }

    pub fn draw(&mut self) {
        self.rt.draw().expect("drawing on a TestBackend cannot fail");
    }

    /// The screen as text, one line per row, trailing spaces kept off.
    pub fn screen(&self) -> String {
        let mut out = String::new();
        for line in self.screen_lines() {
            out.push_str(line.trim_end());
            out.push('\n');
        }
        out
    }

    /// The workshops home lists, or none when home is not showing.
    pub fn home_rows(&self) -> &[crate::screen::home::WorkshopRow] {
        match &self.rt.app.screen {
            crate::screen::Screen::Home(home) => &home.rows,
            _ => &[],
        }
    }

    /// Selects a workshop on home by its file name, as a click would.
    pub fn select_on_home(&mut self, slug: &str) {
        if let crate::screen::Screen::Home(home) = &mut self.rt.app.screen
            && let Some(i) = home.rows.iter().position(|r| r.slug == slug)
        {
            home.cursor.selected = i;
        }
        self.draw();
    }

    /// The step this person was last on in a workshop, from their own state file.
    pub fn remembered_step(&self, slug: &str) -> Option<crate::model::Step> {
        serde_json::from_value(self.rt.store.views(slug).get("step")?.clone()).ok()
    }

    /// The step on screen, if one is.
    pub fn step(&self) -> Option<crate::model::Step> {
        self.rt.app.step()
    }

    /// The screen for a snapshot: each row quoted as `TestBackend` shows it, and `◀` after
    /// the rows drawn in the selection's style, so a snapshot shows what is selected (two
    /// screens that differ only in their selection are not the same snapshot).
    pub fn snapshot(&self) -> String {
        snapshot_of(self.rt.terminal.backend().buffer(), self.rt.app.theme.palette().selected)
    }

    /// Every row in full, wide characters once, trailing spaces kept.
    fn screen_lines(&self) -> Vec<String> {
        lines_of(self.rt.terminal.backend().buffer())
    }

    pub fn backend(&self) -> &TestBackend {
        self.rt.terminal.backend()
    }

    /// The open workshop, as in memory.
    pub fn workshop(&self) -> &Workshop {
        self.rt.app.doc.as_ref().expect("a workshop is open").workshop()
    }

    /// A workshop as saved on disk.
    pub fn saved(&self, slug: &str) -> Workshop {
        self.rt.store.load(slug).expect("saved workshop loads")
    }

    /// Hosts the open workshop as a room (no SSH: sessions join through [`Harness::join`]).
    pub fn open_room(&mut self) -> &mut Self {
        let invite = crate::app::room::Invite { command: "ssh -p 2222 YOURNAME@127.0.0.1".into(), code: "K7PQ2M".into() };
        self.rt.app.room = Some(crate::app::room::Room::new(invite));
        self.draw();
        self
    }

    /// A participant joins as `user` on session `session` with a terminal of that size, as the
    /// SSH side would say; what the app sends them comes out of the returned receiver.
    pub fn join(&mut self, session: u64, user: &str, (cols, rows): (u16, u16)) -> tokio::sync::mpsc::UnboundedReceiver<Output> {
        let (outlet, output) = tokio::sync::mpsc::unbounded_channel();
        let joined = RoomEvent::Joined { session, user: user.to_string(), cols, rows, colour: true, outlet };
        self.run(VecDeque::from([Incoming::Room(joined)]));
        output
    }

    /// Bytes from participant `session`'s terminal (keys as their terminal sends them).
    pub fn seat_types(&mut self, session: u64, bytes: &str) -> &mut Self {
        self.run(VecDeque::from([Incoming::Room(RoomEvent::Input { session, bytes: bytes.as_bytes().to_vec() })]))
    }

    /// What participant `session` sees, drawn at `width`x`height` on a `TestBackend`, as
    /// [`Harness::snapshot`] shows a screen.
    pub fn seat_snapshot(&self, session: u64, width: u16, height: u16) -> String {
        let app = &self.rt.app;
        let seat = &app.room.as_ref().and_then(|r| r.seats.get(&session)).expect("a seat for the session").state;
        let stage = app.room_stage();
        let timer = app.timer.is_visible().then(|| app.timer.display(app.clock.now()));
        let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("test terminal");
        terminal.draw(|frame| crate::app::run::room::draw_seat(frame, app, seat, &stage, timer)).expect("drawing on a TestBackend");
        snapshot_of(terminal.backend().buffer(), seat.theme.palette().selected)
    }
}

/// A buffer for a snapshot: each row quoted, `◀` after the rows drawn in `selected`.
fn snapshot_of(buffer: &ratatui::buffer::Buffer, selected: ratatui::style::Style) -> String {
    let is_selected = |cell: &ratatui::buffer::Cell| match (selected.bg, selected.fg) {
        (Some(bg), Some(fg)) => cell.bg == bg && cell.fg == fg,
        _ => cell.modifier == selected.add_modifier,
    };
    let mut out = String::new();
    for (y, line) in lines_of(buffer).iter().enumerate() {
        let marked = (0..buffer.area.width).any(|x| is_selected(&buffer[(x, y as u16)]));
        let _ = writeln!(out, "\"{line}\"{}", if marked { " ◀" } else { "" });
    }
    out
}

/// Every row of a buffer in full, wide characters once, trailing spaces kept.
fn lines_of(buffer: &ratatui::buffer::Buffer) -> Vec<String> {
    (0..buffer.area.height)
        .map(|y| {
            let mut line = String::new();
            let mut skip = 0;
            for x in 0..buffer.area.width {
                if skip > 0 {
                    skip -= 1;
                    continue;
                }
                let symbol = buffer[(x, y)].symbol();
                skip = unicode_width::UnicodeWidthStr::width(symbol).saturating_sub(1);
                line.push_str(symbol);
            }
            line
        })
        .collect()
}

/// A folder made read-only for the length of a test (see [`read_only_folder`]); dropping
/// it makes the folder writable again, so it can be cleaned up.
pub struct ReadOnlyFolder {
    dir: std::path::PathBuf,
    immutable: bool,
}

impl ReadOnlyFolder {
    /// Undoes it now (before the guard is dropped), e.g. to show a retry succeeds.
    pub fn restore(&mut self) {
        if self.immutable {
            let _ = std::process::Command::new("chattr").arg("-i").arg(&self.dir).status();
            self.immutable = false;
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            let _ = std::fs::set_permissions(&self.dir, std::fs::Permissions::from_mode(0o700));
        }
    }
}

impl Drop for ReadOnlyFolder {
    fn drop(&mut self) {
        self.restore();
    }
}

/// Whether nothing new can be created in `dir`.
fn refuses_new_files(dir: &Path) -> bool {
    let probe = dir.join(".quarterdeck-probe");
    match std::fs::File::create(&probe) {
        Ok(_) => {
            let _ = std::fs::remove_file(&probe);
            false
        }
        Err(_) => true,
    }
}

/// Makes `dir` really read-only: its permissions, or, where they do not bind (tests run as
/// root), the immutable attribute (`chattr +i`). `None`, after saying so on stderr, when
/// neither works here; the test should then pass without checking.
pub fn read_only_folder(dir: &Path) -> Option<ReadOnlyFolder> {
    let mut guard = ReadOnlyFolder { dir: dir.to_path_buf(), immutable: false };
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o500)).ok()?;
    }
    if refuses_new_files(dir) {
        return Some(guard);
    }
    guard.immutable = std::process::Command::new("chattr").arg("+i").arg(dir).status().is_ok_and(|s| s.success());
    if guard.immutable && refuses_new_files(dir) {
        return Some(guard);
    }
    eprintln!("SKIPPED: {} cannot be made read-only here (permissions do not bind and chattr +i failed)", dir.display());
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dsl_parses_named_and_plain_keys() {
        let k = keys("aG<Enter><C-r><lt><S-Tab>x<y");
        assert_eq!(k.len(), 9);
        assert_eq!(k[1], KeyEvent::new(KeyCode::Char('G'), KeyModifiers::SHIFT));
        assert_eq!(k[2].code, KeyCode::Enter);
        assert_eq!(k[3], KeyEvent::new(KeyCode::Char('r'), KeyModifiers::CONTROL));
        assert_eq!(k[4].code, KeyCode::Char('<'));
        assert_eq!(k[5].code, KeyCode::BackTab);
        assert_eq!(k[7].code, KeyCode::Char('<'));
        assert_eq!(k[8].code, KeyCode::Char('y'));
    }
}
