// Carbon hotspots: the map of the last week's kg CO2e per H3 cell (/carbon/report, groupBy=cell, as
// GeoJSON) with the hotspot cells marked, and the ranking of every entity that runs ≥ 20 % above its
// own baseline (/carbon/hotspots: suppliers, facilities, lanes, cells).
import { api } from './api.js';
import { fill, h, num } from './dom.js';
import { CanvasMap } from './map.js';
import { loadBasemap } from './basemap.js';
import { classes, legend } from './colour.js';
import { co2e } from './carbon-charts.js';

const days = 7;
const resolution = 4;

/** Mounts the hotspot map and ranking in `container`; returns a cleanup function. */
export function mountHotspots(container) {
  const mapHost = h('div');
  const legendHost = h('div');
  const message = h('p', { class: 'muted', 'aria-live': 'polite' });
  const ranking = h('div');
  fill(container, h('h3', {}, `Hotspots (last ${days} days against the 4 weeks before)`), mapHost, legendHost, message, ranking);
  const map = new CanvasMap(mapHost, { label: 'Map of emissions by H3 cell',
    describe: (f) => `${f.id}: ${co2e(f.properties.kgCO2e)} in ${days} days · ${num(f.properties.activities, true)} activities${f.hotspot ? ` · hotspot, ${num(f.hotspot.percentAbove, true)} % above baseline` : ''}` });

  (async () => {
    const to = new Date();
    const from = new Date(to.getTime() - days * 86_400_000);
    const [, cells, spots] = await Promise.allSettled([
      loadBasemap(map),
      api('carbon/report', { params: { groupBy: 'cell', resolution, from: from.toISOString(), to: to.toISOString(), format: 'geojson' } }),
      api('carbon/hotspots', { params: { days, resolution } }),
    ]);
    const hotspots = spots.status === 'fulfilled' ? spots.value.data : [];
    const hotCells = new Map(hotspots.filter((s) => s.h3Index).map((s) => [s.h3Index, s]));
    if (cells.status === 'fulfilled') {
      const scale = classes(cells.value.features.map((f) => f.properties.kgCO2e));
      const features = cells.value.features.map((f) => ({ id: f.properties.h3Index, geometry: f.geometry, properties: f.properties,
        color: scale.color(f.properties.kgCO2e), hotspot: hotCells.get(f.properties.h3Index) }));
      map.setFeatures(features);
      map.setPoints(features.filter((f) => f.hotspot).map((f) => ({ ...centre(f.geometry), color: '#d55e00' })));
      fitBulk(map);
      fill(legendHost, features.length ? legend(`kg CO2e per cell, ${days} days`, scale, 'kg CO2e') : null);
      message.textContent = `${features.length} cells at H3 resolution ${resolution}; ${hotCells.size} hotspot cell${hotCells.size === 1 ? '' : 's'} marked with an orange dot.`;
    } else message.textContent = `No emission map: ${cells.reason.message}`;
    if (spots.status === 'fulfilled') fill(ranking, rankingTable(hotspots, (id) => showCell(map, id)));
    else fill(ranking, h('p', { class: 'error', role: 'alert' }, spots.reason.message));
  })();
  return () => map.destroy();
}

/**
 * Fits the map to the cells, leaving out those far outside the rest (beyond 3 interquartile ranges of
 * the positions, Tukey's far-out fences), so a factory in California does not shrink Europe to a few
 * pixels; the ranking and the table still list every cell.
 */
function fitBulk(map) {
  const centres = map.features.map((item) => [(item.box[0] + item.box[2]) / 2, (item.box[1] + item.box[3]) / 2]);
  if (centres.length < 4) { map.fitData(); return; }
  const fences = [0, 1].map((axis) => {
    const sorted = centres.map((c) => c[axis]).sort((a, b) => a - b);
    const q1 = sorted[Math.floor((sorted.length - 1) * 0.25)], q3 = sorted[Math.ceil((sorted.length - 1) * 0.75)];
    return [q1 - 3 * (q3 - q1), q3 + 3 * (q3 - q1)];
  });
  const kept = centres.filter((c) => [0, 1].every((axis) => c[axis] >= fences[axis][0] && c[axis] <= fences[axis][1]));
  const pad = 0.002;
  map.fit(Math.min(...kept.map((c) => c[0])) - pad, Math.min(...kept.map((c) => c[1])) - pad,
    Math.max(...kept.map((c) => c[0])) + pad, Math.max(...kept.map((c) => c[1])) + pad);
}

/** Selects a cell and centres the map on it. */
function showCell(map, id) {
  const item = map.features.find((candidate) => candidate.feature.id === id);
  if (!item) return;
  const [x0, y0, x1, y1] = item.box;
  const pad = Math.max(x1 - x0, y1 - y0) * 6;
  map.fit(x0 - pad, y0 - pad, x1 + pad, y1 + pad);
  map.select(id);
  map.canvas.scrollIntoView({ block: 'nearest' });
}

/** The centre of a cell's outer ring (mean of its vertices). */
function centre(geometry) {
  const ring = (geometry.type === 'MultiPolygon' ? geometry.coordinates[0] : geometry.coordinates)[0];
  const vertices = ring.slice(0, -1);
  return { lng: vertices.reduce((s, p) => s + p[0], 0) / vertices.length, lat: vertices.reduce((s, p) => s + p[1], 0) / vertices.length };
}

function rankingTable(hotspots, showCell) {
  if (!hotspots.length) return h('p', { class: 'muted', 'data-role': 'hotspot-ranking' }, 'No supplier, facility, lane or cell runs 20 % or more above its own baseline.');
  const ranked = [...hotspots].sort((a, b) => b.excessKg - a.excessKg);
  return h('div', { class: 'table-scroll', 'data-role': 'hotspot-ranking' }, h('table', {},
    h('caption', { class: 'sr-only' }, 'Hotspots ranked by excess kg CO2e over their baseline'),
    h('thead', {}, h('tr', {}, h('th', { class: 'num' }, 'Rank'), h('th', {}, 'Entity'), h('th', {}, 'Name'), h('th', { class: 'num' }, 'Last 7 days'),
      h('th', { class: 'num' }, 'Baseline'), h('th', { class: 'num' }, 'Above'), h('th', { class: 'num' }, 'Excess'), h('th', {}, ''))),
    h('tbody', {}, ranked.map((spot, i) => h('tr', {}, h('td', { class: 'num' }, i + 1), h('td', {}, spot.entity), h('td', {}, spot.key),
      h('td', { class: 'num' }, co2e(spot.recentKg)), h('td', { class: 'num' }, co2e(spot.baselineKg)),
      h('td', { class: 'num' }, `${num(spot.percentAbove, true)} %`), h('td', { class: 'num' }, co2e(spot.excessKg)),
      h('td', {}, spot.h3Index ? h('button', { type: 'button', class: 'secondary', onclick: () => showCell(spot.h3Index) }, 'Show on map') : null))))));
}
