// start an evolution run: niche, budget (evaluations), seed.
import { useState } from 'react';
import { ApiError } from '../../../shared/api/http.ts';
import type { RunView } from '../api/get-runs.ts';
import { useNiches } from '../api/get-niches.ts';
import { useStartRun } from '../api/post-run.ts';

export function RunForm({ onStarted }: { onStarted: (run: RunView) => void }) {
  const niches = useNiches();
  const [niche, setNiche] = useState('clock');
  const [evaluations, setEvaluations] = useState(48);
  const [seed, setSeed] = useState('');
  const { busy, error, start } = useStartRun(onStarted);
  const field = error instanceof ApiError ? error.field : undefined;
  return (
    <form
      className="run-form row"
      aria-label="start an evolution run"
      onSubmit={(e) => {
        e.preventDefault();
        void start({ niche, budget: { evaluations }, batch: 8, ...(seed.trim() ? { seed: Number(seed) } : {}) });
      }}
    >
      <label>
        niche{' '}
        <select name="niche" value={niche} onChange={(e) => setNiche(e.target.value)}>
          {(niches.data ?? [{ id: 'clock' }]).map((n) => (
            <option key={n.id} value={n.id}>
              {n.id}
            </option>
          ))}
        </select>
      </label>
      <label>
        budget{' '}
        <input name="evaluations" type="number" min={1} max={100000} value={evaluations} onChange={(e) => setEvaluations(Number(e.target.value))} style={{ width: '7em' }} /> evaluations
      </label>
      <label>
        seed <input name="seed" type="number" min={0} placeholder="random" value={seed} onChange={(e) => setSeed(e.target.value)} style={{ width: '7em' }} />
      </label>
      <button type="submit" disabled={busy}>
        {busy ? 'starting…' : 'start evolution'}
      </button>
      {error && (
        <span className="form-error" role="alert">
          {field ? `${field}: ` : ''}
          {error.message}
        </span>
      )}
    </form>
  );
}
