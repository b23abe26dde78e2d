// What every map draws under its data: the Natural Earth outline shipped with the dashboard, and the
// server's raster tiles when it has some configured (GET /api/v1/basemap; tiles.js is loaded only then).
// Both are asked for once per page load and shared by the maps of every page.
import { api } from './api.js';

let outline = null;
let tiles = null;

/** Gives `map` the outline, then the tiles if there are any; rejects only when the outline cannot be had. */
export async function loadBasemap(map) {
  outline ||= fetch('./world.json').then((r) => {
    if (!r.ok) throw new Error(`The world outline could not be loaded (HTTP ${r.status}).`);
    return r.json();
  }).catch((error) => { outline = null; throw error; });
  tiles ||= api('basemap').then((basemap) => basemap.tiles, () => null);
  const [world, settings] = await Promise.all([outline, tiles]);
  map.setBasemap(world);
  if (settings) {
    const { TileLayer } = await import('./tiles.js');
    map.setTiles(new TileLayer(settings));
  }
}
