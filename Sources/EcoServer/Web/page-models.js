// Models and jobs: the model registry (models-registry.js: versions, stages, aliases, metrics) and
// training jobs with live progress; cancel and retry for callers with manage:models.
import { api } from './api.js';
import { showRegistry } from './models-registry.js';
import { fill, h, num, time } from './dom.js';
import { session } from './session.js';
import { toast } from './toast.js';

export function mount(view) {
  const registry = h('div');
  const jobs = h('div', { 'aria-live': 'polite' });
  view.append(h('h2', {}, 'Models and jobs'),
    h('section', { class: 'panel', 'aria-labelledby': 'registry' }, h('h3', { id: 'registry' }, 'Model registry'), registry),
    h('section', { class: 'panel', 'aria-labelledby': 'jobs' }, h('h3', { id: 'jobs' }, 'Training jobs'), jobs));
  let timer = null;
  let stopped = false;

  async function loadJobs() {
    clearTimeout(timer);
    try {
      const page = await api('models/jobs', { params: { limit: 50 } });
      renderJobs(page.data);
      // Live progress: poll while something is queued or running.
      if (!stopped && page.data.some((job) => job.status === 'queued' || job.status === 'running')) timer = setTimeout(loadJobs, 1500);
    } catch (error) {
      fill(jobs, h('p', { class: 'error', role: 'alert' }, error.message));
    }
  }

  function renderJobs(list) {
    if (!list.length) { fill(jobs, h('p', { class: 'muted' }, 'No training job yet.')); return; }
    const canManage = session.can('manage:models');
    fill(jobs, h('div', { class: 'table-scroll' }, h('table', {},
      h('thead', {}, h('tr', {}, h('th', {}, 'Job'), h('th', {}, 'Status'), h('th', {}, 'Progress'), h('th', {}, 'Submitted'), h('th', {}, 'Actions'))),
      h('tbody', {}, list.map((job) => h('tr', { 'data-job': job.id },
        h('td', {}, h('strong', {}, job.name), h('div', { class: 'muted' }, `${job.kind} · ${job.id.slice(0, 8)}`)),
        h('td', {}, job.status, job.cancelRequested && job.status === 'running' ? ' (cancelling)' : '', job.error ? h('div', { class: 'muted' }, job.error) : null),
        h('td', {}, h('progress', { class: 'progress', max: 100, value: job.percent, 'aria-label': `${job.name} progress` }),
          ` ${num(job.percent, true)} % (${job.iteration}/${job.totalIterations})`),
        h('td', {}, `${time(job.createdAt)} by ${job.submittedBy}`),
        h('td', {}, canManage ? actions(job) : null)))))));
  }

  function actions(job) {
    const act = (verb) => async () => {
      try { await api(`models/jobs/${job.id}/${verb}`, { method: 'POST' }); toast(`Job ${verb === 'cancel' ? 'cancel requested' : 'queued again'}`, job.name, 'info', 4); loadJobs(); } catch (error) { toast(`Could not ${verb}`, error.message, 'warning'); }
    };
    return h('div', { class: 'row' },
      ['queued', 'running'].includes(job.status) && !job.cancelRequested ? h('button', { type: 'button', class: 'secondary', onclick: act('cancel') }, 'Cancel') : null,
      ['failed', 'cancelled'].includes(job.status) ? h('button', { type: 'button', class: 'secondary', onclick: act('retry') }, 'Retry') : null);
  }

  showRegistry(registry);
  loadJobs();
  return () => { stopped = true; clearTimeout(timer); };
}
