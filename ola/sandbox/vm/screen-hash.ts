// a cheap hash of an image's rgb, the same on both sides: the guest names the frame it drew,
// the host waits until the display shows it.
export function rgbHash(px: Uint8Array, width: number, height: number, channels: 3 | 4): number {
  let h = 0x811c9dc5;
  for (let p = 0; p < width * height; p++) {
    for (let c = 0; c < 3; c++) h = Math.imul(h ^ px[p * channels + c]!, 0x01000193);
  }
  return h >>> 0;
}
