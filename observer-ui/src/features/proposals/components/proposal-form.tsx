// the form: niche picker with its interface text, an editor seeded from the incumbent or the baseline, submit.
import { useEffect, useState } from 'react';
import { ApiError } from '../../../shared/api/http.ts';
import type { NicheSummary } from '../../../shared/api/lab-types.ts';
import { useSessionToken } from '../../../shared/api/session-token.ts';
import { CodeEditor } from '../../../shared/components/code-editor.tsx';
import { ErrorState, Loading } from '../../../shared/components/states.tsx';
import { TokenField } from '../../../shared/components/token-field.tsx';
import { useArtifactSource } from '../api/get-artifact-source.ts';
import { useNiche } from '../api/get-niche.ts';
import { useSubmitProposal } from '../api/post-proposal.ts';
import { ProposalSteps } from './proposal-steps.tsx';

export function ProposalForm({ niches }: { niches: NicheSummary[] }) {
  const [nicheId, setNicheId] = useState(niches[0]?.id ?? '');
  const [from, setFrom] = useState<'baseline' | 'incumbent'>('baseline');
  const [language, setLanguage] = useState<'js' | 'ts'>('js');
  const [source, setSource] = useState('');
  const niche = useNiche(nicheId || null);
  const bestId = niche.data?.best?.id ?? null;
  const incumbent = useArtifactSource(from === 'incumbent' ? bestId : null);
  const submission = useSubmitProposal();
  const { token } = useSessionToken();

  const start = from === 'incumbent' && bestId ? incumbent.data : niche.data?.baseline;
  useEffect(() => {
    if (typeof start === 'string') setSource(start);
  }, [start]);

  const fieldError = submission.error instanceof ApiError ? submission.error : undefined;
  return (
    <div className="proposal-layout">
      <div className="proposal-main">
      {/* a lab with submitters configured asks for a token, entered once for the session (a form of its own: forms do not nest) */}
      {fieldError && (fieldError.status === 401 || fieldError.status === 403) && <TokenField who="submitter" />}
      <form
        className="proposal-form"
        aria-label="submit a proposal"
        onSubmit={(e) => {
          e.preventDefault();
          void submission.submit({ niche: nicheId, source, language, proposer: 'dashboard' }, token);
        }}
      >
        <div className="row">
          <label>
            niche{' '}
            <select name="niche" value={nicheId} onChange={(e) => setNicheId(e.target.value)}>
              {niches.map((n) => (
                <option key={n.id} value={n.id}>
                  {n.id}: {n.title}
                </option>
              ))}
            </select>
          </label>
          <label>
            start from{' '}
            <select name="from" value={from} onChange={(e) => setFrom(e.target.value as 'baseline' | 'incumbent')}>
              <option value="baseline">the baseline</option>
              <option value="incumbent" disabled={!bestId}>
                the incumbent{bestId ? '' : ' (none yet)'}
              </option>
            </select>
          </label>
          <label>
            language{' '}
            <select name="language" value={language} onChange={(e) => setLanguage(e.target.value as 'js' | 'ts')}>
              <option value="js">javascript</option>
              <option value="ts">typescript</option>
            </select>
          </label>
          <button type="submit" disabled={submission.busy || !source.trim()}>
            {submission.busy ? 'submitting…' : 'submit proposal'}
          </button>
        </div>
        {submission.error && (
          <p className="form-error" role="alert">
            {fieldError?.field ? <strong>{fieldError.field}: </strong> : null}
            {submission.error.message}
          </p>
        )}
        {niche.error ? <ErrorState error={niche.error} retry={niche.reload} /> : null}
        {!niche.data && niche.loading ? <Loading what="the niche" /> : null}
        <CodeEditor label="artifact source" value={source} onChange={setSource} typescript={language === 'ts'} />
      </form>
      {submission.id && <ProposalSteps key={submission.id} id={submission.id} />}
      </div>
      <aside className="interface" aria-label="niche interface">
        <h3>{niche.data?.title ?? nicheId}</h3>
        <p className="muted">{niche.data?.description}</p>
        <p>
          exports: <code>{niche.data?.requiredExports.join(', ')}</code> · headline <code>{niche.data?.headline.metric}</code> ({niche.data?.headline.better} is better)
        </p>
        <pre data-testid="interface-text">{niche.data?.interfaceText}</pre>
      </aside>
    </div>
  );
}
