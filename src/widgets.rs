//! Self-contained ratatui widgets that draw straight into a `Buffer`: they know the
//! palette but nothing of the app, so screens and tests use them alike.

pub mod matrix;
