// The dashboard shell: navigation between pages (#/overview …), the account menu, the live alert
// feed with its toasts. Pages are modules loaded when first visited; each exports
// mount(container) → cleanup.
import { fill, h } from './dom.js';
import { session } from './session.js';
import { alertFeed } from './live.js';
import { dismissToasts, toast } from './toast.js';

const pages = [
  { path: 'overview', title: 'Overview', load: () => import('./page-overview.js') },
  { path: 'alerts', title: 'Alerts', load: () => import('./page-alerts.js') },
  { path: 'models', title: 'Models and jobs', load: () => import('./page-models.js') },
  { path: 'biodiversity', title: 'Biodiversity', load: () => import('./page-biodiversity.js') },
  { path: 'carbon', title: 'Carbon', load: () => import('./page-carbon.js') },
  { path: 'signin', title: 'Sign in', hidden: true, load: () => import('./page-signin.js') },
];

const view = document.getElementById('view');
let cleanup = null;
let current = null;

function route() {
  const path = location.hash.replace(/^#\/?/, '').split('?')[0] || 'overview';
  return pages.find((page) => page.path === path) || pages[0];
}

function renderNav(active) {
  fill(document.getElementById('nav'), pages.filter((page) => !page.hidden).map((page) =>
    h('li', {}, h('a', { href: `#/${page.path}`, 'aria-current': page === active ? 'page' : null }, page.title))));
}

const liveStatus = h('span', { class: 'live', title: 'Live alert feed' });
alertFeed.onState((state) => {
  liveStatus.dataset.state = state;
  liveStatus.textContent = { open: '● Live', connecting: '○ Connecting…', closed: '○ Offline' }[state];
});

function renderAccount() {
  const who = session.me
    ? [h('span', {}, `${session.me.user ? session.me.user.email : 'API key'} · ${session.role()}`),
      h('button', { type: 'button', class: 'secondary', onclick: () => { session.signOut(); location.hash = '#/signin'; } }, 'Sign out')]
    : [h('a', { href: '#/signin' }, 'Sign in')];
  fill(document.getElementById('account'), liveStatus, ...who);
}

async function show() {
  const page = route();
  if (cleanup) { cleanup(); cleanup = null; }
  current = page;
  if (page.path === 'alerts') dismissToasts('alert'); // they pointed here, and the list shows them
  renderNav(page);
  document.title = `${page.title} · EcoTrack`;
  fill(view, h('p', { class: 'muted' }, `Loading ${page.title}…`));
  try {
    const module = await page.load();
    if (current !== page) return;
    fill(view);
    cleanup = module.mount(view) || null;
  } catch (error) {
    fill(view, h('p', { class: 'error', role: 'alert' }, `This page could not be shown: ${error.message}`));
  }
  if (document.activeElement && document.activeElement !== document.body && !view.contains(document.activeElement)) {
    const heading = view.querySelector('h2');
    if (heading) { heading.tabIndex = -1; heading.focus({ preventScroll: true }); }
  }
}

// New alerts become toasts; a burst (detection catching up on a backlog) becomes one summary toast.
const severityRank = { info: 0, warning: 1, critical: 2 };
let burst = [];
alertFeed.onAlert((alert, topic) => {
  if (topic !== 'ecotrack.alert.created') return;
  burst.push(alert);
  if (burst.length === 1) setTimeout(flushBurst, 400);
});

function flushBurst() {
  const alerts = burst;
  burst = [];
  if (alerts.length <= 2) { for (const alert of alerts) alertToast(alert.title, alert.description, alert.severity); return; }
  // The most severe first: one critical alert among a backlog of warnings is named, not hidden behind '…'.
  const ranked = [...alerts].sort((a, b) => severityRank[b.severity] - severityRank[a.severity]);
  const worst = ranked[0].severity;
  const titles = ranked.slice(0, 3).map((alert) => alert.title).join('; ');
  alertToast(`${alerts.length} new alerts`, `${titles}${alerts.length > 3 ? '; …' : ''} — see the Alerts page.`, worst);
}

// Elsewhere a critical alert's toast stays until dismissed; on the Alerts page, whose list shows new alerts as
// they come, every alert toast expires, so none stays over the page's own controls.
function alertToast(title, text, severity) {
  const onAlertsPage = current && current.path === 'alerts';
  toast(title, text, severity, 8, severity === 'critical' && !onAlertsPage).dataset.kind = 'alert';
}

session.onChange(() => { renderAccount(); alertFeed.start(); });
window.addEventListener('hashchange', show);

(async () => {
  // Who is signed in and the first page's module load in parallel.
  const restored = session.restore().catch((error) => toast('Account', error.message, 'warning'));
  route().load().catch(() => {});
  await restored;
  if (!session.me) { renderAccount(); alertFeed.start(); } // otherwise restore() announced the change
  show();
})();
