// the registry's tables on postgresql (14 or later): events and sources are append-only
// (triggers refuse update, delete and truncate), the rest are read models the store updates.
// prev is unique, so even a writer that skipped the append lock could not fork the chain.
export const PG_SCHEMA = `
CREATE TABLE IF NOT EXISTS events (
  seq     bigint PRIMARY KEY,
  ts      text NOT NULL,
  type    text NOT NULL,
  subject text NOT NULL,
  body    text NOT NULL,
  prev    text NOT NULL UNIQUE,
  hash    text NOT NULL UNIQUE,
  sig     text NOT NULL
);
CREATE INDEX IF NOT EXISTS events_subject ON events (subject);
CREATE INDEX IF NOT EXISTS events_type ON events (type);

-- artifact sources, content-addressed: the database is the one place every lab process sees
CREATE TABLE IF NOT EXISTS sources (
  sha256 text PRIMARY KEY,
  source text NOT NULL
);

CREATE OR REPLACE FUNCTION ola_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'registry % are append-only: % refused', TG_TABLE_NAME, lower(TG_OP);
END $$;
CREATE OR REPLACE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON events FOR EACH ROW EXECUTE FUNCTION ola_append_only();
CREATE OR REPLACE TRIGGER events_no_truncate BEFORE TRUNCATE ON events FOR EACH STATEMENT EXECUTE FUNCTION ola_append_only();
CREATE OR REPLACE TRIGGER sources_append_only BEFORE UPDATE OR DELETE ON sources FOR EACH ROW EXECUTE FUNCTION ola_append_only();
CREATE OR REPLACE TRIGGER sources_no_truncate BEFORE TRUNCATE ON sources FOR EACH STATEMENT EXECUTE FUNCTION ola_append_only();

CREATE TABLE IF NOT EXISTS proposals (
  ord        bigserial UNIQUE,
  id         text PRIMARY KEY,
  niche      text NOT NULL,
  status     text NOT NULL,
  updated_at text NOT NULL,
  doc        text NOT NULL
);
CREATE INDEX IF NOT EXISTS proposals_status ON proposals (status);

CREATE TABLE IF NOT EXISTS proposal_steps (
  ord         bigserial PRIMARY KEY,
  proposal_id text NOT NULL,
  doc         text NOT NULL
);
CREATE INDEX IF NOT EXISTS proposal_steps_id ON proposal_steps (proposal_id, ord);

-- ord keeps insertion order (sqlite's rowid): an upsert leaves it as it was
CREATE TABLE IF NOT EXISTS artifacts (
  ord        bigserial UNIQUE,
  id         text PRIMARY KEY,
  niche      text NOT NULL,
  stage      text NOT NULL,
  utility    double precision,
  passed     boolean NOT NULL DEFAULT false,
  registered boolean NOT NULL DEFAULT false,
  run_id     text,
  ladder     text,
  doc        text NOT NULL
);
CREATE INDEX IF NOT EXISTS artifacts_niche ON artifacts (niche, registered, passed, utility);
CREATE INDEX IF NOT EXISTS artifacts_run ON artifacts (run_id);
CREATE INDEX IF NOT EXISTS artifacts_ladder ON artifacts (ladder);

-- spent capability tokens: a nonce goes in once, whichever lab process spends it
CREATE TABLE IF NOT EXISTS redeemed_tokens (
  nonce      text PRIMARY KEY,
  expires_at text NOT NULL,
  at         text NOT NULL
);
`;

/** the schema is in place, its guards on: a lab whose role only has grants (no ownership) skips the ddl */
export const SCHEMA_READY = `SELECT
  (SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()
     AND tablename IN ('events', 'sources', 'proposals', 'proposal_steps', 'artifacts', 'redeemed_tokens')) = 6
  AND (SELECT count(*) FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
     WHERE c.relnamespace = current_schema()::regnamespace AND t.tgenabled = 'O'
       AND t.tgname IN ('events_append_only', 'events_no_truncate', 'sources_append_only', 'sources_no_truncate')) = 4
  AS ready`;

/** advisory lock keys ('ola' and a number): schema creation, and every append */
export const SCHEMA_LOCK = [0x6f6c61, 1] as const;
export const APPEND_LOCK = [0x6f6c61, 2] as const;
