// The Carbon page's headline figures: the emission pulse (kg CO2e/h now, its breakdown, the change
// from the window before and the pace against the target), the data-quality badge and the
// "saved vs goal" progress of the reduction targets.
import { h, num, time } from './dom.js';
import { co2e } from './carbon-charts.js';

function card(label, value, ...notes) {
  return h('div', { class: 'kpi' }, h('dt', {}, label), h('dd', {}, value), notes.filter(Boolean).map((note) => h('dd', { class: 'muted note' }, note)));
}

function signed(value) {
  return `${value > 0 ? '+' : value < 0 ? '−' : '±'}${num(Math.abs(value))} %`;
}

/** KPI cards of GET /carbon/emissions/current. */
export function pulseCards(pulse) {
  const perHour = (kg) => `${num(kg)} kg CO2e/h`;
  const largest = [...pulse.byKind].sort((a, b) => b.kg - a.kg).slice(0, 3)
    .map((kind) => `${kind.label} ${pulse.totalKg > 0 ? Math.round(kind.kg / pulse.totalKg * 100) : 0} %`).join(' · ');
  // byScope splits Scope 3 by category ("Scope 3 · 4 Upstream …"): one figure per scope here.
  const scopes = new Map();
  for (const line of pulse.byScope) scopes.set(line.label.slice(0, 7), (scopes.get(line.label.slice(0, 7)) || 0) + line.kg);
  const cards = [
    card('Emission pulse', perHour(pulse.kgPerHour), `last ${num(pulse.hours, true)} h to ${time(pulse.to)}`,
      `market-based ${perHour(pulse.marketKgPerHour)}`),
    card('Breakdown', co2e(pulse.totalKg), largest || 'no activity', [...scopes].map(([scope, kg]) => `${scope} ${co2e(kg)}`).join(' · ')),
    card('Change', pulse.changePercent === null || pulse.changePercent === undefined ? '—' : signed(pulse.changePercent),
      `vs the ${num(pulse.hours, true)} h before (${perHour(pulse.previousKgPerHour)})`),
  ];
  const target = pulse.target;
  cards.push(target
    ? card('Against target', target.percentOfAllowance === null || target.percentOfAllowance === undefined ? '—' : `${num(target.percentOfAllowance, true)} % of allowance`,
      `${target.onPace ? 'on pace' : 'above pace'} for ${target.name} (${perHour(target.allowedKgPerHour)} allowed in ${target.year})`)
    : card('Against target', '—', 'no reduction target is set'));
  if (pulse.unaccounted) cards.push(card('Unaccounted', num(pulse.unaccounted, true), 'activities without a factor (not counted as zero)'));
  return h('dl', { class: 'kpis', 'aria-label': 'Emission pulse', 'data-role': 'pulse' }, cards);
}

/** The "X% measured | Y% estimated" badge of GET /carbon/data-quality. */
export function qualityBadge(quality) {
  const stale = quality.staleSuppliers.length;
  return h('p', { class: 'quality', 'data-role': 'quality-badge' },
    h('span', { class: 'badge quality-badge', title: `Share of kg CO2e from measured vs estimated activities, ${time(quality.from)} – ${time(quality.to)}` }, quality.summary),
    ` data quality over ${quality.suppliers.length} suppliers`,
    stale ? ` · ${stale} stale (no activity for 7 days): ${quality.staleSuppliers.slice(0, 3).join(', ')}${stale > 3 ? ' …' : ''}` : ' · none stale');
}

/** "Saved vs goal" for each target of GET /carbon/targets. */
export function targetProgress(targets) {
  if (!targets.length) return h('p', { class: 'muted' }, 'No reduction target is set. An admin sets one with POST /api/v1/carbon/targets.');
  return targets.map((target) => {
    const p = target.progress;
    const share = Math.max(0, Math.min(100, p.savedVsGoalPercent));
    return h('div', { class: 'target', 'data-role': 'target' },
      h('h4', {}, `${target.name}: −${num(target.reductionPercent)} % by ${target.targetYear} from ${target.baseYear}`),
      h('meter', { min: 0, max: 100, low: 50, optimum: 100, value: share, 'aria-label': `Saved versus goal for ${target.name}` }),
      h('p', {}, `Saved ${co2e(p.savedKg)} of a goal of ${co2e(p.goalKg)} (${num(p.savedVsGoalPercent)} %), projecting ${p.year} from ${co2e(p.actualToDateKg)} so far.`),
      h('p', { class: p.onTrack ? 'muted' : 'notice' }, p.onTrack
        ? `On track: ${p.year} is projected at ${co2e(p.projectedKg)}, within the pathway's ${co2e(p.pathwayKg)}.`
        : `Behind: ${p.year} is projected at ${co2e(p.projectedKg)}, ${co2e(p.gapKg)} above the pathway's ${co2e(p.pathwayKg)}.`));
  });
}
