// gui.fb baseline: redraw everything every frame. a dark desktop, a top bar with a
// title, a side panel, and an arrow cursor (light outline, dark fill) with its tip at
// this frame's pointer. no dirty rectangles, no reaction to buttons.
const ARROW = [
  'X',
  'XX',
  'X.X',
  'X..X',
  'X...X',
  'X....X',
  'X.....X',
  'X......X',
  'X.......X',
  'X........X',
  'X.....XXXX',
  'X..X..X',
  'X.X X..X',
  'XX  X..X',
  'X    X..X',
  '     X..X',
  '      XX',
];

function cursor(fb, x, y) {
  for (let row = 0; row < ARROW.length; row++) {
    const line = ARROW[row];
    for (let col = 0; col < line.length; col++) {
      const c = line[col];
      if (c === 'X') fb.setPixel(x + col, y + row, 255, 255, 255);
      else if (c === '.') fb.setPixel(x + col, y + row, 0, 0, 0);
    }
  }
}

export function frame(fb, state) {
  fb.clear(18, 20, 28);
  fb.fillRect(0, 0, fb.width, 28, 52, 72, 116);
  fb.text(10, 9, 'ORGANIC OS', 220, 228, 240, 2);
  fb.fillRect(0, 28, 140, fb.height - 28, 36, 44, 66);
  cursor(fb, state.x, state.y);
}
