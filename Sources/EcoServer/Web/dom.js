// Small DOM and formatting helpers shared by every page.

/** Creates an element: h('button', {class: 'x', onclick: f}, 'text', child). */
export function h(tag, attributes = {}, ...children) {
  const element = tag.startsWith('svg:')
    ? document.createElementNS('http://www.w3.org/2000/svg', tag.slice(4))
    : document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on')) element.addEventListener(name.slice(2), value);
    else if (name === 'dataset') Object.assign(element.dataset, value);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    element.append(child instanceof Node ? child : String(child));
  }
  return element;
}

/** Replaces an element's content. */
export function fill(element, ...children) {
  element.replaceChildren();
  for (const child of children.flat()) if (child !== undefined && child !== null && child !== false) element.append(child);
  return element;
}

const numberFormat = new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 });
const integerFormat = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });

/** A number for people: two decimals at most, grouped thousands, an em dash for none. */
export function num(value, integer = false) {
  if (value === undefined || value === null || Number.isNaN(value)) return '—';
  return (integer ? integerFormat : numberFormat).format(value);
}

/** A timestamp (ISO string or ms) in UTC, to the minute. */
export function time(value) {
  if (!value) return '—';
  const date = new Date(value);
  return date.toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
}

/** "3 h ago", "12 min ago", "2 d ago". */
export function ago(value, now = Date.now()) {
  if (!value) return '—';
  const seconds = Math.max(0, (now - new Date(value).getTime()) / 1000);
  if (seconds < 90) return `${Math.round(seconds)} s ago`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min ago`;
  if (seconds < 172800) return `${Math.round(seconds / 3600)} h ago`;
  return `${Math.round(seconds / 86400)} d ago`;
}

/** A badge for a severity: colour plus the word, so colour is never the only cue. */
export function severityBadge(severity) {
  return h('span', { class: `badge sev-${severity}` }, severity);
}

/** Saves text as a file download. */
export function download(name, text, type = 'text/csv') {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = h('a', { href: url, download: name, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** One CSV field, quoted when needed (RFC 4180). */
export function csvField(value) {
  const text = value === undefined || value === null ? '' : String(value);
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

let fieldCount = 0;

/** A labelled <select> whose options are [value, label] pairs (label and control tied by id). */
export function select(label, options, value, onchange, attributes = {}) {
  const id = `field-${++fieldCount}`;
  const control = h('select', { ...attributes, id, onchange: (event) => onchange(event.target.value) },
    options.map(([optionValue, text]) => h('option', { value: optionValue, selected: optionValue === value }, text)));
  return h('div', { class: 'field' }, h('label', { for: id }, label), control);
}
