// Carbon: the emission pulse, the data-quality badge, the last 30 days by category (donut) and by
// scope (bars, Scope 2 location- and market-based), the trend with its forecast band, progress
// against the targets, hotspots on a map and ranked, the recommendations queue and a what-if form.
// Each panel is its own carbon-*.js module; they read /api/v1/carbon/… with the user's credentials.
import { api } from './api.js';
import { fill, h } from './dom.js';
import { bars, donut } from './carbon-charts.js';
import { pulseCards, qualityBadge, targetProgress } from './carbon-pulse.js';
import { showTrend } from './carbon-trend.js';
import { mountHotspots } from './carbon-hotspots.js';
import { showRecommendations } from './carbon-recommendations.js';
import { mountWhatIf } from './carbon-whatif.js';

const days = 30;

function panel(title, id) {
  const body = h('div', {}, h('p', { class: 'muted' }, 'Loading…'));
  return { body, element: h('section', { class: 'panel', 'aria-labelledby': id }, title ? h('h3', { id }, title) : null, body) };
}

function failed(body, error) {
  fill(body, h('p', { class: 'error', role: 'alert' }, error.message));
}

export function mount(view) {
  const badge = h('div', { 'aria-live': 'polite' });
  const pulse = h('div', {}, h('p', { class: 'muted' }, 'Loading the emission pulse…'));
  const categories = panel(`By category, last ${days} days`, 'carbon-categories');
  const scopes = panel(`By scope, last ${days} days`, 'carbon-scopes');
  const trend = panel('Trend and forecast', 'carbon-trend');
  const targets = panel('Saved vs goal', 'carbon-targets');
  const hotspots = h('section', { class: 'panel', 'aria-label': 'Hotspots' });
  const recommendations = h('section', { class: 'panel', 'aria-label': 'Recommendations' });
  const whatIf = h('section', { class: 'panel', 'aria-label': 'What-if simulation' });
  view.append(h('div', { class: 'page-head' }, h('h2', {}, 'Carbon'), badge), pulse,
    h('div', { class: 'grid-2' }, categories.element, scopes.element), trend.element,
    h('div', { class: 'grid-2' }, targets.element, whatIf), hotspots, recommendations);

  const to = new Date();
  const from = new Date(to.getTime() - days * 86_400_000);
  const window = { from: from.toISOString(), to: to.toISOString() };
  const pulseAnswer = api('carbon/emissions/current', { params: { hours: 24 } });
  const quality = api('carbon/data-quality', { params: window });
  const report = api('carbon/report', { params: { ...window, groupBy: 'facility' } });

  pulseAnswer.then((answer) => fill(pulse, pulseCards(answer)), (error) => failed(pulse, error));
  pulseAnswer.catch(() => null).then((answer) => showTrend(trend.body, answer));
  quality.then((answer) => fill(badge, qualityBadge(answer)), (error) => failed(badge, error));
  report.then((answer) => {
    fill(categories.body, donut({ title: 'Emissions by category (location-based)', slices: answer.lines.map((line) => ({ label: line.label, value: line.locationKg })) }));
    fill(scopes.body, bars({ title: 'Emissions by scope', bars: [
      { label: 'Scope 1', value: answer.scope1Kg },
      { label: 'Scope 2 (location-based)', value: answer.scope2LocationKg, note: 'grid average of each region' },
      { label: 'Scope 2 (market-based)', value: answer.scope2MarketKg, kind: 'market', note: 'contractual instruments, supplier rates, else grid average' },
      { label: 'Scope 3', value: answer.scope3Kg },
    ] }));
  }, (error) => { failed(categories.body, error); failed(scopes.body, error); });
  api('carbon/targets').then((page) => fill(targets.body, targetProgress(page.data)), (error) => failed(targets.body, error));
  const stopHotspots = mountHotspots(hotspots);
  showRecommendations(recommendations);
  Promise.allSettled([quality, report]).then(([q, r]) => mountWhatIf(whatIf, {
    suppliers: q.status === 'fulfilled' ? q.value.suppliers.map((s) => s.supplier).sort() : [],
    facilities: r.status === 'fulfilled' ? r.value.groups.map((g) => g.label).filter((label) => label && label !== '—').sort() : [],
  }));
  return stopHotspots;
}
