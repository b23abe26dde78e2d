// Overview: KPIs, the H3 map of a variable (aggregate, time window, resolution following zoom),
// and the time series of a chosen cell.
import { api } from './api.js';
import { ago, fill, h, num, select } from './dom.js';
import { CanvasMap } from './map.js';
import { loadBasemap } from './basemap.js';
import { classes, legend } from './colour.js';
import { openSeries } from './series-panel.js';

/** Average H3 hexagon edge length in metres by resolution 0–10 (H3 documentation, "Tables of cell statistics across resolutions"). */
const edgeMetres = [1281256, 483057, 182513, 68979, 26072, 9854, 3725, 1406, 531, 201, 76];

export const windows = [['24h', 'Last 24 hours', 1], ['7d', 'Last 7 days', 7], ['30d', 'Last 30 days', 30], ['90d', 'Last 90 days', 90]];
const aggregates = [['mean', 'Mean'], ['min', 'Minimum'], ['max', 'Maximum'], ['sum', 'Total'], ['count', 'Observations']];

/** The finest resolution whose cells are at least 10 CSS pixels across at this scale. */
export function resolutionFor(metresPerPixel) {
  let chosen = 0;
  edgeMetres.forEach((edge, resolution) => { if (edge / metresPerPixel >= 10) chosen = resolution; });
  return chosen;
}

export function mount(view) {
  const state = { variable: null, aggregate: 'mean', window: '7d', resolution: 3, pinned: 'auto', autoFit: 3, bounds: null, variables: [] };
  const kpis = h('dl', { class: 'kpis', 'aria-label': 'Key figures' });
  const controls = h('div', { class: 'row' });
  const mapHost = h('div');
  const legendHost = h('div');
  const message = h('p', { class: 'muted', 'aria-live': 'polite' });
  const table = h('div');
  const side = h('section', { class: 'panel', 'aria-label': 'Selected cell' },
    h('h3', {}, 'Time series'), h('p', { class: 'muted' }, 'Click a cell on the map, or choose one in the table below it, to see its time series with the forecast band and anomalies.'));
  view.append(h('h2', {}, 'Overview'), kpis, h('div', { class: 'panel' }, controls),
    h('div', { class: 'grid' },
      h('section', { class: 'panel', 'aria-label': 'Map' }, mapHost, legendHost, message, table), side));

  const map = new CanvasMap(mapHost, { label: 'Map of H3 cells', describe: (feature) => describeCell(feature, state) });
  let controller = null;
  let lastCells = [];

  async function loadCells({ fit = false } = {}) {
    if (!state.variable) return;
    controller?.abort();
    controller = new AbortController();
    const variable = state.variables.find((v) => v.name === state.variable);
    const params = { variable: state.variable, resolution: state.resolution, start: windowStart(state.window), format: 'geojson' };
    const b = state.bounds;
    if (b && b.east - b.west < 90) params.bbox = [b.west, b.south, b.east, b.north].map((v) => v.toFixed(4)).join(',');
    message.textContent = 'Loading cells…';
    try {
      const collection = await api('cells', { params, signal: controller.signal });
      const values = collection.features.map((f) => f.properties[state.aggregate]);
      const scale = classes(values);
      lastCells = collection.features.map((f) => ({ id: f.properties.h3Index, geometry: f.geometry, properties: f.properties,
        color: scale.color(f.properties[state.aggregate]) }));
      map.setFeatures(lastCells);
      performance.mark('cells-loaded', { detail: { resolution: state.resolution, cells: lastCells.length } });
      // The first coarse cells overstate the data's extent: zoom in again while the data fills little of the view.
      if (fit || (state.autoFit > 0 && map.extentFraction() < 0.4)) map.fitData();
      state.autoFit -= 1;
      const unit = state.aggregate === 'count' ? 'observations' : variable.unit;
      fill(legendHost, lastCells.length ? legend(`${aggregates.find((a) => a[0] === state.aggregate)[1]} ${state.variable}`, scale, unit) : null);
      message.textContent = lastCells.length
        ? `${lastCells.length} cells at H3 resolution ${state.resolution}.`
        : `No ${state.variable} data in this view and time window.`;
      renderTable();
    } catch (error) {
      if (error.name !== 'AbortError') message.textContent = error.message;
    }
  }

  function renderTable() {
    const unit = state.aggregate === 'count' ? '' : (state.variables.find((v) => v.name === state.variable) || {}).unit;
    const rows = [...lastCells].sort((a, b) => b.properties[state.aggregate] - a.properties[state.aggregate]).slice(0, 200);
    fill(table, h('details', {}, h('summary', {}, `Cells as a table (${rows.length}${lastCells.length > rows.length ? ` of ${lastCells.length}` : ''})`),
      h('div', { class: 'table-scroll' }, h('table', {},
        h('thead', {}, h('tr', {}, h('th', {}, 'Cell'), h('th', { class: 'num' }, `${state.aggregate} ${unit}`), h('th', { class: 'num' }, 'Observations'),
          h('th', { class: 'num' }, 'Stations'), h('th', {}, ''))),
        h('tbody', {}, rows.map((cell) => h('tr', {}, h('td', {}, cell.id), h('td', { class: 'num' }, num(cell.properties[state.aggregate])),
          h('td', { class: 'num' }, num(cell.properties.count, true)), h('td', { class: 'num' }, num(cell.properties.stations, true)),
          h('td', {}, h('button', { type: 'button', class: 'secondary', onclick: () => { map.select(cell.id); choose(cell); } }, 'Show series')))))))));
  }

  function choose(feature) {
    const variable = state.variables.find((v) => v.name === state.variable);
    openSeries(side, { h3: feature.id, variable, window: state.window });
  }
  map.on('select', choose);
  map.on('view', (bounds, metresPerPixel) => {
    state.bounds = bounds;
    state.resolution = state.pinned === 'auto' ? resolutionFor(metresPerPixel) : Number(state.pinned);
    loadCells();
  });

  function renderControls() {
    fill(controls,
      select('Variable', state.variables.map((v) => [v.name, `${v.name} (${v.unit})`]), state.variable, (value) => { state.variable = value; loadCells(); loadKpis(); }),
      select('Aggregate', aggregates, state.aggregate, (value) => { state.aggregate = value; loadCells(); }),
      select('Time window', windows.map(([value, label]) => [value, label]), state.window, (value) => { state.window = value; loadCells(); }),
      select('H3 resolution', [['auto', 'Follows zoom'], ...[3, 4, 5, 6, 7, 8, 9].map((r) => [String(r), String(r)])], state.pinned, (value) => {
        state.pinned = value;
        if (value !== 'auto') state.resolution = Number(value);
        else if (state.bounds) state.resolution = resolutionFor(map.metresPerPixel());
        loadCells();
      }));
  }

  async function loadKpis() {
    const today = new Date(); today.setUTCHours(0, 0, 0, 0);
    const card = (label, value, note) => h('div', { class: 'kpi' }, h('dt', {}, label), h('dd', {}, value), note ? h('dd', { class: 'muted note' }, note) : null);
    const [latest, observed, open] = await Promise.allSettled([
      api('observations/latest', { params: { variable: state.variable, resolution: 15 } }),
      api('observations', { params: { start: today.toISOString(), count: 'exact', limit: 1 } }),
      api('alerts', { params: { status: 'pending,firing', limit: 1000 } }),
    ]);
    const cards = [];
    if (latest.status === 'fulfilled') {
      const day = Date.now() - 86_400_000;
      const recent = latest.value.data.filter((cell) => Date.parse(cell.observedAt) >= day);
      const newest = latest.value.data.reduce((max, cell) => Math.max(max, Date.parse(cell.observedAt)), 0);
      cards.push(card('Stations reporting', num(recent.reduce((sum, cell) => sum + cell.stations, 0), true), `${state.variable}, last 24 h`),
        card('Data freshness', newest ? ago(newest) : '—', newest ? `newest ${state.variable}` : 'no data'));
    } else cards.push(card('Stations reporting', '—', latest.reason.message));
    cards.push(observed.status === 'fulfilled' ? card('Observations today', num(observed.value.pagination.total ?? observed.value.data.length, true), 'all variables, since 00:00 UTC')
      : card('Observations today', '—', observed.reason.message));
    cards.push(open.status === 'fulfilled' ? card('Open alerts', `${num(open.value.data.length, true)}${open.value.pagination.hasMore ? '+' : ''}`, 'pending or firing')
      : card('Open alerts', '—', open.reason.message));
    fill(kpis, cards);
  }

  (async () => {
    try {
      const [variables] = await Promise.all([api('variables'), loadBasemap(map)]);
      state.variables = variables.data || variables;
      state.variable = (state.variables.find((v) => v.name === 'temperature_2m') || state.variables[0] || {}).name;
      renderControls();
      // The map's request first: the four KPI requests would otherwise queue ahead of it on a busy server.
      const cells = loadCells({ fit: true });
      loadKpis();
      await cells;
    } catch (error) {
      fill(message, h('span', { class: 'error', role: 'alert' }, error.message));
    }
  })();
  return () => { controller?.abort(); map.destroy(); };
}

function windowStart(window) {
  const days = windows.find(([value]) => value === window)[2];
  return new Date(Date.now() - days * 86_400_000).toISOString();
}

function describeCell(feature, state) {
  const p = feature.properties;
  return `${p.h3Index}: ${state.aggregate} ${num(p[state.aggregate])} ${state.aggregate === 'count' ? '' : p.unit} · ${num(p.count, true)} observations · ${num(p.stations, true)} station${p.stations === 1 ? '' : 's'}`;
}
