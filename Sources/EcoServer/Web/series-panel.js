// The time series of one cell: observations, the forecast p10–p90 band, anomaly markers and alert
// thresholds, with a time-range picker and a CSV download of what is shown.
import { api } from './api.js';
import { csvField, download, fill, h, num, select } from './dom.js';
import { seriesChart } from './chart.js';
import { session } from './session.js';

const ranges = [['24h', 'Last 24 hours', 1], ['7d', 'Last 7 days', 7], ['30d', 'Last 30 days', 30], ['90d', 'Last 90 days', 90], ['custom', 'Custom dates', 0]];

/** Shows the series of `h3` for `variable` ({name, unit}) in `container`. */
export function openSeries(container, { h3, variable, window }) {
  const state = { range: ranges.some(([value]) => value === window) ? window : '7d', from: '', to: '' };
  const picker = h('div', { class: 'row' });
  const body = h('div', { 'aria-live': 'polite' });
  fill(container, h('h3', {}, `${variable.name} in cell ${h3}`), picker, body);
  let shown = null;

  function renderPicker() {
    const custom = state.range === 'custom';
    fill(picker,
      select('Time range', ranges.map(([value, label]) => [value, label]), state.range, (value) => { state.range = value; renderPicker(); if (value !== 'custom') load(); }),
      custom ? h('label', {}, 'From (UTC)', h('input', { type: 'date', value: state.from, onchange: (e) => { state.from = e.target.value; load(); } })) : null,
      custom ? h('label', {}, 'To (UTC)', h('input', { type: 'date', value: state.to, onchange: (e) => { state.to = e.target.value; load(); } })) : null,
      h('button', { type: 'button', class: 'secondary', onclick: () => shown && download(`${variable.name}-${h3}.csv`, toCSV(shown, variable)) }, 'Download CSV'));
  }

  function window() {
    if (state.range === 'custom') {
      if (!state.from || !state.to) return null;
      return [new Date(`${state.from}T00:00:00Z`), new Date(Date.parse(`${state.to}T00:00:00Z`) + 86_400_000)];
    }
    const days = ranges.find(([value]) => value === state.range)[2];
    return [new Date(Date.now() - days * 86_400_000), new Date()];
  }

  async function load() {
    const span = window();
    if (!span) { fill(body, h('p', { class: 'muted' }, 'Choose both dates.')); return; }
    if (span[0] >= span[1]) { fill(body, h('p', { class: 'error' }, 'The first date must be before the second.')); return; }
    fill(body, h('p', { class: 'muted' }, 'Loading the series…'));
    const days = (span[1] - span[0]) / 86_400_000;
    const bucket = days > 14 ? '1d' : '1h';
    const params = { variable: variable.name, start: span[0].toISOString(), end: span[1].toISOString() };
    const [series, forecast, anomalies, rules] = await Promise.allSettled([
      api(`observations/${h3}/timeseries`, { params: { ...params, bucket } }),
      // Forecasts need run:analysis: callers without it are told so instead of collecting a 403.
      session.can('run:analysis') ? api('climate/forecasts', { params: { variable: variable.name, h3, horizon: 48 } })
        : Promise.reject(Object.assign(new Error('needs run:analysis'), { status: 403 })),
      api('anomalies', { params: { ...params, h3, limit: 500 } }),
      api('alerts/rules'),
    ]);
    if (series.status === 'rejected') { fill(body, h('p', { class: 'error', role: 'alert' }, series.reason.message)); return; }
    const points = series.value.data.map((p) => ({ t: Date.parse(p.timestamp), v: p.value }));
    const band = forecast.status === 'fulfilled'
      ? forecast.value.forecasts.map((f) => ({ t: Date.parse(f.forecastTime), lo: f.valueP10, mid: f.valueP50, hi: f.valueP90 })) : [];
    const flagged = anomalies.status === 'fulfilled'
      ? anomalies.value.data.map((a) => ({ t: Date.parse(a.time), v: a.value, kind: a.kind, severity: a.severity })) : [];
    const thresholds = rules.status === 'fulfilled'
      ? (rules.value.data || []).filter((rule) => rule.variable === variable.name && rule.enabled !== false)
        .map((rule) => ({ value: rule.threshold, label: `${rule.name} (${rule.direction || 'above'} ${num(rule.threshold)})` })) : [];
    shown = { points, band, anomalies: flagged };
    const notes = [];
    if (forecast.status === 'rejected') {
      notes.push(forecast.reason.status === 403 && !session.can('run:analysis')
        ? 'The forecast band needs the run:analysis permission (analyst, contributor, API consumer or admin): sign in with such an account to see it.'
        : `No forecast: ${forecast.reason.message}`);
    }
    if (anomalies.status === 'rejected') notes.push(`Anomalies unavailable: ${anomalies.reason.message}`);
    const summary = series.value.statistics;
    fill(body,
      seriesChart({ title: `${variable.name} (${variable.unit}) in ${h3}, ${bucket === '1d' ? 'daily' : 'hourly'} ${series.value.agg}`, unit: variable.unit, points, band, anomalies: flagged, thresholds }),
      h('p', {}, `${series.value.series} series merged · mean ${num(summary.mean)} ${variable.unit} · min ${num(summary.min)} · max ${num(summary.max)} · ${num(summary.count, true)} observations`),
      notes.map((note) => h('p', { class: 'notice' }, note)));
  }

  renderPicker();
  load();
}

/** The shown series, band and anomalies as CSV (RFC 4180), one row per time. */
export function toCSV({ points, band, anomalies }, variable) {
  const rows = [['time', `value_${variable.unit}`, 'forecast_p10', 'forecast_p50', 'forecast_p90', 'anomaly'].map(csvField).join(',')];
  const flagged = new Map(anomalies.map((a) => [a.t, `${a.kind}/${a.severity}`]));
  for (const p of points) rows.push([new Date(p.t).toISOString(), p.v, '', '', '', flagged.get(p.t) || ''].map(csvField).join(','));
  for (const b of band) rows.push([new Date(b.t).toISOString(), '', b.lo, b.mid, b.hi, ''].map(csvField).join(','));
  return `${rows.join('\r\n')}\r\n`;
}
