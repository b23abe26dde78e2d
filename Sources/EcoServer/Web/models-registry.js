// The model registry table (GET /models: versions with their stages, aliases and metrics) and, for
// callers with manage:models, a form that points an alias at a version or moves it to a stage
// (POST /models/{name}/aliases, …/stage). Callers without the permission see the table alone.
import { api } from './api.js';
import { fill, h, num, select, time } from './dom.js';
import { session } from './session.js';
import { toast } from './toast.js';

const stages = ['None', 'Staging', 'Production', 'Archived'];

/** Loads the registry into `container`, and again after every change made in it. */
export async function showRegistry(container, selected = null) {
  try {
    const page = await api('models');
    if (!page.data.length) { fill(container, h('p', { class: 'muted' }, 'No model is registered yet. Train one with `ecotrack train` or POST /api/v1/models/train.')); return; }
    fill(container, table(page.data),
      session.can('manage:models') ? changeForm(page.data, selected, (key) => showRegistry(container, key)) : null);
  } catch (error) {
    fill(container, h('p', { class: 'error', role: 'alert' }, error.message));
  }
}

function table(versions) {
  return h('div', { class: 'table-scroll' }, h('table', {},
    h('thead', {}, h('tr', {}, h('th', {}, 'Model'), h('th', { class: 'num' }, 'Version'), h('th', {}, 'Stage'), h('th', {}, 'Aliases'),
      h('th', {}, 'Algorithm'), h('th', {}, 'Task'), h('th', {}, 'Metrics'), h('th', {}, 'Created'))),
    h('tbody', {}, versions.map((model) => h('tr', { 'data-model': `${model.name}@${model.version}` },
      h('td', {}, model.name), h('td', { class: 'num' }, model.version), h('td', { 'data-role': 'stage' }, model.stage),
      h('td', { 'data-role': 'aliases' }, aliases(model.aliases)), h('td', {}, model.algorithm), h('td', {}, model.task),
      h('td', {}, metrics(model.metrics)), h('td', {}, time(model.createdAt)))))));
}

function aliases(list) {
  if (!list || !list.length) return h('span', { class: 'muted' }, '—');
  return list.flatMap((alias, index) => [index ? ' ' : null, h('span', { class: 'badge' }, alias)]);
}

/** One version chosen, then an alias for it or a stage to move it to; `reload(key)` shows the result. */
function changeForm(versions, selected, reload) {
  const keys = versions.map((model) => `${model.name}@${model.version}`);
  let key = keys.includes(selected) ? selected : keys[0];
  const alias = h('input', { type: 'text', name: 'alias', maxlength: 64, placeholder: 'champion', autocomplete: 'off' });
  const stage = select('Stage', stages.map((name) => [name, name]), 'Staging', () => {});
  const problem = h('p', { role: 'alert' });
  const send = async (what, body, done) => {
    const [name, version] = key.split('@');
    try {
      await api(`models/${encodeURIComponent(name)}/${what}`, { method: 'POST', body: { version: Number(version), ...body } });
      toast(done, key, 'info', 4);
      reload(key);
    } catch (error) {
      problem.className = 'error';
      problem.textContent = error.message;
    }
  };
  const setAlias = (event) => {
    event.preventDefault();
    const text = alias.value.trim();
    if (!text) { problem.className = 'error'; problem.textContent = 'Type an alias first, e.g. champion.'; return; }
    send('aliases', { alias: text }, `Alias ${text} set on`);
  };
  const moveStage = () => {
    const target = stage.querySelector('select').value;
    send('stage', { stage: target }, `Moved to ${target}:`);
  };
  return h('form', { class: 'change-version', 'aria-labelledby': 'change-version', onsubmit: setAlias },
    h('h4', { id: 'change-version' }, 'Change a version'),
    h('div', { class: 'row' },
      select('Version', versions.map((model, i) => [keys[i], `${model.name} v${model.version} (${model.stage})`]), key, (value) => { key = value; }),
      h('label', {}, 'Alias', alias), h('button', { type: 'submit' }, 'Set alias'),
      stage, h('button', { type: 'button', class: 'secondary', onclick: moveStage }, 'Move to stage')),
    problem);
}

function metrics(value) {
  if (!value || typeof value !== 'object') return '';
  return Object.entries(value).filter(([, v]) => typeof v === 'number').slice(0, 4).map(([k, v]) => `${k} ${num(v)}`).join(' · ');
}
