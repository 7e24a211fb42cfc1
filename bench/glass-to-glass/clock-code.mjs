// The wall clock as a picture, readable without OCR: 64 black/white cells (16 × 4, 40 px each) across
// the top of a 640×360 frame carry 48 bits of milliseconds since the epoch and a 16-bit check, so a
// frame the codec smeared (or a half-drawn one) is rejected rather than misread. The reader samples
// the middle of each cell, far from the edges where H.264 blurs.
export const WIDTH = 640;
export const HEIGHT = 360;
export const CELL = 40;
export const COLUMNS = 16;
export const ROWS = 4;
const BLACK = 0;
const WHITE = 255;
const BACKGROUND = 128;

/** 16-bit check over the 48-bit value (any bit flip changes it with probability ~1 - 2^-16). */
export function check16(ms) {
  const hi = Math.floor(ms / 2 ** 24);
  const lo = ms % 2 ** 24;
  return ((Math.imul(hi, 40_503) ^ Math.imul(lo, 0x9e3779b1)) >>> 0) % 65_521;
}

/** The 64 bits, most significant first: 48 of time, 16 of check. */
export function bitsOf(ms) {
  const bits = [];
  for (let i = 47; i >= 0; i -= 1) bits.push(Math.floor(ms / 2 ** i) % 2);
  const check = check16(ms);
  for (let i = 15; i >= 0; i -= 1) bits.push((check >> i) & 1);
  return bits;
}

/** One 8-bit gray frame (ffmpeg `-pix_fmt gray`) showing `ms`. */
export function frameOf(ms, into = Buffer.alloc(WIDTH * HEIGHT, BACKGROUND)) {
  const bits = bitsOf(ms);
  for (let cell = 0; cell < COLUMNS * ROWS; cell += 1) {
    const x0 = (cell % COLUMNS) * CELL;
    const y0 = Math.floor(cell / COLUMNS) * CELL;
    const value = bits[cell] ? WHITE : BLACK;
    for (let y = y0; y < y0 + CELL; y += 1) into.fill(value, y * WIDTH + x0, y * WIDTH + x0 + CELL);
  }
  return into;
}

/**
 * Runs in the page: reads the clock from RGBA pixels of a WIDTH×HEIGHT picture (undefined when the
 * check fails). Self-contained, because it is shipped to the browser with `toString()`.
 */
export function readClock(rgba, width, cell, columns, rows) {
  const bits = [];
  for (let i = 0; i < columns * rows; i += 1) {
    let sum = 0;
    let n = 0;
    const cx = (i % columns) * cell + cell / 2;
    const cy = Math.floor(i / columns) * cell + cell / 2;
    for (let y = cy - cell / 4; y < cy + cell / 4; y += 2) {
      for (let x = cx - cell / 4; x < cx + cell / 4; x += 2) {
        const p = (y * width + x) * 4;
        sum += (rgba[p] + rgba[p + 1] + rgba[p + 2]) / 3;
        n += 1;
      }
    }
    bits.push(sum / n > 128 ? 1 : 0);
  }
  let ms = 0;
  for (let i = 0; i < 48; i += 1) ms = ms * 2 + bits[i];
  let check = 0;
  for (let i = 48; i < 64; i += 1) check = check * 2 + bits[i];
  const hi = Math.floor(ms / 2 ** 24);
  const lo = ms % 2 ** 24;
  return ((Math.imul(hi, 40_503) ^ Math.imul(lo, 0x9e3779b1)) >>> 0) % 65_521 === check ? ms : undefined;
}
