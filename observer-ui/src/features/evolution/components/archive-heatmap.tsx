// the map-elites archive as a heatmap over its two descriptors; each cell the fittest over islands.
import { fmtNum } from '../../../shared/lib/format.ts';
import { hrefTo } from '../../../shared/lib/use-hash-route.ts';
import type { RunProgress } from '../api/get-run-progress.ts';

function colour(f: number, lo: number, hi: number): string {
  const t = hi > lo ? (f - lo) / (hi - lo) : 1;
  // dark blue to bright green
  return `hsl(${Math.round(210 - 90 * t)} 70% ${Math.round(22 + 40 * t)}%)`;
}

export function ArchiveHeatmap({ archive }: { archive: RunProgress['archive'] }) {
  const { axes, cells } = archive;
  const top = new Map<string, (typeof cells)[number]>();
  for (const c of cells) {
    const k = `${c.x}:${c.y}`;
    if (!top.has(k) || top.get(k)!.fitness < c.fitness) top.set(k, c);
  }
  const fits = [...top.values()].map((c) => c.fitness);
  const lo = Math.min(...fits);
  const hi = Math.max(...fits);
  const rows = Array.from({ length: axes.yBins }, (_, i) => axes.yBins - 1 - i);
  return (
    <figure className="heatmap" aria-label="quality-diversity archive" data-testid="archive-heatmap" data-cells={top.size}>
      <figcaption>
        archive: {top.size} of {axes.xBins * axes.yBins} cells filled (x: {axes.x}; y: {axes.y})
      </figcaption>
      <table>
        <tbody>
          {rows.map((y) => (
            <tr key={y}>
              <th scope="row">{y}</th>
              {Array.from({ length: axes.xBins }, (_, x) => {
                const c = top.get(`${x}:${y}`);
                return (
                  <td key={x} style={{ background: c ? colour(c.fitness, lo, hi) : undefined }} title={c ? `${c.artifactId}: ${fmtNum(c.fitness, 4)}` : 'empty'}>
                    {c && (
                      <a href={hrefTo('graph', { select: c.artifactId })} aria-label={`cell ${x},${y}: utility ${fmtNum(c.fitness, 3)}`}>
                        {fmtNum(c.fitness, 2)}
                      </a>
                    )}
                  </td>
                );
              })}
            </tr>
          ))}
          <tr>
            <th />
            {Array.from({ length: axes.xBins }, (_, x) => (
              <th key={x} scope="col">
                {x}
              </th>
            ))}
          </tr>
        </tbody>
      </table>
    </figure>
  );
}
