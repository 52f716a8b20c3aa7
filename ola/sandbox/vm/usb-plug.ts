// hot-plugging a scenario's usb devices over qmp: only null block devices, null or ring-buffer
// char backends (a null one never reports open, so a usb-serial on it never enumerates) and usb
// devices on the ehci bus, whatever the scenario data asks; every id is made unique per plug,
// so a backend left in qemu by an earlier run never collides.
export interface QmpCommand {
  execute: string;
  arguments: Record<string, unknown>;
}

const DEVICE_KEYS = new Set(['driver', 'id', 'bus', 'port', 'serial', 'drive', 'chardev']);

/** the commands, checked and renamed; throws naming what is not allowed */
export function checkedPlug(cmds: unknown, suffix: string): QmpCommand[] {
  if (!Array.isArray(cmds) || cmds.length > 16) throw new Error('the usb plug list is not a list of at most 16 commands');
  const rename = (v: unknown) => (typeof v === 'string' ? `${v}-${suffix}` : v);
  return cmds.map((c): QmpCommand => {
    const { execute, arguments: a } = (c ?? {}) as Partial<QmpCommand>;
    if (typeof a !== 'object' || a === null) throw new Error('a usb plug command has no arguments');
    if (execute === 'blockdev-add' && a.driver === 'null-co' && typeof a['node-name'] === 'string') {
      return { execute, arguments: { driver: 'null-co', 'node-name': rename(a['node-name']), size: Number(a.size) || 1 << 20, 'read-only': a['read-only'] === true } };
    }
    const backend = (a.backend as { type?: unknown } | undefined)?.type;
    if (execute === 'chardev-add' && typeof a.id === 'string' && (backend === 'null' || backend === 'ringbuf')) {
      return { execute, arguments: { id: rename(a.id), backend: backend === 'null' ? { type: 'null', data: {} } : { type: 'ringbuf', data: { size: 4096 } } } };
    }
    if (execute === 'device_add' && typeof a.driver === 'string' && /^usb-[a-z-]+$/.test(a.driver) && a.bus === 'ehci.0' && typeof a.id === 'string') {
      const bad = Object.keys(a).find((k) => !DEVICE_KEYS.has(k));
      if (bad) throw new Error(`usb device_add may not set ${bad}`);
      return { execute, arguments: { ...a, id: rename(a.id), ...(a.drive ? { drive: rename(a.drive) } : {}), ...(a.chardev ? { chardev: rename(a.chardev) } : {}) } };
    }
    throw new Error(`usb plug command ${String(execute)} is not allowed`);
  });
}

/** the commands that take them out again, devices first */
export function unplugOf(cmds: QmpCommand[]): QmpCommand[] {
  const out: QmpCommand[] = [];
  for (const c of [...cmds].reverse()) {
    if (c.execute === 'device_add') out.unshift({ execute: 'device_del', arguments: { id: c.arguments.id } });
    if (c.execute === 'blockdev-add') out.push({ execute: 'blockdev-del', arguments: { 'node-name': c.arguments['node-name'] } });
    if (c.execute === 'chardev-add') out.push({ execute: 'chardev-remove', arguments: { id: c.arguments.id } });
  }
  return out;
}
