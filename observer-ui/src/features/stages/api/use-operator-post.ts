// one operator action on a niche (a rollback, a retirement) under the session's token: busy while
// it is sent, its refusal kept in view until the next try.
import { useCallback, useState } from 'react';

export type NichePost<B, R> = (niche: string, body: B, token: string | null) => Promise<R>;

export function useOperatorPost<B, R>(post: NichePost<B, R>, onDone: (r: R) => void) {
  const [state, setState] = useState<{ busy: boolean; error?: Error }>({ busy: false });
  const send = useCallback(
    async (niche: string, body: B, token: string | null) => {
      setState({ busy: true });
      try {
        const r = await post(niche, body, token);
        setState({ busy: false });
        onDone(r);
      } catch (err) {
        setState({ busy: false, error: err instanceof Error ? err : new Error(String(err)) });
      }
    },
    [post, onDone],
  );
  return { ...state, send };
}
