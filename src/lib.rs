//! Quarterdeck: a terminal app that runs a bottom-up OKR planning workshop and keeps the
//! OKRs alive in weekly reviews. The binary is a thin shell over this library.

pub mod demo;
pub mod model;
pub mod store;
