//! Spreading the loader's per-file and per-event work over threads (rayon),
//! with results in input order so a load is the same whatever the timing.

use rayon::prelude::*;

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
/// A pool of its own, not rayon's global one: readers are more threads than cores.
pub(crate) fn map_in_order<T: Send, R: Send>(
    items: Vec<T>,
    threads: usize,
    f: impl Fn(T) -> R + Sync + Send,
) -> Vec<R> {
    if threads <= 1 || items.len() <= 1 {
        return items.into_iter().map(f).collect();
    }
    match rayon::ThreadPoolBuilder::new().num_threads(threads.min(items.len())).build() {
        // A worker's panic is raised again here, as on one thread.
        Ok(pool) => pool.install(|| items.into_par_iter().with_max_len(1).map(f).collect()),
        Err(_) => items.into_iter().map(f).collect(),
    }
}

pub(crate) fn par_map<'a, T: Sync, R: Send>(items: &'a [T], f: impl Fn(usize, &'a T) -> R + Sync) -> Vec<R> {
    par_map_with(items, || (), |_, i, item| f(i, item)).0
}

/// `f` over every item, on all cores when there are many; results in
/// order, and each worker's scratch value (made by `scratch`) at the end.
pub(crate) fn par_map_with<'a, T: Sync, S: Send, R: Send>(
    items: &'a [T],
    scratch: impl Fn() -> S + Sync,
    f: impl Fn(&mut S, usize, &'a T) -> R + Sync,
) -> (Vec<R>, Vec<S>) {
    let threads = worker_count(items.len());
    if threads <= 1 {
        let mut s = scratch();
        let out = items.iter().enumerate().map(|(i, item)| f(&mut s, i, item)).collect();
        return (out, vec![s]);
    }
    use rayon::prelude::*;
    // One chunk per worker, each with its scratch value, in order: the
    // scratches come back in the order of their chunks whatever the timing.
    let size = items.len().div_ceil(threads);
    let chunks: Vec<(Vec<R>, S)> = items
        .par_chunks(size)
        .enumerate()
        .map(|(k, chunk)| {
            let mut s = scratch();
            let out: Vec<R> = chunk.iter().enumerate().map(|(i, item)| f(&mut s, k * size + i, item)).collect();
            (out, s)
        })
        .collect();
    let mut results = Vec::with_capacity(items.len());
    let mut scratches = Vec::with_capacity(threads);
    for (out, s) in chunks {
        results.extend(out);
        scratches.push(s);
    }
    (results, scratches)
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
