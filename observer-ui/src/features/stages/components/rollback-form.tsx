// an operator rolls a niche's active capability back, with a reason; `expect` is the artifact the
// operator saw active, so a rollback that raced another one is a 409, not a second step down.
import { useState } from 'react';
import { ApiError } from '../../../shared/api/http.ts';
import { shortId } from '../../../shared/lib/format.ts';
import { useRollback, type RolledBack } from '../api/post-rollback.ts';
import { handleLabel } from '../lib/shadow-format.ts';

export interface RollbackTarget {
  niche: string;
  expect: string;
  previous: string | null;
}

export function RollbackForm({ target, token, onDone, onCancel }: { target: RollbackTarget; token: string | null; onDone: (r: RolledBack) => void; onCancel: () => void }) {
  const [reason, setReason] = useState('');
  const { busy, error, rollback } = useRollback(onDone);
  return (
    <form
      className="decision-form"
      aria-label={`roll back ${target.niche}`}
      data-testid="rollback-form"
      data-niche={target.niche}
      onSubmit={(e) => {
        e.preventDefault();
        void rollback(target.niche, { reason: reason.trim(), expect: target.expect }, token);
      }}
    >
      <p>
        roll <strong>{target.niche}</strong> back from <code>{shortId(target.expect)}</code> to <strong>{handleLabel(target.previous)}</strong>
      </p>
      <label>
        reason (recorded with the rollback)
        <textarea name="rollback-reason" rows={2} maxLength={2000} value={reason} onChange={(e) => setReason(e.target.value)} />
      </label>
      <div className="row">
        <button type="submit" disabled={!token || !reason.trim() || busy}>
          {busy ? 'rolling back…' : 'confirm roll back'}
        </button>
        <button type="button" onClick={onCancel}>
          cancel
        </button>
        {!token && <span className="muted">enter an operator token above to roll back</span>}
      </div>
      {error && (
        <p className="form-error" role="alert">
          {error instanceof ApiError ? `${error.status} ${error.code}: ` : ''}
          {error.message}
        </p>
      )}
    </form>
  );
}
