// filters by event type (toggle chips with counts) and by niche.
import type { EventFilter } from '../lib/event-log.ts';

export function EventFilters({ filter, onChange, typeCounts, nicheCounts }: {
  filter: EventFilter;
  onChange: (f: EventFilter) => void;
  typeCounts: [string, number][];
  nicheCounts: [string, number][];
}) {
  const toggle = (t: string) => {
    const types = new Set(filter.types);
    if (types.has(t)) types.delete(t);
    else types.add(t);
    onChange({ ...filter, types });
  };
  return (
    <div className="filters">
      <label>
        niche{' '}
        <select aria-label="filter by niche" value={filter.niche} onChange={(e) => onChange({ ...filter, niche: e.target.value })}>
          <option value="">all niches</option>
          {nicheCounts.map(([n, c]) => (
            <option key={n} value={n}>
              {n} ({c})
            </option>
          ))}
        </select>
      </label>
      <div className="chips" role="group" aria-label="filter by event type">
        <button type="button" aria-pressed={filter.types.size === 0} onClick={() => onChange({ ...filter, types: new Set() })}>
          all types
        </button>
        {typeCounts.map(([t, c]) => (
          <button key={t} type="button" aria-pressed={filter.types.has(t)} data-type={t} onClick={() => toggle(t)}>
            {t} <span className="count">{c}</span>
          </button>
        ))}
      </div>
    </div>
  );
}
