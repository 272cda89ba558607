-- The editor's fields: category, where, how many people. `content_json` is
-- the petition as received (normalised), compared byte for byte when the
-- same id arrives again.
ALTER TABLE petitions ADD COLUMN category TEXT NOT NULL DEFAULT '';
ALTER TABLE petitions ADD COLUMN district TEXT;
ALTER TABLE petitions ADD COLUMN street TEXT;
ALTER TABLE petitions ADD COLUMN community TEXT;
ALTER TABLE petitions ADD COLUMN address TEXT NOT NULL DEFAULT '';
ALTER TABLE petitions ADD COLUMN lat REAL;
ALTER TABLE petitions ADD COLUMN lon REAL;
ALTER TABLE petitions ADD COLUMN people_affected INTEGER;
ALTER TABLE petitions ADD COLUMN content_json TEXT NOT NULL DEFAULT '';

-- Who petitioned, kept apart from what they wrote (Regulations Art. 30:
-- a reporter's identity is shown only to staff allowed to see it).
CREATE TABLE petition_identities (
    petition_id  TEXT PRIMARY KEY NOT NULL REFERENCES petitions(id),
    name         TEXT NOT NULL,
    phone        TEXT NOT NULL,
    address      TEXT NOT NULL
);
