// Colour classes for maps and their legend. The ramp is viridis (Smith and van der Walt, matplotlib,
// released CC0), sampled at nine stops: perceptually uniform and readable with colour-vision deficiency.
import { h, num } from './dom.js';

export const viridis = ['#440154', '#472d7b', '#3b528b', '#2c728e', '#21918c', '#28ae80', '#5ec962', '#addc30', '#fde725'];

/**
 * Colour classes: by default quantiles (each colour holds about as many cells, so one outlier does not
 * flatten the rest of the map); `equal: true` gives equal-width classes (for probabilities).
 */
export function classes(values, { ramp = viridis, equal = false } = {}) {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  let min = sorted.length ? sorted[0] : 0, max = sorted.length ? sorted.at(-1) : 1;
  if (min === max) { min -= 0.5; max += 0.5; }
  const breaks = [];
  for (let i = 1; i < ramp.length; i++) {
    breaks.push(equal || sorted.length < ramp.length ? min + (max - min) * i / ramp.length : sorted[Math.floor(sorted.length * i / ramp.length)]);
  }
  return {
    min, max, ramp, breaks,
    color(value) {
      if (!Number.isFinite(value)) return '#8a8a8a';
      let k = 0;
      while (k < breaks.length && value >= breaks[k]) k++;
      return ramp[k];
    },
  };
}

/** A legend: the ramp as swatches with the range and unit; each swatch's range is its tooltip and text. */
export function legend(title, scale, unit) {
  const size = 22;
  const edges = [scale.min, ...scale.breaks, scale.max];
  const svg = h('svg:svg', { width: size * scale.ramp.length, height: 14, role: 'img',
    'aria-label': `${title}: ${scale.ramp.length} classes from ${num(scale.min)} ${unit} (dark purple) to ${num(scale.max)} ${unit} (yellow); breaks at ${scale.breaks.map((b) => num(b)).join(', ')}` },
  scale.ramp.map((color, i) => h('svg:rect', { x: i * size, y: 0, width: size, height: 14, fill: color },
    h('svg:title', {}, `${num(edges[i])} – ${num(edges[i + 1])} ${unit}`))));
  return h('div', { class: 'legend' }, h('span', {}, `${title}`), h('span', {}, `${num(scale.min)}`), svg,
    h('span', {}, `${num(scale.max)} ${unit}`));
}
