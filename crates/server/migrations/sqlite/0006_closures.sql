-- Ad-hoc closures of an office (a clerk adds them); statutory holidays come from rest_days.
CREATE TABLE office_closures (
    office  TEXT NOT NULL REFERENCES offices (code),
    day     TEXT NOT NULL,
    reason  TEXT NOT NULL,
    PRIMARY KEY (office, day)
);
