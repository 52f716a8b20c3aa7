// every operation in the served /docs/json, found there rather than listed here, is called for
// real: a success and every error case its schemas allow; each answer must match the document.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OpenApiChecker, type Answer, type OpenApiDocument, type Operation, type Parameter } from '../../tests/helpers/openapi.ts';
import { proposeToActive, proposeToShadowGate, startStandInLadder } from '../../tests/helpers/stand-in-ladder.ts';
import { startTestLab } from '../../tests/helpers/test-lab.ts';

/** the checker calls operations that declare a bearer requirement as an operator */
const OPERATOR = 'conformance-operator-token-0123456789';
const t = await startTestLab({
  auth: { operators: [{ name: 'conformance', token: OPERATOR }] },
  shadow: { sandbox: 'isolate', roundGapMs: 50 },
  faults: { enabled: true },
});
const base = await t.app.listen({ host: '127.0.0.1', port: 0 });
const doc = (await t.app.inject({ url: '/docs/json' })).json<OpenApiDocument>();
const api = new OpenApiChecker(doc);
const ladder = await startStandInLadder(t);
afterAll(async () => {
  await ladder.close();
  await t.close();
});

interface Call {
  method: string;
  url: string;
  headers?: Record<string, string>;
  body?: string;
  /** false: no bearer token, even where the operation declares one */
  auth?: boolean;
}
const statuses = new Map<Operation, number[]>();

/** sends a request over http (event streams are read to their first frame) and checks both ways */
async function send(c: Call): Promise<Answer & { problems: string[] }> {
  const op = api.find(c.method, c.url);
  const headers: Record<string, string> = { ...c.headers, ...(op?.security?.length && c.auth !== false ? { authorization: `Bearer ${OPERATOR}` } : {}) };
  const res = await fetch(`${base}${c.url}`, { method: c.method, headers, body: c.body, signal: AbortSignal.timeout(30_000) });
  const contentType = res.headers.get('content-type') ?? '';
  let body: string;
  if (contentType.startsWith('text/event-stream')) {
    const reader = res.body!.getReader();
    body = new TextDecoder().decode((await reader.read()).value);
    await reader.cancel();
  } else body = await res.text();
  const answer = { status: res.status, contentType, body };
  if (!op) return { ...answer, problems: [`${c.method} ${c.url} is in no operation of the document`] };
  statuses.set(op, [...(statuses.get(op) ?? []), res.status]);
  const accepted = res.status < 300 && c.body !== undefined ? api.checkAcceptedBody(op, headers['content-type'] ?? '', c.body) : [];
  const problems = [...api.checkRequest(op, c.url, headers), ...api.checkAnswer(op, answer), ...accepted].map((p) => `${c.method} ${c.url}: ${p}`);
  return { ...answer, problems };
}

const json = (value: unknown) => ({ headers: { 'content-type': 'application/json' }, body: JSON.stringify(value) });
const baseline = (niche: string) => readFileSync(new URL(`../niches/${niche}/baseline.js`, import.meta.url), 'utf8');
const fixtures: string[] = ['clock', 'gui.fb'];
const fixtureProblems: string[] = [];

async function create(c: Call, status: number): Promise<string> {
  const r = await send(c);
  fixtureProblems.push(...r.problems);
  if (r.status !== status) throw new Error(`${c.method} ${c.url}: ${r.status} ${r.body}`);
  const id = JSON.parse(r.body).id as string;
  fixtures.push(id);
  return id;
}

beforeAll(async () => {
  const clock = await create({ method: 'POST', url: '/proposals', ...json({ niche: 'clock', source: baseline('clock'), language: 'js' }) }, 202);
  const fb = await create({ method: 'POST', url: '/proposals', ...json({ niche: 'gui.fb', source: baseline('gui.fb'), language: 'js' }) }, 202);
  for (const p of [clock, fb]) fixtures.push((await t.lab.engine.settled(p)).artifactId!);
  const run = await create({ method: 'POST', url: '/ola/runs', ...json({ niche: 'clock', seed: 1, budget: { evaluations: 2 } }) }, 202);
  const bench = await create({ method: 'POST', url: '/bench/runs', ...json({ suite: 'day1', quick: true }) }, 202);
  for (let i = 0; i < 1200 && ['queued', 'running'].includes(t.lab.bench.get(bench)!.state); i++) await new Promise((r) => setTimeout(r, 100));
  for (let i = 0; i < 600 && t.lab.ola.get(run)!.state === 'running'; i++) await new Promise((r) => setTimeout(r, 100));
  // one artifact waiting for an operator per decision route (stand-in rungs take it there)
  for (const op of ['approve', 'reject']) decisionFixtures[`POST /promotions/{id}/${op}`] = (await proposeToShadowGate(t, ladder)).id;
  // two artifacts made active one after the other: a rollback has something to put back, and a
  // shadow report to read
  for (let i = 0; i < 2; i++) fixtures.push((await proposeToActive(t, ladder)).id);
  // and one that failed its first gate, so never stands on the ladder
  const failing = { niche: 'clock', source: "export function sync() {}\nexport function estimate() { return 'soon'; }", language: 'js' };
  offLadder = (await t.lab.engine.settled((await t.app.inject({ method: 'POST', url: '/proposals', payload: failing })).json().id)).artifactId!;
  // the kill switch is tried on that one only (a kill is for good)
  decisionFixtures['POST /artifacts/{id}/kill'] = offLadder;
  // lab-wide actions, in this order, so promotions end as they began
  fixtures.push('halt', 'resume');
  // a checkpoint archive to read back
  fixtures.push((await t.lab.active.checkpoints.make('a conformance fixture', new AbortController().signal)).name);
}, 180_000);

/** the artifact whose decision a route's success is checked on (each is decided once) */
const decisionFixtures: Record<string, string> = {};
let offLadder: string;

/** values a schema refuses, as they would be written in a url or header */
function refusedBy(schema: Record<string, unknown> = {}): string[] {
  const out: string[] = [];
  if (Array.isArray(schema.enum)) out.push('not-one-of-them');
  if (schema.type === 'integer' || schema.type === 'number') out.push('abc');
  if (typeof schema.maximum === 'number') out.push(String(schema.maximum + 1));
  if (typeof schema.minimum === 'number') out.push(String(schema.minimum - 1));
  if (schema.type === 'integer') out.push('1.5');
  if (schema.type === 'boolean') out.push('maybe');
  if (typeof schema.pattern === 'string' && !new RegExp(schema.pattern).test('!')) out.push('!');
  if (typeof schema.maxLength === 'number') out.push('x'.repeat(schema.maxLength + 1));
  return out;
}

/** a well-formed value no fixture has: x_ followed by zeros, for ulid-style ids */
function unknownId(schema: Record<string, unknown> = {}): string | undefined {
  const m = typeof schema.pattern === 'string' ? /^\^(\w+_)\[0-9A-Z\]\{(\d+)\}\$$/.exec(schema.pattern) : null;
  return m ? `${m[1]}${'0'.repeat(Number(m[2]))}` : undefined;
}

const fits = (p: Parameter, v: string) => (typeof p.schema?.pattern === 'string' ? new RegExp(p.schema.pattern).test(v) : true);
const fill = (path: string, values: Record<string, string>) => path.replace(/\{(\w+)\}/g, (_, k: string) => encodeURIComponent(values[k]!));

/** every way to fill the path from the fixtures (a parameter takes each fixture its schema allows) */
function successPaths(op: Operation): string[] {
  const decided = decisionFixtures[`${op.method} ${op.path}`];
  if (decided) return [fill(op.path, { id: decided })];
  const params = op.parameters.filter((p) => p.in === 'path');
  let combos: Record<string, string>[] = [{}];
  for (const p of params) combos = combos.flatMap((c) => fixtures.filter((v) => fits(p, v)).map((v) => ({ ...c, [p.name]: v })));
  return combos.map((c) => fill(op.path, c));
}

function errorCalls(op: Operation): { call: Call; expect: number }[] {
  const out: { call: Call; expect: number }[] = [];
  const good = successPaths(op)[0] ?? op.path;
  // a path that names nothing is found out after the body is read: send a good one
  const goodBody = successBodies[`${op.method} ${op.path}`];
  const body = goodBody === undefined ? {} : json(goodBody);
  for (const p of op.parameters) {
    const bad = refusedBy(p.schema);
    if (p.in === 'path') {
      const others = Object.fromEntries(op.parameters.filter((q) => q.in === 'path').map((q) => [q.name, fixtures.find((v) => fits(q, v)) ?? 'x']));
      for (const v of bad) out.push({ call: { method: op.method, url: fill(op.path, { ...others, [p.name]: v }), ...body }, expect: 400 });
      const unknown = unknownId(p.schema);
      if (unknown) out.push({ call: { method: op.method, url: fill(op.path, { ...others, [p.name]: unknown }), ...body }, expect: 404 });
    }
    if (p.in === 'query') for (const v of bad) out.push({ call: { method: op.method, url: `${good}?${p.name}=${encodeURIComponent(v)}` }, expect: 400 });
    if (p.in === 'header') for (const v of bad) out.push({ call: { method: op.method, url: good, headers: { [p.name]: v } }, expect: 400 });
  }
  if (op.method !== 'GET') {
    const ct = (type: string) => ({ 'content-type': type });
    if (op.requestBody?.required) out.push({ call: { method: op.method, url: good }, expect: 400 });
    out.push({ call: { method: op.method, url: good, headers: ct('text/plain'), body: 'hello' }, expect: 415 });
    out.push({ call: { method: op.method, url: good, headers: ct('application/x-www-form-urlencoded'), body: 'a=1' }, expect: 415 });
    out.push({ call: { method: op.method, url: good, headers: ct('application/json'), body: '{"a": ' }, expect: 400 });
    out.push({ call: { method: op.method, url: good, headers: ct('application/json'), body: JSON.stringify({ pad: 'x'.repeat(300 * 1024) }) }, expect: 413 });
  }
  return out;
}

/** bodies for a success of operations that take one (the fixtures already posted to the others) */
const successBodies: Record<string, unknown> = {
  'POST /ola/runs/{id}/stop': undefined,
  'POST /registry/verify': { full: false },
  'POST /promotions/{id}/approve': { reason: 'the vm evidence holds' },
  'POST /promotions/{id}/reject': { reason: 'not better than the incumbent' },
  'POST /capabilities/{niche}/rollback': { reason: 'a drill' },
  'POST /capabilities/{niche}/fault': { kind: 'skew', uses: 1, amount: 0 },
  // after the rollback and the drill: the one still active is retired to the fallback
  'POST /capabilities/{niche}/retire': { reason: 'a conformance check' },
  'POST /artifacts/{id}/kill': { reason: 'a conformance check' },
  'POST /lab/actions/{action}': { reason: 'a conformance check' },
  'POST /lab/checkpoints': { reason: 'a conformance check' },
};

/** every method and path fastify routes, read from its route tree (fastify lists them nowhere else) */
function registeredRoutes(): string[] {
  const out: string[] = [];
  const stack: { depth: number; path: string }[] = [];
  for (const line of t.app.printRoutes({ commonPrefix: false }).split('\n')) {
    const m = /^(.*?)(?:└──|├──) (\S+) \(([^)]+)\)$/.exec(line);
    if (!m) continue;
    const depth = m[1]!.length;
    while (stack.length > 0 && stack.at(-1)!.depth >= depth) stack.pop();
    const path = `${stack.at(-1)?.path ?? ''}${m[2]}`.replace(/\/\//g, '/');
    stack.push({ depth, path });
    for (const method of m[3]!.split(', ')) if (method !== 'HEAD') out.push(`${method} ${path.replace(/:(\w+)/g, '{$1}')}`);
  }
  return out;
}

/** routes that are not the api: the swagger ui, and the dashboard's static files */
const NOT_API = /^GET \/(docs(\/.*)?|index\.html|assets\/.*|)$/;

describe('the openapi document', () => {
  it('declares operations, and every schema in it compiles under strict ajv', () => {
    expect(doc.openapi).toMatch(/^3\.0\./);
    expect(api.operations.length).toBeGreaterThan(10);
    for (const op of api.operations) {
      for (const r of Object.values(op.responses)) for (const m of Object.values(r.content ?? {})) if (m.schema) api.validator(m.schema);
      for (const p of op.parameters) if (p.schema) api.validator(p.schema);
    }
  });

  it('describes every route the server registers, but the swagger ui and static files', () => {
    const described = new Set(api.operations.map((o) => `${o.method} ${o.path}`));
    const routes = registeredRoutes();
    expect(routes).toContain('POST /proposals');
    expect(routes).toContain('GET /artifacts/{id}/framebuffer.png');
    expect(routes.filter((r) => !NOT_API.test(r) && !described.has(r))).toEqual([]);
  });

  it('matches the answers given while the fixtures were made', () => {
    expect(fixtureProblems).toEqual([]);
  });
});

describe.each(api.operations.map((op) => [`${op.method} ${op.path}`, op] as const))('%s', (_name, op) => {
  it('declares its errors as json, a 500 among them', () => {
    const errorTypes = Object.entries(op.responses).filter(([status]) => Number(status) >= 400).map(([status, r]) => [status, Object.keys(r.content ?? {})]);
    expect(errorTypes.map(([status]) => status)).toContain('500');
    for (const [status, types] of errorTypes) expect(types, `status ${status}`).toEqual(['application/json']);
  });

  it('answers a success that matches the document', async () => {
    const problems: string[] = [];
    const key = `${op.method} ${op.path}`;
    const body = key in successBodies && successBodies[key] !== undefined ? json(successBodies[key]) : {};
    if (op.method === 'GET' || key in successBodies) {
      for (const url of successPaths(op)) problems.push(...(await send({ method: op.method, url, ...body })).problems);
    }
    expect(problems).toEqual([]);
    expect(statuses.get(op)?.some((s) => s >= 200 && s < 300), `no fixture gave ${key} a success (answers: ${statuses.get(op)?.join(', ')})`).toBe(true);
  });

  it('answers each error its schemas imply, as documented', async () => {
    const problems: string[] = [];
    for (const { call, expect: status } of errorCalls(op)) {
      const r = await send(call);
      problems.push(...r.problems);
      if (r.status !== status) problems.push(`${call.method} ${call.url}: expected ${status}, got ${r.status} ${r.body.slice(0, 200)}`);
      else expect(JSON.parse(r.body).error).toMatchObject({ code: expect.any(String), message: expect.any(String), detail: expect.any(Object) });
    }
    expect(problems).toEqual([]);
  });
});

describe('errors named by value, checked against the document', () => {
  const known = () => fixtures.filter((f) => f.startsWith('a_'));
  it.each([
    ['an unknown niche filter', () => ({ method: 'GET', url: '/artifacts?niche=nope' }), 422, 'OLA_ERR_UNKNOWN_NICHE', 'querystring.niche'],
    ['an unknown event type', () => ({ method: 'GET', url: '/events?types=bogus' }), 400, 'OLA_ERR_BAD_REQUEST', 'querystring.types'],
    ['a non-numeric after', () => ({ method: 'GET', url: '/events?after=abc' }), 400, 'OLA_ERR_BAD_REQUEST', 'querystring.after'],
    ['a sense rate over 10 hz', () => ({ method: 'GET', url: '/sense/stream?hz=20' }), 400, 'OLA_ERR_BAD_REQUEST', 'querystring.hz'],
    [
      'parents that do not exist',
      () => ({ method: 'POST', url: '/proposals', ...json({ niche: 'clock', source: baseline('clock'), language: 'js', parents: [...known(), `a_${'0'.repeat(26)}`] }) }),
      422,
      'OLA_ERR_UNKNOWN_ARTIFACT',
      'body.parents',
    ],
    ['an llm run without an endpoint', () => ({ method: 'POST', url: '/ola/runs', ...json({ niche: 'clock', proposer: 'llm', budget: { evaluations: 1 } }) }), 409, 'OLA_ERR_LLM_UNCONFIGURED', undefined],
    ['a text/plain proposal', () => ({ method: 'POST', url: '/proposals', headers: { 'content-type': 'text/plain' }, body: 'export function x() {}' }), 415, 'OLA_ERR_UNSUPPORTED_MEDIA', 'content-type'],
    ['a framebuffer of a clock artifact', () => ({ method: 'GET', url: `/artifacts/${known()[0]}/framebuffer.png` }), 404, 'OLA_ERR_NOT_FOUND', 'id'],
    ['an approval without a token', () => ({ method: 'POST', url: `/promotions/${known()[0]}/approve`, auth: false, ...json({ reason: 'ok' }) }), 401, 'OLA_ERR_UNAUTHENTICATED', 'headers.authorization'],
    ['an approval of an artifact that does not wait', () => ({ method: 'POST', url: `/promotions/${offLadder}/approve`, ...json({ reason: 'ok' }) }), 409, 'OLA_ERR_NOT_AWAITING_DECISION', undefined],
    ['a second decision', () => ({ method: 'POST', url: `/promotions/${decisionFixtures['POST /promotions/{id}/approve']}/reject`, ...json({ reason: 'no' }) }), 409, 'OLA_ERR_NOT_AWAITING_DECISION', undefined],
  ] as const)('%s', async (_name, call, status, code, field) => {
    const r = await send(call() as Call);
    expect(r.problems).toEqual([]);
    expect(r.status).toBe(status);
    const error = JSON.parse(r.body).error;
    expect(error.code).toBe(code);
    if (field) expect(error.detail.field).toBe(field);
  });

  it.each(['/events?types=', '/events?types=proposal_received,,gate_decided,'])('streams %s, empty entries ignored', async (url) => {
    const r = await send({ method: 'GET', url });
    expect(r.problems).toEqual([]);
    expect(r.status).toBe(200);
  });

  it('resumes events after the last-event-id header, a declared parameter', async () => {
    const r = await send({ method: 'GET', url: '/events', headers: { 'last-event-id': '1' } });
    expect(r.problems).toEqual([]);
    expect(r.status).toBe(200);
  });

  it('answers an unknown route with the documented error shape, detail included', async () => {
    const res = await fetch(`${base}/no/such/route`);
    expect(res.status).toBe(404);
    const schema = api.operations.find((o) => o.responses['404'])!.responses['404']!.content!['application/json']!.schema!;
    const body = (await res.json()) as { error: { detail: unknown } };
    expect(api.validator(schema)(body), JSON.stringify(body)).toBe(true);
    expect(body.error.detail).toEqual({ method: 'GET', path: '/no/such/route' });
  });

  it('finds what the document does not describe: routes, parameters, bodies, statuses', () => {
    expect(api.find('GET', '/no/such/route')).toBeUndefined();
    expect(api.checkRequest(api.find('GET', '/events')!, '/events?bogus=1', { 'x-bogus': '1' })).toHaveLength(2);
    const post = api.find('POST', '/proposals')!;
    expect(api.checkAcceptedBody(post, 'application/json', '{"niche": "clock"}')).not.toEqual([]);
    expect(api.checkAcceptedBody(post, 'text/plain', 'x')).not.toEqual([]);
    expect(api.checkAnswer(post, { status: 418, contentType: 'application/json', body: '{}' })[0]).toMatch(/status 418 is not declared/);
    expect(api.checkAnswer(post, { status: 202, contentType: 'application/json', body: '{"id": 1}' })).not.toEqual([]);
  });
});
