// Short notices in the corner (announced politely to screen readers); alerts stay until dismissed when critical.
import { h } from './dom.js';

/** Shows a toast; `severity` is info, warning or critical. Returns the element. */
export function toast(title, text, severity = 'info', seconds = 8) {
  const host = document.getElementById('toasts');
  const close = h('button', { type: 'button', class: 'secondary', 'aria-label': 'Dismiss', onclick: () => item.remove() }, '×');
  const item = h('div', { class: `toast sev-${severity}`, 'data-severity': severity },
    h('div', { class: 'row' }, h('strong', {}, `${severity.toUpperCase()}: ${title}`), close), text ? h('p', {}, text) : null);
  host.append(item);
  while (host.children.length > 4) host.firstElementChild.remove();
  if (severity !== 'critical') setTimeout(() => item.remove(), seconds * 1000);
  return item;
}
