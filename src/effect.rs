//! The two halves of every piece of I/O: an [`Effect`] is work `update` asks the run loop to
//! do (open, save, import, export, list the folder…); a [`Msg`] is what comes back (a key, or
//! the result of an effect), handed to `update` again. The loop never edits the app itself.

use std::path::PathBuf;

use jiff::Timestamp;
use ratatui::crossterm::event::{KeyEvent, MouseEvent};

use crate::document::ProposalTarget;
use crate::export::{CsvWhat, ExportFormat, MarkdownSections};
use crate::import::Format;
use crate::model::backlog::Imported;
use crate::model::{Step, Workshop};
use crate::store::{Backup, Committed, Listing, NewerCopy, OnDisk, TrashEntry};

/// Work the run loop does on the app's behalf; each reports back with a [`Msg`].
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Save the open workshop soon (debounced).
    Save,
    /// End a participant's session in the room, telling them why.
    CloseSeat {
        session: u64,
        why: String,
    },
    /// Save the proposal draft in another file (its own was taken), now.
    SaveProposalAs(PathBuf),
    /// Leave a newer copy found after a crash aside (renamed among the backups).
    DeclineNewerCopy(Box<NewerCopy>),
    /// Ctrl-Z: give the terminal back and stop until continued.
    Suspend,
    /// Read the folder's workshops for home, then select one.
    List {
        select: Option<String>,
    },
    Open {
        slug: String,
        step: Option<Step>,
    },
    /// Save and release the open workshop, then show home.
    Close,
    /// Write a new workshop, then open it (on `step`, or where a new workshop starts).
    Create {
        workshop: Box<Workshop>,
        step: Option<Step>,
    },
    Rename {
        slug: String,
        name: String,
    },
    CarryOver {
        slug: String,
        name: String,
    },
    Delete(String),
    LoadTrash,
    Restore(PathBuf),
    LoadBackups(String),
    RestoreBackup {
        slug: String,
        path: PathBuf,
    },
    Quit,
    /// Ring the terminal bell (the timebox reached zero).
    Bell,
    /// Read the proposal files at a path (a file, or a folder of them).
    ReadProposals(PathBuf),
    /// Write an export of the open workshop.
    Export {
        format: ExportFormat,
        what: CsvWhat,
        sections: MarkdownSections,
        path: PathBuf,
    },
    /// Read a backlog file for an import into the open workshop.
    ReadBacklog {
        path: PathBuf,
        format: Option<Format>,
    },
    /// List the folder of a partly typed path, for completion.
    CompletePath(String),
    /// Read the other workshops of the folder as they stand today (only those file names,
    /// when given), for the dependencies of the open one.
    LoadPeers {
        only: Option<Vec<String>>,
    },
    /// Write a text a screen made (a week's digest) to a file; reports `Exported`.
    WriteFile {
        path: PathBuf,
        text: String,
    },
}

/// A workshop the loop opened, with what the app needs to show it.
#[derive(Debug, Clone)]
pub struct Opened {
    pub workshop: Workshop,
    /// `None` for a proposal draft.
    pub slug: Option<String>,
    /// Who holds the workshop when it could only be opened read-only.
    pub read_only: Option<String>,
    /// When its file was last written.
    pub saved: Option<Timestamp>,
    /// The step to show; `None` for where the user last was.
    pub step: Option<Step>,
    /// What this person last looked at in it (their own state, not the workshop's).
    pub views: serde_json::Value,
    pub proposal: Option<ProposalTarget>,
    /// What the file held, the base of the next merge (`None` for drafts).
    pub on_disk: Option<OnDisk>,
}

/// How a save went: when, and what it wrote (with what came in from other writers on the
/// way): `committed` for a workshop file, `draft` for a proposal draft.
#[derive(Debug)]
pub struct SaveReport {
    pub at: Timestamp,
    pub committed: Option<Committed>,
    pub draft: Option<crate::store::ProposalSaved>,
}

/// A message into `update`: a terminal event, or the result of an effect.
#[derive(Debug)]
pub enum Msg {
    Key(KeyEvent),
    Paste(String),
    Mouse(MouseEvent),
    Resize(u16),
    /// A second passed while something time-based is showing (the timebox).
    Tick,
    /// A participant joined the room (over SSH) as `user`, on session `session`.
    SeatJoined {
        session: u64,
        user: String,
        colour: bool,
    },
    /// A key from a participant's terminal.
    SeatKey {
        session: u64,
        key: KeyEvent,
    },
    /// A participant's connection ended.
    SeatLeft(u64),
    Listed {
        listings: Vec<Listing>,
        select: Option<String>,
    },
    Opened(Box<Opened>),
    /// The open workshop could not be closed: its changes are not on disk.
    CloseRefused(String),
    Closed {
        slug: Option<String>,
    },
    Renamed {
        slug: String,
        name: String,
    },
    CarriedOver {
        slug: String,
        name: String,
    },
    Deleted(String),
    /// Restored from the trash.
    Restored(String),
    BackupRestored(String),
    TrashLoaded(Vec<TrashEntry>),
    BackupsLoaded {
        slug: String,
        entries: Vec<Backup>,
    },
    BacklogRead {
        file: String,
        items: Imported,
    },
    /// The proposal files a merge named: those read, those that could not be, and the
    /// subfolders not entered.
    ProposalsRead(crate::store::Gathered),
    Exported(PathBuf),
    PathsCompleted(Vec<String>),
    /// The other workshops of the folder, for dependencies.
    PeersLoaded(Vec<crate::model::dependency::Peer>),
    Saved(Box<SaveReport>),
    /// The workshop just opened has a newer copy, found after a crash: offer it.
    NewerCopyFound(Box<NewerCopy>),
    SaveFailed(String),
    /// A proposal draft was not saved: its file (`taken`) holds something else. `suggested`
    /// is a free name beside it.
    ProposalNameTaken {
        reason: String,
        taken: PathBuf,
        suggested: PathBuf,
    },
    /// The open workshop's file changed on disk (another writer): what it holds now.
    DiskChanged(Box<OnDisk>),
    /// The open workshop's file changed on disk but cannot be read (conflict markers, a
    /// newer schema...): why, in a sentence.
    DiskUnreadable(String),
    /// An effect failed; the sentence says what and where.
    Failed(String),
}
