//! Offices and their day plans (statutory rest days, closures, special dates), kept by each
//! server between requests. Every use is checked against `cache_versions`, a row the
//! database's own triggers bump on any change to those tables (migration 0014), so a change
//! made through another server sharing the database, or by hand in SQL, is seen by the very
//! next request: the check rides along with a query the request makes anyway. The places
//! left are never cached: requests for the same day at the same moment share one query
//! ([`Coalesced`]), whose answer is always read after each of them arrived.
//!
//! One exception: the office list (`GET /api/offices`, a public page with no query of its
//! own to ride along) is answered from the copy without asking the version again for up to
//! [`LIST_TTL`] after the last check. That trades up to that long (plus the check's own query
//! time) of staleness *across servers* (or after a change made by hand in SQL) for no query on
//! most requests; a change made through this server (`changed_here`) is seen at once.

use super::db::{ClosureRow, SlotRow, SpecialRow};
use crate::calendar::RestDayRow;
use crate::coalesce::Coalesced;
use axum::body::Bytes;
use portal_api::booking::{Office, Service};
use portal_api::ids::Date;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long the office list is answered without checking the version again.
pub const LIST_TTL: Duration = Duration::from_secs(1);

/// What one office's day looks like: its slot starts (none when closed) and, for a special
/// date, when bookings open.
#[derive(Debug, Clone)]
pub struct DayPlan {
    /// A statutory holiday or an ad-hoc closure (`starts` is then empty).
    pub closed: bool,
    pub starts: Vec<u32>,
    pub release_at: Option<i64>,
}

#[derive(Default)]
struct Inner {
    version: i64,
    offices: HashMap<String, Office>,
    days: HashMap<(String, Date), DayPlan>,
    /// The office list as sent (JSON).
    list: Option<Bytes>,
    /// When the office list's `version` was last read from the database.
    checked_at: Option<Instant>,
}

/// A day's laid-out slots and the cache version read with them.
pub type DayRows = (i64, Vec<SlotRow>);

/// What the date picker reads for one office's booking window.
pub struct WindowRows {
    pub rest: Vec<RestDayRow>,
    pub closures: Vec<ClosureRow>,
    pub specials: Vec<SpecialRow>,
    pub made: Vec<SlotRow>,
}

#[derive(Default)]
pub struct Cache {
    inner: Mutex<Inner>,
    local_changes: AtomicU64,
    /// A day's slots with the cache version (`GET /api/offices/{code}/availability`).
    pub day_reads: Coalesced<(String, Service, Date), Arc<DayRows>>,
    /// A booking window's rows, by office, service and first and last day (`GET …/days`).
    pub window_reads: Coalesced<(String, Service, Date, Date), Arc<WindowRows>>,
}

impl Cache {
    /// Runs `f` on the entries of `version`: a newer version empties the cache first; an
    /// older one (a request that read the version before another moved it on) sees nothing
    /// and stores nothing.
    fn with<T>(&self, version: i64, f: impl FnOnce(&mut Inner) -> Option<T>) -> Option<T> {
        if version <= 0 {
            return None; // no version row: nothing is cached
        }
        let mut inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        if version > inner.version {
            *inner = Inner { version, ..Inner::default() };
        }
        if version == inner.version { f(&mut inner) } else { None }
    }

    /// The office list if its version was found current less than [`LIST_TTL`] ago: no
    /// query at all.
    pub fn recent_list(&self) -> Option<Bytes> {
        let inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        match inner.checked_at {
            Some(t) if t.elapsed() < LIST_TTL => inner.list.clone(),
            _ => None,
        }
    }

    /// Counts the changes committed through this server; read before the version is.
    pub fn local_changes(&self) -> u64 {
        self.local_changes.load(Ordering::SeqCst)
    }

    /// The office list's `version` was just read from the database: trust it for
    /// [`LIST_TTL`], unless a change was committed through this server since `seen` (the
    /// version may have been read before that commit).
    pub fn list_checked(&self, version: i64, seen: u64) {
        let mut inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        if version == inner.version && inner.list.is_some() && self.local_changes() == seen {
            inner.checked_at = Some(Instant::now());
        }
    }

    /// A change to the cached tables was committed through this server: the next office list
    /// reads the version (the triggers have bumped it) instead of trusting [`LIST_TTL`].
    pub fn changed_here(&self) {
        self.local_changes.fetch_add(1, Ordering::SeqCst);
        self.inner.lock().unwrap_or_else(|e| e.into_inner()).checked_at = None;
    }

    pub fn office(&self, version: i64, code: &str) -> Option<Office> {
        self.with(version, |i| i.offices.get(code).cloned())
    }

    pub fn put_office(&self, version: i64, code: &str, office: Office) {
        self.with(version, |i| i.offices.insert(code.to_owned(), office));
    }

    pub fn day(&self, version: i64, code: &str, day: Date) -> Option<DayPlan> {
        self.with(version, |i| i.days.get(&(code.to_owned(), day)).cloned())
    }

    pub fn put_day(&self, version: i64, code: &str, day: Date, plan: DayPlan) {
        self.with(version, |i| i.days.insert((code.to_owned(), day), plan));
    }

    pub fn list(&self, version: i64) -> Option<Bytes> {
        self.with(version, |i| i.list.clone())
    }

    pub fn put_list(&self, version: i64, json: Bytes) {
        self.with(version, |i| i.list.replace(json));
    }
}
