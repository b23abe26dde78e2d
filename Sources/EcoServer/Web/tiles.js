// Raster tiles under the map, when the server has some configured (GET /api/v1/basemap): 256-pixel Web
// Mercator tiles at the whole zoom nearest the map's, scaled in between. They load as plain images from
// the one origin the Content-Security-Policy allows. A tile that has not arrived, or failed, leaves the
// world outline under it in view; after a few failures with no tile loaded (offline, a wrong URL) the
// layer stops asking, so the map falls back to the outline without a message. In the dark theme the
// map passes a filter (app.css `--tile-filter`) that turns light tiles dark; each tile is filtered once
// and the result kept with it, as a filter applied on every draw costs Chromium's software canvas
// about 35 ms a tile (3 ms to filter one tile once, then a plain copy like the image).

const size = 256;
const maxZoom = 19;
const kept = 256;    // tiles kept in memory, least recently drawn dropped first
const giveUp = 6;    // failures, with none loaded, after which no more tiles are requested

export class TileLayer {
  /** @param {{url: string, attribution: string}} tiles the template ({z}, {x}, {y}) and its attribution */
  constructor({ url, attribution }) {
    this.template = url;
    this.attribution = attribution;
    this.cache = new Map();
    this.loaded = 0;
    this.failed = 0;
    this.onload = () => {};
  }

  /** False once tiles have failed with none loaded, or while the browser is offline. */
  get active() { return navigator.onLine && !(this.loaded === 0 && this.failed >= giveUp); }

  /**
   * Draws the tiles covering the view (CSS pixels; the context's transform maps them to the canvas) and
   * returns how many were ready to draw. `scale` is the world's width in CSS pixels; `filter` a canvas
   * filter (CSS filter functions) for the tiles, `none` for them as they are.
   */
  draw(context, { scale, center, width, height }, filter = 'none') {
    if (!this.active) return 0;
    const z = Math.max(0, Math.min(maxZoom, Math.round(Math.log2(scale / size))));
    const count = 2 ** z, span = scale / count;
    const left = center[0] * scale - width / 2, top = center[1] * scale - height / 2;
    const x0 = Math.max(0, Math.floor(left / span)), x1 = Math.min(count - 1, Math.floor((left + width) / span));
    const y0 = Math.max(0, Math.floor(top / span)), y1 = Math.min(count - 1, Math.floor((top + height) / span));
    let drawn = 0;
    for (let y = y0; y <= y1; y++) {
      for (let x = x0; x <= x1; x++) {
        const entry = this.tile(z, x, y);
        if (!entry) continue;
        const image = this.look(entry, filter);
        // Whole-pixel edges, so that neighbouring tiles meet without a hairline between them.
        const px = Math.round(x * span - left), py = Math.round(y * span - top);
        context.drawImage(image, px, py, Math.round((x + 1) * span - left) - px, Math.round((y + 1) * span - top) - py);
        drawn++;
      }
    }
    return drawn;
  }

  /** The tile as drawn under `filter`: its image, or a copy filtered once and kept with the tile. */
  look(entry, filter) {
    if (filter === 'none') return entry.image;
    if (entry.filter !== filter) {
      const canvas = document.createElement('canvas');
      canvas.width = entry.image.naturalWidth;
      canvas.height = entry.image.naturalHeight;
      const context = canvas.getContext('2d');
      context.filter = filter;
      context.drawImage(entry.image, 0, 0);
      entry.filtered = canvas;
      entry.filter = filter;
    }
    return entry.filtered;
  }

  /** The tile (its cache entry) when its image has arrived; otherwise requests it (once) and returns null. */
  tile(z, x, y) {
    const key = `${z}/${x}/${y}`;
    let entry = this.cache.get(key);
    if (entry) {
      this.cache.delete(key);  // most recently used last
    } else {
      if (!this.active) return null;
      if (this.cache.size >= kept) this.cache.delete(this.cache.keys().next().value);
      const image = new Image();
      entry = { image, ready: false };
      image.onload = () => { entry.ready = true; this.loaded++; this.onload(); };
      image.onerror = () => { this.failed++; };
      image.src = this.template.replace('{z}', z).replace('{x}', x).replace('{y}', y);
    }
    this.cache.set(key, entry);
    return entry.ready ? entry : null;
  }
}
