// POST /registry/verify: re-checks the chain; names the first bad sequence number.
import { useCallback, useState } from 'react';
import { postJson } from '../../../shared/api/http.ts';

export interface VerifyReport {
  ok: boolean;
  events: number;
  firstBadSeq?: number;
  problem?: string;
  ms: number;
  full: boolean;
  checkedAt: string;
}

export const postRegistryVerify = (full: boolean) => postJson<VerifyReport>('/registry/verify', { full });

export function useRegistryVerify() {
  const [state, setState] = useState<{ busy: boolean; report?: VerifyReport; error?: Error }>({ busy: false });
  const verify = useCallback(async (full: boolean) => {
    setState((s) => ({ ...s, busy: true, error: undefined }));
    try {
      setState({ busy: false, report: await postRegistryVerify(full) });
    } catch (err) {
      setState({ busy: false, error: err instanceof Error ? err : new Error(String(err)) });
    }
  }, []);
  return { ...state, verify };
}
