//! The data directory (being written).
