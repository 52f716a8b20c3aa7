import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { proposeAndSettle, startTestLab, type TestLab } from '../../tests/helpers/test-lab.ts';

let t: TestLab;
beforeAll(async () => {
  t = await startTestLab();
});
afterAll(() => t.close());

async function expectHealthy(): Promise<void> {
  const res = await t.app.inject({ url: '/healthz' });
  expect(res.statusCode).toBe(200);
}

const post = (payload: string | object, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
  t.app.inject({ method: 'POST', url: '/proposals', payload, headers });

describe('bad input gets a clear 4xx naming the field or rule', () => {
  it.each([
    ['malformed json', '{"niche": "clock", ', 400, 'OLA_ERR_BAD_JSON', 'body'],
    ['an empty body', '', 400, 'OLA_ERR_BAD_JSON', 'body'],
    ['a wrong type', { niche: 'clock', source: 42, language: 'js' }, 400, 'OLA_ERR_BAD_REQUEST', 'body.source'],
    ['an unknown language', { niche: 'clock', source: 'x', language: 'py' }, 400, 'OLA_ERR_BAD_REQUEST', 'body.language'],
    ['a missing field', { niche: 'clock', language: 'js' }, 400, 'OLA_ERR_BAD_REQUEST', 'body.source'],
    ['an unexpected field', { niche: 'clock', source: 'x', language: 'js', extra: 1 }, 400, 'OLA_ERR_BAD_REQUEST', 'body'],
    ['a bad proposer name', { niche: 'clock', source: 'x', language: 'js', proposer: '<script>' }, 400, 'OLA_ERR_BAD_REQUEST', 'body.proposer'],
    ['an unknown niche', { niche: 'teleport', source: 'x', language: 'js' }, 422, 'OLA_ERR_UNKNOWN_NICHE', 'niche'],
    ['an array body', [1, 2], 400, 'OLA_ERR_BAD_REQUEST', 'body'],
  ])('%s', async (_name, payload, status, code, field) => {
    const res = await post(payload);
    expect(res.statusCode).toBe(status);
    expect(res.json().error).toMatchObject({ code, detail: { field } });
    await expectHealthy();
  });

  it('refuses a body over the documented limit with 413', async () => {
    const res = await post({ niche: 'clock', source: 'x'.repeat(300 * 1024), language: 'js' });
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe('OLA_ERR_BODY_TOO_LARGE');
    await expectHealthy();
  });

  it('refuses a non-json content type with 415', async () => {
    const res = await post('niche=clock', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(res.statusCode).toBe(415);
    expect(res.json().error.code).toBe('OLA_ERR_UNSUPPORTED_MEDIA');
  });

  it('answers 400 for a malformed id and 404 for an unknown one', async () => {
    expect((await t.app.inject({ url: '/proposals/nope' })).json().error).toMatchObject({ code: 'OLA_ERR_BAD_REQUEST', detail: { field: 'params.id' } });
    expect((await t.app.inject({ url: `/proposals/p_${'0'.repeat(26)}` })).statusCode).toBe(404);
    expect((await t.app.inject({ url: `/artifacts/a_${'0'.repeat(26)}` })).statusCode).toBe(404);
    expect((await t.app.inject({ url: '/niches/teleport' })).statusCode).toBe(404);
    expect((await t.app.inject({ url: '/artifacts?stage=orbit' })).json().error.detail.field).toBe('querystring.stage');
    expect((await t.app.inject({ url: '/no/such/route' })).json().error.code).toBe('OLA_ERR_NOT_FOUND');
  });

  it('registers source that does not parse as rejected, with line and column', async () => {
    const p = await proposeAndSettle(t, { niche: 'clock', source: 'export function estimate( {', language: 'js' });
    expect(p.status).toBe('rejected');
    expect(p.reasons[0]).toMatchObject({ code: 'OLA_ERR_PARSE', rule: 'parse', line: 1 });
  });

  it('registers source over 64 KB as rejected by the size rule', async () => {
    const big = `export function sync() {}\nexport function estimate(m) { return m; }\n//${'x'.repeat(70 * 1024)}`;
    const p = await proposeAndSettle(t, { niche: 'clock', source: big, language: 'js' });
    expect(p).toMatchObject({ status: 'rejected', reasons: [{ code: 'OLA_ERR_SOURCE_TOO_LARGE', rule: 'max-size' }] });
  });

  it('registers a missing export as rejected naming it', async () => {
    const p = await proposeAndSettle(t, { niche: 'clock', source: 'export function estimate(m) { return m; }', language: 'js' });
    expect(p.reasons[0]).toMatchObject({ code: 'OLA_ERR_MISSING_EXPORT', message: expect.stringContaining("'sync'") });
    expect(p.sourceSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(await t.lab.store.getSource(p.sourceSha256)).toContain('estimate');
  });
});
