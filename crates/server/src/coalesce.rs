//! Requests that ask for the same thing at the same moment share one query, and every answer
//! is still read after its request arrived.
//!
//! A flash crowd asks for one day's places hundreds of times a second. Each request used to
//! run its own query, so the database (a network round trip away on PostgreSQL) did the same
//! read hundreds of times. Here a request for a key
//! - takes a ticket on arrival;
//! - uses the last result for the key only if that query *started after* its ticket, so the
//!   places it shows are never older than the request itself (what a query of its own would
//!   have given, give or take the other queries' own timing);
//! - otherwise runs the query itself when none is running for the key, or waits for the one
//!   that is running to finish and then looks again.
//!
//! So while one query runs, everyone who arrives waits for the *next* one, and that next one
//! answers them all: at most one query per key runs on this server at a time, and a request
//! waits at most for the end of the running query plus the next one. This is not the usual
//! "single flight", which hands a late arrival the answer of a query that started before it
//! came (a time that has just been taken would still show as free); the crates that offer that
//! (`async-singleflight`, `singleflight-async`) have no way to ask for the next flight.
//!
//! A failure is shared as a failure: when a query that started after a request arrived fails,
//! that request is answered [`SharedFailure`] (the caller turns it into its "busy, try again"
//! error) instead of queueing for a query of its own. Queueing would make each request wait one
//! failed query per request ahead of it while the database is down, and running its own at
//! once would send every waiter to a database that has just failed, at the peak of a flash
//! crowd. The error itself goes only to the request that ran the query. A request cancelled
//! while it runs the query (its client went away, the request timed out) hands over to the
//! waiters through a drop guard; that records no failure, so the next query answers them.
//! Keys are kept only while a request for them is in flight, so made-up keys cannot fill the
//! map.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use tokio::sync::watch;

pub struct Coalesced<K, V> {
    /// Tickets and query starts, in one order.
    clock: AtomicU64,
    keys: Mutex<HashMap<K, Arc<Slot<V>>>>,
}

struct Slot<V> {
    running: AtomicBool,
    /// The clock reading when the latest failed query started (0: none failed).
    failed: AtomicU64,
    /// The last successful result and the clock reading when its query started; every change
    /// of `running` back to false is announced on it.
    last: watch::Sender<Option<(u64, V)>>,
}

impl<K, V> Default for Coalesced<K, V> {
    fn default() -> Self {
        Coalesced { clock: AtomicU64::new(1), keys: Mutex::new(HashMap::new()) }
    }
}

/// The query that started after a request arrived, and that it waited for, failed (its error
/// went to the request that ran it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SharedFailure;

impl<K: Eq + Hash + Clone, V: Clone> Coalesced<K, V> {
    /// `query`'s result for `key`, from a query that started after this call did (its own or
    /// one shared with the requests that arrived while it waited); [`SharedFailure`] when such
    /// a shared query failed.
    pub async fn read<E, F, Fut>(&self, key: K, query: F) -> Result<V, E>
    where
        E: From<SharedFailure>,
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<V, E>>,
    {
        let ticket = self.clock.fetch_add(1, Ordering::SeqCst);
        let slot = {
            let mut keys = self.keys.lock().unwrap_or_else(|e| e.into_inner());
            keys.entry(key.clone())
                .or_insert_with(|| {
                    Arc::new(Slot {
                        running: AtomicBool::new(false),
                        failed: AtomicU64::new(0),
                        last: watch::channel(None).0,
                    })
                })
                .clone()
        };
        let in_map = InMap { keys: &self.keys, key, slot: Some(slot) };
        let slot = in_map.slot.as_ref().expect("set until dropped");
        let fresh = |last: &Option<(u64, V)>| match last {
            Some((started, v)) if *started > ticket => Some(v.clone()),
            _ => None,
        };
        let mut seen = slot.last.subscribe();
        loop {
            if let Some(v) = fresh(&seen.borrow_and_update()) {
                return Ok(v);
            }
            if slot.failed.load(Ordering::SeqCst) > ticket {
                // A query that started after this request arrived failed: that is its answer.
                return Err(SharedFailure.into());
            }
            if slot
                .running
                .compare_exchange(false, true, Ordering::SeqCst, Ordering::SeqCst)
                .is_ok()
            {
                let _running = Running(slot);
                // Finished while this request looked the other way.
                if let Some(v) = fresh(&slot.last.borrow()) {
                    return Ok(v);
                }
                let started = self.clock.fetch_add(1, Ordering::SeqCst);
                let out = query().await;
                match &out {
                    // Kept without waking anyone: `_running`'s drop wakes them once.
                    Ok(v) => {
                        slot.last.send_if_modified(|last| {
                            *last = Some((started, v.clone()));
                            false
                        });
                    }
                    Err(_) => {
                        slot.failed.fetch_max(started, Ordering::SeqCst);
                    }
                }
                return out;
            }
            // Another request's query is running: wait for it to end, then look again. The
            // sender lives in `slot`, held here, so `changed` cannot fail.
            let _ = seen.changed().await;
        }
    }

    #[cfg(test)]
    fn keys_held(&self) -> usize {
        self.keys.lock().unwrap().len()
    }

    #[cfg(test)]
    fn waiting(&self, key: &K) -> usize {
        self.keys.lock().unwrap().get(key).map_or(0, |s| Arc::strong_count(s) - 1)
    }
}

/// The running query ended (answered, failed or cancelled): the waiters look again.
struct Running<'a, V>(&'a Slot<V>);

impl<V> Drop for Running<'_, V> {
    fn drop(&mut self) {
        self.0.running.store(false, Ordering::SeqCst);
        self.0.last.send_modify(|_| ());
    }
}

/// The last request for a key out removes it from the map.
struct InMap<'a, K: Eq + Hash, V> {
    keys: &'a Mutex<HashMap<K, Arc<Slot<V>>>>,
    key: K,
    slot: Option<Arc<Slot<V>>>,
}

impl<K: Eq + Hash, V> Drop for InMap<'_, K, V> {
    fn drop(&mut self) {
        let mut keys = self.keys.lock().unwrap_or_else(|e| e.into_inner());
        // The map's reference and this one; clones are only made under this lock, and this
        // one is let go under it too (two requests leaving at once would otherwise each count
        // the other and both leave the key behind).
        let slot = self.slot.take();
        if slot.as_ref().is_some_and(|s| Arc::strong_count(s) == 2) {
            keys.remove(&self.key);
        }
        drop(slot);
        drop(keys);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicUsize;
    use std::time::Duration;
    use tokio::sync::Semaphore;

    /// A query that counts its runs, answers with its run number and waits for `gate` first.
    fn counted(
        runs: &Arc<AtomicUsize>,
        gate: &Arc<Semaphore>,
    ) -> impl Future<Output = Result<usize, String>> + use<> {
        let (runs, gate) = (runs.clone(), gate.clone());
        async move {
            let n = runs.fetch_add(1, Ordering::SeqCst) + 1;
            gate.acquire().await.map_err(|e| e.to_string())?.forget();
            Ok(n)
        }
    }

    async fn until(what: impl Fn() -> bool) {
        // Spins on the test's own tasks only; the limit turns a hang into a failure.
        tokio::time::timeout(Duration::from_secs(10), async {
            while !what() {
                tokio::task::yield_now().await;
            }
        })
        .await
        .expect("condition reached");
    }

    #[tokio::test]
    async fn arrivals_during_a_query_share_the_next_query_not_the_running_one() {
        let shared = Arc::new(Coalesced::<&str, usize>::default());
        let (runs, gate) = (Arc::new(AtomicUsize::new(0)), Arc::new(Semaphore::new(0)));
        let first = tokio::spawn({
            let (shared, q) = (shared.clone(), counted(&runs, &gate));
            async move { shared.read("day", || q).await }
        });
        until(|| runs.load(Ordering::SeqCst) == 1).await;
        let later: Vec<_> = (0..10)
            .map(|_| {
                let (shared, q) = (shared.clone(), counted(&runs, &gate));
                tokio::spawn(async move { shared.read("day", || q).await })
            })
            .collect();
        until(|| shared.waiting(&"day") == 11).await;
        gate.add_permits(1);
        assert_eq!(first.await.unwrap(), Ok(1));
        until(|| runs.load(Ordering::SeqCst) == 2).await;
        gate.add_permits(1);
        for t in later {
            assert_eq!(t.await.unwrap(), Ok(2), "answered by the query that started after them");
        }
        assert_eq!(runs.load(Ordering::SeqCst), 2, "ten requests, one query");
        assert_eq!(shared.keys_held(), 0, "nothing kept once answered");
        // A request after all that runs a query of its own.
        gate.add_permits(1);
        assert_eq!(shared.read("day", || counted(&runs, &gate)).await, Ok(3));
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn no_key_is_left_behind_when_requests_leave_together() {
        let shared = Arc::new(Coalesced::<u32, u32>::default());
        let tasks: Vec<_> = (0..4000u32)
            .map(|n| {
                let shared = shared.clone();
                tokio::spawn(async move {
                    shared
                        .read(n / 8, || async move {
                            tokio::task::yield_now().await;
                            Ok::<_, String>(n)
                        })
                        .await
                })
            })
            .collect();
        for t in tasks {
            assert!(t.await.unwrap().is_ok());
        }
        assert_eq!(shared.keys_held(), 0, "every key leaves with its last request");
    }

    #[tokio::test]
    async fn different_keys_do_not_wait_for_each_other() {
        let shared = Arc::new(Coalesced::<&str, usize>::default());
        let (runs, gate) = (Arc::new(AtomicUsize::new(0)), Arc::new(Semaphore::new(0)));
        let blocked = tokio::spawn({
            let (shared, q) = (shared.clone(), counted(&runs, &gate));
            async move { shared.read("monday", || q).await }
        });
        until(|| runs.load(Ordering::SeqCst) == 1).await;
        let other = shared.read("tuesday", || async { Ok::<_, String>(7) }).await;
        assert_eq!(other, Ok(7));
        gate.add_permits(1);
        assert_eq!(blocked.await.unwrap(), Ok(1));
    }

    impl From<SharedFailure> for String {
        fn from(_: SharedFailure) -> String {
            "shared failure".to_owned()
        }
    }

    #[tokio::test]
    async fn when_the_shared_query_fails_its_waiters_are_answered_at_once() {
        // The database is down: every query waits (for the gate, as for a pool timeout) and
        // fails. The requests that waited for a query that started after them must get that
        // failure at once: not queue for one query each (ten requests, ten timeouts in a row),
        // and not all run their own against the database that just failed.
        let shared = Arc::new(Coalesced::<&str, usize>::default());
        let (runs, gate) = (Arc::new(AtomicUsize::new(0)), Arc::new(Semaphore::new(0)));
        let failing = |runs: &Arc<AtomicUsize>, gate: &Arc<Semaphore>| {
            let (runs, gate) = (runs.clone(), gate.clone());
            async move {
                runs.fetch_add(1, Ordering::SeqCst);
                gate.acquire().await.unwrap().forget();
                Err::<usize, _>("database gone".to_owned())
            }
        };
        let first = tokio::spawn({
            let (shared, q) = (shared.clone(), failing(&runs, &gate));
            async move { shared.read("day", || q).await }
        });
        until(|| runs.load(Ordering::SeqCst) == 1).await;
        let later: Vec<_> = (0..10)
            .map(|_| {
                let (shared, q) = (shared.clone(), failing(&runs, &gate));
                tokio::spawn(async move { shared.read("day", || q).await })
            })
            .collect();
        until(|| shared.waiting(&"day") == 11).await;
        // The first query started before they came, so one of them runs the next query ...
        gate.add_permits(1);
        assert!(first.await.unwrap().is_err());
        until(|| runs.load(Ordering::SeqCst) == 2).await;
        // ... and when that one fails too, it gets the error and the nine others, without a
        // query of their own (no permits are left: one would hang), the shared failure.
        gate.add_permits(1);
        let mut answers = Vec::new();
        for t in later {
            let answer = tokio::time::timeout(Duration::from_secs(10), t).await;
            answers.push(answer.expect("answered at once").unwrap().unwrap_err());
        }
        answers.sort();
        let mut expected = vec!["shared failure".to_owned(); 9];
        expected.insert(0, "database gone".to_owned());
        assert_eq!(answers, expected, "the error to its query's runner, the failure to the others");
        assert_eq!(runs.load(Ordering::SeqCst), 2, "ten requests, two queries");
        assert_eq!(shared.keys_held(), 0);
        // Once the database is back, a request runs its own query and is answered.
        gate.add_permits(1);
        assert_eq!(shared.read("day", || counted(&runs, &gate)).await, Ok(3));
    }

    #[tokio::test]
    async fn a_failed_or_cancelled_query_hands_over_to_the_waiters() {
        let shared = Arc::new(Coalesced::<&str, usize>::default());
        let (runs, gate) = (Arc::new(AtomicUsize::new(0)), Arc::new(Semaphore::new(0)));
        // The first request fails: its error is its own; the waiter runs a query of its own.
        let failing = tokio::spawn({
            let (shared, runs, gate) = (shared.clone(), runs.clone(), gate.clone());
            async move {
                shared
                    .read("day", || async move {
                        runs.fetch_add(1, Ordering::SeqCst);
                        gate.acquire().await.unwrap().forget();
                        Err::<usize, _>("database gone".to_owned())
                    })
                    .await
            }
        });
        until(|| runs.load(Ordering::SeqCst) == 1).await;
        let waiter = tokio::spawn({
            let (shared, q) = (shared.clone(), counted(&runs, &gate));
            async move { shared.read("day", || q).await }
        });
        until(|| shared.waiting(&"day") == 2).await;
        gate.add_permits(2);
        assert_eq!(failing.await.unwrap(), Err("database gone".to_owned()));
        assert_eq!(waiter.await.unwrap(), Ok(2));

        // The request running the query goes away (its client hung up): the waiter takes over.
        let cancelled = tokio::spawn({
            let (shared, q) = (shared.clone(), counted(&runs, &gate));
            async move { shared.read("day", || q).await }
        });
        until(|| runs.load(Ordering::SeqCst) == 3).await;
        let waiter = tokio::spawn({
            let (shared, q) = (shared.clone(), counted(&runs, &gate));
            async move { shared.read("day", || q).await }
        });
        until(|| shared.waiting(&"day") == 2).await;
        cancelled.abort();
        until(|| runs.load(Ordering::SeqCst) == 4).await;
        gate.add_permits(1);
        assert_eq!(waiter.await.unwrap(), Ok(4));
        assert_eq!(shared.keys_held(), 0);
    }
}
