// SVG charts of the Carbon page: a donut of shares and horizontal bars, each with a sentence and a
// data table as text alternatives; and the kg CO2e formatting they share.
import { h, num } from './dom.js';

/**
 * Categorical colours, distinguishable with colour-vision deficiency: the Okabe–Ito palette (Okabe and
 * Ito 2008, "Color Universal Design"), without its black, then grey for the rest.
 */
export const palette = ['#0072B2', '#E69F00', '#009E73', '#D55E00', '#56B4E9', '#CC79A7', '#F0E442', '#999999'];

/** kg CO2e for people: kg below a tonne, t above. */
export function co2e(kg) {
  if (!Number.isFinite(kg)) return '—';
  return Math.abs(kg) >= 1000 ? `${num(kg / 1000)} t CO2e` : `${num(kg)} kg CO2e`;
}

/** Share of a total in percent, one decimal. */
function percent(value, total) {
  return total > 0 ? `${(value / total * 100).toFixed(1)} %` : '—';
}

/** A donut of `slices` [{label, value}] (the smallest beyond seven merged into "Other"), with its legend. */
export function donut({ title, slices }) {
  const sorted = slices.filter((s) => s.value > 0).sort((a, b) => b.value - a.value);
  const shown = sorted.length > 8 ? [...sorted.slice(0, 7), { label: 'Other', value: sorted.slice(7).reduce((sum, s) => sum + s.value, 0) }] : sorted;
  const total = shown.reduce((sum, s) => sum + s.value, 0);
  const size = 200, r = 90, inner = 54, c = size / 2;
  const point = (angle, radius) => [c + radius * Math.sin(angle), c - radius * Math.cos(angle)].map((v) => v.toFixed(2)).join(',');
  let start = 0;
  const arcs = shown.map((slice, i) => {
    // A full circle cannot be one arc: a lone slice stops just short of it.
    const end = start + Math.min(slice.value / total, 0.99999) * 2 * Math.PI;
    const large = end - start > Math.PI ? 1 : 0;
    const d = `M${point(start, r)}A${r},${r} 0 ${large} 1 ${point(end, r)}L${point(end, inner)}A${inner},${inner} 0 ${large} 0 ${point(start, inner)}Z`;
    start = end;
    return h('svg:path', { d, fill: palette[i % palette.length], class: 'slice', 'data-role': 'donut-slice' },
      h('svg:title', {}, `${slice.label}: ${co2e(slice.value)} (${percent(slice.value, total)})`));
  });
  const sentence = total > 0
    ? `${title}: ${co2e(total)} in ${shown.length} parts; ${shown.slice(0, 3).map((s) => `${s.label} ${percent(s.value, total)}`).join(', ')}.`
    : `${title}: no emissions in this window.`;
  const svg = h('svg:svg', { viewBox: `0 0 ${size} ${size}`, role: 'img', 'aria-label': sentence, class: 'donut' },
    arcs, h('svg:text', { x: c, y: c + 5, 'text-anchor': 'middle', class: 'donut-total' }, total > 0 ? co2e(total).replace(' CO2e', '') : '—'));
  const key = h('ul', { class: 'chart-key' }, shown.map((slice, i) => h('li', {},
    h('span', { class: 'swatch', 'aria-hidden': 'true' }, h('svg:svg', { width: 12, height: 12 }, h('svg:rect', { width: 12, height: 12, fill: palette[i % palette.length] }))),
    `${slice.label}: ${co2e(slice.value)} (${percent(slice.value, total)})`)));
  return h('figure', { class: 'chart donut-chart' }, h('div', { class: 'donut-row' }, svg, key), h('figcaption', { class: 'muted' }, sentence));
}

/**
 * Horizontal bars [{label, value, note?, kind?}] on one scale; `kind` (e.g. 'market', 'scenario')
 * becomes a class so paired bars differ by pattern as well as by name.
 */
export function bars({ title, bars: items, unit = 'kg CO2e' }) {
  const width = 560, left = 200, right = 110, row = 30, top = 6;
  const max = Math.max(...items.map((b) => Math.abs(b.value)).filter(Number.isFinite), 1);
  const scale = (value) => Math.max(0, value) / max * (width - left - right);
  const rows = items.map((bar, i) => {
    const y = top + i * row;
    return h('svg:g', { 'data-role': 'bar' },
      h('svg:text', { x: left - 8, y: y + 17, 'text-anchor': 'end' }, bar.label),
      h('svg:rect', { x: left, y: y + 4, width: scale(bar.value).toFixed(1), height: row - 10, class: `bar ${bar.kind ? `bar-${bar.kind}` : ''}` },
        h('svg:title', {}, `${bar.label}: ${co2e(bar.value)}${bar.note ? ` (${bar.note})` : ''}`)),
      h('svg:text', { x: left + scale(bar.value) + 6, y: y + 17 }, co2e(bar.value)));
  });
  const sentence = `${title}: ${items.map((b) => `${b.label} ${co2e(b.value)}`).join('; ')}.`;
  const svg = h('svg:svg', { viewBox: `0 0 ${width} ${top * 2 + items.length * row}`, role: 'img', 'aria-label': sentence }, rows);
  return h('figure', { class: 'chart bars' }, svg, h('figcaption', { class: 'muted' }, sentence),
    h('details', {}, h('summary', {}, 'Data as a table'), h('table', {},
      h('thead', {}, h('tr', {}, h('th', {}, 'Line'), h('th', { class: 'num' }, unit), h('th', {}, 'Note'))),
      h('tbody', {}, items.map((b) => h('tr', {}, h('td', {}, b.label), h('td', { class: 'num' }, num(b.value)), h('td', {}, b.note || '')))))));
}
