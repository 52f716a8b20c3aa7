// the viewer's pointer in framebuffer pixels, and a sender that keeps to the lab's rate: at most
// one report a frame (the newest wins), so a fast mouse never floods the socket.

export const FB_WIDTH = 640;
export const FB_HEIGHT = 480;
export const SEND_EVERY_MS = 1000 / 60;

export interface PointerReport {
  type: 'pointer';
  x: number;
  y: number;
  buttons: number;
}

/** a point on the drawn canvas (css pixels, any scale) as a whole framebuffer pixel */
export function toFramebuffer(clientX: number, clientY: number, rect: { left: number; top: number; width: number; height: number }, buttons = 0): PointerReport | undefined {
  if (!(rect.width > 0 && rect.height > 0)) return undefined;
  const clamp = (v: number, hi: number) => Math.min(hi - 1, Math.max(0, Math.floor(v)));
  const x = clamp(((clientX - rect.left) * FB_WIDTH) / rect.width, FB_WIDTH);
  const y = clamp(((clientY - rect.top) * FB_HEIGHT) / rect.height, FB_HEIGHT);
  if (!Number.isFinite(x) || !Number.isFinite(y)) return undefined;
  return { type: 'pointer', x, y, buttons: buttons & 7 };
}

/** sends the newest report at most once every `everyMs` */
export function throttled(send: (r: PointerReport) => void, everyMs = SEND_EVERY_MS, now: () => number = () => performance.now()) {
  let pending: PointerReport | undefined;
  let lastAt = -Infinity;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const flush = () => {
    timer = undefined;
    if (!pending) return;
    lastAt = now();
    send(pending);
    pending = undefined;
  };
  return {
    push(r: PointerReport) {
      pending = r;
      const wait = everyMs - (now() - lastAt);
      if (wait <= 0 && !timer) flush();
      else timer ??= setTimeout(flush, Math.max(0, wait));
    },
    cancel() {
      clearTimeout(timer);
      timer = undefined;
      pending = undefined;
    },
  };
}
