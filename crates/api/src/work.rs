//! Long work the window watches and can stop: importing many bundles, file by file;
//! importing a regulation from a text or Word file; writing an export.
//!
//! The window names the work with an id of its own choosing, asks how far it has come
//! (`work_progress`) while the command runs on the shell's async runtime, and may ask it
//! to stop (`cancel_work`). Stopping is honoured between steps: between files for the
//! bundles (a file being imported finishes, each is one store transaction, all or
//! nothing; the rest are left untouched and reported as not imported), between stages for
//! an import (nothing is stored: the store write is the last stage, one transaction) and
//! for an export (no file is written: the write is the last stage, temp file then
//! rename). The CLI has no window to watch it and never registers.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use serde::Serialize;
use specta::Type;

use crate::{ApiError, ErrorCode, Quyche, Result};

/// How far a piece of long work has come.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct WorkProgress {
    pub work: u32,
    /// Units of this work finished: files (imported or refused) for bundles, stages for an
    /// import or an export.
    pub done: u32,
    pub total: u32,
    /// The item being worked on now (a file name), empty once done.
    pub item: String,
    /// What is being done now, for the person watching ("Đang phân tích…"); empty where
    /// the units say it all (the bundles).
    pub stage: String,
    /// Stopping was asked for; the work stops before its next step.
    pub stopping: bool,
}

/// Called with the progress at every step, before the step looks whether to stop; true
/// asks the work to stop there, as [`Quyche::cancel_work`] would.
pub type WorkHook = Arc<dyn Fn(&WorkProgress) -> bool + Send + Sync>;

/// The work running now, by the window's id.
#[derive(Default)]
pub(crate) struct Works {
    running: Mutex<HashMap<u32, WorkProgress>>,
    hook: Mutex<Option<WorkHook>>,
}

impl std::fmt::Debug for Works {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Works").field("running", &self.running).finish_non_exhaustive()
    }
}

impl Works {
    fn with<T>(&self, f: impl FnOnce(&mut HashMap<u32, WorkProgress>) -> T) -> T {
        // A panic elsewhere while holding the lock leaves plain data: keep using it.
        let mut map = self.running.lock().unwrap_or_else(|e| e.into_inner());
        f(&mut map)
    }

    /// Starts (or restarts) `work` with `total` items.
    pub(crate) fn start(&self, work: u32, total: u32) {
        self.with(|m| {
            m.insert(
                work,
                WorkProgress {
                    work,
                    done: 0,
                    total,
                    item: String::new(),
                    stage: String::new(),
                    stopping: false,
                },
            )
        });
    }

    /// Moves `work` on to `item`, after `done` items; false when stopping was asked for.
    pub(crate) fn step(&self, work: u32, done: u32, item: &str) -> bool {
        self.update(work, |p| {
            p.done = done;
            p.item = item.to_string();
        })
    }

    /// Changes `work`'s progress with `f`, lets the hook see it (outside the lock, so the
    /// hook may ask to stop), and answers false when stopping was asked for.
    fn update(&self, work: u32, f: impl FnOnce(&mut WorkProgress)) -> bool {
        let seen = self.with(|m| {
            m.get_mut(&work).map(|p| {
                f(p);
                p.clone()
            })
        });
        let Some(seen) = seen else { return true };
        let hook = self.hook.lock().unwrap_or_else(|e| e.into_inner()).clone();
        let stop = hook.is_some_and(|hook| hook(&seen));
        self.with(|m| {
            m.get_mut(&work).is_none_or(|p| {
                p.stopping |= stop;
                !p.stopping
            })
        })
    }

    pub(crate) fn finish(&self, work: u32) {
        self.with(|m| m.remove(&work));
    }
}

/// What a file left undone by a stop is reported with.
pub(crate) const STOPPED: &str = "Đã dừng theo yêu cầu: tệp này chưa được nhập.";
/// A stopped import's answer ([`ErrorCode::Stopped`]).
pub const IMPORT_STOPPED: &str = "Đã dừng theo yêu cầu: chưa nhập gì.";
/// A stopped export's answer ([`ErrorCode::Stopped`]).
pub const EXPORT_STOPPED: &str = "Đã dừng theo yêu cầu: chưa ghi tệp nào.";

/// A file size for the person watching: "850 KB", "1,2 MB" (Vietnamese decimal comma).
pub(crate) fn size_label(bytes: usize) -> String {
    if bytes < 1024 * 1024 {
        format!("{} KB", bytes.div_ceil(1024))
    } else {
        let tenths = (bytes as u64 * 10).div_ceil(1024 * 1024);
        format!("{},{} MB", tenths / 10, tenths % 10)
    }
}

/// The work a call reports its stages to: the window's, or none (the CLI, the un-watched
/// calls), where every stage goes on and nothing is recorded.
#[derive(Clone, Copy)]
pub(crate) struct Watch<'a> {
    works: Option<(&'a Works, u32)>,
    total: u32,
    /// The message of the stop error.
    stopped: &'static str,
}

impl Watch<'_> {
    /// No one watches: every stage goes on.
    pub(crate) const NONE: Watch<'static> = Watch { works: None, total: 0, stopped: "" };

    /// Begins stage `done` (of the work's total), called `stage`; the stop error
    /// ([`ErrorCode::Stopped`]) when stopping was asked for, so nothing after it runs.
    pub(crate) fn stage(&self, done: u32, stage: &str) -> Result<()> {
        self.stage_with(done, || stage.to_string())
    }

    /// [`Watch::stage`] with a label worth making only when someone watches (a count).
    pub(crate) fn stage_with(&self, done: u32, stage: impl FnOnce() -> String) -> Result<()> {
        let Some((works, work)) = self.works else { return Ok(()) };
        let total = self.total;
        let stage = stage();
        let go_on = works.update(work, |p| {
            p.done = done;
            p.total = total;
            p.stage = stage;
        });
        if go_on {
            Ok(())
        } else {
            Err(ApiError::new(ErrorCode::Stopped, self.stopped))
        }
    }

    /// Takes item `done` (of the work's total), called `item`: for work that goes on item
    /// by item and answers each stop itself (the bundle import). False when stopping was
    /// asked for; always true when no one watches.
    pub(crate) fn item(&self, done: u32, item: &str) -> bool {
        self.works.is_none_or(|(works, work)| works.step(work, done, item))
    }

    /// The last stage is done: the work has reached its total (no stop is looked at).
    pub(crate) fn done(&self, stage: &str) {
        if let Some((works, work)) = self.works {
            let total = self.total;
            works.update(work, |p| {
                p.done = total;
                p.total = total;
                p.stage = stage.to_string();
            });
        }
    }
}

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

    /// Tests only: `hook` sees every step of every watched work as it is taken (before the
    /// step looks whether to stop), so a test can stop work at a chosen step, from another
    /// thread or by answering true, and know the stop raced nothing. `None` removes it.
    #[doc(hidden)]
    pub fn set_work_hook(&self, hook: Option<WorkHook>) {
        *self.works.hook.lock().unwrap_or_else(|e| e.into_inner()) = hook;
    }

    /// Runs `f` as the window's work `work` (when given) of `total` stages, whose stop
    /// answers `stopped`; the work is registered while `f` runs, and no longer after.
    pub(crate) fn watched<T>(
        &self,
        work: Option<u32>,
        total: u32,
        stopped: &'static str,
        f: impl FnOnce(Watch<'_>) -> Result<T>,
    ) -> Result<T> {
        let Some(work) = work else { return f(Watch::NONE) };
        self.works.start(work, total);
        let out = f(Watch { works: Some((&self.works, work)), total, stopped });
        self.works.finish(work);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::size_label;

    #[test]
    fn sizes_read_as_a_person_says_them() {
        for (bytes, label) in [(0, "0 KB"), (1, "1 KB"), (1024, "1 KB"), (870_000, "850 KB")] {
            assert_eq!(size_label(bytes), label);
        }
        assert_eq!(size_label(1024 * 1024), "1,0 MB");
        assert_eq!(size_label(5 * 1024 * 1024 + 300_000), "5,3 MB");
    }
}
