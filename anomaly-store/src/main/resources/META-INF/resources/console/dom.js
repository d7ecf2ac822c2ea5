// Small DOM and formatting helpers: elements are built with h() (text is always set as text, never as HTML).

/** Creates an element: h('a', {href: '#/', class: 'x', onclick: fn}, 'text', child, ...). */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') element.addEventListener(name.slice(2), value);
    else if (name === 'class') element.className = value;
    else if (name === 'dataset') Object.assign(element.dataset, value);
    else if (name === 'style' && typeof value === 'object') Object.assign(element.style, value);
    else if (value === true) element.setAttribute(name, '');
    else element.setAttribute(name, String(value));
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children) {
    if (child === undefined || child === null || child === false) continue;
    if (Array.isArray(child)) append(element, child);
    else element.append(child instanceof Node ? child : String(child));
  }
}

/** Replaces an element's content. */
export function fill(element, ...children) {
  element.replaceChildren();
  append(element, children);
  return element;
}

/** An instant as "2026-01-01 12:03:04Z" (UTC), or an em dash when absent. */
export function time(value) {
  if (value === null || value === undefined || value === '') return '—';
  const date = typeof value === 'number' ? new Date(value) : new Date(value);
  if (Number.isNaN(date.getTime())) return String(value);
  return date.toISOString().replace('T', ' ').replace(/\.\d{3}Z$/, 'Z');
}

/** A number with a fixed number of decimals, or an em dash. */
export function num(value, digits = 3) {
  return value === null || value === undefined || Number.isNaN(value) ? '—' : Number(value).toFixed(digits);
}

/** A count field that the API may give as a number or as a list. */
export function count(value) {
  if (Array.isArray(value)) return value.length;
  return typeof value === 'number' ? value : 0;
}

/** A score bar: width by score, marked when at or above the threshold. */
export function scoreCell(score, threshold) {
  if (score === null || score === undefined) return h('span', { class: 'muted' }, '—');
  const over = threshold !== null && threshold !== undefined && score >= threshold;
  return h('span', { class: 'score' + (over ? ' over' : ''), title: `score ${num(score)}, threshold ${num(threshold, 2)}` },
    h('span', { class: 'bar', 'aria-hidden': 'true' }, h('span', { style: { width: Math.round(Math.min(1, Math.max(0, score)) * 100) + '%' } })),
    ' ', num(score, 2), over ? h('span', { class: 'sr-only' }, ' (above threshold)') : null);
}

export const VERDICTS = [
  { value: 'confirmed', label: 'Confirmed' },
  { value: 'false-alarm', label: 'False alarm' },
  { value: 'expected', label: 'Expected' },
];

/** A verdict as a small badge ("none" when null). */
export function verdictBadge(verdict) {
  const known = VERDICTS.find(v => v.value === verdict);
  return h('span', { class: 'badge verdict-' + (verdict || 'none') }, known ? known.label : 'none');
}

export function stateBadge(state) {
  return h('span', { class: 'badge state-' + state }, state);
}

/** The subsystem of a channel id: the letters before the dash (SMAP/MSL ids: "P-1" is in "P"). */
export function subsystem(channel) {
  const match = /^([A-Za-z]+)[-_]/.exec(channel);
  return match ? match[1].toUpperCase() : '—';
}

/** Index range of an event, e.g. "test 5300–5747". */
export function indices(event) {
  return `${event.split} ${event.startIndex}–${event.endIndex}`;
}
