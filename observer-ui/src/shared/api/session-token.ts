// the bearer token this browser session acts with (an operator's, or a submitter's), entered once
// and kept in sessionStorage: it goes when the tab does, and never into the url or local storage.
import { useCallback, useEffect, useState } from 'react';

const KEY = 'ola.bearer-token';
const CHANGED = 'ola:bearer-token';

export function readSessionToken(): string | null {
  try {
    return sessionStorage.getItem(KEY);
  } catch {
    return null; // storage refused (a locked-down browser): nothing is kept
  }
}

export function writeSessionToken(token: string | null): void {
  try {
    if (token) sessionStorage.setItem(KEY, token);
    else sessionStorage.removeItem(KEY);
  } catch {
    // storage refused: the token lives only as long as this page
  }
  window.dispatchEvent(new Event(CHANGED));
}

/** the session's token, kept in step across the views that use it */
export function useSessionToken(): { token: string | null; setToken: (t: string | null) => void } {
  const [token, setState] = useState(readSessionToken);
  useEffect(() => {
    const sync = () => setState(readSessionToken());
    window.addEventListener(CHANGED, sync);
    return () => window.removeEventListener(CHANGED, sync);
  }, []);
  const setToken = useCallback((t: string | null) => writeSessionToken(t?.trim() || null), []);
  return { token, setToken };
}
