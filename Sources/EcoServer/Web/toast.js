// Short notices in the corner (announced politely to screen readers); critical ones stay until dismissed
// unless the caller says otherwise.
import { h } from './dom.js';

/** Shows a toast; `severity` is info, warning or critical; a sticky toast stays until dismissed. Returns the element. */
export function toast(title, text, severity = 'info', seconds = 8, sticky = severity === 'critical') {
  const host = document.getElementById('toasts');
  const close = h('button', { type: 'button', class: 'secondary', 'aria-label': 'Dismiss', onclick: () => item.remove() }, '×');
  const item = h('div', { class: `toast sev-${severity}`, 'data-severity': severity },
    h('div', { class: 'row' }, h('strong', {}, `${severity.toUpperCase()}: ${title}`), close), text ? h('p', {}, text) : null);
  host.append(item);
  while (host.children.length > 4) host.firstElementChild.remove();
  if (!sticky) setTimeout(() => item.remove(), seconds * 1000);
  return item;
}

/** Removes the toasts of one kind (the `data-kind` their caller set). */
export function dismissToasts(kind) {
  for (const item of document.querySelectorAll(`#toasts .toast[data-kind="${kind}"]`)) item.remove();
}
