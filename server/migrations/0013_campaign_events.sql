-- What every phone hears of a published campaign through the sync feed:
-- published, words corrected, closed early, the office's answer. Phones
-- list every published campaign, so these are not per device; `seq` is
-- the feed's second cursor. A close by the date needs no event: the
-- phone has the closing time.
CREATE TABLE campaign_events (
    seq       INTEGER PRIMARY KEY AUTOINCREMENT,
    campaign  TEXT NOT NULL REFERENCES campaigns(slug),
    action    TEXT NOT NULL,
    at        TEXT NOT NULL
);
