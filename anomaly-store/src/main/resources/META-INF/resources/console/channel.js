// Channel view: signal, score and threshold over time with alarm windows and labels (chart.js), zoom and pan that
// re-fetch the series for the range shown, the events in range, and verdicts on the selected event.
import { api, ApiError, session } from './api.js';
import { ChannelChart } from './chart.js';
import { fill, h, indices, num, stateBadge, subsystem, time, verdictBadge, VERDICTS } from './dom.js';
import { reportError, showMessage } from './messages.js';

const NOTE_MAX = 2000;
/** An event id as the store gives it; anything else in the link's ?event= is ignored. */
const EVENT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A channel id as the store accepts it (ChannelResource.NAME_REGEX): never "." or "..", which a URL would resolve. */
const CHANNEL_ID = /^[A-Za-z0-9][A-Za-z0-9._:/-]{0,127}$/;
const path = value => encodeURIComponent(String(value));

export class ChannelView {
  constructor(main, channel, params) {
    this.main = main;
    this.channel = channel;
    this.params = params;
    this.selected = EVENT_ID.test(params.event || '') ? params.event.toLowerCase() : null;
    this.full = null; // the whole series' range, from the first fetch
    this.range = null; // the range shown
    this.events = [];
    this.request = null;
    this.pending = null;
    this.disposed = false;
  }

  async render() {
    this.heading = h('h2', {}, 'Channel ', this.channel);
    this.status = h('p', { class: 'muted', role: 'status' }, 'Loading the series…');
    this.chartBox = h('div', { class: 'chart', 'aria-label': `Signal, score and alarm windows of ${this.channel}`, role: 'group', dataset: { state: 'loading' } });
    this.eventsBox = h('div', { class: 'events' });
    this.detailBox = h('section', { class: 'detail', 'aria-labelledby': 'detail-title' });
    const button = (label, onclick, title) => h('button', { type: 'button', class: 'secondary', onclick, title }, label);
    fill(this.main,
      this.heading,
      h('div', { class: 'toolbar', role: 'toolbar', 'aria-label': 'Time range' },
        button('← Earlier', () => this.pan(-0.5), 'Pan left by half the range'),
        button('Later →', () => this.pan(0.5), 'Pan right by half the range'),
        button('Zoom in', () => this.zoom(0.5), 'Show the middle half of the range'),
        button('Zoom out', () => this.zoom(2), 'Show twice the range'),
        button('Reset', () => this.reset(), 'Show the whole series'),
        this.status),
      h('p', { class: 'hint' }, 'Drag across the chart (or use Zoom in) to zoom: the series is fetched again for that range, so ',
        'detail grows as you zoom. Shaded: alarm windows. Bottom band: alarms and known labels. Click a window to select its event.'),
      this.chartBox,
      h('div', { class: 'legend-note' },
        h('span', { class: 'key key-window' }), ' alarm window ',
        h('span', { class: 'key key-threshold' }), ' threshold (score 0.5) ',
        h('span', { class: 'key key-label' }), ' label'),
      h('div', { class: 'columns' }, this.eventsBox, this.detailBox));
    this.chart = new ChannelChart(this.chartBox, {
      onRange: (from, to) => this.show(from, to),
      onPick: id => this.pick(id),
    });
    window.__console.chart = null;

    if (!CHANNEL_ID.test(this.channel)) {
      this.chartBox.dataset.state = 'error';
      fill(this.status, 'Not a channel id.');
      showMessage(`"${this.channel}" is not a channel id: 1-128 letters, digits or . _ : / - (starting with a letter or digit).`);
      return;
    }
    const series = await this.fetch(null, null);
    if (!series || this.disposed) return;
    this.full = { from: Date.parse(series.from), to: Date.parse(series.to) };
    this.heading.append(' ', h('small', {}, `${series.spacecraft} · subsystem ${subsystem(this.channel)}`));
    this.apply(series);
    if (this.selected) {
      const event = this.events.find(e => e.id === this.selected) || await api('anomalies/' + path(this.selected)).catch(error => {
        if (!this.disposed) reportError(error);
        return null;
      });
      if (this.disposed) return;
      if (event && event.channel === this.channel) {
        const from = Date.parse(event.startTime);
        const to = Date.parse(event.endTime);
        const pad = Math.max((to - from) * 2, (this.full.to - this.full.from) * 0.02);
        await this.show(Math.max(this.full.from, from - pad), Math.min(this.full.to, to + pad));
        if (this.disposed) return;
        this.pick(event.id, event);
      }
    } else if (this.params.from && this.params.to) {
      await this.show(Date.parse(this.params.from), Date.parse(this.params.to));
    }
  }

  dispose() {
    this.disposed = true;
    if (this.request) this.request.abort();
    clearTimeout(this.pending);
    this.pending = null;
    if (this.chart) this.chart.destroy();
  }

  maxPoints() {
    return Math.min(10000, Math.max(10, Math.round(this.chartBox.clientWidth * 2)));
  }

  /** Fetches the series for [from, to] (the whole series when null); null when refused or superseded. */
  async fetch(from, to) {
    if (this.disposed) return null;
    if (this.request) this.request.abort();
    const request = new AbortController();
    this.request = request;
    this.chartBox.dataset.state = 'loading';
    try {
      const series = await api(`channels/${path(this.channel)}/series`, {
        params: { from: from === null ? null : new Date(from).toISOString(), to: to === null ? null : new Date(to).toISOString(), maxPoints: this.maxPoints() },
        signal: request.signal,
      });
      return this.disposed ? null : series;
    } catch (error) {
      if (error.name === 'AbortError' || this.disposed) return null;
      this.chartBox.dataset.state = 'error';
      if (error instanceof ApiError && error.status === 404) {
        fill(this.status, `No channel ${this.channel} in the store.`);
        showMessage(error.message);
        return null;
      }
      reportError(error);
      return null;
    }
  }

  apply(series) {
    this.range = { from: Date.parse(series.from), to: Date.parse(series.to) };
    this.events = [...series.events].sort((a, b) => Date.parse(a.startTime) - Date.parse(b.startTime));
    this.chart.setSeries(series);
    this.chart.select(this.selected);
    const shown = series.points.time.length;
    fill(this.status, `${time(series.from)} – ${time(series.to)}: `,
      series.downsampled ? `${shown.toLocaleString('en')} of ${series.totalPoints.toLocaleString('en')} points (downsampled: min and max per bucket)`
        : `${shown.toLocaleString('en')} points`,
      `, ${series.events.length} event${series.events.length === 1 ? '' : 's'}, ${series.labels.length} label${series.labels.length === 1 ? '' : 's'}`);
    this.chartBox.dataset.state = 'ready';
    this.drawEvents();
  }

  async show(from, to) {
    if (this.disposed || !(to > from)) return;
    const series = await this.fetch(from, to);
    if (!series || this.disposed) return;
    this.apply(series);
    const query = new URLSearchParams();
    if (this.selected) query.set('event', this.selected);
    query.set('from', new Date(from).toISOString());
    query.set('to', new Date(to).toISOString());
    history.replaceState(null, '', `#/channel/${encodeURIComponent(this.channel)}?${query}`);
  }

  pan(fraction) {
    if (!this.range || !this.full) return;
    const width = this.range.to - this.range.from;
    let from = this.range.from + width * fraction;
    from = Math.max(this.full.from, Math.min(from, this.full.to - width));
    this.show(from, from + width).catch(reportError);
  }

  zoom(factor) {
    if (!this.range || !this.full) return;
    const width = (this.range.to - this.range.from) * factor;
    const middle = (this.range.from + this.range.to) / 2;
    this.show(Math.max(this.full.from, middle - width / 2), Math.min(this.full.to, middle + width / 2)).catch(reportError);
  }

  async reset() {
    const series = await this.fetch(null, null);
    if (!series || this.disposed) return;
    this.full = { from: Date.parse(series.from), to: Date.parse(series.to) };
    this.apply(series);
    history.replaceState(null, '', `#/channel/${encodeURIComponent(this.channel)}` + (this.selected ? '?event=' + encodeURIComponent(this.selected) : ''));
  }

  drawEvents() {
    if (!this.events.length) {
      fill(this.eventsBox, h('h3', {}, 'Events in range'), h('p', { class: 'muted' }, 'No event in this range.'));
      return;
    }
    fill(this.eventsBox, h('h3', {}, 'Events in range'), h('table', { class: 'grid events-table' },
      h('thead', {}, h('tr', {}, ['Detector', 'Indices', 'Start', 'End', 'Peak', 'State', 'Verdict'].map(t => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, this.events.map(e => h('tr', { class: e.id === this.selected ? 'selected' : '', dataset: { id: e.id } },
        h('td', {}, h('button', { type: 'button', class: 'link', 'aria-pressed': String(e.id === this.selected), onclick: () => this.pick(e.id) }, e.detector)),
        h('td', {}, indices(e)),
        h('td', {}, time(e.startTime)),
        h('td', {}, time(e.endTime)),
        h('td', { class: 'num' }, num(e.peakScore, 2)),
        h('td', {}, stateBadge(e.state)),
        h('td', {}, verdictBadge(e.verdict)))))));
  }

  pick(id, known) {
    this.selected = id;
    this.chart.select(id);
    this.drawEvents();
    const event = known || this.events.find(e => e.id === id);
    if (!event) return;
    const claims = session.claims();
    const operator = claims && Array.isArray(claims.groups) && claims.groups.includes('operator');
    this.note = h('textarea', { id: 'verdict-note', rows: 3, maxlength: NOTE_MAX, placeholder: 'What was it? (optional)' });
    this.verdictStatus = h('p', { class: 'verdict-status', role: 'status', 'aria-live': 'polite' });
    this.history = h('div', { class: 'history' }, h('p', { class: 'muted' }, 'Loading verdicts…'));
    fill(this.detailBox,
      h('h3', { id: 'detail-title' }, 'Selected event'),
      h('dl', { class: 'facts' },
        h('dt', {}, 'Detector'), h('dd', {}, event.detector),
        h('dt', {}, 'Indices'), h('dd', {}, indices(event), ' (detected at ', event.detectedIndex, ')'),
        h('dt', {}, 'Time'), h('dd', {}, time(event.startTime), ' – ', time(event.endTime)),
        h('dt', {}, 'Peak score'), h('dd', {}, num(event.peakScore, 3), ' (detector threshold ', num(event.threshold, 2), ')'),
        h('dt', {}, 'State'), h('dd', {}, stateBadge(event.state)),
        h('dt', {}, 'Verdict'), h('dd', { id: 'current-verdict' }, verdictBadge(event.verdict)),
        h('dt', {}, 'Id'), h('dd', {}, h('code', {}, event.id))),
      h('form', { class: 'verdict-form', onsubmit: e => e.preventDefault() },
        h('fieldset', {},
          h('legend', {}, 'Record a verdict'),
          h('label', { for: 'verdict-note' }, 'Note'),
          this.note,
          h('div', { class: 'buttons' }, VERDICTS.map(v => h('button', { type: 'button', class: 'verdict verdict-' + v.value,
            dataset: { verdict: v.value }, onclick: () => this.record(event, v.value) }, v.label))),
          operator ? null : h('p', { class: 'hint' }, 'Your token has no operator role: the store will refuse verdicts.'),
          this.verdictStatus)),
      h('h4', {}, 'Verdict history'),
      this.history);
    this.loadHistory(event.id).catch(reportError);
  }

  async loadHistory(id) {
    const verdicts = await api(`anomalies/${path(id)}/verdicts`);
    if (this.disposed || id !== this.selected) return;
    fill(this.history, verdicts.length ? h('ol', { class: 'verdict-history' }, verdicts.map(v => h('li', {},
      verdictBadge(v.verdict), ' ', h('span', { class: 'muted' }, 'by ', v.author, ', ', time(v.createdAt)),
      v.note ? h('p', { class: 'note' }, v.note) : null))) : h('p', { class: 'muted' }, 'No verdict yet.'));
  }

  async record(event, verdict) {
    const note = this.note.value.trim();
    const buttons = this.detailBox.querySelectorAll('button.verdict');
    buttons.forEach(b => { b.disabled = true; });
    fill(this.verdictStatus, 'Saving…');
    try {
      const saved = await api(`anomalies/${path(event.id)}/verdicts`, { method: 'POST', body: note ? { verdict, note } : { verdict } });
      if (this.disposed) return;
      fill(this.verdictStatus, 'Recorded: ', verdictBadge(saved.verdict), ` by ${saved.author} at ${time(saved.createdAt)}.`);
      this.note.value = '';
      this.setVerdict(event.id, saved.verdict);
      await this.loadHistory(event.id);
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) {
        reportError(error);
        return;
      }
      fill(this.verdictStatus, h('span', { class: 'error' }, 'Not recorded: ', error.message));
    } finally {
      buttons.forEach(b => { b.disabled = false; });
    }
  }

  setVerdict(id, verdict) {
    for (const e of this.events) if (e.id === id) e.verdict = verdict;
    if (id === this.selected) {
      const current = document.getElementById('current-verdict');
      if (current) fill(current, verdictBadge(verdict));
    }
    this.drawEvents();
  }

  onStreamEvent(name, data) {
    if (this.disposed) return;
    if (name === 'verdict' && data && data.eventId) {
      if (this.events.some(e => e.id === data.eventId)) this.setVerdict(data.eventId, data.verdict);
      if (data.eventId === this.selected) this.loadHistory(data.eventId).catch(reportError);
    } else if (name === 'anomaly' && data && data.channel === this.channel && !this.pending) {
      // The channel's events changed: fetch the range shown again (once a second at most).
      this.pending = setTimeout(() => {
        this.pending = null;
        if (this.range && !this.disposed) this.show(this.range.from, this.range.to).catch(reportError);
      }, 1000);
    }
  }
}
