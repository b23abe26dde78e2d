// The what-if form: one lever (mode shift, load factor, fuel switch, renewable electricity, moving a
// facility) over a window, optionally for one supplier or facility, sent to POST /carbon/simulate
// (nothing is written); shows baseline against scenario, per scope and per lever.
import { api } from './api.js';
import { fill, h, num, select } from './dom.js';
import { session } from './session.js';
import { bars, co2e } from './carbon-charts.js';

const modes = ['road', 'rail', 'sea', 'inland_waterway', 'air'].map((m) => [m, m.replace('_', ' ')]);
const fuels = ['diesel', 'petrol', 'natural_gas', 'lpg', 'propane', 'fuel_oil', 'kerosene', 'jet_fuel', 'coal', 'biodiesel'].map((f) => [f, f.replace('_', ' ')]);
const windows = [['7', 'Last 7 days'], ['30', 'Last 30 days'], ['90', 'Last 90 days']];

/** The fields of each lever: [name, label, kind, default, options]. */
const levers = {
  shiftMode: { title: 'Shift freight to another mode', fields: [['from', 'From mode', 'choice', 'road', modes], ['to', 'To mode', 'choice', 'rail', modes],
    ['share', 'Share of tonne-km (%)', 'percent', 30]] },
  raiseLoadFactor: { title: 'Fill vehicles better', fields: [['mode', 'Mode', 'choice', 'road', modes], ['loadFactor', 'New load factor (%)', 'percent', 85],
    ['assumedCurrent', 'Current load factor when not recorded (%)', 'percent', 60]] },
  switchFuel: { title: 'Switch fuel', fields: [['from', 'From fuel', 'choice', 'diesel', fuels], ['to', 'To fuel', 'choice', 'natural_gas', fuels]] },
  renewableElectricity: { title: 'Cover electricity with renewable certificates', fields: [['share', 'Share covered (%)', 'percent', 50]] },
  moveFacility: { title: 'Move a facility to another grid', fields: [['region', 'Grid region (e.g. FR, DE, US-CAMX)', 'text', 'FR']] },
};

/** Mounts the form in `container`; `scopes` = {suppliers: [...], facilities: [...]} for the pickers. */
export function mountWhatIf(container, scopes) {
  if (!session.can('run:analysis')) {
    fill(container, h('h3', {}, 'What if…'), h('p', { class: 'notice' },
      'Simulations need the run:analysis permission (analyst, contributor, API consumer or admin): sign in with such an account to try scenarios.'));
    return;
  }
  const state = { type: 'shiftMode', window: '30', supplier: '', facility: '', values: {} };
  const fields = h('div', { class: 'row' });
  const result = h('div', { 'aria-live': 'polite', 'data-role': 'whatif-result' });
  const form = h('form', { class: 'whatif', 'aria-labelledby': 'whatif-title', onsubmit: (event) => { event.preventDefault(); run(); } },
    fields, h('div', { class: 'row' }, h('button', { type: 'submit' }, 'Simulate')));
  fill(container, h('h3', { id: 'whatif-title' }, 'What if…'), form, result);

  function renderFields() {
    const lever = levers[state.type];
    const choices = (list) => [['', 'All'], ...list.map((name) => [name, name])];
    fill(fields,
      select('Lever', Object.entries(levers).map(([type, l]) => [type, l.title]), state.type, (value) => { state.type = value; state.values = {}; renderFields(); }),
      lever.fields.map(([name, label, kind, value, options]) => {
        const current = state.values[name] ?? value;
        if (kind === 'choice') return select(label, options, current, (v) => { state.values[name] = v; });
        const id = `whatif-${name}`;
        return h('div', { class: 'field' }, h('label', { for: id }, label), h('input', { id, name, value: current, required: true,
          ...(kind === 'percent' ? { type: 'number', min: 0, max: 100, step: 1 } : { type: 'text', maxlength: 40 }),
          onchange: (e) => { state.values[name] = e.target.value; } }));
      }),
      state.type === 'moveFacility' ? select('Facility', scopes.facilities.map((f) => [f, f]), state.facility || scopes.facilities[0], (v) => { state.facility = v; })
        : select('Supplier', choices(scopes.suppliers), state.supplier, (v) => { state.supplier = v; }),
      ['switchFuel', 'renewableElectricity'].includes(state.type) ? select('Facility', choices(scopes.facilities), state.facility, (v) => { state.facility = v; }) : null,
      select('Window', windows, state.window, (v) => { state.window = v; }));
  }

  function leverBody() {
    const body = { type: state.type };
    for (const [name, , kind, value] of levers[state.type].fields) {
      const raw = state.values[name] ?? value;
      body[name] = kind === 'percent' ? Number(raw) / 100 : raw;
    }
    if (state.type === 'moveFacility') body.facility = state.facility || scopes.facilities[0];
    else if (state.supplier) body.supplier = state.supplier;
    if (['switchFuel', 'renewableElectricity'].includes(state.type) && state.facility) body.facility = state.facility;
    return body;
  }

  async function run() {
    const lever = leverBody();
    const to = new Date();
    const from = new Date(to.getTime() - Number(state.window) * 86_400_000);
    fill(result, h('p', { class: 'muted' }, 'Simulating…'));
    try {
      const answer = await api('carbon/simulate', { method: 'POST', body: { name: levers[state.type].title, from: from.toISOString(), to: to.toISOString(), levers: [lever] } });
      fill(result, scenarioView(answer));
    } catch (error) {
      fill(result, h('p', { class: 'error', role: 'alert' }, error.message));
    }
  }

  renderFields();
}

/** Baseline against scenario: totals (location- and market-based), per scope line, per lever. */
function scenarioView(s) {
  const change = (base, scenario) => `${scenario - base <= 0 ? '−' : '+'}${co2e(Math.abs(scenario - base))}`;
  return h('div', { 'data-role': 'scenario' },
    h('p', {}, h('strong', {}, `${s.scenario}: `), `${co2e(s.baselineKg)} → ${co2e(s.scenarioKg)} (${change(s.baselineKg, s.scenarioKg)}, ${num(s.deltaPercent)} %) location-based; `,
      `market-based ${co2e(s.baselineMarketKg)} → ${co2e(s.scenarioMarketKg)}. Nothing was written.`),
    bars({ title: 'Baseline against scenario', bars: [
      { label: 'Baseline (location)', value: s.baselineKg },
      { label: 'Scenario (location)', value: s.scenarioKg, kind: 'scenario' },
      { label: 'Baseline (market)', value: s.baselineMarketKg, kind: 'market' },
      { label: 'Scenario (market)', value: s.scenarioMarketKg, kind: 'scenario-market' },
    ] }),
    h('ul', {}, s.levers.map((effect) => h('li', {}, `${effect.summary}: ${num(effect.affectedActivities, true)} activities changed, ${change(0, effect.deltaKg)}`,
      effect.note ? ` — ${effect.note}` : ''))),
    h('details', {}, h('summary', {}, 'Per scope line'), h('div', { class: 'table-scroll' }, h('table', {},
      h('thead', {}, h('tr', {}, h('th', {}, 'Line'), h('th', { class: 'num' }, 'Baseline kg'), h('th', { class: 'num' }, 'Scenario kg'),
        h('th', { class: 'num' }, 'Baseline market kg'), h('th', { class: 'num' }, 'Scenario market kg'))),
      h('tbody', {}, s.byScope.map((line) => h('tr', {}, h('td', {}, line.label), h('td', { class: 'num' }, num(line.baselineKg)), h('td', { class: 'num' }, num(line.scenarioKg)),
        h('td', { class: 'num' }, num(line.baselineMarketKg)), h('td', { class: 'num' }, num(line.scenarioMarketKg)))))))));
}
