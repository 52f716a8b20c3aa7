// the view and its query from location.hash (#/graph?select=a_...): links work without a router.
import { useEffect, useState } from 'react';

export interface HashRoute {
  view: string;
  params: URLSearchParams;
}

export function parseHash(hash: string): HashRoute {
  const body = hash.replace(/^#\/?/, '');
  const q = body.indexOf('?');
  return { view: (q < 0 ? body : body.slice(0, q)) || '', params: new URLSearchParams(q < 0 ? '' : body.slice(q + 1)) };
}

export function useHashRoute(): HashRoute {
  const [route, setRoute] = useState(() => parseHash(location.hash));
  useEffect(() => {
    const on = () => setRoute(parseHash(location.hash));
    addEventListener('hashchange', on);
    return () => removeEventListener('hashchange', on);
  }, []);
  return route;
}

export function hrefTo(view: string, params?: Record<string, string>): string {
  const q = params ? new URLSearchParams(params).toString() : '';
  return `#/${view}${q ? `?${q}` : ''}`;
}
