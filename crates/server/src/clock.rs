//! The time source, shared by every feature: the system clock, the dev server's offset clock
//! and the tests' manual clock. Also the office's local day and minute.

/// The time source, injectable so tests can move time (code expiry, session expiry).
pub trait Clock: Send + Sync {
    /// Unix seconds.
    fn now(&self) -> i64;

    /// Moves time on (test clocks only); false for the real clock.
    fn advance_by(&self, _secs: i64) -> bool {
        false
    }
}

/// The system time plus an offset: `--dev` servers use it so browser tests can cross a
/// 30-day cooling-off period (`POST /api/dev/clock`). Never used in production.
#[derive(Default)]
pub struct OffsetClock(std::sync::atomic::AtomicI64);

impl Clock for OffsetClock {
    fn now(&self) -> i64 {
        SystemClock.now().saturating_add(self.0.load(std::sync::atomic::Ordering::SeqCst))
    }

    fn advance_by(&self, secs: i64) -> bool {
        self.0.fetch_add(secs, std::sync::atomic::Ordering::SeqCst);
        true
    }
}

pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> i64 {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs() as i64)
            .unwrap_or(0)
    }
}

/// A clock tests set by hand.
#[derive(Default)]
pub struct ManualClock(pub std::sync::atomic::AtomicI64);

impl ManualClock {
    pub fn new(start: i64) -> ManualClock {
        ManualClock(std::sync::atomic::AtomicI64::new(start))
    }

    pub fn advance(&self, secs: i64) {
        self.0.fetch_add(secs, std::sync::atomic::Ordering::SeqCst);
    }
}

impl Clock for ManualClock {
    fn now(&self) -> i64 {
        self.0.load(std::sync::atomic::Ordering::SeqCst)
    }

    fn advance_by(&self, secs: i64) -> bool {
        self.advance(secs);
        true
    }
}
