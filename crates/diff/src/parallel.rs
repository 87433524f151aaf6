//! Two halves of a job on two cores.
//!
//! The machines this app runs on have two cores or more, and a redline of a long law is
//! tens of milliseconds of work, so the parts of it that do not depend on each other run
//! side by side. Each helper here returns what one thread would, in the same order, so
//! output never depends on the scheduling: the tests compare against one thread.

use std::ops::Range;
use std::sync::atomic::{AtomicBool, Ordering};

/// `a()` and `b()`, side by side on the process's two-core pool (rayon's): two halves of
/// work that share nothing mutable. The pool's threads live for the process, so a call
/// costs a wake-up, not a new thread (40–100 µs each on this kind of machine, and a diff
/// makes eight calls). A panic in either is a panic here, once both have ended.
pub fn both<A: Send, B: Send>(
    a: impl FnOnce() -> A + Send,
    b: impl FnOnce() -> B + Send,
) -> (A, B) {
    rayon::join(a, b)
}

/// [`both`] when `side_by_side`, else `a()` then `b()` on this thread: for work that is
/// sometimes too small to be worth waking the other thread for.
pub fn both_if<A: Send, B: Send>(
    side_by_side: bool,
    a: impl FnOnce() -> A + Send,
    b: impl FnOnce() -> B + Send,
) -> (A, B) {
    if side_by_side {
        both(a, b)
    } else {
        (a(), b())
    }
}

/// `f()` on one of the pool's threads, this thread waiting: a job of many [`both`] calls
/// run this way keeps at most two threads busy on two cores. Run from a thread outside
/// the pool, the pool's idle threads would spin (for a while after each call) beside the
/// sequential parts on this one, three threads on two cores. A thread made one of the
/// pool's ([`pool_on_this_thread`]) runs `f` itself.
///
/// While `f` runs, the pool's other thread is kept awake, looking for the second halves
/// of `f`'s [`both`] calls. Between two calls `f` works alone for a while (a tenth of a
/// millisecond or more), long enough for an idle thread to go to sleep; waking it again
/// took from 50 µs to a millisecond on a virtual machine's idle core, and by then the
/// first thread had often done both halves itself (docs/benchmarks.md).
pub fn on_pool<R: Send>(f: impl FnOnce() -> R + Send) -> R {
    let done = AtomicBool::new(false);
    rayon::scope(|s| {
        s.spawn(|_| look_for_halves(&done));
        // Set however `f` ends, a panic included, or the scope would wait for ever.
        let _done = Done(&done);
        f()
    })
}

/// Makes the calling thread one of the threads of a pool (kept for the process), for a
/// process whose thread has nothing to do but wait for [`on_pool`] and then ends: the
/// command line. [`on_pool`] called from it then runs its job right here, where it would
/// hand it to a pool thread, wake that thread and sleep until it is done; and the pool
/// starts one thread fewer (each about 40 µs of this thread's time). A quarter of a
/// millisecond of a long redline's whole process (docs/benchmarks.md). What a redline
/// made and no longer needs is then not freed at all (`drop_aside`): the process ends,
/// and the system takes its memory back at once. Does nothing when the thread already
/// belongs to a pool. Not for a thread that must stay free for other work, or a process
/// that goes on: the app never calls it.
pub fn pool_on_this_thread() {
    // A pool of its own rather than the process-wide one, whose making waits until each
    // of its threads has started: a wake-up of the other core, 0.1 to 0.5 ms here, where
    // the job can start at once and the other thread joins in when it is up. The pool
    // lives as long as the process (not dropped: that would end its threads). Fails only
    // when this thread is already one of a pool's: it then stays as it is (told first,
    // before the builder makes the pool's queues only to drop them).
    if rayon::current_thread_index().is_some() {
        return;
    }
    let builder = rayon::ThreadPoolBuilder::new().use_current_thread();
    #[cfg(target_os = "linux")]
    let builder = match this_cpu() {
        Some(cpu) => builder.start_handler(away_from(cpu)),
        None => builder,
    };
    if let Ok(pool) = builder.build() {
        std::mem::forget(pool);
        ENDS_WITH_JOB.store(true, Ordering::Relaxed);
    }
}

/// What a new thread of the command line's pool does first: leave the CPU this thread
/// (the pool's first, which makes it) is on, `cpu`, for good, when there is another it
/// may run on. A thread just made was often put on its maker's CPU, and the two then took
/// turns on it, a scheduler tick (4 ms) each, in a process that lives for 12: the pool's
/// second thread did not run beside the first at all (`perf sched timehist`). Moved and
/// then let free again, it did no better than before (docs/benchmarks.md); the first
/// thread kept on its CPU too, worse, when something else ran there.
#[cfg(target_os = "linux")]
fn away_from(cpu: usize) -> impl Fn(usize) + Send + Sync + 'static {
    move |_index| {
        use rustix::thread::{sched_getaffinity, sched_setaffinity};
        if let Ok(mut set) = sched_getaffinity(None) {
            if set.is_set(cpu) && set.count() > 1 {
                set.unset(cpu);
                // Nothing to do if refused: the thread runs where it was put.
                let _ = sched_setaffinity(None, &set);
            }
        }
    }
}

/// The CPU this thread last ran on: field 39 of its `/proc` stat line. (rustix's
/// `sched_getcpu` reads the vDSO, whose setup crashed under valgrind.)
#[cfg(target_os = "linux")]
fn this_cpu() -> Option<usize> {
    let stat = std::fs::read_to_string("/proc/thread-self/stat").ok()?;
    // The fields after the command's name, which ends at the last `)`, are 3, 4, ….
    stat.rsplit_once(')')?.1.split_whitespace().nth(39 - 3)?.parse().ok()
}

/// Set by [`pool_on_this_thread`]: the process ends when its job does.
static ENDS_WITH_JOB: AtomicBool = AtomicBool::new(false);

/// Frees `x` out of the way of the job that made it, whose result is awaited: not at
/// all in a process that ends with its job ([`pool_on_this_thread`]), else on one of the
/// pool's other threads when there is one, else here.
pub(crate) fn drop_aside<T: Send + 'static>(x: T) {
    if ENDS_WITH_JOB.load(Ordering::Relaxed) {
        std::mem::forget(x);
    } else if rayon::current_num_threads() > 1 {
        rayon::spawn(move || drop(x));
    }
}

/// Runs the jobs other threads of the pool make ([`both`]'s second halves) until `done`.
fn look_for_halves(done: &AtomicBool) {
    while !done.load(Ordering::Acquire) {
        match rayon::yield_now() {
            Some(rayon::Yield::Executed) => {}
            Some(rayon::Yield::Idle) => std::thread::yield_now(),
            None => return,
        }
    }
}

/// Sets its flag when dropped.
struct Done<'a>(&'a AtomicBool);

impl Drop for Done<'_> {
    fn drop(&mut self) {
        self.0.store(true, Ordering::Release);
    }
}

/// Below this many bytes of text to work on, a second thread costs more than the share
/// of the work it would take.
pub const SPLIT_BYTES: usize = 32 * 1024;

/// Where to cut a list of jobs of these weights in two of about equal weight: the first
/// job past half the total starts the second half. The length of the list (no second
/// half) when the total is under `min`, since a thread would then cost more than it saves.
pub fn halves(weights: impl IntoIterator<Item = usize> + Clone, min: usize) -> usize {
    let total: usize = weights.clone().into_iter().sum();
    let mut n = 0;
    let mut acc = 0;
    for w in weights {
        n += 1;
        if total >= min {
            acc += w;
            if acc * 2 > total {
                return n;
            }
        }
    }
    n
}

/// `f` over runs of `0..weights.len()`, their results put end to end in order: the
/// range cut where [`halves`] cuts it, each half cut again, down to runs under `min`, the
/// two halves of each cut made by [`both`]. For work that one thread starts while the
/// other is still busy elsewhere: the free thread takes the next half still waiting
/// (rayon's stealing), where a fixed cut in two would leave it the half it comes late to.
pub(crate) fn in_runs<T: Send>(
    weights: &[usize],
    min: usize,
    f: &(impl Fn(Range<usize>) -> Vec<T> + Sync),
) -> Vec<T> {
    fn go<T: Send>(
        weights: &[usize],
        start: usize,
        min: usize,
        f: &(impl Fn(Range<usize>) -> Vec<T> + Sync),
    ) -> Vec<T> {
        let cut = halves(weights.iter().copied(), min);
        if cut == 0 || cut >= weights.len() {
            return f(start..start + weights.len());
        }
        let (mut a, b) = both(
            || go(&weights[..cut], start, min, f),
            || go(&weights[cut..], start + cut, min, f),
        );
        a.extend(b);
        a
    }
    go(weights, 0, min, f)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The CPU read from `/proc` is one this thread may run on, and a thread kept away
    /// from it runs elsewhere.
    #[cfg(target_os = "linux")]
    #[test]
    fn a_thread_keeps_away_from_a_cpu() {
        use rustix::thread::sched_getaffinity;
        let cpu = this_cpu().expect("a CPU");
        let allowed = sched_getaffinity(None).expect("the affinity");
        assert!(allowed.is_set(cpu), "CPU {cpu}");
        if allowed.count() > 1 {
            let (ran, set) = std::thread::spawn(move || {
                away_from(cpu)(1);
                (this_cpu().expect("a CPU"), sched_getaffinity(None).expect("the affinity"))
            })
            .join()
            .expect("the thread");
            assert_ne!(ran, cpu);
            assert!(!set.is_set(cpu) && set.count() == allowed.count() - 1);
        }
    }

    /// `in_runs` covers the range once, in runs end to end, and gives every run's items
    /// back where they were; a range of at least twice `min` is cut.
    #[test]
    fn runs_cover_the_range_in_order() {
        let cases: [(&[usize], usize); 6] = [
            (&[], 4),
            (&[7], 4),
            (&[1; 40], 4),
            (&[1, 100, 1, 1, 50, 2, 2, 2, 90, 1], 10),
            (&[0, 0, 0, 5, 0, 0], 1),
            (&[3; 9], 1000),
        ];
        for (weights, min) in cases {
            let runs = std::sync::Mutex::new(Vec::new());
            let out = in_runs(weights, min, &|r: Range<usize>| {
                runs.lock().unwrap().push(r.clone());
                r.collect::<Vec<_>>()
            });
            assert_eq!(out, (0..weights.len()).collect::<Vec<_>>(), "{weights:?}");
            let mut runs = runs.into_inner().unwrap();
            runs.sort_by_key(|r| r.start);
            let lengths: usize = runs.iter().map(|r| r.len()).sum();
            assert_eq!(lengths, weights.len(), "{weights:?}: {runs:?}");
            assert!(runs.windows(2).all(|w| w[0].end == w[1].start), "{weights:?}: {runs:?}");
            if weights.iter().sum::<usize>() >= 2 * min && weights.len() > 2 {
                assert!(runs.len() > 1, "{weights:?} was not cut");
            }
        }
    }

    /// In a process that goes on (a test's, the app's), what `drop_aside` is given is
    /// freed, not forgotten.
    #[test]
    fn what_is_dropped_aside_is_freed() {
        struct Tell(std::sync::mpsc::Sender<()>);
        impl Drop for Tell {
            fn drop(&mut self) {
                let _ = self.0.send(());
            }
        }
        let (tx, rx) = std::sync::mpsc::channel();
        on_pool(|| drop_aside(Tell(tx)));
        assert!(rx.recv_timeout(std::time::Duration::from_secs(10)).is_ok(), "not freed");
    }

    #[test]
    fn halves_cut_after_the_job_that_passes_half() {
        let cases: &[(&[usize], usize, usize)] = &[
            (&[], 0, 0),
            (&[10], 0, 1),
            (&[1, 1, 1, 1], 0, 3),
            (&[5, 1, 1, 1], 0, 1),
            (&[1, 1, 1, 5], 0, 4),
            (&[3, 3], 0, 2),
            (&[4, 3, 3], 0, 2),
            // Under the floor: one half holds everything.
            (&[1, 1, 1, 1], 5, 4),
            (&[0, 0], 0, 2),
        ];
        for &(w, min, cut) in cases {
            assert_eq!(halves(w.iter().copied(), min), cut, "{w:?} (min {min})");
        }
    }

    /// The job runs on a pool thread, where its joins are pushed on that thread's own
    /// queue, and returns what it makes.
    #[test]
    fn a_job_on_the_pool_runs_on_a_pool_thread() {
        assert_eq!(rayon::current_thread_index(), None);
        let (inside, halves) = on_pool(|| (rayon::current_thread_index(), both(|| 1, || 2)));
        assert!(inside.is_some());
        assert_eq!(halves, (1, 2));
    }

    /// The thread kept awake beside the job stops however the job ends: a job that
    /// panics is a panic here, not a scope waiting for ever.
    #[test]
    fn a_job_that_panics_on_the_pool_is_a_panic_here() {
        for _ in 0..20 {
            let r = std::panic::catch_unwind(|| {
                on_pool(|| -> u8 {
                    let (a, b) = both(|| 1, || 2);
                    assert_eq!(a + b, 3);
                    panic!("inside")
                })
            });
            assert_eq!(r.unwrap_err().downcast_ref::<&str>(), Some(&"inside"));
        }
        assert_eq!(on_pool(|| both(|| 1, || 2)), (1, 2));
    }

    #[test]
    fn a_panic_on_the_other_thread_is_a_panic_here() {
        let r = std::panic::catch_unwind(|| both(|| 1, || -> u8 { panic!("second half") }));
        let p = r.unwrap_err();
        assert_eq!(p.downcast_ref::<&str>(), Some(&"second half"));
    }
}
