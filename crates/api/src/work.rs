//! Long work the window watches and can stop: importing many bundles, file by file.
//!
//! The window names the work with an id of its own choosing, asks how far it has come
//! (`work_progress`) while the command runs on the shell's async runtime, and may ask it
//! to stop (`cancel_work`). Stopping is honoured between files: a file being imported
//! finishes (each is one store transaction, all or nothing), the rest are left untouched
//! and reported as not imported. The CLI has no window to watch it and never registers.

use std::collections::HashMap;
use std::sync::Mutex;

use serde::Serialize;
use specta::Type;

use crate::{Quyche, Result};

/// How far a piece of long work has come.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct WorkProgress {
    pub work: u32,
    /// Items finished (imported or refused).
    pub done: u32,
    pub total: u32,
    /// The item being worked on now (a file name), empty once done.
    pub item: String,
    /// Stopping was asked for; the work stops before its next item.
    pub stopping: bool,
}

/// The work running now, by the window's id.
#[derive(Debug, Default)]
pub(crate) struct Works(Mutex<HashMap<u32, WorkProgress>>);

impl Works {
    fn with<T>(&self, f: impl FnOnce(&mut HashMap<u32, WorkProgress>) -> T) -> T {
        // A panic elsewhere while holding the lock leaves plain data: keep using it.
        let mut map = self.0.lock().unwrap_or_else(|e| e.into_inner());
        f(&mut map)
    }

    /// Starts (or restarts) `work` with `total` items.
    pub(crate) fn start(&self, work: u32, total: u32) {
        self.with(|m| {
            m.insert(
                work,
                WorkProgress { work, done: 0, total, item: String::new(), stopping: false },
            )
        });
    }

    /// Moves `work` on to `item`, after `done` items; false when stopping was asked for.
    pub(crate) fn step(&self, work: u32, done: u32, item: &str) -> bool {
        self.with(|m| match m.get_mut(&work) {
            Some(p) => {
                p.done = done;
                p.item = item.to_string();
                !p.stopping
            }
            None => true,
        })
    }

    pub(crate) fn finish(&self, work: u32) {
        self.with(|m| m.remove(&work));
    }
}

/// What a file left undone by a stop is reported with.
pub(crate) const STOPPED: &str = "Đã dừng theo yêu cầu: tệp này chưa được nhập.";

impl Quyche {
    /// How far `work` has come; `None` when it is not running (not started, or done).
    pub fn work_progress(&self, work: u32) -> Result<Option<WorkProgress>> {
        Ok(self.works.with(|m| m.get(&work).cloned()))
    }

    /// Asks `work` to stop before its next item; false when it is not running.
    pub fn cancel_work(&self, work: u32) -> Result<bool> {
        Ok(self.works.with(|m| match m.get_mut(&work) {
            Some(p) => {
                p.stopping = true;
                true
            }
            None => false,
        }))
    }
}
