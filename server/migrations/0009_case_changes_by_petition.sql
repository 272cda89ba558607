-- A case's changes by case: the followed cases' branch of the sync feed,
-- a case's history on the desk, lookups and replays read them through
-- this index instead of scanning every change of every case (review M10).
CREATE INDEX case_changes_by_petition ON case_changes(petition_id, seq);
