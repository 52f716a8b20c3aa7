// the docs a new user reads first name what exists: bin entries, folders, niche pages.
import { accessSync, constants, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ALL_NICHES } from '../ola/niches/catalog.ts';

const root = join(import.meta.dirname, '..');
const read = (f: string) => readFileSync(join(root, f), 'utf8');

describe('docs and package metadata', () => {
  it("points package.json's bin entries at executable files", () => {
    const bin = JSON.parse(read('package.json')).bin as Record<string, string>;
    expect(Object.keys(bin).length).toBeGreaterThan(0);
    for (const file of Object.values(bin)) {
      expect(statSync(join(root, file)).isFile(), file).toBe(true);
      expect(() => accessSync(join(root, file), constants.X_OK), `${file} is not executable`).not.toThrow();
    }
  });

  it("lists every folder of ola/ in the readme's layout", () => {
    const layout = read('README.md').split('## Layout')[1]!.split('\n## ')[0]!;
    const folders = readdirSync(join(root, 'ola'), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
    for (const f of folders) expect(layout, `ola/${f}/ is missing from the readme's layout`).toMatch(new RegExp(`(^|[\\s,])${f}/`));
  });

  it("lists every top-level folder the repository keeps in the readme's layout", () => {
    const layout = read('README.md').split('## Layout')[1]!.split('\n## ')[0]!;
    const ignored = read('.gitignore').split('\n').map((l) => l.trim().replace(/\/$/, ''));
    const folders = readdirSync(root, { withFileTypes: true }).filter((d) => d.isDirectory() && !ignored.includes(d.name) && !d.name.startsWith('.git'));
    for (const f of folders) expect(layout, `${f.name}/ is missing from the readme's layout`).toMatch(new RegExp(`(^|\\s)${f.name.replace('.', '\\.')}/`, 'm'));
  });

  it('has a page under docs/niches for every registered niche', () => {
    const pages = readdirSync(join(root, 'docs', 'niches'));
    for (const n of ALL_NICHES) expect(pages, `docs/niches/${n.id}.md`).toContain(`${n.id}.md`);
  });
});
