// Colour classes for maps and their legend. The ramp is viridis (Smith and van der Walt, matplotlib,
// released CC0), sampled at nine stops: perceptually uniform and readable with colour-vision deficiency.
import { h, num } from './dom.js';

export const viridis = ['#440154', '#472d7b', '#3b528b', '#2c728e', '#21918c', '#28ae80', '#5ec962', '#addc30', '#fde725'];

/** Equal-width classes between min and max: value → colour, and the class edges for the legend. */
export function classes(values, ramp = viridis) {
  const finite = values.filter(Number.isFinite);
  let min = Math.min(...finite), max = Math.max(...finite);
  if (!finite.length) { min = 0; max = 1; }
  if (min === max) { min -= 0.5; max += 0.5; }
  const width = (max - min) / ramp.length;
  return {
    min, max, ramp,
    color(value) {
      if (!Number.isFinite(value)) return '#8a8a8a';
      return ramp[Math.max(0, Math.min(ramp.length - 1, Math.floor((value - min) / width)))];
    },
  };
}

/** A legend: the ramp as swatches with the range and unit, readable as text too. */
export function legend(title, scale, unit) {
  const size = 22;
  const svg = h('svg:svg', { width: size * scale.ramp.length, height: 14, role: 'img',
    'aria-label': `${title}: from ${num(scale.min)} ${unit} (dark purple) to ${num(scale.max)} ${unit} (yellow)` },
  scale.ramp.map((color, i) => h('svg:rect', { x: i * size, y: 0, width: size, height: 14, fill: color })));
  return h('div', { class: 'legend' }, h('span', {}, `${title}`), h('span', {}, `${num(scale.min)}`), svg,
    h('span', {}, `${num(scale.max)} ${unit}`));
}
