//! Spreading the loader's per-file and per-event work over threads, with
//! results in input order so a load is the same whatever the timing.

use std::sync::Mutex;

/// Below this many items, threads cost more than they save.
const PARALLEL_FROM: usize = 256;

/// How many threads to spread `items` CPU-bound items over.
pub(crate) fn worker_count(items: usize) -> usize {
    if items < PARALLEL_FROM {
        return 1;
    }
    std::thread::available_parallelism().map_or(1, |n| n.get().min(8))
}

/// Threads for reading files: more than cores, because a cold page cache
/// answers parallel reads several times faster than one after another.
pub(crate) fn reader_count(items: usize) -> usize {
    if items < PARALLEL_FROM {
        return 1;
    }
    8
}

/// `f` applied to every item on up to `threads` threads, in input order.
/// Items are handed out one at a time, so a few large ones (a folder of a
/// thousand notes beside folders of ten) do not leave threads idle.
pub(crate) fn map_in_order<T: Send, R: Send>(items: Vec<T>, threads: usize, f: impl Fn(T) -> R + Sync) -> Vec<R> {
    if threads <= 1 || items.len() <= 1 {
        return items.into_iter().map(f).collect();
    }
    let count = items.len();
    let queue = Mutex::new(items.into_iter().enumerate());
    // A poisoned queue means a worker panicked; the scope re-raises that panic.
    let next = || queue.lock().ok().and_then(|mut q| q.next());
    let mut done: Vec<(usize, R)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads.min(count))
            .map(|_| {
                scope.spawn(|| {
                    let mut out = Vec::new();
                    while let Some((i, item)) = next() {
                        out.push((i, f(item)));
                    }
                    out
                })
            })
            .collect();
        workers.into_iter().flat_map(|w| w.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))).collect()
    });
    done.sort_unstable_by_key(|(i, _)| *i);
    done.into_iter().map(|(_, r)| r).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_keep_input_order_on_any_thread_count() {
        let items: Vec<u64> = (0..1000).collect();
        for threads in [1, 2, 3, 8] {
            let out = map_in_order(items.clone(), threads, |n| {
                // Uneven work, so threads finish out of order.
                if n % 7 == 0 {
                    std::thread::yield_now();
                }
                n * 2
            });
            assert_eq!(out, items.iter().map(|n| n * 2).collect::<Vec<_>>(), "{threads} threads");
        }
    }

    #[test]
    fn small_inputs_stay_on_one_thread() {
        assert_eq!(worker_count(10), 1);
        assert_eq!(reader_count(10), 1);
        assert!(reader_count(10_000) > 1);
    }
}
