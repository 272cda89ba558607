-- A staff member who leaves is disabled, not deleted: the audit log keeps
-- naming them, and their sessions stop working at once.
ALTER TABLE staff ADD COLUMN disabled_at TEXT;
