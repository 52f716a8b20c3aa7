// the verify button and its result: ok, or the first bad sequence number and why.
import { useState } from 'react';
import { ErrorState } from '../../../shared/components/states.tsx';
import { useRegistryVerify } from '../api/post-registry-verify.ts';

export function VerifyPanel() {
  const [full, setFull] = useState(true);
  const { busy, report, error, verify } = useRegistryVerify();
  return (
    <div className="verify">
      <div className="row">
        <button type="button" onClick={() => void verify(full)} disabled={busy}>
          {busy ? 'verifying…' : 'verify the registry'}
        </button>
        <label>
          <input type="checkbox" checked={full} onChange={(e) => setFull(e.target.checked)} /> every signature
        </label>
      </div>
      {error && <ErrorState error={error} />}
      {report && (
        <p className={report.ok ? 'pass' : 'fail'} role="status" data-testid="verify-result" data-ok={report.ok}>
          {report.ok
            ? `registry ok: ${report.events} events verified in ${report.ms} ms${report.full ? ' (every signature)' : ''}`
            : `registry TAMPERED at seq ${report.firstBadSeq}: ${report.problem} (${report.events} events read)`}
          <span className="muted"> · {report.checkedAt.slice(11, 19)}</span>
        </p>
      )}
    </div>
  );
}
