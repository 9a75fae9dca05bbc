-- A version the database itself bumps on every change to what servers cache between
-- requests (offices, their closures and special dates, rest days): each server compares it
-- before using its copy (booking/cache.rs), so servers sharing a database never disagree.
CREATE TABLE cache_versions (
    name    TEXT PRIMARY KEY,
    version BIGINT NOT NULL
);
INSERT INTO cache_versions (name, version) VALUES ('booking', 1);
CREATE FUNCTION bump_booking_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE cache_versions SET version = version + 1 WHERE name = 'booking';
    RETURN NULL;
END
$$;
CREATE TRIGGER offices_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON offices FOR EACH STATEMENT EXECUTE FUNCTION bump_booking_version();
CREATE TRIGGER office_closures_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON office_closures FOR EACH STATEMENT EXECUTE FUNCTION bump_booking_version();
CREATE TRIGGER special_dates_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON special_dates FOR EACH STATEMENT EXECUTE FUNCTION bump_booking_version();
CREATE TRIGGER rest_days_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON rest_days FOR EACH STATEMENT EXECUTE FUNCTION bump_booking_version();
