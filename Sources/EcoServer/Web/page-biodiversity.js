// Biodiversity: a species' predicted distribution (from its registered species-distribution model)
// on the map, with its recorded occurrences as points.
import { api } from './api.js';
import { fill, h, num, select, time } from './dom.js';
import { CanvasMap, mercator } from './map.js';
import { loadBasemap } from './basemap.js';
import { classes, legend } from './colour.js';

export function mount(view) {
  const controls = h('div', { class: 'row' });
  const mapHost = h('div');
  const legendHost = h('div');
  const message = h('div', { 'aria-live': 'polite' });
  const occurrenceTable = h('div');
  view.append(h('h2', {}, 'Biodiversity'), h('div', { class: 'panel' }, controls),
    h('section', { class: 'panel', 'aria-label': 'Species map' }, mapHost, legendHost, message, occurrenceTable));
  const map = new CanvasMap(mapHost, { label: 'Species distribution map',
    describe: (f) => `${f.id}: probability ${num(f.properties.probability)} (p10 ${num(f.properties.p10)} – p90 ${num(f.properties.p90)})` });
  let species = [];
  let versions = [];

  async function show(id) {
    const chosen = species.find((s) => s.id === id);
    fill(message, h('p', { class: 'muted' }, 'Loading…'));
    // Only ask for a map when the species' model is in the registry (otherwise the API answers 404):
    // its Production version, else its newest version, named explicitly.
    const trained = versions.filter((v) => chosen && v.name === chosen.distributionModel);
    const production = trained.find((v) => v.stage === 'Production');
    const newest = trained.reduce((a, b) => (!a || b.version > a.version ? b : a), null);
    const model = production ? undefined : newest && `${newest.name}@${newest.version}`;
    const [distribution, occurrences] = await Promise.allSettled([
      trained.length ? api(`biodiversity/species/${encodeURIComponent(id)}/distribution`, { params: { format: 'geojson', model } })
        : Promise.reject(new Error(`no model named ${chosen ? chosen.distributionModel : id} is registered yet; train one (kind species-distribution) on the Models page's API, POST /api/v1/models/train.`)),
      api(`biodiversity/species/${encodeURIComponent(id)}/occurrences`, { params: { limit: 1000 } }),
    ]);
    const notes = [];
    if (distribution.status === 'fulfilled') {
      const scale = classes([0, 1], { equal: true });
      map.setFeatures(distribution.value.features.map((f) => ({ id: f.properties.h3Index, geometry: f.geometry, properties: f.properties, color: scale.color(f.properties.probability) })));
      fill(legendHost, legend('Probability of presence', scale, ''));
      notes.push(h('p', {}, `Predicted for ${distribution.value.features.length} cells by ${production ? `${production.name} v${production.version} (Production)`
        : `${model}, not yet promoted to Production`}.`));
    } else {
      map.setFeatures([]);
      fill(legendHost);
      notes.push(h('p', { class: 'notice' }, `No distribution map: ${distribution.reason.message}`));
    }
    if (occurrences.status === 'fulfilled') {
      const records = occurrences.value.data;
      map.setPoints(records.map((o) => ({ lng: o.lng, lat: o.lat, color: o.occurrenceStatus === 'present' ? '#d97706' : '#64748b' })));
      if (distribution.status !== 'fulfilled' && records.length) {
        const lngs = records.map((o) => o.lng), lats = records.map((o) => o.lat);
        fitPoints(map, lngs, lats);
      } else map.fitData();
      notes.push(h('p', {}, `${records.length} occurrences of ${chosen ? chosen.scientificName : id}: orange points are presences, grey points absences.`));
      fill(occurrenceTable, h('details', {}, h('summary', {}, 'Occurrences as a table'), h('div', { class: 'table-scroll' }, h('table', {},
        h('thead', {}, h('tr', {}, h('th', {}, 'Date'), h('th', {}, 'Status'), h('th', { class: 'num' }, 'Latitude'), h('th', { class: 'num' }, 'Longitude'), h('th', {}, 'Cell'))),
        h('tbody', {}, records.slice(0, 300).map((o) => h('tr', {}, h('td', {}, time(o.eventDate)), h('td', {}, o.occurrenceStatus),
          h('td', { class: 'num' }, num(o.lat)), h('td', { class: 'num' }, num(o.lng)), h('td', {}, o.h3Index))))))));
    } else notes.push(h('p', { class: 'error' }, occurrences.reason.message));
    fill(message, notes);
  }

  (async () => {
    try {
      const [list, models] = await Promise.all([api('biodiversity/species'), api('models'), loadBasemap(map)]);
      species = list.data;
      versions = models.data;
      if (!species.length) { fill(message, h('p', { class: 'muted' }, 'No species has occurrences yet.')); return; }
      fill(controls, select('Species', species.map((s) => [s.id, `${s.scientificName} (${num(s.presences, true)} presences)`]), species[0].id, show));
      show(species[0].id);
    } catch (error) {
      fill(message, h('p', { class: 'error', role: 'alert' }, error.message));
    }
  })();
  return () => map.destroy();
}

function fitPoints(map, lngs, lats) {
  const [x0, y0] = mercator(Math.min(...lngs), Math.max(...lats));
  const [x1, y1] = mercator(Math.max(...lngs), Math.min(...lats));
  map.fit(x0, y0, x1, y1);
}
