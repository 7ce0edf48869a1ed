//! The demo workshop (being written).
