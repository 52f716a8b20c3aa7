// GET /framebuffer (websocket): status messages, then binary frames (uint32 counter + png)
// drawn onto a canvas; the viewer's pointer goes back as json text (throttled), and the lab's
// prediction of it comes back. reconnects after a drop.
import { useCallback, useEffect, useRef, useState, type RefObject } from 'react';
import { throttled, type PointerReport } from '../lib/pointer.ts';

export interface Predicted {
  x: number;
  y: number;
  horizonMs: number;
  source: 'active' | 'fallback';
  artifactId: string | null;
  errorPx: number | null;
}

export interface FramebufferStatus {
  state: 'connecting' | 'waiting' | 'rendering' | 'live' | 'error' | 'reconnecting';
  detail?: string;
  artifactId?: string;
  /** who draws: the active gui.fb artifact, the built-in fallback (the best one), or one asked for */
  source?: 'active' | 'fallback' | 'requested';
  /** replay: a pre-rendered loop; live: each frame drawn now */
  mode?: 'replay' | 'live';
  /** what a live frame follows: the viewer's pointer or the lab's loop */
  path?: 'pointer' | 'loop';
  predicted?: Predicted;
  /** the last message the lab refused, in words */
  refused?: string;
  frames: number;
  fps: number;
}

interface Msg {
  type: string;
  reason?: string;
  artifactId?: string | null;
  source?: FramebufferStatus['source'];
  mode?: FramebufferStatus['mode'];
  path?: FramebufferStatus['path'];
  x?: number;
  y?: number;
  errorPx?: number | null;
  horizonMs?: number;
  error?: { message?: string };
}

export function useFramebuffer(canvas: RefObject<HTMLCanvasElement | null>, fps = 20): { status: FramebufferStatus; point: (r: PointerReport) => void } {
  const [status, setStatus] = useState<FramebufferStatus>({ state: 'connecting', frames: 0, fps: 0 });
  const counted = useRef({ frames: 0, window: [] as number[] });
  const sender = useRef<ReturnType<typeof throttled> | undefined>(undefined);
  useEffect(() => {
    let ws: WebSocket | undefined;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let closed = false;
    sender.current = throttled((r) => ws?.readyState === WebSocket.OPEN && ws.send(JSON.stringify(r)));
    const onText = (msg: Msg) => {
      if (msg.type === 'waiting') setStatus((s) => ({ ...s, state: 'waiting', detail: msg.reason }));
      if (msg.type === 'drawing') setStatus((s) => ({ ...s, artifactId: msg.artifactId ?? undefined, source: msg.source, mode: msg.mode, path: msg.path }));
      if (msg.type === 'rendering') setStatus((s) => ({ ...s, state: 'rendering', artifactId: msg.artifactId ?? undefined, detail: 'the artifact draws the loop in the sandbox' }));
      if (msg.type === 'predicted' && typeof msg.x === 'number' && typeof msg.y === 'number') {
        const p: Predicted = { x: msg.x, y: msg.y, horizonMs: msg.horizonMs ?? 0, source: msg.source === 'active' ? 'active' : 'fallback', artifactId: msg.artifactId ?? null, errorPx: msg.errorPx ?? null };
        setStatus((s) => ({ ...s, predicted: p }));
      }
      if (msg.type === 'error') {
        // a refused pointer message is the viewer's, not the stream's
        const render = msg.reason === undefined || msg.reason === 'render';
        setStatus((s) => (render ? { ...s, state: 'error', detail: msg.error?.message } : { ...s, refused: `${msg.reason}: ${msg.error?.message ?? ''}` }));
      }
    };
    const open = () => {
      const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/framebuffer?fps=${fps}`;
      ws = new WebSocket(url);
      ws.binaryType = 'arraybuffer';
      ws.onmessage = async (m) => {
        if (typeof m.data === 'string') return onText(JSON.parse(m.data) as Msg);
        const png = new Blob([new Uint8Array(m.data as ArrayBuffer, 4)], { type: 'image/png' });
        const bitmap = await createImageBitmap(png);
        const c = canvas.current;
        if (c) {
          c.width = bitmap.width;
          c.height = bitmap.height;
          c.getContext('2d')?.drawImage(bitmap, 0, 0);
        }
        bitmap.close();
        const now = performance.now();
        const k = counted.current;
        k.frames++;
        k.window = [...k.window.filter((t) => now - t < 1000), now];
        // the status (and so react) updates a few times a second, not per frame
        if (k.frames % 5 === 0 || k.frames === 1) setStatus((s) => ({ ...s, state: 'live', detail: undefined, frames: k.frames, fps: k.window.length }));
      };
      ws.onclose = () => {
        if (closed) return;
        setStatus((s) => (s.state === 'error' ? s : { ...s, state: 'reconnecting', detail: 'the socket closed' }));
        retry = setTimeout(open, 2000);
      };
    };
    open();
    return () => {
      closed = true;
      clearTimeout(retry);
      sender.current?.cancel();
      ws?.close();
    };
  }, [canvas, fps]);
  const point = useCallback((r: PointerReport) => sender.current?.push(r), []);
  return { status, point };
}
