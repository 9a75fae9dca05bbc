-- Places per slot for a service that differs from the office's default, e.g. `ceremony=1`
-- (one ceremony hall). Comma-separated `service=places`; empty: every service uses `counters`.
ALTER TABLE offices ADD COLUMN service_counters TEXT NOT NULL DEFAULT '';
