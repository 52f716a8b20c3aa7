// the loading, error and empty states every view uses.
import type { ReactNode } from 'react';
import { ApiError } from '../api/http.ts';

export function Loading({ what }: { what: string }) {
  return (
    <div className="state state-loading" role="status" aria-live="polite">
      loading {what}…
    </div>
  );
}

export function ErrorState({ error, retry }: { error: Error; retry?: () => void }) {
  const unreachable = error instanceof ApiError && error.status === 0;
  return (
    <div className="state state-error" role="alert">
      <strong>{unreachable ? 'the lab is unreachable' : 'something went wrong'}</strong>
      <span>{unreachable ? 'is `npm start` running? retrying helps once it is back.' : error.message}</span>
      {retry && (
        <button type="button" onClick={retry}>
          retry
        </button>
      )}
    </div>
  );
}

export function Empty({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="state state-empty">
      <strong>{title}</strong>
      {children && <span>{children}</span>}
    </div>
  );
}

/** renders loading / error / empty, else the children with the data */
export function Resolve<T>({ what, data, error, loading, retry, isEmpty, empty, children }: {
  what: string;
  data: T | undefined;
  error: Error | undefined;
  loading: boolean;
  retry?: () => void;
  isEmpty?: (d: T) => boolean;
  empty?: ReactNode;
  children: (d: T) => ReactNode;
}) {
  if (data === undefined) {
    if (error) return <ErrorState error={error} retry={retry} />;
    if (loading) return <Loading what={what} />;
    return null;
  }
  if (isEmpty?.(data)) return <>{empty}</>;
  return <>{children(data)}</>;
}
