// The recommendations queue (/carbon/recommendations): open ones by rank with their impact, cost,
// feasibility and evidence; approve and dismiss for admins (admin:all), "done" on approved ones for
// analysts (run:analysis). Callers without the permission see no buttons.
import { api } from './api.js';
import { fill, h, num, time } from './dom.js';
import { session } from './session.js';
import { toast } from './toast.js';
import { co2e } from './carbon-charts.js';

/** Loads the queue into `container` (again after every decision). */
export async function showRecommendations(container) {
  const list = h('div', { 'aria-live': 'polite' });
  fill(container, h('h3', {}, 'Recommendations'), list);
  async function load() {
    try {
      const page = await api('carbon/recommendations', { params: { status: 'open,approved' } });
      fill(list, page.data.length ? page.data.map((item) => card(item, load))
        : h('p', { class: 'muted' }, 'No open recommendation. They are proposed from the hotspots after each ingest (or by POST /api/v1/carbon/recommendations/refresh).'));
    } catch (error) {
      fill(list, h('p', { class: 'error', role: 'alert' }, error.message));
    }
  }
  await load();
}

function card(item, reload) {
  const noteId = `note-${item.id}`;
  const decide = (verb) => async () => {
    const note = document.getElementById(noteId)?.value.trim();
    try {
      await api(`carbon/recommendations/${encodeURIComponent(item.id)}/${verb}`, { method: 'POST', body: note ? { note } : {} });
      toast(`Recommendation ${{ approve: 'approved', dismiss: 'dismissed', done: 'marked done' }[verb]}`, item.title, 'info', 4);
      reload();
    } catch (error) {
      toast(`Could not ${verb}`, error.message, 'warning');
    }
  };
  const admin = session.can('admin:all');
  const buttons = [
    admin && item.status === 'open' ? h('button', { type: 'button', onclick: decide('approve') }, 'Approve') : null,
    admin ? h('button', { type: 'button', class: 'secondary', onclick: decide('dismiss') }, 'Dismiss') : null,
    item.status === 'approved' && session.can('run:analysis') ? h('button', { type: 'button', class: 'secondary', onclick: decide('done') }, 'Mark done') : null,
  ].filter(Boolean);
  return h('article', { class: 'recommendation', 'data-recommendation': item.id, 'data-status': item.status },
    h('h4', {}, `${item.rank}. ${item.title}`),
    h('p', {}, h('span', { class: 'badge' }, item.status), ` saves ${co2e(item.impactKg)} (market-based ${co2e(item.impactMarketKg)}) over ${time(item.from)} – ${time(item.to)}; `,
      `costs about ${num(item.costEstimate, true)} ${item.currency}${item.costPerTonne !== null && item.costPerTonne !== undefined ? ` (${num(item.costPerTonne, true)} ${item.currency}/t)` : ''}; `,
      `feasibility ${num(item.feasibility * 100, true)} % — ${item.feasibilityReason}`),
    h('details', {}, h('summary', {}, 'Evidence and cost basis'), h('ul', {}, item.evidence.map((line) => h('li', {}, line))), h('p', { class: 'muted' }, item.costBasis)),
    item.decidedBy ? h('p', { class: 'muted' }, `Decided by ${item.decidedBy} at ${time(item.decidedAt)}${item.note ? `: “${item.note}”` : ''}`) : null,
    buttons.length ? h('div', { class: 'row' }, h('label', { for: noteId }, 'Note (optional)', h('input', { id: noteId, type: 'text', maxlength: 500 })), buttons) : null);
}
