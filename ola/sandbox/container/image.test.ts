// the sandbox image: made locally from the staged files, tagged by their content, made once.
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { jailFiles } from '../jail/jail-files.ts';
import { connect } from './engine.ts';
import { ensureImage, entryBundle, imageExists, imageTag, IN_IMAGE } from './image.ts';

const docker = connect();
const REPO = 'organic-os/sandbox-test';

afterAll(async () => {
  for (const img of await docker.listImages({ filters: { reference: [REPO] } })) await docker.getImage(img.Id).remove({ force: true }).catch(() => undefined);
});

describe('the sandbox image', () => {
  it('is tagged by content: the same files give the same tag, another entry another tag', async () => {
    const files = await jailFiles();
    const entry = await entryBundle();
    expect(imageTag(files, entry)).toBe(imageTag(files, entry));
    expect(imageTag(files, entry)).toMatch(/^organic-os\/sandbox:[0-9a-f]{16}$/);
    expect(imageTag(files, `${entry}\n// changed`)).not.toBe(imageTag(files, entry));
    expect(imageTag({ ...files, host: files.host.replace(/host-/, 'host-x') }, entry)).not.toBe(imageTag(files, entry));
  });

  it('is built when missing, then reused without building', async () => {
    const files = await jailFiles();
    const tag = imageTag(files, await entryBundle(), REPO);
    if (await imageExists(docker, tag)) await docker.getImage(tag).remove({ force: true });
    const first = await ensureImage(docker, files, REPO);
    expect(first).toEqual({ tag, built: true });
    const info = await docker.getImage(tag).inspect();
    expect(info.Config.Labels).toMatchObject({ 'organic-os': '1', 'organic-os.content': tag.split(':')[1] });
    const t0 = performance.now();
    expect(await ensureImage(docker, files, REPO)).toEqual({ tag, built: false });
    expect(performance.now() - t0).toBeLessThan(5000);
  });

  it('is built once when many ask at once', async () => {
    const files = await jailFiles();
    const tag = imageTag(files, await entryBundle(), REPO);
    if (await imageExists(docker, tag)) await docker.getImage(tag).remove({ force: true });
    const answers = await Promise.all([1, 2, 3].map(() => ensureImage(docker, files, REPO)));
    expect(answers.filter((a) => a.built)).toHaveLength(1);
    expect(new Set(answers.map((a) => a.tag))).toEqual(new Set([tag]));
  });

  it('holds node, the addon, the host bundle, the stdio entry and their libraries, and nothing to run a shell with', async () => {
    const files = await jailFiles();
    const tag = (await ensureImage(docker, files, REPO)).tag;
    const want = [IN_IMAGE.node, IN_IMAGE.ivm, IN_IMAGE.host, IN_IMAGE.entry, ...files.libs.map(([, dst]) => dst)];
    const script = `const fs = require('fs'); console.log(JSON.stringify({ missing: ${JSON.stringify(want)}.filter((f) => !fs.existsSync(f)), shells: ['/bin/sh', '/bin/bash', '/usr/bin/env', '/bin/busybox'].filter((f) => fs.existsSync(f)), top: fs.readdirSync('/').sort() }))`;
    let out = '';
    const sink = new PassThrough().on('data', (b: Buffer) => (out += b.toString('utf8')));
    const [result, c] = (await docker.run(tag, [IN_IMAGE.node, '-e', script], sink, { Labels: { 'organic-os': '1' }, HostConfig: { NetworkMode: 'none' } })) as [{ StatusCode: number }, { remove(o: object): Promise<unknown> }];
    await c.remove({ force: true });
    expect(result.StatusCode, out).toBe(0);
    const seen = JSON.parse(out.trim()) as { missing: string[]; shells: string[]; top: string[] };
    expect(seen.missing).toEqual([]);
    expect(seen.shells).toEqual([]);
  });
});
