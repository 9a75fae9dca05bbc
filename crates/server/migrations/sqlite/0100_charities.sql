-- Charity register (慈善查询): organisations, their annual reports and filed fundraising
-- campaigns, and charity shops / donation points. Dates are local dates as 'YYYY-MM-DD' text.
-- name_pinyin holds the name's syllables separated by spaces, computed by the server when the
-- entry is saved, so a search never converts names at query time.
CREATE TABLE charities (
    id                       INTEGER PRIMARY KEY AUTOINCREMENT,
    credit_code              TEXT NOT NULL UNIQUE,
    name                     TEXT NOT NULL,
    former_names             TEXT NOT NULL DEFAULT '',
    name_pinyin              TEXT NOT NULL DEFAULT '',
    name_initials            TEXT NOT NULL DEFAULT '',
    form                     TEXT NOT NULL,
    registration_authority   TEXT NOT NULL,
    registered_on            TEXT NOT NULL,
    recognised_on            TEXT,
    fields                   TEXT NOT NULL DEFAULT '',
    districts                TEXT NOT NULL DEFAULT '',
    public_fundraising_since TEXT,
    grade                    BIGINT CHECK (grade BETWEEN 1 AND 5),
    grade_awarded_on         TEXT,
    status                   TEXT NOT NULL,
    status_on                TEXT,
    phone                    TEXT NOT NULL DEFAULT '',
    address                  TEXT NOT NULL DEFAULT '',
    website                  TEXT NOT NULL DEFAULT '',
    review_flags             TEXT NOT NULL DEFAULT '',
    demo                     BIGINT NOT NULL DEFAULT 0 CHECK (demo IN (0, 1)),
    updated_at               BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX charities_by_name ON charities (name);
CREATE INDEX charities_by_initials ON charities (name_initials);

CREATE TABLE charity_reports (
    charity_id   BIGINT NOT NULL REFERENCES charities (id) ON DELETE CASCADE,
    year         BIGINT NOT NULL,
    published_on TEXT NOT NULL,
    url          TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (charity_id, year)
);

CREATE TABLE charity_campaigns (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    charity_id         BIGINT NOT NULL REFERENCES charities (id) ON DELETE CASCADE,
    name               TEXT NOT NULL,
    filing_number      TEXT NOT NULL UNIQUE,
    starts_on          TEXT NOT NULL,
    ends_on            TEXT NOT NULL,
    platform           TEXT NOT NULL DEFAULT '',
    last_disclosed_on  TEXT,
    final_disclosed_on TEXT
);
CREATE INDEX charity_campaigns_by_charity ON charity_campaigns (charity_id);

CREATE TABLE charity_shops (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    code          TEXT NOT NULL UNIQUE,
    kind          TEXT NOT NULL,
    name          TEXT NOT NULL,
    district      TEXT NOT NULL,
    address       TEXT NOT NULL,
    phone         TEXT NOT NULL DEFAULT '',
    hours_receive TEXT NOT NULL DEFAULT '[]',
    hours_give    TEXT NOT NULL DEFAULT '[]',
    accepts       TEXT NOT NULL DEFAULT '',
    eligibility   TEXT NOT NULL DEFAULT '',
    lat           REAL,
    lng           REAL,
    demo          BIGINT NOT NULL DEFAULT 0 CHECK (demo IN (0, 1))
);
CREATE INDEX charity_shops_by_district ON charity_shops (district);
