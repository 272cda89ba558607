-- Photos declared with a petition, and how much of each has arrived. The
-- bytes live in files under <data-dir>/photos/<petition>/<photo>.
CREATE TABLE petition_photos (
    petition_id     TEXT NOT NULL REFERENCES petitions(id),
    photo_id        TEXT NOT NULL,
    position        INTEGER NOT NULL,
    sha256          TEXT NOT NULL,
    bytes           INTEGER NOT NULL,
    mime            TEXT NOT NULL,
    received_bytes  INTEGER NOT NULL DEFAULT 0,
    completed_at    TEXT,
    PRIMARY KEY (petition_id, photo_id)
);
