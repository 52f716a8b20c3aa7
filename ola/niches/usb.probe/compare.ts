// compares a reported device list with the expected one: devices by path, interfaces by
// number, endpoints by address. reported data is untrusted: anything odd simply fails to match.
import { CONFIG_FIELDS, DEVICE_FIELDS, type ExpectedDevice, type UsbEndpoint, type UsbInterface } from './result.ts';

export interface Tally {
  expectedDevices: number;
  matchedDevices: number;
  reportedDevices: number;
  fieldsRight: number;
  fields: number;
  interfacesRight: number;
  /** expected interfaces plus extra ones reported on matched devices */
  interfaces: number;
  endpointsRight: number;
  endpoints: number;
}

type Loose = Record<string, unknown>;

const isObj = (v: unknown): v is Loose => typeof v === 'object' && v !== null && !Array.isArray(v);
const list = (v: unknown): Loose[] => (Array.isArray(v) ? v.filter(isObj) : []);

/** the first entry per key; later ones with the same key are extras */
function byKey(items: Loose[], key: string): Map<unknown, Loose> {
  const out = new Map<unknown, Loose>();
  for (const it of items) if (!out.has(it[key])) out.set(it[key], it);
  return out;
}

function endpointRight(want: UsbEndpoint, got: Loose): boolean {
  return got.type === want.type && got.direction === want.direction && got.maxPacketSize === want.maxPacketSize && got.interval === want.interval;
}

function interfaceRight(want: UsbInterface, got: Loose): boolean {
  return (['alternate', 'class', 'subclass', 'protocol', 'name'] as const).every((k) => got[k] === want[k]);
}

function tallyInterfaces(t: Tally, want: UsbInterface[], got: Loose[]): void {
  const have = byKey(got, 'number');
  t.interfaces += want.length + (got.length - [...have.keys()].filter((k) => want.some((w) => w.number === k)).length);
  for (const w of want) {
    t.endpoints += w.endpoints.length;
    const g = have.get(w.number);
    if (!g) continue;
    if (interfaceRight(w, g)) t.interfacesRight++;
    const eps = list(g.endpoints);
    const haveEps = byKey(eps, 'address');
    t.endpoints += eps.length - [...haveEps.keys()].filter((k) => w.endpoints.some((e) => e.address === k)).length;
    for (const e of w.endpoints) {
      const ge = haveEps.get(e.address);
      if (ge && endpointRight(e, ge)) t.endpointsRight++;
    }
  }
}

export function tally(expected: ExpectedDevice[], reported: unknown): Tally {
  const got = list(reported);
  const t: Tally = { expectedDevices: expected.length, matchedDevices: 0, reportedDevices: Array.isArray(reported) ? reported.length : 0, fieldsRight: 0, fields: 0, interfacesRight: 0, interfaces: 0, endpointsRight: 0, endpoints: 0 };
  const have = byKey(got, 'path');
  for (const { device: want, varying } of expected) {
    const g = have.get(want.path);
    const fields = DEVICE_FIELDS.filter((f) => !varying.includes(f));
    const config = want.config;
    t.fields += fields.length + (config ? CONFIG_FIELDS.length : 0);
    if (!g) {
      t.interfaces += config?.interfaces.length ?? 0;
      t.endpoints += config?.interfaces.reduce((n, i) => n + i.endpoints.length, 0) ?? 0;
      continue;
    }
    t.matchedDevices++;
    for (const f of fields) if (g[f] === want[f]) t.fieldsRight++;
    if (!config) continue;
    const gc = isObj(g.config) ? g.config : {};
    for (const f of CONFIG_FIELDS) if (gc[f] === config[f]) t.fieldsRight++;
    tallyInterfaces(t, config.interfaces, list(gc.interfaces));
  }
  return t;
}
