// Alerts: the list with filters, updated live from the WebSocket feed; acknowledge with a note;
// each alert's history of state changes.
import { api } from './api.js';
import { fill, h, select, severityBadge, time } from './dom.js';
import { alertFeed } from './live.js';
import { session } from './session.js';
import { toast } from './toast.js';

const statuses = [['open', 'Open (pending or firing)', 'pending,firing'], ['acknowledged', 'Acknowledged', 'acknowledged'],
  ['resolved', 'Resolved', 'resolved'], ['all', 'All', '']];
const severities = [['', 'Any severity'], ['critical', 'Critical'], ['warning', 'Warning or worse'], ['info', 'Info']];

export function mount(view) {
  const state = { status: 'open', severity: '', domain: '', alerts: [], cursor: null };
  const filters = h('div', { class: 'row' });
  const list = h('div', { 'aria-live': 'polite' });
  const detail = h('section', { class: 'panel', 'aria-label': 'Alert details' }, h('h3', {}, 'History'),
    h('p', { class: 'muted' }, 'Choose “History” on an alert to see every change of its state.'));
  const liveNote = h('p', { class: 'muted' });
  view.append(h('h2', {}, 'Alerts'), h('div', { class: 'panel' }, filters, liveNote),
    h('div', { class: 'grid' }, h('section', { class: 'panel', 'aria-label': 'Alert list' }, list), detail));

  const off = alertFeed.onState((feedState) => {
    liveNote.textContent = feedState === 'open' ? 'New alerts and changes appear here as they happen.'
      : 'The live feed is reconnecting; the list refreshes when it is back.';
  });

  function severityParam() {
    return state.severity === 'warning' ? 'warning,critical' : state.severity;
  }

  function matches(alert) {
    const wanted = statuses.find(([value]) => value === state.status)[2];
    if (wanted && !wanted.split(',').includes(alert.status)) return false;
    const severity = severityParam();
    if (severity && !severity.split(',').includes(alert.severity)) return false;
    if (state.domain && alert.domain !== state.domain) return false;
    return true;
  }

  async function load(more = false) {
    const params = { status: statuses.find(([value]) => value === state.status)[2], severity: severityParam(), domain: state.domain, limit: 50 };
    if (more) params.cursor = state.cursor;
    try {
      const page = await api('alerts', { params });
      state.alerts = more ? [...state.alerts, ...page.data] : page.data;
      state.cursor = page.pagination.nextCursor || null;
      render();
    } catch (error) {
      fill(list, h('p', { class: 'error', role: 'alert' }, error.message));
    }
  }

  function render() {
    const canAck = session.can('run:analysis');
    if (!state.alerts.length) { fill(list, h('p', { class: 'muted' }, 'No alerts match these filters.')); return; }
    fill(list, h('div', { class: 'table-scroll' }, h('table', {},
      h('caption', { class: 'sr-only' }, 'Alerts, newest change first'),
      h('thead', {}, h('tr', {}, h('th', {}, 'Severity'), h('th', {}, 'Alert'), h('th', {}, 'Status'), h('th', {}, 'Updated'), h('th', {}, 'Actions'))),
      h('tbody', {}, state.alerts.map((alert) => h('tr', { 'data-alert': alert.id },
        h('td', {}, severityBadge(alert.severity)),
        h('td', {}, h('strong', {}, alert.title), h('div', { class: 'muted' }, `${alert.domain} · ${alert.alertType}${alert.h3Index ? ` · ${alert.h3Index}` : ''}`)),
        h('td', { 'data-role': 'status' }, alert.status, alert.isFlapping ? ' (flapping)' : ''),
        h('td', {}, time(alert.updatedAt)),
        h('td', {}, h('div', { class: 'row' },
          h('button', { type: 'button', class: 'secondary', onclick: () => showHistory(alert.id) }, 'History'),
          canAck && ['pending', 'firing'].includes(alert.status)
            ? h('button', { type: 'button', 'data-action': 'acknowledge', onclick: () => acknowledge(alert) }, 'Acknowledge') : null))))))),
    state.cursor ? h('button', { type: 'button', class: 'secondary', onclick: () => load(true) }, 'Load more') : null);
  }

  function acknowledge(alert) {
    const note = h('textarea', { rows: 3, maxlength: 1000, name: 'note' });
    const problem = h('p', { role: 'alert' });
    const form = h('form', { class: 'stack', onsubmit: async (event) => {
      event.preventDefault();
      try {
        const updated = await api(`alerts/${alert.id}/ack`, { method: 'POST', body: { note: note.value || undefined, version: alert.version } });
        toast('Acknowledged', updated.title, 'info', 4);
        upsert(updated);
        showHistory(updated.id);
      } catch (error) {
        problem.className = 'error';
        problem.textContent = error.message;
      }
    } }, h('label', {}, 'Note (optional, kept in the alert history)', note), problem,
    h('div', { class: 'row' }, h('button', { type: 'submit' }, 'Confirm acknowledgement'),
      h('button', { type: 'button', class: 'secondary', onclick: () => showHistory(alert.id) }, 'Cancel')));
    fill(detail, h('h3', {}, `Acknowledge: ${alert.title}`), form);
    note.focus();
  }

  async function showHistory(id) {
    fill(detail, h('h3', {}, 'History'), h('p', { class: 'muted' }, 'Loading…'));
    try {
      const { alert, history } = await api(`alerts/${id}`);
      fill(detail, h('h3', {}, alert.title), h('p', {}, severityBadge(alert.severity), ` ${alert.status} · ${alert.description}`),
        h('table', {}, h('caption', { class: 'sr-only' }, 'State changes, oldest first'),
          h('thead', {}, h('tr', {}, h('th', {}, 'When'), h('th', {}, 'Status'), h('th', {}, 'By'), h('th', {}, 'Note'))),
          h('tbody', {}, history.map((entry) => h('tr', {}, h('td', {}, time(entry.at)), h('td', {}, `${entry.status} (${entry.severity})`),
            h('td', {}, entry.actor), h('td', {}, entry.note || ''))))));
    } catch (error) {
      fill(detail, h('h3', {}, 'History'), h('p', { class: 'error', role: 'alert' }, error.message));
    }
  }

  function upsert(alert) {
    const index = state.alerts.findIndex((a) => a.id === alert.id);
    if (index >= 0) state.alerts.splice(index, 1);
    if (matches(alert)) state.alerts.unshift(alert);
    render();
  }

  function renderFilters() {
    fill(filters,
      select('Status', statuses.map(([value, label]) => [value, label]), state.status, (value) => { state.status = value; load(); }),
      select('Severity', severities, state.severity, (value) => { state.severity = value; load(); }),
      select('Domain', [['', 'Any domain'], ...['climate', 'health', 'biodiversity', 'food', 'equity', 'ocean', 'carbon'].map((d) => [d, d])], state.domain,
        (value) => { state.domain = value; load(); }));
  }

  const offAlert = alertFeed.onAlert((alert) => upsert(alert));
  const offState = alertFeed.onState((feedState) => { if (feedState === 'open') load(); });
  renderFilters();
  load();
  return () => { off(); offAlert(); offState(); };
}
