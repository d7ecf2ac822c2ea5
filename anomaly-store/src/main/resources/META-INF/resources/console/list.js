// Anomaly list: GET /anomalies with its filters (spacecraft, channel, detector, state, verdict, time range) and paging.
import { api } from './api.js';
import { fill, h, indices, num, stateBadge, time, verdictBadge } from './dom.js';
import { reportError } from './messages.js';

const FILTERS = ['spacecraft', 'channel', 'detector', 'state', 'verdict', 'from', 'to'];
const SIZES = [20, 50, 100, 200];

/** "2026-01-01T00:00:00Z" -> the value of a datetime-local input (read as UTC), and back. */
const toInput = iso => (iso ? new Date(iso).toISOString().slice(0, 19) : '');
const fromInput = value => (value ? new Date(value + (value.length === 16 ? ':00' : '') + 'Z').toISOString() : '');

export class AnomalyListView {
  constructor(main, params) {
    this.main = main;
    this.params = {};
    for (const name of FILTERS) if (params[name]) this.params[name] = params[name];
    this.page = Math.max(0, parseInt(params.page || '0', 10) || 0);
    this.size = SIZES.includes(Number(params.size)) ? Number(params.size) : 50;
    this.result = null;
    this.pending = null;
    this.disposed = false;
  }

  async render() {
    const field = (name, label, control) => h('label', { for: 'f-' + name }, label, control);
    const text = (name, list) => h('input', { id: 'f-' + name, name, type: 'text', maxlength: 100, value: this.params[name] || '', list });
    const select = (name, options) => h('select', { id: 'f-' + name, name },
      options.map(([value, label]) => h('option', { value, selected: (this.params[name] || '') === value }, label)));
    this.form = h('form', { class: 'filters', onsubmit: event => {
      event.preventDefault();
      this.page = 0;
      this.readForm();
      this.navigate();
    } },
    field('spacecraft', 'Spacecraft', text('spacecraft', 'spacecraft-list')),
    field('channel', 'Channel', text('channel', 'channel-list')),
    field('detector', 'Detector', text('detector', 'detector-list')),
    field('state', 'State', select('state', [['', 'any'], ['open', 'open'], ['closed', 'closed']])),
    field('verdict', 'Verdict', select('verdict', [['', 'any'], ['none', 'none yet'], ['confirmed', 'confirmed'],
      ['false-alarm', 'false alarm'], ['expected', 'expected']])),
    field('from', 'From (UTC)', h('input', { id: 'f-from', name: 'from', type: 'datetime-local', step: 1, value: toInput(this.params.from) })),
    field('to', 'To (UTC)', h('input', { id: 'f-to', name: 'to', type: 'datetime-local', step: 1, value: toInput(this.params.to) })),
    field('size', 'Per page', h('select', { id: 'f-size', name: 'size' },
      SIZES.map(s => h('option', { value: s, selected: s === this.size }, s)))),
    h('div', { class: 'buttons' },
      h('button', { type: 'submit' }, 'Search'),
      h('button', { type: 'button', class: 'secondary', onclick: () => {
        this.params = {};
        this.page = 0;
        this.navigate();
      } }, 'Clear')),
    h('datalist', { id: 'spacecraft-list' }), h('datalist', { id: 'channel-list' }), h('datalist', { id: 'detector-list' }));
    this.table = h('div', { class: 'results', 'aria-live': 'polite', 'aria-busy': 'true' });
    fill(this.main, h('h2', {}, 'Anomalies'),
      h('p', { class: 'hint' }, 'Events newest first. An event matches the time range when it overlaps it. Open one to see its ',
        'signal and score and to record a verdict.'),
      this.form, this.table);
    this.suggest().catch(() => {});
    await this.load();
  }

  dispose() {
    this.disposed = true;
    clearTimeout(this.pending);
    this.pending = null;
  }

  readForm() {
    const data = new FormData(this.form);
    this.params = {};
    for (const name of FILTERS) {
      let value = String(data.get(name) || '').trim();
      if ((name === 'from' || name === 'to') && value) value = fromInput(value);
      if (value) this.params[name] = value;
    }
    this.size = Number(data.get('size')) || 50;
  }

  navigate() {
    const query = new URLSearchParams(this.params);
    if (this.page) query.set('page', this.page);
    if (this.size !== 50) query.set('size', this.size);
    const hash = '#/anomalies' + (query.toString() ? '?' + query : '');
    if (location.hash === hash) this.load().catch(reportError);
    else location.hash = hash;
  }

  /** Suggestions for the text filters, from the channel list. */
  async suggest() {
    const [channels, summary] = await Promise.all([api('channels'), api('anomalies/summary')]);
    if (this.disposed) return;
    const put = (id, values) => fill(document.getElementById(id), [...new Set(values)].sort().map(v => h('option', { value: v })));
    put('spacecraft-list', channels.map(c => c.spacecraft));
    put('channel-list', channels.map(c => c.channel));
    put('detector-list', summary.flatMap(row => Object.keys(row.detectors || {})));
  }

  async load() {
    this.table.setAttribute('aria-busy', 'true');
    let result;
    try {
      result = await api('anomalies', { params: { ...this.params, page: this.page, size: this.size } });
    } finally {
      this.table.removeAttribute('aria-busy');
    }
    if (this.disposed) return;
    this.result = result;
    this.draw();
  }

  draw() {
    const { items, total, page, size } = this.result;
    const pages = Math.max(1, Math.ceil(total / size));
    if (!items.length) {
      fill(this.table, h('p', { class: 'muted' }, total ? 'No events on this page.' : 'No event matches these filters.'));
    } else {
      fill(this.table, h('table', { class: 'grid' },
        h('caption', {}, `${total} event${total === 1 ? '' : 's'}, page ${page + 1} of ${pages}`),
        h('thead', {}, h('tr', {}, ['Start', 'Spacecraft', 'Channel', 'Detector', 'Indices', 'Peak score', 'State', 'Verdict', '']
          .map(label => h('th', { scope: 'col' }, label)))),
        h('tbody', {}, items.map(a => h('tr', { dataset: { id: a.id } },
          h('td', {}, time(a.startTime)),
          h('td', {}, a.spacecraft),
          h('td', {}, h('a', { href: '#/channel/' + encodeURIComponent(a.channel) }, a.channel)),
          h('td', {}, a.detector),
          h('td', {}, indices(a)),
          h('td', { class: 'num' }, num(a.peakScore, 2)),
          h('td', {}, stateBadge(a.state)),
          h('td', {}, verdictBadge(a.verdict)),
          h('td', {}, h('a', { href: `#/channel/${encodeURIComponent(a.channel)}?event=${encodeURIComponent(a.id)}` }, 'open')))))));
    }
    this.table.append(h('nav', { class: 'pager', 'aria-label': 'Pages' },
      h('button', { type: 'button', disabled: page === 0, onclick: () => { this.page = page - 1; this.navigate(); } }, '← Newer'),
      h('span', {}, ` page ${page + 1} of ${pages} `),
      h('button', { type: 'button', disabled: page + 1 >= pages, onclick: () => { this.page = page + 1; this.navigate(); } }, 'Older →')));
  }

  onStreamEvent(name, data) {
    if (this.disposed || (name !== 'anomaly' && name !== 'verdict')) return;
    // New events come first: refresh the first page; on later pages only a verdict on a row shown changes anything.
    const shown = name === 'verdict' && this.result && this.result.items.some(a => a.id === data.eventId);
    if ((this.page === 0 || shown) && !this.pending) {
      this.pending = setTimeout(() => {
        this.pending = null;
        this.load().catch(reportError);
      }, 1000);
    }
  }
}
