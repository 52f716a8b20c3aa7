// test-only: runs javascript payloads as the guest's own program (every node api, as root in
// the guest), one json line in, one json line out. init starts it only when the host boots
// the guest with ola.raw=1 on the kernel command line; the lab never does.
import { createInterface } from 'node:readline';

const lines = createInterface({ input: process.stdin });
process.stdout.write(`${JSON.stringify({ ready: true })}\n`);
for await (const line of lines) {
  const { id, code } = JSON.parse(line);
  let out;
  try {
    const mod = await import(`data:text/javascript,${encodeURIComponent(code)}`);
    out = { id, ok: true, value: await mod.default };
  } catch (err) {
    out = { id, ok: false, error: String(err?.message ?? err) };
  }
  process.stdout.write(`${JSON.stringify(out)}\n`);
}
