//! What several test files share.

pub mod pty;
pub mod room;
