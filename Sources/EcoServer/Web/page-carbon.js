// Carbon: the place for the carbon pages (emission pulse, scopes, hotspots, what-if). They read
// /api/v1/carbon/…; until this server offers those routes (its /openapi.json lists none), the page says so.
import { h } from './dom.js';

export function mount(view) {
  const body = h('div', { class: 'panel' }, h('p', { class: 'muted' }, 'Checking what this server offers…'));
  view.append(h('h2', {}, 'Carbon'), body);
  fetch('/openapi.json').then((response) => response.json()).then((document) => {
    const routes = Object.keys(document.paths || {}).filter((path) => path.startsWith('/api/v1/carbon'));
    body.replaceChildren(routes.length
      ? h('p', {}, `This server offers ${routes.length} carbon routes (${routes.join(', ')}); their pages come with the next dashboard release.`)
      : h('p', {}, 'Carbon accounting is not available on this server yet: its API (/api/v1/carbon) is still being built. The emission pulse, scope breakdown, hotspots and what-if simulator will appear here.'));
  }).catch((error) => body.replaceChildren(h('p', { class: 'error' }, `Could not read the API description: ${error.message}`)));
  return null;
}
