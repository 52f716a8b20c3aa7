// turns a registered artifact back into a runnable script: its stored source, validated in
// the language its proposal was written in.
import type { ArtifactRecord, Niche, RegistryStore, Validator } from '../core/contracts.ts';
import { OlaError } from '../core/errors.ts';
import type { Language } from '../core/vocabulary.ts';

export interface Runnable {
  id: string;
  sha256: string;
  script: string;
  language: Language;
}

export async function loadRunnable(
  d: { store: RegistryStore; validator: Validator },
  artifact: Pick<ArtifactRecord, 'id' | 'sha256' | 'proposalId'>,
  niche: Pick<Niche, 'requiredExports'>,
): Promise<Runnable> {
  const source = await d.store.getSource(artifact.sha256);
  if (source === undefined) throw new OlaError('OLA_ERR_NOT_FOUND', `the source of artifact ${artifact.id} is missing`, { field: 'id' });
  const proposal = await d.store.proposal(artifact.proposalId);
  // artifacts from before languages were looked up here: js first, then ts
  const languages: Language[] = proposal ? [proposal.language] : ['js', 'ts'];
  let why = '';
  for (const language of languages) {
    const v = await d.validator.validate({ source, language, requiredExports: niche.requiredExports });
    if (v.ok) return { id: artifact.id, sha256: v.value.sha256, script: v.value.script, language };
    why = v.rejections[0]?.message ?? 'rejected';
  }
  throw new OlaError('OLA_ERR_NOT_FOUND', `artifact ${artifact.id} has no valid source: ${why}`, { field: 'id' });
}
