// a seeded service log: timestamped lines with levels, ids and repeated templates,
// the kind of file a compression fs sees most (repetitive, but never byte-identical).
import { rng, type Rng } from '../shared/rng.ts';

const COMPONENTS = ['api', 'gate', 'isolate', 'registry', 'scheduler', 'storage', 'senses'] as const;
const PATHS = ['/v1/proposals', '/v1/artifacts', '/v1/niches', '/v1/events', '/healthz', '/metrics'] as const;
const METHODS = ['GET', 'GET', 'GET', 'POST', 'PUT', 'DELETE'] as const;
const STATUS = [200, 200, 200, 200, 201, 204, 304, 400, 404, 409, 500] as const;
const REASONS = ['lease expired', 'peer reset', 'queue full', 'token expired', 'checksum mismatch'] as const;
const STAGES = ['isolate', 'jail', 'container', 'vm', 'shadow'] as const;

const hex = (r: Rng, n: number): string => {
  let s = '';
  for (let i = 0; i < n; i++) s += '0123456789abcdef'[r.int(0, 16)];
  return s;
};
const ulid = (r: Rng): string => {
  const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
  let s = '01J';
  for (let i = 0; i < 23; i++) s += alphabet[r.int(0, 32)];
  return s;
};

/** one line's text after the timestamp; requests reuse a few live ids, like real traffic */
function line(r: Rng, live: string[]): string {
  const roll = r.next();
  if (roll < 0.45) {
    const req = live.length > 0 && r.chance(0.5) ? r.pick(live) : hex(r, 8);
    if (!live.includes(req)) live.push(req);
    if (live.length > 12) live.shift();
    const status = r.pick(STATUS);
    const level = status >= 500 ? 'ERROR' : status >= 400 ? 'WARN ' : 'INFO ';
    const path = r.pick(PATHS) + (r.chance(0.5) ? `/a_${ulid(r)}` : '');
    return `${level} api       req=${req} method=${r.pick(METHODS)} path=${path} status=${status} dur_ms=${r.int(0, 900)} bytes=${r.int(0, 65536)}`;
  }
  if (roll < 0.65) {
    return `DEBUG isolate   run=${hex(r, 12)} cpu_ms=${r.range(0.2, 40).toFixed(2)} heap_kb=${r.int(900, 16384)} scenario=${r.pick(['text', 'json', 'logs', 'step', 'drift'])}:${r.int(1, 999)}`;
  }
  if (roll < 0.8) {
    const u = r.next();
    return `INFO  gate      artifact=a_${ulid(r)} stage=${r.pick(STAGES)} pass=${u > 0.3} utility=${u.toFixed(4)} crashes=${u > 0.3 ? 0 : r.int(1, 6)}`;
  }
  if (roll < 0.9) {
    return `WARN  scheduler job=${hex(r, 10)} retry=${r.int(1, 5)} reason="${r.pick(REASONS)}" backoff_ms=${100 * r.int(1, 33)}`;
  }
  if (roll < 0.96) {
    return `INFO  ${r.pick(COMPONENTS).padEnd(9)} heartbeat seq=${r.int(0, 1e6)} rss_mb=${r.range(80, 400).toFixed(1)} load=${r.range(0, 4).toFixed(2)}`;
  }
  return `ERROR storage   op=${r.pick(['fsync', 'rename', 'write', 'read'])} file=/var/lib/ola/blobs/${hex(r, 2)}/${hex(r, 40)} errno=${r.pick(['EIO', 'ENOSPC', 'EAGAIN'])}`;
}

/** about `bytes` of log text (whole lines), the same for the same seed */
export function buildLog(seed: number, bytes: number): Uint8Array {
  const r = rng(seed);
  const live: string[] = [];
  let t = Date.UTC(2025, 5, 1, 8, 0, 0);
  const lines: string[] = [];
  let size = 0;
  while (size < bytes) {
    t += Math.floor(-40 * Math.log(Math.max(r.next(), 1e-9)));
    const l = `${new Date(t).toISOString()} ${line(r, live)}\n`;
    lines.push(l);
    size += l.length;
  }
  return new Uint8Array(Buffer.from(lines.join(''), 'latin1'));
}
