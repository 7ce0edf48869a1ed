//! Quarterdeck: a terminal app that runs a bottom-up OKR planning workshop and keeps the
//! OKRs alive in weekly reviews. The binary is a thin shell over this library.
//!
//! Layers, each using only those below it (checked by `tests/layers.rs`):
//!
//! ```text
//! cli                     the command line; only main uses it
//! host                    the room's SSH server (`quarterdeck host`), beside cli
//! app                     the open document, dispatch, the run loop, the frame around screens
//! screen                  home and the five steps: each owns its state, update and render
//! ui · widgets            drawing primitives: forms, lists, pickers, prompts, themes
//! action · keymap · config · effect   user intents, keys, key config, effects and messages
//! document                the workshop being edited: undo history, unsaved changes
//! store · import · export · demo      the data folder, backlog readers, exports, the sample
//! model                   the workshop domain: pure data and rules
//! ```

pub mod action;
pub mod app;
pub mod cli;
pub mod config;
pub mod demo;
pub mod document;
pub mod effect;
pub mod export;
pub mod host;
pub mod import;
pub mod keymap;
pub mod model;
pub mod screen;
pub mod store;
#[cfg(any(test, feature = "testing"))]
pub mod testing;
pub mod ui;
pub mod widgets;
