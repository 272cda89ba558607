-- Suggestion campaigns (征求意见): an office asks the public about
-- something it plans. The definition is core's `Campaign` as JSON; the
-- columns beside it are what the queries filter and sort on.
CREATE TABLE campaigns (
    slug             TEXT PRIMARY KEY,
    definition_json  TEXT NOT NULL,
    state            TEXT NOT NULL,
    opens_at         TEXT NOT NULL,
    closes_at        TEXT NOT NULL,
    -- An early close by the office.
    closed_at        TEXT,
    results_public   INTEGER NOT NULL DEFAULT 0,
    created_by       INTEGER NOT NULL REFERENCES staff(id),
    created_at       TEXT NOT NULL,
    -- Any change a phone should notice: words, state, the office's answer.
    updated_at       TEXT NOT NULL
);

-- One response per phone per campaign: a later answer replaces the
-- earlier one and `revision` counts them. `id` is the phone's, so a
-- resend is the same response. No identity: the device is only the key
-- that makes it one per phone, and never leaves the server.
CREATE TABLE campaign_responses (
    id                 TEXT PRIMARY KEY,
    campaign           TEXT NOT NULL REFERENCES campaigns(slug),
    device_id          TEXT NOT NULL REFERENCES devices(id),
    revision           INTEGER NOT NULL,
    -- On the phone: an answer made before the close counts for 7 days.
    answered_at        TEXT NOT NULL,
    first_received_at  TEXT NOT NULL,
    received_at        TEXT NOT NULL,
    content_json       TEXT NOT NULL,
    UNIQUE (campaign, device_id)
);
CREATE INDEX campaign_responses_by_time ON campaign_responses(campaign, first_received_at);

-- The latest revision's answers, one row per picked option (or scale
-- point), or the text: the database counts the results from these.
CREATE TABLE campaign_answers (
    response_id  TEXT NOT NULL REFERENCES campaign_responses(id),
    campaign     TEXT NOT NULL,
    question     TEXT NOT NULL,
    choice       TEXT,
    text         TEXT
);
CREATE INDEX campaign_answers_counted ON campaign_answers(campaign, question, choice);
CREATE INDEX campaign_answers_by_response ON campaign_answers(response_id);
