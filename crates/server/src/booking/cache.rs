//! Offices and their day plans (statutory rest days, closures, special dates), kept by each
//! server between requests. Every use is checked against `cache_versions`, a row the
//! database's own triggers bump on any change to those tables (migration 0014), so a change
//! made through another server sharing the database, or by hand in SQL, is seen by the very
//! next request: the check rides along with a query the request makes anyway. The places
//! left are never cached.

use axum::body::Bytes;
use portal_api::booking::Office;
use portal_api::ids::Date;
use std::collections::HashMap;
use std::sync::Mutex;

/// What one office's day looks like: its slot starts (none when closed) and, for a special
/// date, when bookings open.
#[derive(Debug, Clone)]
pub struct DayPlan {
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
}

#[derive(Default)]
pub struct Cache {
    inner: Mutex<Inner>,
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
