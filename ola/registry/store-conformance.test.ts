// one conformance suite for every registry store (tests/helpers/stores.ts lists them): the
// same chain, the same read models, the same tampering caught, a cut-off tail caught by the
// head checkpoint, concurrent writers on one unforked chain, tokens spent once.
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { lifecycleEvents } from '../../tests/helpers/registry-events.ts';
import { STORES, type RegistryFixture } from '../../tests/helpers/stores.ts';
import type { RegistryStore, StoredEvent } from '../core/contracts.ts';
import { canonical, linkHash, signHash } from './chain.ts';
import { writeCheckpoint } from './checkpoint.ts';

describe.each(STORES)('$backend registry store conformance', (entry) => {
  let f: RegistryFixture;
  let store: RegistryStore;
  const open: RegistryStore[] = [];
  const openStore = async (o?: Parameters<RegistryFixture['open']>[0]) => {
    const s = await f.open(o);
    open.push(s);
    return s;
  };
  const fill = async (n: number, s: RegistryStore = store) => {
    for (let i = 0; i < n; i++) {
      const sha = await s.putSource(`export function f() { return ${i}; }`);
      await s.append({ type: 'proposal_received', subject: `p${i}`, payload: { niche: 'clock', proposer: 't', language: 'js', sourceSha256: sha } });
    }
  };
  const reverify = async () => {
    const reader = await openStore({ readonly: true });
    return reader.verify();
  };

  beforeAll(() => entry.setup());
  afterAll(() => entry.teardown());
  beforeEach(async () => {
    f = await entry.fresh();
    store = await openStore();
  });
  afterEach(async () => {
    for (const s of open.splice(0)) await s.close();
    await f.cleanup();
  });

  it('chains, signs and verifies a clean registry', async () => {
    await fill(20);
    expect(await store.verify({ full: true })).toMatchObject({ ok: true, events: 20 });
    expect(await store.headSeq()).toBe(20);
    const events = await store.eventsAfter(18, 10);
    expect(events.map((e) => e.seq)).toEqual([19, 20]);
    expect(events[1]!.prev).toBe(events[0]!.hash);
    expect(events[1]!.payload).toMatchObject({ niche: 'clock', proposer: 't' });
  });

  it('verifies while appends go on', async () => {
    await fill(30);
    const [report] = await Promise.all([store.verify(), fill(5)]);
    expect(report).toMatchObject({ ok: true });
    expect(report.events).toBeGreaterThanOrEqual(30);
    expect(await store.verify()).toMatchObject({ ok: true, events: 35 });
  });

  it('keeps sources by content and gives them back', async () => {
    const sha = await store.putSource('export const x = 1;');
    expect(await store.putSource('export const x = 1;')).toBe(sha);
    expect(await store.getSource(sha)).toBe('export const x = 1;');
    expect(await store.getSource('f'.repeat(64))).toBeUndefined();
    expect(await store.getSource('../../etc/passwd')).toBeUndefined();
  });

  it('refuses UPDATE and DELETE of events in the database itself', async () => {
    await fill(3);
    await expect(f.sql("UPDATE events SET type = 'x' WHERE seq = 2")).rejects.toThrow(/append-only/);
    await expect(f.sql('DELETE FROM events WHERE seq = 3')).rejects.toThrow(/append-only/);
    if (entry.backend === 'postgres') await expect(f.sql('TRUNCATE events')).rejects.toThrow(/append-only/);
    expect(await store.verify()).toMatchObject({ ok: true, events: 3 });
  });

  it('projects proposals, artifacts, the best, the ladder and the counts', async () => {
    for (const e of lifecycleEvents(await store.putSource('export function sync() {}'))) await store.append(e);
    const p1 = await store.proposal('p1');
    expect(p1).toMatchObject({ status: 'gated', artifactId: 'a1', niche: 'clock' });
    expect(p1!.steps.map((s) => s.state)).toEqual(['proposed', 'validated', 'executed', 'scored', 'registered', 'gated']);
    expect(await store.status('p3')).toBe('rejected');
    expect((await store.proposal('p3'))!.reasons).toEqual([{ code: 'OLA_ERR_PARSE', message: 'no' }]);
    expect((await store.unfinishedProposals()).map((p) => p.id)).toEqual(['p4']);
    const a1 = await store.artifact('a1');
    expect(a1).toMatchObject({ stage: 'jail', score: { utility: 0.8 }, gate: { pass: true }, promotion: { state: 'queued', stage: 'container' } });
    expect(a1!.tokens.map((t) => t.nonce)).toEqual(['n1']);
    expect(a1!.stages?.jail?.status).toBe('passed');
    expect((await store.artifacts({ niche: 'clock' })).map((a) => a.id)).toEqual(['a2', 'a1']);
    expect((await store.artifacts({ stage: 'jail' })).map((a) => a.id)).toEqual(['a1']);
    expect((await store.best('clock'))!.id).toBe('a2');
    expect(await store.incumbent('clock')).toEqual({ id: 'a2', utility: 0.9 });
    expect(await store.best('gui.fb')).toBeUndefined();
    expect((await store.artifactsOfRun('r1')).map((a) => a.id)).toEqual(['a1']);
    expect(await store.countByStage()).toEqual({ isolate: 1, jail: 1 });
    expect((await store.onLadder(['queued'])).map((a) => a.id)).toEqual(['a1', 'a2']);
    expect((await store.onLadder(['queued'], 1, true)).map((a) => a.id)).toEqual(['a2']);
    expect((await store.onLadder(['queued'], 10, true, 'clock')).map((a) => a.id)).toEqual(['a2', 'a1']);
    expect(await store.onLadder(['queued'], 10, true, 'gui.fb')).toEqual([]);
    expect(await store.onLadder([])).toEqual([]);
    expect(await store.countByPromotion()).toEqual({ queued: 2 });
    expect((await store.eventsOf({ types: ['gate_decided'] })).map((e) => e.subject)).toEqual(['p1', 'p2']);
    expect((await store.eventsOf({ subject: 'a1', types: ['token_issued', 'stage_passed'] })).map((e) => e.type)).toEqual(['token_issued', 'stage_passed']);
    expect(await store.verify({ full: true })).toMatchObject({ ok: true });
  });

  it('tells its subscribers of its appends, in order', async () => {
    const seen: StoredEvent[] = [];
    const off = store.subscribe((e) => seen.push(e));
    await Promise.all([fill(5), store.append({ type: 'lab_started', subject: 'lab', payload: {} })]);
    off();
    await fill(1);
    expect(seen.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('names the row whose content was changed', async () => {
    await fill(10);
    await f.sqlUnguarded("UPDATE events SET body = replace(body, '\"niche\":\"clock\"', '\"niche\":\"evil\"') WHERE seq = 4");
    expect(await store.verify()).toMatchObject({ ok: false, firstBadSeq: 4 });
  });

  it('names the row whose signature was replaced', async () => {
    await fill(10);
    const [row] = await f.sql<{ hash: string }>('SELECT hash FROM events WHERE seq = 6');
    await f.sqlUnguarded('UPDATE events SET sig = ? WHERE seq = 6', signHash(row!.hash, generateKeyPairSync('ed25519').privateKey));
    expect(await store.verify()).toMatchObject({ ok: false, firstBadSeq: 6, problem: expect.stringMatching(/signature/) });
  });

  it('finds the first forged row when a suffix was rewritten with a consistent chain', async () => {
    await fill(12);
    const other = generateKeyPairSync('ed25519').privateKey;
    const rows = await f.sql<{ seq: number; body: string }>('SELECT seq, body FROM events WHERE seq >= 7 ORDER BY seq');
    let [prev] = await f.sql<{ hash: string; sig: string }>('SELECT hash, sig FROM events WHERE seq = 6');
    for (const r of rows) {
      const body = canonical({ ...JSON.parse(r.body), payload: { forged: true } });
      const hash = linkHash(prev!.hash, prev!.sig, body);
      const sig = signHash(hash, other);
      await f.sqlUnguarded('UPDATE events SET body = ?, prev = ?, hash = ?, sig = ? WHERE seq = ?', body, prev!.hash, hash, sig, Number(r.seq));
      prev = { hash, sig };
    }
    expect(await store.verify()).toMatchObject({ ok: false, firstBadSeq: 7 });
  });

  it('names a deleted row', async () => {
    await fill(8);
    await f.sqlUnguarded('DELETE FROM events WHERE seq = 5');
    expect(await store.verify()).toMatchObject({ ok: false, firstBadSeq: 5, problem: 'event 5 is missing' });
  });

  it('names the event whose artifact source was tampered with', async () => {
    await fill(5);
    const sha = (await store.eventsAfter(2, 1))[0]!.payload.sourceSha256 as string;
    await f.tamperSource(sha, 'export function f() { return "pwned"; }');
    expect(await store.verify()).toMatchObject({ ok: false, firstBadSeq: 3, problem: expect.stringMatching(/artifact (file|source) \w+ does not hash/) });
  });

  it('keeps the chain whole across a reopen', async () => {
    await fill(3);
    await store.close();
    open.splice(open.indexOf(store), 1);
    store = await openStore();
    await fill(3);
    expect(await store.verify({ full: true })).toMatchObject({ ok: true, events: 6 });
  });

  it('catches a tail cut off behind its back (both the database and what mirrors it)', async () => {
    await fill(10);
    await store.close();
    open.splice(open.indexOf(store), 1);
    expect(JSON.parse(readFileSync(f.checkpoint, 'utf8'))).toMatchObject({ seq: 10 });
    await f.cutAfter(7);
    expect(await reverify()).toMatchObject({ ok: false, events: 7, firstBadSeq: 8, problem: expect.stringMatching(/ends at seq 7 .* names seq 10: its tail was cut off/) });
    // a writer refuses it rather than overwrite the evidence
    await expect(f.open()).rejects.toMatchObject({ code: 'OLA_ERR_REGISTRY_TAMPERED', message: expect.stringMatching(/tail was cut off/) });
  });

  it('refuses a checkpoint the lab key did not sign, and a missing one', async () => {
    await fill(4);
    writeCheckpoint(f.checkpoint, { seq: 2, hash: 'f'.repeat(64) }, generateKeyPairSync('ed25519').privateKey);
    expect(await reverify()).toMatchObject({ ok: false, problem: expect.stringMatching(/not signed by the lab key/) });
    writeCheckpoint(f.checkpoint, { seq: 2, hash: 'f'.repeat(64) }, f.keys.privateKey);
    expect(await reverify()).toMatchObject({ ok: false, firstBadSeq: 2, problem: expect.stringMatching(/event 2 is not the one/) });
    rmSync(f.checkpoint);
    expect(await reverify()).toMatchObject({ ok: false, firstBadSeq: 5, problem: expect.stringMatching(/no head checkpoint/) });
  });

  it('writes the checkpoint at most every checkpointMs, and on close', async () => {
    const lagging = await openStore({ checkpointMs: 60_000 });
    await fill(3, lagging);
    expect(JSON.parse(readFileSync(f.checkpoint, 'utf8')).seq).toBeLessThan(3);
    await lagging.close();
    open.splice(open.indexOf(lagging), 1);
    expect(JSON.parse(readFileSync(f.checkpoint, 'utf8')).seq).toBe(3);
  });

  it('keeps one unforked chain under two writers appending at once', async () => {
    const other = await openStore();
    const writes = (s: RegistryStore, tag: string) =>
      Array.from({ length: 40 }, (_, i) => s.append({ type: 'lab_started', subject: 'lab', payload: { tag, i } }));
    await Promise.all([...writes(store, 'a'), ...writes(other, 'b')]);
    expect(await other.headSeq()).toBe(80);
    expect(await store.headSeq()).toBe(80);
    const events = await store.eventsAfter(0, 100);
    expect(events.map((e) => e.seq)).toEqual(Array.from({ length: 80 }, (_, i) => i + 1));
    expect(new Set(events.map((e) => e.payload.tag))).toEqual(new Set(['a', 'b']));
    expect(await reverify()).toMatchObject({ ok: true, events: 80 });
  });

  it('spends a token nonce once, whichever store spends it', async () => {
    const other = await openStore();
    const exp = new Date(Date.now() + 60_000).toISOString();
    expect(await store.redeemToken('n-1', exp)).toBe(true);
    expect(await store.redeemToken('n-1', exp)).toBe(false);
    expect(await other.redeemToken('n-1', exp)).toBe(false);
    const both = await Promise.all([store.redeemToken('n-2', exp), other.redeemToken('n-2', exp)]);
    expect(both.filter(Boolean)).toHaveLength(1);
    expect(await (await openStore({ readonly: true })).redeemToken('n-3', exp)).toBe(false);
  });

  it('lets one store hold a claim at a time, and frees it on release and on close', async () => {
    // closed here, not by the suite's cleanup
    const other = await f.open();
    const release = await store.claim('proposal:p_1');
    expect(release).toBeTypeOf('function');
    expect(await store.claim('proposal:p_1')).toBeUndefined();
    expect(await other.claim('proposal:p_1')).toBeUndefined();
    expect(await other.claim('climb:a_1')).toBeTypeOf('function');
    await release!();
    const again = await other.claim('proposal:p_1');
    expect(again).toBeTypeOf('function');
    await other.close();
    // a closed store's claims are gone (a dead lab's work is taken up by the next)
    expect(await store.claim('proposal:p_1')).toBeTypeOf('function');
    expect(await store.claim('climb:a_1')).toBeTypeOf('function');
    expect(await (await openStore({ readonly: true })).claim('proposal:p_2')).toBeUndefined();
  });
});
