//! [`quyche_diff::pool_on_this_thread`], as the command line uses it: the thread that
//! makes itself one of the pool's threads runs [`quyche_diff::on_pool`]'s job itself, and
//! the redline made there is the one made on another pool; a second call changes
//! nothing. A process of its
//! own (no test harness): the pool is made once per process, and the harness's threads
//! end after their test.

use std::time::Duration;

use quyche_diff::{on_pool, pool_on_this_thread, redline, Alignment, Options};
use quyche_fixtures::{law, COOP_2012, COOP_2023};

fn main() {
    let (old, new) = (law(COOP_2012), law(COOP_2023));
    let json = move || {
        let (a, b) = (quyche_text::parse(&old).document, quyche_text::parse(&new).document);
        // A deadline no build reaches: the two runs must not differ by timing.
        let opts = Options { deadline: Duration::from_secs(600), ..Options::default() };
        let r = redline(&a, &b, Alignment::ByContent, &opts);
        serde_json::to_string(&r).expect("JSON")
    };
    // On a pool of its own: using the process's pool would make it, the usual way.
    let other = rayon::ThreadPoolBuilder::new().build().expect("a pool");
    let outside = other.install(json.clone());

    pool_on_this_thread();
    let threads = rayon::current_num_threads();
    // Called again (the command line calls it before it parses and when it runs `diff`):
    // the thread stays in the pool it joined.
    pool_on_this_thread();
    assert_eq!(rayon::current_thread_index(), Some(0), "the thread left its pool");
    assert_eq!(rayon::current_num_threads(), threads, "a second call made another pool");
    let here = std::thread::current().id();
    let (ran_here, on_pool_json) = on_pool(|| (std::thread::current().id() == here, json()));
    assert!(ran_here, "on_pool handed its job to another thread");
    assert!(on_pool_json == outside, "the redline differs from the one made outside the pool");
    println!("pool_on_this_thread: ok");
}
