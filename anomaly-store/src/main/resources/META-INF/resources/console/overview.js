// Overview: channels by spacecraft and subsystem, with open and recent anomalies and the latest score; a live feed.
import { api } from './api.js';
import { count, fill, h, indices, num, scoreCell, stateBadge, subsystem, time, verdictBadge } from './dom.js';
import { reportError } from './messages.js';

const FEED_SIZE = 15;
const REFRESH_MS = 15000;

export class OverviewView {
  constructor(main, params) {
    this.main = main;
    this.spacecraft = params.spacecraft || '';
    this.onlyAnomalous = params.all !== '1';
    this.channels = [];
    this.feed = [];
    this.flash = new Set();
    this.timer = null;
    this.pending = null;
    this.unflash = null;
    this.disposed = false;
  }

  async render() {
    this.tables = h('div', { class: 'overview-tables', 'aria-busy': 'true' }, h('p', { class: 'muted' }, 'Loading channels…'));
    this.feedList = h('ol', { class: 'feed', 'aria-live': 'polite', 'aria-relevant': 'additions' },
      h('li', { class: 'muted' }, 'Loading…'));
    this.filter = h('form', { class: 'filters', onchange: () => this.applyFilter(), onsubmit: e => e.preventDefault() },
      h('label', {}, 'Spacecraft ', this.spacecraftSelect = h('select', { name: 'spacecraft' }, h('option', { value: '' }, 'all'))),
      h('label', { class: 'check' }, this.anomalousBox = h('input', { type: 'checkbox', name: 'anomalous', checked: this.onlyAnomalous }),
        ' only channels with anomalies'));
    fill(this.main,
      h('h2', {}, 'Overview'),
      h('p', { class: 'hint' }, 'Channels by spacecraft and subsystem: open and recorded anomalies, the latest score ',
        '(0.5 is the alarm threshold) and the last point stored. Updated live.'),
      this.filter,
      h('div', { class: 'columns' },
        this.tables,
        h('section', { class: 'side', 'aria-labelledby': 'feed-title' },
          h('h3', { id: 'feed-title' }, 'Latest events'),
          this.feedList)));
    await Promise.all([this.load(), this.loadFeed()]);
    // The operator may have left while the page loaded: dispose() has run, nothing may be scheduled any more.
    if (this.disposed) return;
    this.timer = setInterval(() => this.load().catch(reportError), REFRESH_MS);
  }

  dispose() {
    this.disposed = true;
    clearInterval(this.timer);
    clearTimeout(this.pending);
    clearTimeout(this.unflash);
    this.timer = this.pending = this.unflash = null;
  }

  applyFilter() {
    this.spacecraft = this.spacecraftSelect.value;
    this.onlyAnomalous = this.anomalousBox.checked;
    const query = new URLSearchParams();
    if (this.spacecraft) query.set('spacecraft', this.spacecraft);
    if (!this.onlyAnomalous) query.set('all', '1');
    history.replaceState(null, '', '#/' + (query.toString() ? '?' + query : ''));
    this.draw();
  }

  async load() {
    const channels = await api('channels');
    if (this.disposed) return;
    this.channels = channels;
    this.draw();
  }

  async loadFeed() {
    const page = await api('anomalies', { params: { size: FEED_SIZE } });
    if (this.disposed) return;
    this.feed = page.items.map(item => ({ kind: 'anomaly', data: item }));
    this.drawFeed();
  }

  draw() {
    const known = [...new Set(this.channels.map(c => c.spacecraft))].sort();
    const options = [h('option', { value: '' }, 'all'), ...known.map(s => h('option', { value: s, selected: s === this.spacecraft }, s))];
    fill(this.spacecraftSelect, options);
    let rows = this.channels.filter(c => !this.spacecraft || c.spacecraft === this.spacecraft);
    const total = rows.length;
    if (this.onlyAnomalous) rows = rows.filter(c => count(c.anomalies) > 0 || count(c.openAnomalies) > 0);
    this.tables.removeAttribute('aria-busy');
    if (!rows.length) {
      fill(this.tables, h('p', { class: 'muted' }, total
        ? `None of the ${total} channels has an anomaly. Untick "only channels with anomalies" to see them all.`
        : 'No channel stored yet: the store lists a channel once its points or anomalies arrive.'));
      return;
    }
    const bySpacecraft = new Map();
    for (const channel of rows) {
      if (!bySpacecraft.has(channel.spacecraft)) bySpacecraft.set(channel.spacecraft, []);
      bySpacecraft.get(channel.spacecraft).push(channel);
    }
    const sections = [];
    for (const [spacecraft, channels] of bySpacecraft) {
      const open = channels.reduce((sum, c) => sum + count(c.openAnomalies), 0);
      const events = channels.reduce((sum, c) => sum + count(c.anomalies), 0);
      const groups = new Map();
      for (const channel of channels) {
        const system = subsystem(channel.channel);
        if (!groups.has(system)) groups.set(system, []);
        groups.get(system).push(channel);
      }
      const bodies = [...groups.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([system, members]) => h('tbody', {},
        h('tr', { class: 'group' }, h('th', { colspan: 7, scope: 'rowgroup' },
          `Subsystem ${system} · ${members.length} channel${members.length === 1 ? '' : 's'}`)),
        members.map(c => this.row(c))));
      sections.push(h('section', { class: 'spacecraft', 'aria-label': spacecraft },
        h('h3', {}, spacecraft, ' ', h('small', {}, `${channels.length} channel${channels.length === 1 ? "" : "s"} · ${events} anomal${events === 1 ? "y" : "ies"} · ${open} open`)),
        h('table', { class: 'grid' },
          h('thead', {}, h('tr', {},
            h('th', { scope: 'col' }, 'Channel'), h('th', { scope: 'col', class: 'num' }, 'Open'),
            h('th', { scope: 'col', class: 'num' }, 'Anomalies'), h('th', { scope: 'col' }, 'Last anomaly'),
            h('th', { scope: 'col' }, 'Latest score'), h('th', { scope: 'col', class: 'num' }, 'Last value'),
            h('th', { scope: 'col' }, 'Last point'))),
          bodies)));
    }
    fill(this.tables, sections);
  }

  row(c) {
    const open = count(c.openAnomalies);
    return h('tr', { class: (open ? 'has-open' : '') + (this.flash.has(c.channel) ? ' flash' : ''), dataset: { channel: c.channel } },
      h('th', { scope: 'row' }, h('a', { href: '#/channel/' + encodeURIComponent(c.channel) }, c.channel)),
      h('td', { class: 'num' }, open ? h('strong', { class: 'open-count' }, open) : '0'),
      h('td', { class: 'num' }, h('a', { href: '#/anomalies?channel=' + encodeURIComponent(c.channel), 'aria-label': `anomalies of ${c.channel}` }, count(c.anomalies))),
      h('td', {}, time(c.lastAnomalyTime)),
      h('td', {}, scoreCell(c.lastScore, c.threshold)),
      h('td', { class: 'num' }, num(c.lastValue)),
      h('td', {}, time(c.lastTime)));
  }

  drawFeed() {
    fill(this.feedList, this.feed.length ? this.feed.map(entry => {
      const d = entry.data;
      if (entry.kind === 'verdict') {
        return h('li', {}, h('span', { class: 'muted' }, time(d.createdAt)), ' ', verdictBadge(d.verdict), ' by ', d.author,
          ' on event ', h('code', {}, String(d.eventId).slice(0, 8)));
      }
      return h('li', {}, h('span', { class: 'muted' }, time(d.startTime)), ' ',
        h('a', { href: `#/channel/${encodeURIComponent(d.channel)}?event=${encodeURIComponent(d.id)}` }, d.channel), ' ',
        d.detector, ' ', stateBadge(d.state), ' ', h('span', { class: 'muted' }, indices(d), ', peak ', num(d.peakScore, 2)));
    }) : h('li', { class: 'muted' }, 'No anomaly yet.'));
  }

  onStreamEvent(name, data) {
    if (this.disposed || (name !== 'anomaly' && name !== 'verdict')) return;
    if (name === 'anomaly') {
      this.feed = this.feed.filter(e => !(e.kind === 'anomaly' && e.data.id === data.id));
      this.flash.add(data.channel);
    }
    this.feed.unshift({ kind: name, data });
    this.feed.length = Math.min(this.feed.length, FEED_SIZE);
    this.drawFeed();
    // Many events arrive together during a replay: one refresh of the channel list per second at most.
    if (!this.pending) {
      this.pending = setTimeout(() => {
        this.pending = null;
        this.load().catch(reportError).finally(() => {
          if (this.disposed) return;
          clearTimeout(this.unflash);
          this.unflash = setTimeout(() => {
            this.unflash = null;
            this.flash.clear();
            this.draw();
          }, 2000);
        });
      }, 1000);
    }
  }
}
