// the prompt for one llm proposal, from the files in prompts/.
import { readFileSync } from 'node:fs';
import type { ArtifactRecord, Niche } from '../../core/contracts.ts';
import type { ChatMessage } from './client.ts';

const read = (name: string) => readFileSync(new URL(`./prompts/${name}`, import.meta.url), 'utf8');
const SYSTEM = read('system.txt');
const ROUND = read('round.txt');

export interface PromptInput {
  niche: Niche;
  best: { artifact: ArtifactRecord; source: string }[];
  failures: string[];
}

function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_, k: string) => values[k] ?? '');
}

export function buildPrompt(p: PromptInput): ChatMessage[] {
  const { niche } = p;
  const gate = niche.gates.isolate;
  const gateText = gate
    ? [`- no crashes across all runs`, ...gate.thresholds.map((t) => `- ${t.metric} ${t.op} ${t.value}`)].join('\n')
    : '- (no gate defined)';
  const best =
    p.best.length === 0
      ? 'none yet: improve on the baseline below.\n```js\n' + niche.baseline + '\n```'
      : p.best
          .map(({ artifact, source }, i) => {
            const m = artifact.score?.metrics ?? {};
            const figures = Object.entries(m).map(([k, v]) => `${k}=${Number(v.toPrecision(4))}`).join(', ');
            return `#${i + 1} ${artifact.id} (utility ${artifact.score?.utility.toFixed(4)}): ${figures}\n\`\`\`js\n${source}\n\`\`\``;
          })
          .join('\n\n');
  const user = fill(ROUND, {
    niche: niche.id,
    title: niche.title,
    description: niche.description,
    interface: niche.interfaceText,
    metric: niche.headline.metric,
    better: niche.headline.better,
    gate: gateText,
    best,
    failures: p.failures.length === 0 ? 'nothing recorded yet.' : p.failures.map((f) => `- ${f}`).join('\n'),
  });
  return [
    { role: 'system', content: SYSTEM },
    { role: 'user', content: user },
  ];
}
