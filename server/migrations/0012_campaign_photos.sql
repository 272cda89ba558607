-- Photos on long-text answers to a campaign, processed on the phone as a
-- petition's are. They belong to the phone's one response to the
-- campaign (campaign and device, as the response itself: its id may
-- change with a replacement); the bytes live in files under
-- <data-dir>/photos/answers/<photo>. A replacement answer keeps the
-- photos it still lists and drops the others.
CREATE TABLE campaign_photos (
    id              TEXT PRIMARY KEY,
    campaign        TEXT NOT NULL REFERENCES campaigns(slug),
    device_id       TEXT NOT NULL REFERENCES devices(id),
    question        TEXT NOT NULL,
    position        INTEGER NOT NULL,
    sha256          TEXT NOT NULL,
    bytes           INTEGER NOT NULL,
    mime            TEXT NOT NULL,
    received_bytes  INTEGER NOT NULL DEFAULT 0,
    completed_at    TEXT
);
CREATE INDEX campaign_photos_by_response ON campaign_photos(campaign, device_id);
