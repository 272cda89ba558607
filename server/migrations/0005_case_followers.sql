-- Devices that follow a case with its case number and query code (another
-- phone of the petitioner's). They read the case and its changes; only the
-- device that sent it acts on it.
CREATE TABLE case_followers (
    device_id    TEXT NOT NULL REFERENCES devices(id),
    petition_id  TEXT NOT NULL REFERENCES petitions(id),
    since        TEXT NOT NULL,
    PRIMARY KEY (device_id, petition_id)
);
CREATE INDEX case_followers_by_petition ON case_followers(petition_id);
