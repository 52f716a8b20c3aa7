// the registry's tables: events is append-only (triggers), the rest are read models.
export const SCHEMA = `
CREATE TABLE IF NOT EXISTS events (
  seq     INTEGER PRIMARY KEY,
  ts      TEXT NOT NULL,
  type    TEXT NOT NULL,
  subject TEXT NOT NULL,
  body    TEXT NOT NULL,
  prev    TEXT NOT NULL,
  hash    TEXT NOT NULL UNIQUE,
  sig     TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS events_subject ON events (subject);
CREATE INDEX IF NOT EXISTS events_type ON events (type);
CREATE TRIGGER IF NOT EXISTS events_no_update BEFORE UPDATE ON events
BEGIN SELECT RAISE(ABORT, 'registry events are append-only: update refused'); END;
CREATE TRIGGER IF NOT EXISTS events_no_delete BEFORE DELETE ON events
BEGIN SELECT RAISE(ABORT, 'registry events are append-only: delete refused'); END;

CREATE TABLE IF NOT EXISTS proposals (
  id         TEXT PRIMARY KEY,
  niche      TEXT NOT NULL,
  status     TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  doc        TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS proposals_status ON proposals (status);

CREATE TABLE IF NOT EXISTS proposal_steps (
  proposal_id TEXT NOT NULL,
  doc         TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS proposal_steps_id ON proposal_steps (proposal_id);

CREATE TABLE IF NOT EXISTS artifacts (
  id         TEXT PRIMARY KEY,
  niche      TEXT NOT NULL,
  stage      TEXT NOT NULL,
  utility    REAL,
  passed     INTEGER NOT NULL DEFAULT 0,
  registered INTEGER NOT NULL DEFAULT 0,
  run_id     TEXT,
  doc        TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS artifacts_niche ON artifacts (niche, registered, passed, utility);
CREATE INDEX IF NOT EXISTS artifacts_run ON artifacts (run_id);

-- spent capability tokens: a nonce goes in once; a second insert is a replay
CREATE TABLE IF NOT EXISTS redeemed_tokens (
  nonce      TEXT PRIMARY KEY,
  expires_at TEXT NOT NULL,
  at         TEXT NOT NULL
);
`;

/** columns added after a table was first made: [table, column, definition] */
export const ADDED_COLUMNS: [string, string, string][] = [['artifacts', 'ladder', 'TEXT']];

/** indexes over added columns, made once the columns exist */
export const LATE_SCHEMA = `CREATE INDEX IF NOT EXISTS artifacts_ladder ON artifacts (ladder);`;
