-- Pinyin search keys (issue 10, search speed): one row per organisation and syllable of its
-- name: the syllable and the initials from it on. A pinyin query becomes a few index range
-- scans here instead of a LIKE over every name (see charities/db/keys.rs). Filled by the
-- server when an entry is saved, and for older rows when the server starts. No foreign key:
-- the server keeps the keys with their entry (entries are never deleted), and a key check per
-- row made a 20,000-line import on PostgreSQL several seconds slower.
CREATE TABLE charity_name_keys (
    charity_id BIGINT NOT NULL,
    syllable   TEXT NOT NULL,
    initials   TEXT NOT NULL
);
CREATE INDEX charity_name_keys_by_initials ON charity_name_keys (initials, syllable);
CREATE INDEX charity_name_keys_by_syllable ON charity_name_keys (syllable);
CREATE INDEX charity_name_keys_by_charity ON charity_name_keys (charity_id);
-- Name order pages without sorting every match.
CREATE INDEX charities_by_pinyin ON charities (name_pinyin, credit_code);
