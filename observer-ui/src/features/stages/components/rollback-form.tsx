// an operator rolls a niche's active capability back, or retires it after the decay review, with
// a reason; `expect` is the artifact the operator saw, so an action that raced another one is a
// 409, not a second step down.
import { useState } from 'react';
import { ApiError } from '../../../shared/api/http.ts';
import { useRetire } from '../api/post-retire.ts';
import { useRollback, type RolledBack } from '../api/post-rollback.ts';
import { ACTIONS, actionLine, type OperatorAction } from '../lib/decay-format.ts';

export interface RollbackTarget {
  action: OperatorAction;
  niche: string;
  expect: string;
  previous: string | null;
}

export function RollbackForm({ target, token, onDone, onCancel }: { target: RollbackTarget; token: string | null; onDone: (r: RolledBack) => void; onCancel: () => void }) {
  const [reason, setReason] = useState('');
  const rollback = useRollback(onDone);
  const retire = useRetire(onDone);
  const { busy, error, send } = target.action === 'retire' ? retire : rollback;
  const words = ACTIONS[target.action];
  return (
    <form
      className="decision-form"
      aria-label={`${words.verb} ${target.niche}`}
      data-testid={`${target.action}-form`}
      data-niche={target.niche}
      onSubmit={(e) => {
        e.preventDefault();
        // the button is disabled without a reason; enter in a field must not send one either
        if (!reason.trim() || !token || busy) return;
        void send(target.niche, { reason: reason.trim(), expect: target.expect }, token);
      }}
    >
      <p>{actionLine(target.action, target)}</p>
      <label>
        reason (recorded with the {words.noun})
        <textarea name={`${target.action}-reason`} rows={2} maxLength={2000} value={reason} onChange={(e) => setReason(e.target.value)} />
      </label>
      <div className="row">
        <button type="submit" disabled={!token || !reason.trim() || busy}>
          {busy ? words.busy : words.confirm}
        </button>
        <button type="button" onClick={onCancel}>
          cancel
        </button>
        {!token && <span className="muted">enter an operator token above to {words.verb}</span>}
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
