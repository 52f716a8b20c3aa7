// one niche in the active panel: what the lab uses, since when, how stable, what a rollback puts
// back, and the operator's actions on it (roll back, retire); then the decay review's findings.
import type { ActiveCapability, NicheDecay } from '../../../shared/api/lab-types.ts';
import { hrefTo } from '../../../shared/lib/use-hash-route.ts';
import { fmtWhen } from '../lib/decay-format.ts';
import { fmtStability, handleLabel } from '../lib/shadow-format.ts';
import { DecayFindings } from './decay-findings.tsx';
import type { RollbackTarget } from './rollback-form.tsx';

export const COLUMNS = 6;

const link = (id: string) => <a href={hrefTo('graph', { select: id })}>{id}</a>;

interface Props {
  c: ActiveCapability;
  review: NicheDecay | undefined;
  open: boolean;
  onAction: (t: RollbackTarget) => void;
}

export function ActiveRow({ c, review, open, onAction }: Props) {
  const on = c.artifactId ? { niche: c.niche, expect: c.artifactId, previous: c.previous } : null;
  return (
    <>
      <tr data-niche={c.niche} data-active={c.artifactId ?? ''}>
        <td>{c.niche}</td>
        <td>{c.artifactId ? link(c.artifactId) : <span className="muted">built-in fallback</span>}</td>
        <td>{fmtWhen(c.since)}</td>
        <td className={c.stability < 0.9 ? 'fail' : undefined}>{c.artifactId ? fmtStability(c.stability) : '–'}</td>
        <td>{c.artifactId ? (c.previous ? link(c.previous) : handleLabel(null)) : '–'}</td>
        <td>
          {on && (
            <div style={{ display: 'flex', gap: 6 }}>
              <button type="button" disabled={open} onClick={() => onAction({ action: 'rollback', ...on })}>
                roll back
              </button>
              <button type="button" disabled={open} onClick={() => onAction({ action: 'retire', ...on })} title="retire it after the decay review: the handle beneath it, or the built-in fallback, is used again">
                retire
              </button>
            </div>
          )}
        </td>
      </tr>
      {(c.artifactId || review?.active) && (
        <tr data-decay-niche={c.niche}>
          <td />
          <td colSpan={COLUMNS - 1}>
            <DecayFindings review={review} active={c.artifactId} />
          </td>
        </tr>
      )}
    </>
  );
}
