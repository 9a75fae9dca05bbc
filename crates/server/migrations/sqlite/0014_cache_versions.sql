-- A version the database itself bumps on every change to what servers cache between
-- requests (offices, their closures and special dates, rest days): each server compares it
-- before using its copy (booking/cache.rs), so servers sharing a database never disagree.
CREATE TABLE cache_versions (
    name    TEXT PRIMARY KEY,
    version BIGINT NOT NULL
);
INSERT INTO cache_versions (name, version) VALUES ('booking', 1);
CREATE TRIGGER offices_insert_version AFTER INSERT ON offices BEGIN UPDATE cache_versions SET version = version + 1 WHERE name = 'booking'; END;
CREATE TRIGGER offices_update_version AFTER UPDATE ON offices BEGIN UPDATE cache_versions SET version = version + 1 WHERE name = 'booking'; END;
CREATE TRIGGER offices_delete_version AFTER DELETE ON offices BEGIN UPDATE cache_versions SET version = version + 1 WHERE name = 'booking'; END;
CREATE TRIGGER office_closures_insert_version AFTER INSERT ON office_closures BEGIN UPDATE cache_versions SET version = version + 1 WHERE name = 'booking'; END;
CREATE TRIGGER office_closures_update_version AFTER UPDATE ON office_closures BEGIN UPDATE cache_versions SET version = version + 1 WHERE name = 'booking'; END;
CREATE TRIGGER office_closures_delete_version AFTER DELETE ON office_closures BEGIN UPDATE cache_versions SET version = version + 1 WHERE name = 'booking'; END;
CREATE TRIGGER special_dates_insert_version AFTER INSERT ON special_dates BEGIN UPDATE cache_versions SET version = version + 1 WHERE name = 'booking'; END;
CREATE TRIGGER special_dates_update_version AFTER UPDATE ON special_dates BEGIN UPDATE cache_versions SET version = version + 1 WHERE name = 'booking'; END;
CREATE TRIGGER special_dates_delete_version AFTER DELETE ON special_dates BEGIN UPDATE cache_versions SET version = version + 1 WHERE name = 'booking'; END;
CREATE TRIGGER rest_days_insert_version AFTER INSERT ON rest_days BEGIN UPDATE cache_versions SET version = version + 1 WHERE name = 'booking'; END;
CREATE TRIGGER rest_days_update_version AFTER UPDATE ON rest_days BEGIN UPDATE cache_versions SET version = version + 1 WHERE name = 'booking'; END;
CREATE TRIGGER rest_days_delete_version AFTER DELETE ON rest_days BEGIN UPDATE cache_versions SET version = version + 1 WHERE name = 'booking'; END;
