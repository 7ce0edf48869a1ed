//! What each person was looking at in each workshop (the step, the selection, filters and
//! views): their own, so it lives in the user's state folder, never in the shared data
//! folder. Opening and browsing a workshop write nothing there.
//!
//! One small JSON file per data folder, `{state}/views/{folder}.json`, keyed by workshop.
//! Losing it loses nothing but where you were.

use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use super::{Store, disk};

/// The environment variable that moves the state folder (tests and sandboxes).
pub const STATE_ENV: &str = "QUARTERDECK_STATE_DIR";

/// The user's state folder: `QUARTERDECK_STATE_DIR`, else the platform's (on Linux
/// `~/.local/state/quarterdeck`).
pub(crate) fn default_state_dir() -> Option<PathBuf> {
    match std::env::var_os(STATE_ENV) {
        Some(dir) if !dir.is_empty() => Some(PathBuf::from(dir)),
        _ => directories::ProjectDirs::from("", "", "quarterdeck")
            .map(|p| p.state_dir().map_or_else(|| p.data_local_dir().join("state"), Path::to_path_buf)),
    }
}

/// A file name for a data folder: readable, and unique by a hash of its full path.
pub(super) fn folder_key(dir: &Path) -> String {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    dir.hash(&mut hasher);
    let name = dir.file_name().map(|n| super::slug(&n.to_string_lossy())).unwrap_or_default();
    format!("{name}-{:08x}", hasher.finish() & 0xffff_ffff)
}

impl Store {
    /// Keeps this person's views in `dir` instead of their usual state folder.
    pub fn with_state_dir(mut self, dir: PathBuf) -> Self {
        self.state = Some(dir);
        self
    }

    fn views_path(&self) -> Option<PathBuf> {
        Some(self.state.as_ref()?.join("views").join(format!("{}.json", folder_key(&self.dir))))
    }

    pub(crate) fn all_views(&self) -> Map<String, Value> {
        let Some(path) = self.views_path() else { return Map::new() };
        disk::read_capped(&path).ok().and_then(|bytes| serde_json::from_slice(&bytes).ok()).unwrap_or_default()
    }

    /// What this person last looked at in a workshop (`Null` when nothing is known).
    pub fn views(&self, slug: &str) -> Value {
        self.all_views().remove(slug).unwrap_or(Value::Null)
    }

    /// Remembers what this person looks at in a workshop. Never touches the data folder.
    pub fn save_views(&self, slug: &str, views: Value) -> std::io::Result<()> {
        let Some(path) = self.views_path() else { return Ok(()) };
        let mut all = self.all_views();
        all.insert(slug.to_string(), views);
        if let Some(parent) = path.parent() {
            disk::ensure_dir(parent)?;
        }
        let bytes = serde_json::to_vec_pretty(&all).map_err(std::io::Error::other)?;
        disk::write_durably(&path, &bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn views_live_outside_the_data_folder_and_per_workshop() {
        let data = tempfile::tempdir().expect("temp dir");
        let state = tempfile::tempdir().expect("temp dir");
        let (store, _) = Store::open(data.path().to_path_buf()).expect("store");
        let store = store.with_state_dir(state.path().to_path_buf());
        assert_eq!(store.views("a"), Value::Null);
        store.save_views("a", serde_json::json!({ "step": "review" })).expect("saved");
        store.save_views("b", serde_json::json!({ "step": "backlog" })).expect("saved");
        assert_eq!(store.views("a")["step"], "review");
        assert_eq!(store.views("b")["step"], "backlog");
        let in_data: Vec<_> = std::fs::read_dir(data.path()).expect("list").flatten().map(|e| e.file_name()).collect();
        assert!(in_data.iter().all(|n| n != "views"), "nothing in the shared folder: {in_data:?}");
    }
}
