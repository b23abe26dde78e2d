// A canvas map in Web Mercator: a world outline (under raster tiles when the server has some: tiles.js),
// coloured polygons (H3 cells from GeoJSON) and points,
// with drag, wheel, buttons and keyboard to pan and zoom, hover and click on polygons.
//
// Polygons are projected once when data arrives; a zoom fills them again by scanlines into a pixel
// layer (raster.js), skipping those outside it, and a pan within the layer only copies it. Every draw
// is recorded as a `map-draw` performance measure, every layer fill as `map-layer`; the first draw with
// polygons also sets the `map-cells-drawn` mark (docs/benchmarks.md reads them).
import { h } from './dom.js';
import { PolygonRaster, colourWord } from './raster.js';

const unit = 2 ** 24;          // path units per world width
const tile = 256;              // world pixels at zoom 0
const maxLat = 85.05112878;

/** Longitude/latitude → Web Mercator in [0, 1] × [0, 1] (y down). */
export function mercator(lng, lat) {
  const clamped = Math.max(-maxLat, Math.min(maxLat, lat)) * Math.PI / 180;
  return [(lng + 180) / 360, (1 - Math.log(Math.tan(clamped) + 1 / Math.cos(clamped)) / Math.PI) / 2];
}

function inverse(x, y) {
  const lng = x * 360 - 180;
  const lat = Math.atan(Math.sinh(Math.PI * (1 - 2 * y))) * 180 / Math.PI;
  return [lng, lat];
}

/** Polygons of a GeoJSON geometry as arrays of rings of [lng, lat] (MultiPolygon: cells cut at the antimeridian). */
export function polygonsOf(geometry) {
  if (!geometry) return [];
  if (geometry.type === 'Polygon') return [geometry.coordinates];
  if (geometry.type === 'MultiPolygon') return geometry.coordinates;
  return [];
}

export class CanvasMap {
  /**
   * @param {HTMLElement} container where the map goes
   * @param {{label: string, describe: (feature) => string}} options `describe` writes a feature's tooltip
   */
  constructor(container, { label, describe }) {
    this.describe = describe;
    this.canvas = h('canvas', { class: 'map', tabindex: 0, role: 'application', 'aria-roledescription': 'map',
      'aria-label': `${label}. Arrow keys pan, plus and minus zoom, Enter selects the cell at the centre.` });
    this.tooltip = h('div', { class: 'tooltip', hidden: true });
    this.status = h('p', { class: 'sr-only', 'aria-live': 'polite' });
    this.credit = h('p', { class: 'attribution', hidden: true });
    const tools = h('div', { class: 'map-tools' },
      h('button', { type: 'button', class: 'secondary', 'aria-label': 'Zoom in', onclick: () => this.zoomBy(1) }, '+'),
      h('button', { type: 'button', class: 'secondary', 'aria-label': 'Zoom out', onclick: () => this.zoomBy(-1) }, '−'),
      h('button', { type: 'button', class: 'secondary', 'aria-label': 'Fit to the data', title: 'Fit to the data', onclick: () => this.fitData() }, '⤢'));
    container.append(h('div', { class: 'map-wrap' }, this.canvas, tools, this.tooltip, this.credit, this.status));
    this.center = [0.5, 0.5];
    this.zoom = 1;
    this.features = [];
    this.points = [];
    this.land = null;
    this.selected = null;
    this.listeners = { view: [], select: [] };
    this.bind();
    this.resizeObserver = new ResizeObserver(() => this.resize());
    this.resizeObserver.observe(this.canvas);
    this.resize();
  }

  on(event, listener) { this.listeners[event].push(listener); }

  destroy() { this.resizeObserver.disconnect(); clearTimeout(this.viewTimer); cancelAnimationFrame(this.frame); }

  /** The world outline: rings of quantized, delta-encoded lng/lat (Web/world.json). */
  setBasemap(world) {
    const path = new Path2D();
    for (const ring of world.rings) {
      let lng = 0, lat = 0;
      for (let i = 0; i < ring.length; i += 2) {
        lng += ring[i]; lat += ring[i + 1];
        const [x, y] = mercator(lng * world.step, lat * world.step);
        if (i === 0) path.moveTo(x * unit, y * unit); else path.lineTo(x * unit, y * unit);
      }
    } // rings end where they start: no closePath (see trace)
    this.land = path;
    this.draw();
  }

  /** Raster tiles drawn over the outline (a TileLayer); each tile that arrives redraws the map once per frame. */
  setTiles(tiles) {
    this.tiles = tiles;
    this.credit.textContent = tiles.attribution;
    tiles.onload = () => { this.frame ||= requestAnimationFrame(() => { this.frame = 0; this.draw(); }); };
    this.draw();
  }

  /** Polygons to colour: [{id, geometry (GeoJSON), color, ...}]; replaces the previous ones (measured as `map-data`). */
  setFeatures(features) {
    const started = performance.now();
    let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
    const prepared = [];
    for (const feature of features) {
      const rings = [];
      let fx0 = Infinity, fy0 = Infinity, fx1 = -Infinity, fy1 = -Infinity;
      for (const polygon of polygonsOf(feature.geometry)) {
        for (const ring of polygon) {
          const projected = new Float64Array(ring.length * 2);
          ring.forEach(([lng, lat], i) => {
            const [x, y] = mercator(lng, lat);
            projected[2 * i] = x; projected[2 * i + 1] = y;
            if (x < fx0) fx0 = x; if (x > fx1) fx1 = x; if (y < fy0) fy0 = y; if (y > fy1) fy1 = y;
          });
          rings.push(projected);
        }
      }
      if (!rings.length) continue;
      prepared.push({ feature, rings, box: [fx0, fy0, fx1, fy1], word: colourWord(feature.color) });
      minX = Math.min(minX, fx0); minY = Math.min(minY, fy0); maxX = Math.max(maxX, fx1); maxY = Math.max(maxY, fy1);
    }
    this.origin = prepared.length ? [minX, minY] : [0, 0];
    this.extent = prepared.length ? [minX, minY, maxX, maxY] : null;
    this.features = prepared;
    this.layer = null;
    if (this.selected) this.selected = prepared.find((item) => item.feature.id === this.selected.feature.id) || null;
    performance.measure('map-data', { start: started, end: performance.now(), detail: { features: prepared.length } });
    this.draw();
  }

  /** The outline of one polygon (built when it is selected), in units relative to the data's origin (precise when zoomed in). */
  outline(item) {
    if (!item.path) {
      const [ox, oy] = this.origin;
      item.path = new Path2D();
      for (const ring of item.rings) {
        for (let i = 0; i < ring.length; i += 2) {
          const x = (ring[i] - ox) * unit, y = (ring[i + 1] - oy) * unit;
          if (i === 0) item.path.moveTo(x, y); else item.path.lineTo(x, y);
        }
        item.path.closePath();
      }
    }
    return item.path;
  }

  /** Points on top of the polygons: [{lng, lat, color, label}]. */
  setPoints(points) {
    this.points = points.map((point) => ({ ...point, xy: mercator(point.lng, point.lat) }));
    this.draw();
  }

  /** Centres and zooms the map on the polygons' extent. */
  fitData() {
    if (!this.extent) return;
    const [x0, y0, x1, y1] = this.extent;
    this.fit(x0, y0, x1, y1);
  }

  /** How much of the view the polygons' extent spans (the larger of its width and height shares). */
  extentFraction() {
    if (!this.extent) return 1;
    const scale = tile * 2 ** this.zoom;
    const [x0, y0, x1, y1] = this.extent;
    return Math.max((x1 - x0) * scale / this.width, (y1 - y0) * scale / this.height);
  }

  fit(x0, y0, x1, y1) {
    const spanX = Math.max(x1 - x0, 1e-7), spanY = Math.max(y1 - y0, 1e-7);
    const scale = Math.min(this.width / spanX, this.height / spanY) * 0.85;
    this.zoom = Math.max(0, Math.min(18, Math.log2(scale / tile)));
    this.center = [(x0 + x1) / 2, (y0 + y1) / 2];
    this.changed();
  }

  /** West, south, east, north of what is visible, clamped to the world. */
  bounds() {
    const scale = tile * 2 ** this.zoom;
    const [cx, cy] = this.center;
    const [west, north] = inverse(Math.max(0, cx - this.width / 2 / scale), Math.max(0, cy - this.height / 2 / scale));
    const [east, south] = inverse(Math.min(1, cx + this.width / 2 / scale), Math.min(1, cy + this.height / 2 / scale));
    return { west, south, east, north };
  }

  /** Metres per CSS pixel at the centre of the view. */
  metresPerPixel() {
    const [, lat] = inverse(...this.center);
    return 40075016.686 * Math.cos(lat * Math.PI / 180) / (tile * 2 ** this.zoom);
  }

  zoomBy(steps, around) {
    const anchor = around || [this.width / 2, this.height / 2];
    const before = this.toWorld(anchor);
    this.zoom = Math.max(0, Math.min(18, this.zoom + steps));
    const after = this.toWorld(anchor);
    this.center = [this.center[0] + before[0] - after[0], this.center[1] + before[1] - after[1]];
    this.changed();
  }

  panBy(dx, dy) {
    const scale = tile * 2 ** this.zoom;
    this.center = [Math.max(0, Math.min(1, this.center[0] + dx / scale)), Math.max(0, Math.min(1, this.center[1] + dy / scale))];
    this.changed();
  }

  select(id) {
    this.selected = this.features.find((item) => item.feature.id === id) || null;
    this.draw();
  }

  toWorld([px, py]) {
    const scale = tile * 2 ** this.zoom;
    return [this.center[0] + (px - this.width / 2) / scale, this.center[1] + (py - this.height / 2) / scale];
  }

  /** The polygon under a CSS pixel, if any. */
  featureAt(pixel) {
    const [x, y] = this.toWorld(pixel);
    for (let k = this.features.length - 1; k >= 0; k--) {
      const item = this.features[k];
      const [x0, y0, x1, y1] = item.box;
      if (x < x0 || x > x1 || y < y0 || y > y1) continue;
      let inside = false;
      for (const ring of item.rings) {
        for (let i = 0, j = ring.length - 2; i < ring.length; j = i, i += 2) {
          const xi = ring[i], yi = ring[i + 1], xj = ring[j], yj = ring[j + 1];
          if ((yi > y) !== (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi) inside = !inside;
        }
      }
      if (inside) return item;
    }
    return null;
  }

  changed() {
    this.draw();
    clearTimeout(this.viewTimer);
    this.viewTimer = setTimeout(() => { for (const listener of this.listeners.view) listener(this.bounds(), this.metresPerPixel()); }, 180);
  }

  resize() {
    const rect = this.canvas.getBoundingClientRect();
    this.width = Math.max(1, rect.width);
    this.height = Math.max(1, rect.height);
    this.ratio = window.devicePixelRatio || 1;
    this.canvas.width = Math.round(this.width * this.ratio);
    this.canvas.height = Math.round(this.height * this.ratio);
    this.draw();
  }

  /** Draws everything; recorded as a `map-draw` performance measure. */
  draw() {
    if (!this.width) return;
    const started = performance.now();
    const context = this.canvas.getContext('2d');
    const style = getComputedStyle(this.canvas);
    const scale = tile * 2 ** this.zoom;
    const offsetX = this.width / 2 - this.center[0] * scale, offsetY = this.height / 2 - this.center[1] * scale;
    context.setTransform(1, 0, 0, 1, 0, 0);
    context.clearRect(0, 0, this.canvas.width, this.canvas.height);
    const r = this.ratio;
    if (this.land) {
      const k = scale / unit;
      context.setTransform(k * r, 0, 0, k * r, offsetX * r, offsetY * r);
      context.fillStyle = style.getPropertyValue('--land');
      context.strokeStyle = style.getPropertyValue('--coast');
      context.lineWidth = 1 / k;
      context.fill(this.land);
      context.stroke(this.land);
    }
    let tiles = 0;
    if (this.tiles) {
      context.setTransform(r, 0, 0, r, 0, 0);
      tiles = this.tiles.draw(context, { scale, center: this.center, width: this.width, height: this.height },
        style.getPropertyValue('--tile-filter').trim() || 'none');
      if (this.credit.hidden !== (tiles === 0)) this.credit.hidden = tiles === 0;
    }
    if (this.features.length) {
      const k = scale / unit;
      const [ox, oy] = this.origin;
      this.drawCellLayer(context, scale);
      context.setTransform(k * r, 0, 0, k * r, (offsetX + ox * scale) * r, (offsetY + oy * scale) * r);
      if (this.selected) {
        context.lineWidth = 3 / k;
        context.strokeStyle = style.getPropertyValue('--focus');
        context.stroke(this.outline(this.selected));
      }
    }
    context.setTransform(r, 0, 0, r, 0, 0);
    for (const point of this.points) {
      context.beginPath();
      context.arc(offsetX + point.xy[0] * scale, offsetY + point.xy[1] * scale, 4, 0, 2 * Math.PI);
      context.fillStyle = point.color;
      context.fill();
      context.lineWidth = 1;
      context.strokeStyle = style.getPropertyValue('--panel');
      context.stroke();
    }
    performance.measure('map-draw', { start: started, end: performance.now(), detail: { features: this.features.length, tiles } });
    if (this.features.length && !this.cellsDrawn) {
      this.cellsDrawn = true;
      performance.mark('map-cells-drawn', { detail: { features: this.features.length } });
    }
  }

  /**
   * The polygons, filled into a layer twice the view's size around the centre and reused while panning
   * stays within it: a pan is then one image copy. New data, a zoom or a resize fills it again, measured
   * as `map-layer` (detail: the number of polygons).
   */
  drawCellLayer(context, scale) {
    const r = this.ratio, w = this.width, h = this.height;
    const cx = this.center[0] * scale, cy = this.center[1] * scale;
    const key = `${this.zoom}|${w}x${h}|${r}`;
    let layer = this.layer;
    if (!layer || layer.key !== key || Math.abs(cx - layer.cx) > w / 2 || Math.abs(cy - layer.cy) > h / 2) {
      const started = performance.now();
      const canvas = this.layerCanvas ||= document.createElement('canvas');
      const width = Math.round(2 * w * r), height = Math.round(2 * h * r);
      if (canvas.width !== width || canvas.height !== height) { canvas.width = width; canvas.height = height; }
      const target = canvas.getContext('2d');
      const raster = this.raster ||= new PolygonRaster();
      raster.begin(target, width, height);
      const offsetX = (w - cx) * r, offsetY = (h - cy) * r;
      for (const item of this.features) raster.fill(item.rings, item.box, item.word, scale * r, offsetX, offsetY);
      raster.end(target);
      layer = this.layer = { key, cx, cy };
      performance.measure('map-layer', { start: started, end: performance.now(), detail: { features: this.features.length } });
    }
    context.setTransform(1, 0, 0, 1, 0, 0);
    context.drawImage(this.layerCanvas, Math.round((layer.cx - cx - w / 2) * r), Math.round((layer.cy - cy - h / 2) * r));
  }

  bind() {
    const canvas = this.canvas;
    let drag = null;
    const pixel = (event) => { const rect = canvas.getBoundingClientRect(); return [event.clientX - rect.left, event.clientY - rect.top]; };
    canvas.addEventListener('pointerdown', (event) => {
      drag = { start: pixel(event), last: pixel(event), moved: false };
      canvas.setPointerCapture(event.pointerId);
    });
    canvas.addEventListener('pointermove', (event) => {
      const at = pixel(event);
      if (drag) {
        const dx = at[0] - drag.last[0], dy = at[1] - drag.last[1];
        if (Math.abs(at[0] - drag.start[0]) + Math.abs(at[1] - drag.start[1]) > 4) drag.moved = true;
        drag.last = at;
        if (drag.moved) { this.panBy(-dx, -dy); this.tooltip.hidden = true; return; }
      }
      this.hover(at);
    });
    canvas.addEventListener('pointerup', (event) => {
      const wasClick = drag && !drag.moved;
      drag = null;
      if (wasClick) this.choose(this.featureAt(pixel(event)));
    });
    canvas.addEventListener('pointerleave', () => { this.tooltip.hidden = true; });
    canvas.addEventListener('wheel', (event) => {
      event.preventDefault();
      this.zoomBy(-Math.sign(event.deltaY) * 0.5, pixel(event));
    }, { passive: false });
    canvas.addEventListener('keydown', (event) => {
      const step = 80;
      const actions = {
        ArrowLeft: () => this.panBy(-step, 0), ArrowRight: () => this.panBy(step, 0),
        ArrowUp: () => this.panBy(0, -step), ArrowDown: () => this.panBy(0, step),
        '+': () => this.zoomBy(1), '=': () => this.zoomBy(1), '-': () => this.zoomBy(-1),
        Enter: () => this.choose(this.featureAt([this.width / 2, this.height / 2])),
        ' ': () => this.choose(this.featureAt([this.width / 2, this.height / 2])),
      };
      const action = actions[event.key];
      if (action) { event.preventDefault(); action(); }
    });
  }

  hover(at) {
    const item = this.featureAt(at);
    this.canvas.style.cursor = item ? 'pointer' : 'grab';
    if (!item) { this.tooltip.hidden = true; return; }
    this.tooltip.textContent = this.describe(item.feature);
    this.tooltip.hidden = false;
    const left = Math.min(at[0] + 14, this.width - this.tooltip.offsetWidth - 4);
    this.tooltip.style.left = `${Math.max(4, left)}px`;
    this.tooltip.style.top = `${Math.max(4, at[1] - this.tooltip.offsetHeight - 10)}px`;
  }

  choose(item) {
    if (!item) { this.status.textContent = 'No cell there.'; return; }
    this.selected = item;
    this.draw();
    this.status.textContent = `Selected: ${this.describe(item.feature)}`;
    for (const listener of this.listeners.select) listener(item.feature);
  }
}
