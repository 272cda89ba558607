-- Counters against hostile clients (issue 13, point 3): query-code
-- lookups, sign-in attempts and device registrations per address, name or
-- both, in the database every instance shares, so two instances give an
-- attacker no more tries than one. `rate_limit.rs` says what `started`
-- and `amount` mean for each kind of key; a row past `expires` (Unix
-- seconds) means nothing and is cleared as new keys arrive.
CREATE TABLE rate_counters (
    key      TEXT PRIMARY KEY NOT NULL,
    started  INTEGER NOT NULL,
    amount   INTEGER NOT NULL,
    expires  INTEGER NOT NULL
);
CREATE INDEX rate_counters_by_expiry ON rate_counters (expires);
