// the framebuffer tile: the best gui.fb artifact drawing the lab's cursor, live over a websocket.
import { useRef } from 'react';
import { hrefTo } from '../../../shared/lib/use-hash-route.ts';
import { useFramebuffer } from '../api/follow-framebuffer.ts';

export function FramebufferView() {
  const canvas = useRef<HTMLCanvasElement>(null);
  const s = useFramebuffer(canvas);
  return (
    <section className="view view-framebuffer" aria-labelledby="fb-title">
      <header className="view-header">
        <h2 id="fb-title">framebuffer</h2>
        <span className={`badge badge-${s.state === 'live' ? 'live' : 'reconnecting'}`} role="status" data-testid="fb-status" data-state={s.state} data-frames={s.frames} data-fps={s.fps}>
          {s.state}
          {s.state === 'live' && ` · ${s.fps} fps · ${s.frames} frames`}
          {s.detail && ` · ${s.detail}`}
        </span>
        {s.artifactId && (
          <a href={hrefTo('graph', { select: s.artifactId })}>
            artifact <code>{s.artifactId}</code>
          </a>
        )}
      </header>
      <p className="muted">
        the best gui.fb artifact draws the lab&apos;s cursor around a looped path, run in the sandbox (isolate) and streamed as png frames.
      </p>
      <canvas ref={canvas} className="fb" width={640} height={480} aria-label="live framebuffer" data-testid="fb-canvas" />
    </section>
  );
}
