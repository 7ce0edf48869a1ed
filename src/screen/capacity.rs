//! The capacity split as steps 3 and 4 draw it, computed once per change of the workshop
//! rather than once per frame (a large workshop has thousands of initiatives to count).

use std::cell::RefCell;
use std::rc::Rc;

use crate::document::Document;
use crate::model::capacity::CapacitySplit;

/// The split of the document's workshop as of its last change.
#[derive(Debug, Default)]
pub struct SplitCache(RefCell<Option<(u64, Rc<CapacitySplit>)>>);

impl SplitCache {
    pub fn get(&self, doc: &Document) -> Rc<CapacitySplit> {
        let mut cache = self.0.borrow_mut();
        match &*cache {
            Some((revision, split)) if *revision == doc.revision() => split.clone(),
            _ => {
                let split = Rc::new(doc.workshop().capacity_split());
                *cache = Some((doc.revision(), split.clone()));
                split
            }
        }
    }
}
