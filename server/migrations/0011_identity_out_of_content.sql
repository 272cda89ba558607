-- The petitioner's identity lives only in petition_identities (Art. 30,
-- PIPL; review M7). content_json kept a copy for comparing resends: it is
-- stripped here, and a keyed hash (HMAC under the server's key, with the
-- petition id, so two petitions of one person do not share it) stands in
-- for the identity in that comparison from now on. Rows stripped here have
-- no hash: a resend of one is compared with petition_identities itself.
ALTER TABLE petitions ADD COLUMN identity_hmac TEXT;
UPDATE petitions
SET content_json = json_remove(content_json, '$.identity')
WHERE json_valid(content_json)
  AND json_type(content_json, '$.identity') IS NOT NULL;
