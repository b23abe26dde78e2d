// Polygons filled into an RGBA pixel buffer by scanlines: the map's cell layer.
//
// Chromium fills canvas paths with anti-aliasing on the main thread; 20,000 H3 cells cost it 27–42 ms of
// CPU per zoom here (docs/dashboard.md), most of it per edge. This fill samples each pixel's centre once
// (even-odd rule, so holes and cells cut at the antimeridian work), writes 32-bit words with
// Uint32Array.fill per span, and costs a few milliseconds for the same cells. Cells meet without the
// hairline seams anti-aliasing leaves between neighbours; a cell smaller than a pixel still gets the
// pixel at its centre, so no data disappears when zoomed out. Nothing is allocated per frame once the
// buffer has its size.

/** A CSS colour as the 32-bit word ImageData stores for it (RGBA bytes, little-endian); each colour parsed once. */
export function colourWord(colour) {
  let word = words.get(colour);
  if (word === undefined) {
    probe ||= document.createElement('canvas').getContext('2d', { willReadFrequently: true });
    probe.clearRect(0, 0, 1, 1);
    probe.fillStyle = colour;
    probe.fillRect(0, 0, 1, 1);
    word = new Uint32Array(probe.getImageData(0, 0, 1, 1).data.buffer)[0];
    words.set(colour, word);
  }
  return word;
}
const words = new Map();
let probe = null;

export class PolygonRaster {
  constructor() {
    this.image = null;
    this.pixels = null;
    this.crossings = new Float64Array(32);
    this.xy = new Float64Array(64);
    this.dirty = null;  // [x0, y0, x1, y1) of what the last frame wrote
  }

  /** Starts a frame of `width` × `height` device pixels: clears what the last frame wrote. */
  begin(context, width, height) {
    if (!this.image || this.image.width !== width || this.image.height !== height) {
      this.image = context.createImageData(width, height);
      this.pixels = new Uint32Array(this.image.data.buffer);
      this.dirty = null;
    } else if (this.dirty) {
      const [, y0, , y1] = this.dirty;
      this.pixels.fill(0, y0 * width, y1 * width);
    }
    this.drawn = [width, height, 0, 0];
  }

  /**
   * Fills one polygon given as rings of [x0, y0, x1, y1, …] in projected units, placed on the buffer by
   * pixel = unit × scale + offset; `box` is its [minX, minY, maxX, maxY] in the same units.
   * Polygons wholly outside the buffer cost four multiplications.
   */
  fill(rings, box, word, scale, offsetX, offsetY) {
    const { width, height } = this.image;
    const left = box[0] * scale + offsetX, right = box[2] * scale + offsetX;
    const top = box[1] * scale + offsetY, bottom = box[3] * scale + offsetY;
    if (right < 0 || bottom < 0 || left >= width || top >= height) return;
    const xy = this.project(rings, scale, offsetX, offsetY);
    const firstRow = Math.max(0, Math.ceil(top - 0.5)), lastRow = Math.min(height - 1, Math.ceil(bottom - 0.5) - 1);
    let filled = false;
    for (let row = firstRow; row <= lastRow; row++) {
      const count = this.cross(rings, xy, row + 0.5);
      for (let k = 0; k + 1 < count; k += 2) {
        const from = Math.max(0, Math.ceil(this.crossings[k] - 0.5)), to = Math.min(width, Math.ceil(this.crossings[k + 1] - 0.5));
        if (to > from) { this.span(row, from, to, word); filled = true; }
      }
    }
    if (!filled) {  // thinner than a pixel: its centre's pixel
      const x = Math.floor((left + right) / 2), y = Math.floor((top + bottom) / 2);
      if (x >= 0 && y >= 0 && x < width && y < height) this.span(y, x, x + 1, word);
    }
  }

  /** Writes the frame into a canvas context at (0, 0), copying only the rows and columns written. */
  end(context) {
    const [x0, y0, x1, y1] = this.drawn;
    context.clearRect(0, 0, this.image.width, this.image.height);
    if (x1 > x0 && y1 > y0) context.putImageData(this.image, 0, 0, x0, y0, x1 - x0, y1 - y0);
    this.dirty = x1 > x0 ? this.drawn : null;
  }

  span(row, from, to, word) {
    this.pixels.fill(word, row * this.image.width + from, row * this.image.width + to);
    const drawn = this.drawn;
    if (from < drawn[0]) drawn[0] = from;
    if (row < drawn[1]) drawn[1] = row;
    if (to > drawn[2]) drawn[2] = to;
    if (row + 1 > drawn[3]) drawn[3] = row + 1;
  }

  /** The rings' vertices in pixels, one after another in a reused array. */
  project(rings, scale, offsetX, offsetY) {
    let total = 0;
    for (const ring of rings) total += ring.length;
    if (this.xy.length < total) this.xy = new Float64Array(total * 2);
    const xy = this.xy;
    let n = 0;
    for (const ring of rings) {
      for (let i = 0; i < ring.length; i += 2) { xy[n++] = ring[i] * scale + offsetX; xy[n++] = ring[i + 1] * scale + offsetY; }
    }
    return xy;
  }

  /** Where the rings' edges cross the horizontal line y, sorted; returns how many. */
  cross(rings, xy, y) {
    let count = 0, start = 0;
    for (const ring of rings) {
      const end = start + ring.length;
      for (let i = start, j = end - 2; i < end; j = i, i += 2) {
        const yi = xy[i + 1], yj = xy[j + 1];
        if ((yi > y) !== (yj > y)) {
          if (count === this.crossings.length) { const grown = new Float64Array(count * 2); grown.set(this.crossings); this.crossings = grown; }
          this.crossings[count++] = xy[i] + (y - yi) * (xy[j] - xy[i]) / (yj - yi);
        }
      }
      start = end;
    }
    const c = this.crossings;
    for (let i = 1; i < count; i++) {  // insertion sort: two crossings for a hexagon
      const v = c[i];
      let j = i - 1;
      while (j >= 0 && c[j] > v) { c[j + 1] = c[j]; j--; }
      c[j + 1] = v;
    }
    return count;
  }
}
