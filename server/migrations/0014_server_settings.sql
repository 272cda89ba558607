-- What every instance of one deployment must agree on (issue 13):
-- today the query-code key's fingerprint (db/settings.rs).
CREATE TABLE server_settings (
    name   TEXT PRIMARY KEY NOT NULL,
    value  TEXT NOT NULL
);
