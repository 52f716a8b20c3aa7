// the shell: header with the lab's health, navigation, and the current view.
import { Suspense } from 'react';
import { HealthBadge } from '../features/health/components/health-badge.tsx';
import { Loading } from '../shared/components/states.tsx';
import { useHashRoute } from '../shared/lib/use-hash-route.ts';
import { VIEWS } from './views.tsx';

export function App() {
  const { view } = useHashRoute();
  const current = VIEWS.find((v) => v.id === view) ?? VIEWS[0]!;
  const View = current.component;
  return (
    <div className="shell">
      <a className="skip" href="#main">
        skip to content
      </a>
      <header className="top">
        <h1>
          organic-os <span className="muted">observer</span>
        </h1>
        <HealthBadge />
        <a className="muted" href="/docs">
          api docs
        </a>
      </header>
      <nav aria-label="views">
        <ul>
          {VIEWS.map((v) => (
            <li key={v.id}>
              <a href={`#/${v.id}`} aria-current={v.id === current.id ? 'page' : undefined} data-view={v.id}>
                {v.title}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" tabIndex={-1}>
        <Suspense fallback={<Loading what={current.title} />}>
          <View key={current.id} />
        </Suspense>
      </main>
    </div>
  );
}
