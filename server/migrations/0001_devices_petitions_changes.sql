-- Devices: one per installed app. Only the SHA-256 of the bearer token is kept.
CREATE TABLE devices (
    id          TEXT PRIMARY KEY NOT NULL,
    token_hash  TEXT NOT NULL UNIQUE,
    created_at  TEXT NOT NULL
);

-- Case numbers restart every year; the counter row is bumped in the same
-- transaction as the petition insert, so a number is never given twice.
CREATE TABLE case_counters (
    year      INTEGER PRIMARY KEY NOT NULL,
    last_seq  INTEGER NOT NULL
);

-- The id is made by the app (UUIDv7): a resend with the same id is the
-- same petition, never a second row.
CREATE TABLE petitions (
    id           TEXT PRIMARY KEY NOT NULL,
    device_id    TEXT NOT NULL REFERENCES devices(id),
    case_number  TEXT NOT NULL UNIQUE,
    kind         TEXT NOT NULL,
    title        TEXT NOT NULL,
    body         TEXT NOT NULL,
    status       TEXT NOT NULL,
    received_at  TEXT NOT NULL
);
CREATE INDEX petitions_by_device ON petitions(device_id);

-- The sync feed: every change to a case, in order, written in the same
-- transaction as the change itself.
CREATE TABLE case_changes (
    seq          INTEGER PRIMARY KEY AUTOINCREMENT,
    petition_id  TEXT NOT NULL REFERENCES petitions(id),
    device_id    TEXT NOT NULL REFERENCES devices(id),
    status       TEXT NOT NULL,
    at           TEXT NOT NULL
);
CREATE INDEX case_changes_by_device ON case_changes(device_id, seq);
