// GET /framebuffer (websocket): status messages, then binary frames (uint32 counter + png)
// drawn onto a canvas; reconnects after a drop.
import { useEffect, useRef, useState, type RefObject } from 'react';

export interface FramebufferStatus {
  state: 'connecting' | 'waiting' | 'rendering' | 'live' | 'error' | 'reconnecting';
  detail?: string;
  artifactId?: string;
  frames: number;
  fps: number;
}

export function useFramebuffer(canvas: RefObject<HTMLCanvasElement | null>, fps = 20): FramebufferStatus {
  const [status, setStatus] = useState<FramebufferStatus>({ state: 'connecting', frames: 0, fps: 0 });
  const counted = useRef({ frames: 0, window: [] as number[] });
  useEffect(() => {
    let ws: WebSocket | undefined;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let closed = false;
    const open = () => {
      const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/framebuffer?fps=${fps}`;
      ws = new WebSocket(url);
      ws.binaryType = 'arraybuffer';
      ws.onmessage = async (m) => {
        if (typeof m.data === 'string') {
          const msg = JSON.parse(m.data) as { type: string; reason?: string; artifactId?: string; error?: { message?: string } };
          if (msg.type === 'waiting') setStatus((s) => ({ ...s, state: 'waiting', detail: msg.reason }));
          if (msg.type === 'rendering') setStatus((s) => ({ ...s, state: 'rendering', artifactId: msg.artifactId, detail: 'the artifact draws the loop in the sandbox' }));
          if (msg.type === 'error') setStatus((s) => ({ ...s, state: 'error', detail: msg.error?.message }));
          return;
        }
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
      ws?.close();
    };
  }, [canvas, fps]);
  return status;
}
