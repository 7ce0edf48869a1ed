//! Quarterdeck: a terminal app that runs a bottom-up OKR planning workshop and keeps the
//! OKRs alive in weekly reviews. The binary is a thin shell over this library.

pub mod action;
pub mod app;
pub mod cli;
pub mod config;
pub mod demo;
pub mod export;
pub mod import;
pub mod keymap;
pub mod model;
pub mod screen;
pub mod store;
pub mod testing;
pub mod ui;
pub mod widgets;
