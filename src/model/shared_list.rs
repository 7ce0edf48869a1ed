//! The workshop's long lists (the backlog, the initiatives) as persistent vectors: a copy
//! shares everything with the original, and a change copies only the small chunk it
//! touches. Undo keeps a workshop before and after every change, the save sends one to its
//! thread and the merge keeps a base: with these lists each costs what the change costs,
//! not what the workshop weighs (`imbl`, the maintained fork of `im`).
//!
//! Reads work as on a `Vec` (`iter`, `len`, indexing, `get`); changes too (`push`,
//! `retain`, `get_mut`, `iter_mut`). Two lists that share their storage compare equal at
//! once, so "did the backlog change?" is free when it did not.

use std::ops::{Deref, DerefMut};

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A list of items shared between copies of a workshop (see the module).
#[derive(Clone)]
pub struct SharedList<T: Clone>(imbl::Vector<T>);

impl<T: Clone> SharedList<T> {
    pub fn new() -> Self {
        Self(imbl::Vector::new())
    }

    /// Adds an item at the end (as `Vec::push`).
    pub fn push(&mut self, item: T) {
        self.0.push_back(item);
    }

    /// Whether both share all their storage (then they are equal, without looking).
    pub fn same_as(&self, other: &Self) -> bool {
        self.0.ptr_eq(&other.0)
    }

    /// The items as a `Vec` (for code that needs a slice).
    pub fn to_vec(&self) -> Vec<T> {
        self.0.iter().cloned().collect()
    }

    /// Sorts by a key, stably (as `slice::sort_by_key`).
    pub fn sort_by_key<K: Ord>(&mut self, key: impl Fn(&T) -> K) {
        self.0.sort_by(|a, b| key(a).cmp(&key(b)));
    }

    /// The first item, if any.
    pub fn first(&self) -> Option<&T> {
        self.0.front()
    }

    /// The last item, to change.
    pub fn last_mut(&mut self) -> Option<&mut T> {
        self.0.back_mut()
    }

    /// Moves every item of `other` to the end, sharing its storage (the tree is joined, not
    /// copied).
    pub fn append(&mut self, other: Self) {
        self.0.append(other.0);
    }

    /// Removes the last item and returns it.
    pub fn pop(&mut self) -> Option<T> {
        self.0.pop_back()
    }
}

impl<T: Clone> Default for SharedList<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<T: Clone> Deref for SharedList<T> {
    type Target = imbl::Vector<T>;
    fn deref(&self) -> &Self::Target {
        &self.0
    }
}

impl<T: Clone> DerefMut for SharedList<T> {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.0
    }
}

impl<T: Clone + PartialEq> PartialEq for SharedList<T> {
    fn eq(&self, other: &Self) -> bool {
        self.same_as(other) || self.0 == other.0
    }
}

impl<T: Clone + std::fmt::Debug> std::fmt::Debug for SharedList<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.0.iter()).finish()
    }
}

impl<T: Clone> FromIterator<T> for SharedList<T> {
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        Self(iter.into_iter().collect())
    }
}

impl<T: Clone> From<Vec<T>> for SharedList<T> {
    fn from(items: Vec<T>) -> Self {
        items.into_iter().collect()
    }
}

impl<T: Clone> Extend<T> for SharedList<T> {
    fn extend<I: IntoIterator<Item = T>>(&mut self, iter: I) {
        self.0.extend(iter);
    }
}

impl<'a, T: Clone> IntoIterator for &'a SharedList<T> {
    type Item = &'a T;
    type IntoIter = imbl::vector::Iter<'a, T, imbl::shared_ptr::DefaultSharedPtr>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

impl<'a, T: Clone> IntoIterator for &'a mut SharedList<T> {
    type Item = &'a mut T;
    type IntoIter = imbl::vector::IterMut<'a, T, imbl::shared_ptr::DefaultSharedPtr>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter_mut()
    }
}

impl<T: Clone> IntoIterator for SharedList<T> {
    type Item = T;
    type IntoIter = imbl::vector::ConsumingIter<T, imbl::shared_ptr::DefaultSharedPtr>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl<T: Clone + Serialize> Serialize for SharedList<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.iter())
    }
}

impl<'de, T: Clone + Deserialize<'de>> Deserialize<'de> for SharedList<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Vec::<T>::deserialize(deserializer).map(Self::from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_copy_shares_until_changed_and_compares_equal_at_once() {
        let mut a: SharedList<String> = (0..10_000).map(|i| format!("item {i}")).collect();
        let b = a.clone();
        assert!(a.same_as(&b) && a == b);
        if let Some(item) = a.get_mut(5_000) {
            *item = "changed".into();
        }
        assert!(!a.same_as(&b) && a != b);
        assert_eq!(b[5_000], "item 5000", "the copy is untouched");
        a.push("new".into());
        assert_eq!(a.len(), 10_001);
        assert_eq!(serde_json::to_string(&SharedList::from(vec![1, 2])).expect("json"), "[1,2]");
        let back: SharedList<u8> = serde_json::from_str("[3,4]").expect("reads");
        assert_eq!(back.to_vec(), [3, 4]);
    }
}
