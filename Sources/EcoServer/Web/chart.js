// SVG time-series chart: observed line, forecast p10–p90 band with its median, anomaly markers and
// threshold lines, with a sentence and a data table as text alternatives.
import { h, num, time } from './dom.js';

/** Round tick values covering [min, max] (1, 2, 5 × 10^k steps). */
export function ticks(min, max, count = 5) {
  const span = max - min || 1;
  const raw = span / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw);
  const values = [];
  for (let v = Math.ceil(min / step) * step; v <= max + step * 1e-9; v += step) values.push(Number(v.toFixed(10)));
  return values;
}

/**
 * @param {object} spec {title, unit, points: [{t, v}], band: [{t, lo, mid, hi}], anomalies: [{t, v, kind, severity}],
 *                      thresholds: [{value, label}], bandStep: 'hours' | 'days'}; times in ms.
 */
export function seriesChart({ title, unit, points, band = [], anomalies = [], thresholds = [], bandStep = 'hours' }) {
  const width = 760, height = 280, left = 52, right = 12, top = 12, bottom = 28;
  const times = [...points.map((p) => p.t), ...band.map((b) => b.t)];
  const values = [...points.map((p) => p.v), ...band.flatMap((b) => [b.lo, b.hi]), ...anomalies.filter((a) => Number.isFinite(a.v)).map((a) => a.v),
    ...thresholds.map((t) => t.value)].filter(Number.isFinite);
  const t0 = Math.min(...times), t1 = Math.max(...times);
  let v0 = Math.min(...values), v1 = Math.max(...values);
  const pad = (v1 - v0) * 0.06 || 1;
  v0 -= pad; v1 += pad;
  const x = (t) => left + (t - t0) / (t1 - t0 || 1) * (width - left - right);
  const y = (v) => top + (1 - (v - v0) / (v1 - v0)) * (height - top - bottom);
  const path = (list, value) => list.map((p, i) => `${i ? 'L' : 'M'}${x(p.t).toFixed(1)},${y(value(p)).toFixed(1)}`).join('');

  const children = [h('svg:title', {}, title), h('svg:desc', {}, describe({ unit, points, band, anomalies, thresholds, bandStep }))];
  for (const value of ticks(v0, v1)) {
    children.push(h('svg:line', { class: 'gridline', x1: left, x2: width - right, y1: y(value), y2: y(value) }),
      h('svg:text', { x: left - 6, y: y(value) + 4, 'text-anchor': 'end' }, num(value)));
  }
  const hours = (t1 - t0) / 3_600_000;
  for (let i = 0; i <= 5; i++) {
    const t = t0 + (t1 - t0) * i / 5;
    const label = hours > 72 ? new Date(t).toISOString().slice(5, 10) : new Date(t).toISOString().slice(5, 16).replace('T', ' ');
    children.push(h('svg:text', { x: x(t), y: height - 8, 'text-anchor': i === 0 ? 'start' : i === 5 ? 'end' : 'middle' }, label));
  }
  children.push(h('svg:line', { class: 'axis', x1: left, x2: left, y1: top, y2: height - bottom }),
    h('svg:line', { class: 'axis', x1: left, x2: width - right, y1: height - bottom, y2: height - bottom }));
  if (band.length) {
    const upper = band.map((b, i) => `${i ? 'L' : 'M'}${x(b.t).toFixed(1)},${y(b.hi).toFixed(1)}`).join('');
    const lower = [...band].reverse().map((b) => `L${x(b.t).toFixed(1)},${y(b.lo).toFixed(1)}`).join('');
    children.push(h('svg:path', { class: 'band', d: `${upper}${lower}Z`, 'data-role': 'forecast-band' }),
      h('svg:path', { class: 'fline', d: path(band, (b) => b.mid) }));
  }
  for (const threshold of thresholds) {
    children.push(h('svg:line', { class: 'threshold', x1: left, x2: width - right, y1: y(threshold.value), y2: y(threshold.value) }),
      h('svg:text', { x: width - right - 4, y: y(threshold.value) - 4, 'text-anchor': 'end' }, threshold.label));
  }
  if (points.length) children.push(h('svg:path', { class: 'line', d: path(points, (p) => p.v) }));
  for (const anomaly of anomalies) {
    if (!Number.isFinite(anomaly.v) || anomaly.t < t0 || anomaly.t > t1) continue;
    children.push(h('svg:circle', { class: 'anomaly', cx: x(anomaly.t), cy: y(anomaly.v), r: 5, 'data-role': 'anomaly' },
      h('svg:title', {}, `${anomaly.kind} (${anomaly.severity}) at ${time(anomaly.t)}: ${num(anomaly.v)} ${unit}`)));
  }
  const svg = h('svg:svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': title }, children);
  return h('figure', { class: 'chart' }, svg, h('figcaption', { class: 'muted' }, describe({ unit, points, band, anomalies, thresholds, bandStep })),
    dataTable({ unit, points, band, anomalies }));
}

/** One sentence saying what the chart shows. */
function describe({ unit, points, band, anomalies, thresholds, bandStep }) {
  const parts = [];
  if (points.length) {
    const values = points.map((p) => p.v);
    parts.push(`${points.length} observed values from ${time(points[0].t)} to ${time(points.at(-1).t)}, between ${num(Math.min(...values))} and ${num(Math.max(...values))} ${unit}`);
  } else parts.push('No observed values in this range');
  if (band.length) parts.push(`forecast for ${band.length} ${bandStep} with an 80 % interval (p10–p90) from ${num(Math.min(...band.map((b) => b.lo)))} to ${num(Math.max(...band.map((b) => b.hi)))} ${unit}`);
  parts.push(`${anomalies.length} anomal${anomalies.length === 1 ? 'y' : 'ies'} flagged`);
  if (thresholds.length) parts.push(`alert thresholds at ${thresholds.map((t) => `${num(t.value)} ${unit}`).join(', ')}`);
  return `${parts.join('; ')}.`;
}

function dataTable({ unit, points, band, anomalies }) {
  const flagged = new Set(anomalies.map((a) => a.t));
  const rows = points.map((p) => h('tr', {}, h('td', {}, time(p.t)), h('td', { class: 'num' }, num(p.v)), h('td', {}, ''), h('td', {}, flagged.has(p.t) ? 'anomaly' : '')));
  for (const b of band) rows.push(h('tr', {}, h('td', {}, time(b.t)), h('td', { class: 'num' }, ''), h('td', { class: 'num' }, `${num(b.lo)} – ${num(b.mid)} – ${num(b.hi)}`), h('td', {}, 'forecast')));
  return h('details', {}, h('summary', {}, 'Data as a table'),
    h('div', { class: 'table-scroll' }, h('table', {},
      h('thead', {}, h('tr', {}, h('th', {}, 'Time (UTC)'), h('th', { class: 'num' }, `Value (${unit})`), h('th', { class: 'num' }, `p10 – p50 – p90 (${unit})`), h('th', {}, 'Note'))),
      h('tbody', {}, rows))));
}
