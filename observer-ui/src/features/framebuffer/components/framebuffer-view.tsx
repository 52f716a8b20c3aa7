// the framebuffer tile: the active gui.fb artifact (else the best one) drawing the lab's cursor,
// live over a websocket. moving the pointer over it sends the pointer to the lab, which draws
// at it and predicts where it goes next (the ring).
import { useRef, type PointerEvent } from 'react';
import { hrefTo } from '../../../shared/lib/use-hash-route.ts';
import { useFramebuffer } from '../api/follow-framebuffer.ts';
import { FB_HEIGHT, FB_WIDTH, toFramebuffer } from '../lib/pointer.ts';

const WHO: Record<string, string> = { active: 'the active capability', fallback: 'the built-in fallback (the best gui.fb artifact)', requested: 'the artifact asked for' };

export function FramebufferView() {
  const canvas = useRef<HTMLCanvasElement>(null);
  const { status: s, point } = useFramebuffer(canvas);
  const onPointer = (e: PointerEvent<HTMLCanvasElement>) => {
    const r = toFramebuffer(e.clientX, e.clientY, e.currentTarget.getBoundingClientRect(), e.buttons);
    if (r) point(r);
  };
  const p = s.predicted;
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
      <p className="muted" data-testid="fb-source" data-source={s.source ?? ''} data-mode={s.mode ?? ''} data-path={s.path ?? ''}>
        {s.source ? `drawn by ${WHO[s.source]}` : 'a gui.fb artifact draws the cursor'}
        {s.mode === 'live' ? `, frame by frame in the sandbox, at ${s.path === 'pointer' ? 'your pointer' : "the lab's looped path"}` : ', a looped path pre-rendered in the sandbox (isolate)'}
        . move the pointer over the frame to drive it.
      </p>
      <div style={{ position: 'relative', width: 'fit-content', maxWidth: '100%' }}>
        <canvas
          ref={canvas}
          className="fb"
          width={FB_WIDTH}
          height={FB_HEIGHT}
          aria-label="live framebuffer: moving the pointer over it drives the cursor"
          data-testid="fb-canvas"
          onPointerMove={onPointer}
          onPointerDown={onPointer}
          onPointerUp={onPointer}
        />
        {p && (
          <span
            aria-hidden="true"
            data-testid="fb-predicted"
            data-source={p.source}
            style={{
              position: 'absolute',
              left: `${(p.x / FB_WIDTH) * 100}%`,
              top: `${(p.y / FB_HEIGHT) * 100}%`,
              width: 12,
              height: 12,
              marginLeft: -6,
              marginTop: -6,
              borderRadius: '50%',
              border: '2px solid var(--warn)',
              pointerEvents: 'none',
            }}
          />
        )}
      </div>
      <p className="muted" data-testid="fb-prediction">
        {p
          ? `predicted ${p.horizonMs} ms ahead by ${p.source === 'active' ? `the active input.predictor ${p.artifactId}` : 'the built-in fallback (the last position carried forward)'}${p.errorPx !== null ? `: off by ${p.errorPx.toFixed(1)} px where the pointer's real position came in` : ''}`
          : 'no pointer yet: the prediction (a ring) shows once you move over the frame'}
        {s.refused && ` · the lab refused a message (${s.refused})`}
      </p>
    </section>
  );
}
