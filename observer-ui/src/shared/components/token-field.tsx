// enter a bearer token once for this browser session, or forget it. the token is never shown back.
import { useState } from 'react';
import { useSessionToken } from '../api/session-token.ts';

export function TokenField({ who }: { who: string }) {
  const { token, setToken } = useSessionToken();
  const [draft, setDraft] = useState('');
  if (token)
    return (
      <div className="token-field row" data-testid="token-field" data-set="true">
        <span className="muted">a token is set for this browser session</span>
        <button type="button" onClick={() => setToken(null)}>
          forget it
        </button>
      </div>
    );
  return (
    <form
      className="token-field row"
      data-testid="token-field"
      data-set="false"
      aria-label={`${who} token`}
      onSubmit={(e) => {
        e.preventDefault();
        setToken(draft);
        setDraft('');
      }}
    >
      <label>
        {who} token{' '}
        <input name="token" type="password" autoComplete="off" spellCheck={false} value={draft} onChange={(e) => setDraft(e.target.value)} style={{ width: '22em' }} />
      </label>
      <button type="submit" disabled={!draft.trim()}>
        use for this session
      </button>
    </form>
  );
}
