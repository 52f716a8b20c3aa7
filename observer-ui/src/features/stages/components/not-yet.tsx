// a 404 from an endpoint another issue adds: say it is not there yet, rather than an error.
import type { ReactNode } from 'react';
import { ApiError } from '../../../shared/api/http.ts';
import { Empty, ErrorState, Loading } from '../../../shared/components/states.tsx';

export function NotYet<T>({ what, endpoint, data, error, loading, retry, children }: { what: string; endpoint: string; data: T | undefined; error: Error | undefined; loading: boolean; retry: () => void; children: (d: T) => ReactNode }) {
  if (data !== undefined) return <>{children(data)}</>;
  if (error instanceof ApiError && error.status === 404)
    return (
      <Empty title={`${what}: not available yet`}>
        this lab has no <code>{endpoint}</code> endpoint yet; the view fills in once it does.
      </Empty>
    );
  if (error) return <ErrorState error={error} retry={retry} />;
  return loading ? <Loading what={what} /> : null;
}
