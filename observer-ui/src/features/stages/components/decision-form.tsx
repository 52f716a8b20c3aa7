// approve or reject one artifact waiting for an operator, with a reason (both are recorded for good).
import { useState } from 'react';
import { ApiError } from '../../../shared/api/http.ts';
import type { LadderEntry } from '../api/get-promotion-status.ts';
import { useDecision, type Decided } from '../api/post-decision.ts';

export function DecisionForm({ entry, token, onDecided }: { entry: LadderEntry; token: string | null; onDecided: (d: Decided) => void }) {
  const [reason, setReason] = useState('');
  const { busy, error, decide } = useDecision(onDecided);
  const rung = entry.promotion.stage;
  const send = (action: 'approve' | 'reject') => void decide(entry.id, action, { reason: reason.trim(), stage: rung }, token);
  return (
    <form className="decision-form" aria-label={`decide on ${entry.id}`} onSubmit={(e) => e.preventDefault()}>
      <label>
        reason (recorded with the decision)
        <textarea name="reason" rows={2} maxLength={2000} value={reason} onChange={(e) => setReason(e.target.value)} />
      </label>
      <div className="row">
        <button type="button" disabled={!token || !reason.trim() || busy !== null} onClick={() => send('approve')}>
          {busy === 'approve' ? 'approving…' : `approve into ${rung}`}
        </button>
        <button type="button" disabled={!token || !reason.trim() || busy !== null} onClick={() => send('reject')}>
          {busy === 'reject' ? 'rejecting…' : 'reject'}
        </button>
        {!token && <span className="muted">enter an operator token above to decide</span>}
      </div>
      {error && (
        <p className="form-error" role="alert">
          {error instanceof ApiError ? `${error.code}: ` : ''}
          {error.message}
        </p>
      )}
    </form>
  );
}
