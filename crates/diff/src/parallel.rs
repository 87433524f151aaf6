//! Two halves of a job on two cores.
//!
//! The machines this app runs on have two cores or more, and a redline of a long law is
//! tens of milliseconds of work, so the parts of it that do not depend on each other run
//! side by side. Each helper here returns what one thread would, in the same order, so
//! output never depends on the scheduling: the tests compare against one thread.

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

/// `f()` on one of the pool's threads, this thread waiting: a job of many [`both`] calls
/// run this way keeps at most two threads busy on two cores. Run from a thread outside
/// the pool, the pool's idle threads would spin (for a while after each call) beside the
/// sequential parts on this one, three threads on two cores.
pub fn on_pool<R: Send>(f: impl FnOnce() -> R + Send) -> R {
    rayon::scope(|_| f())
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

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn a_panic_on_the_other_thread_is_a_panic_here() {
        let r = std::panic::catch_unwind(|| both(|| 1, || -> u8 { panic!("second half") }));
        let p = r.unwrap_err();
        assert_eq!(p.downcast_ref::<&str>(), Some(&"second half"));
    }
}
