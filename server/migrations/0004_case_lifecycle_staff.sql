-- The lifecycle: every case change carries its event (action, actor role,
-- departments, the note for the resident) as core's `CaseEvent` JSON, so
-- the sync feed and the staff desk show the same history.
ALTER TABLE case_changes ADD COLUMN event_json TEXT;

-- The case's history folded by core (`Progress`), and the office's next
-- due date (China date, YYYY-MM-DD) for sorting the queue.
ALTER TABLE petitions ADD COLUMN progress_json TEXT NOT NULL DEFAULT '';
ALTER TABLE petitions ADD COLUMN due_on TEXT;
CREATE INDEX petitions_by_due ON petitions(due_on);

-- Which departments handle a case now (replaced on assign and transfer).
CREATE TABLE case_departments (
    petition_id  TEXT NOT NULL REFERENCES petitions(id),
    department   TEXT NOT NULL,
    PRIMARY KEY (petition_id, department)
);
CREATE INDEX case_departments_by_department ON case_departments(department);

-- Staff accounts: argon2id password hashes only.
CREATE TABLE staff (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    username       TEXT NOT NULL UNIQUE,
    display_name   TEXT NOT NULL,
    password_hash  TEXT NOT NULL,
    role           TEXT NOT NULL,
    department     TEXT,
    created_at     TEXT NOT NULL
);

-- Sessions: the cookie holds a random token; only its SHA-256 is kept.
CREATE TABLE staff_sessions (
    token_hash  TEXT PRIMARY KEY NOT NULL,
    staff_id    INTEGER NOT NULL REFERENCES staff(id),
    created_at  TEXT NOT NULL,
    expires_at  TEXT NOT NULL
);

-- Every staff action, including sign-in and sign-out.
CREATE TABLE audit_log (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    at           TEXT NOT NULL,
    staff_id     INTEGER REFERENCES staff(id),
    action       TEXT NOT NULL,
    petition_id  TEXT,
    detail       TEXT NOT NULL DEFAULT ''
);

-- Requests a resident's device sends about an existing case (withdraw,
-- review, re-check, rating, supplement). The app's id makes a resend the
-- same request.
CREATE TABLE resident_requests (
    id            TEXT PRIMARY KEY NOT NULL,
    petition_id   TEXT NOT NULL REFERENCES petitions(id),
    device_id     TEXT NOT NULL REFERENCES devices(id),
    content_json  TEXT NOT NULL,
    seq           INTEGER NOT NULL
);

-- One rating per answer (the answer's feed sequence).
CREATE TABLE ratings (
    petition_id   TEXT NOT NULL REFERENCES petitions(id),
    answer_seq    INTEGER NOT NULL,
    satisfaction  TEXT NOT NULL,
    timeliness    INTEGER,
    attitude      INTEGER,
    result        INTEGER,
    comment       TEXT NOT NULL DEFAULT '',
    at            TEXT NOT NULL,
    PRIMARY KEY (petition_id, answer_seq)
);

CREATE TABLE supplements (
    id           TEXT PRIMARY KEY NOT NULL,
    petition_id  TEXT NOT NULL REFERENCES petitions(id),
    text         TEXT NOT NULL,
    at           TEXT NOT NULL
);
ALTER TABLE petition_photos ADD COLUMN supplement_id TEXT;
