// The channel chart: three uPlot panes on one time axis: the signal, the score with its threshold, and a band with the
// alarm windows (events) and the known labels. Events are also shaded behind the signal and the score. Dragging
// across a pane zooms all three; the owner re-fetches the series for the new range (finer downsampling).
import uPlot from '../webjars/uplot/dist/uPlot.esm.js';

const AXIS_SIZE = 64; // same y-axis width in every pane, so that their plotting areas line up
const COLORS = {
  value: '#1d4ed8',
  score: '#b45309',
  scoreFill: 'rgba(180, 83, 9, 0.14)',
  threshold: '#374151',
  window: 'rgba(220, 38, 38, 0.16)',
  windowSelected: 'rgba(220, 38, 38, 0.32)',
  windowEdge: 'rgba(185, 28, 28, 0.9)',
  event: '#dc2626',
  label: '#7c3aed',
  split: '#6b7280',
};

const utc = ts => uPlot.tzDate(new Date(ts), 'Etc/UTC');
const pad = n => String(n).padStart(2, '0');
const DAY = 86400000;
/** The legend's time: "2026-01-07 08:27:00Z". */
const legendTime = (u, ts) => (ts === null || ts === undefined ? '—' : new Date(ts).toISOString().replace('T', ' ').replace(/\.\d{3}Z$/, 'Z'));

/** Time-axis labels in UTC, 24-hour: the date where the day changes (and on the first tick), then hh:mm. */
function timeLabels(u, splits, axis, space, increment) {
  return splits.map((ts, i) => {
    const d = new Date(ts);
    const day = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
    if (increment >= DAY) return day;
    const clock = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}` + (increment < 60000 ? ':' + pad(d.getUTCSeconds()) : '');
    const newDay = i === 0 || new Date(splits[i - 1]).getUTCDate() !== d.getUTCDate();
    return newDay ? clock + '\n' + day : clock;
  });
}

/** Columnar points -> uPlot data, with a null point where the split changes (no line across the gap). */
function toPlotData(points) {
  const x = [];
  const value = [];
  const score = [];
  const threshold = [];
  const splitStarts = [];
  const n = points.time.length;
  for (let i = 0; i < n; i++) {
    if (i > 0 && points.split[i] !== points.split[i - 1]) {
      x.push((points.time[i - 1] + points.time[i]) / 2);
      value.push(null);
      score.push(null);
      threshold.push(null);
      splitStarts.push({ time: points.time[i], split: points.split[i] });
    }
    x.push(points.time[i]);
    value.push(points.value[i]);
    score.push(points.score[i]);
    threshold.push(points.threshold[i]);
  }
  return { x, value, score, threshold, splitStarts };
}

const millis = iso => (iso === null || iso === undefined ? null : Date.parse(iso));

/** x pixel range (canvas pixels) of [from, to], at least 2 px wide, clipped to the plotting area. */
function span(u, from, to) {
  const left = u.bbox.left;
  const right = u.bbox.left + u.bbox.width;
  let x0 = u.valToPos(from, 'x', true);
  let x1 = u.valToPos(to, 'x', true);
  if (x1 - x0 < 2) {
    const mid = (x0 + x1) / 2;
    x0 = mid - 1;
    x1 = mid + 1;
  }
  x0 = Math.max(left, x0);
  x1 = Math.min(right, x1);
  return x1 > x0 ? [x0, x1] : null;
}

export class ChannelChart {
  /**
   * @param container element the panes go into
   * @param onRange   called with (from, to) in epoch ms after a zoom by dragging
   * @param onPick    called with an event id when a shaded window is clicked
   */
  constructor(container, { onRange, onPick }) {
    this.container = container;
    this.onRange = onRange;
    this.onPick = onPick;
    this.events = [];
    this.labels = [];
    this.selected = null;
    this.splitStarts = [];
    this.plots = [];
    this.drawn = { signal: [], score: [], events: [], labels: [] };
    this.resize = () => this.setSize();
    window.addEventListener('resize', this.resize);
  }

  destroy() {
    window.removeEventListener('resize', this.resize);
    for (const plot of this.plots) plot.destroy();
    this.plots = [];
  }

  width() {
    return Math.max(320, this.container.clientWidth);
  }

  setSize() {
    for (const plot of this.plots) plot.setSize({ width: this.width(), height: plot.height });
  }

  /** Shows a series response of GET /channels/{id}/series. */
  setSeries(series) {
    const data = toPlotData(series.points);
    this.events = series.events.map(e => ({ ...e, from: millis(e.startTime), to: millis(e.endTime) }));
    this.labels = series.labels.filter(l => l.startTime && l.endTime)
      .map(l => ({ ...l, from: millis(l.startTime), to: millis(l.endTime) }));
    this.splitStarts = data.splitStarts;
    this.range = { from: millis(series.from), to: millis(series.to) };
    if (!this.plots.length) this.create(data);
    else {
      this.plots[0].setData([data.x, data.value]);
      this.plots[1].setData([data.x, data.score, data.threshold]);
      this.plots[2].setData([data.x, data.x.map(() => null)]);
    }
    if (this.range.from !== null && this.range.to !== null && this.range.to > this.range.from) {
      for (const plot of this.plots) plot.setScale('x', { min: this.range.from, max: this.range.to });
    }
  }

  select(id) {
    this.selected = id;
    for (const plot of this.plots) plot.redraw(false);
  }

  create(data) {
    const width = this.width();
    const sync = uPlot.sync('channel-' + Math.random());
    const cursor = {
      sync: { key: sync.key, setSeries: false },
      drag: { x: true, y: false, setScale: false },
    };
    const hiddenX = { stroke: '#4b5563', grid: { stroke: '#e5e7eb' }, ticks: { show: false }, values: (u, splits) => splits.map(() => ''), size: 6 };
    const yAxis = (label, extra = {}) => ({ label, size: AXIS_SIZE, stroke: '#374151', grid: { stroke: '#e5e7eb' }, ...extra });
    const hooks = pane => ({
      drawClear: [u => this.shade(u, pane)],
      setSelect: [u => this.zoomed(u)],
      ready: [u => u.over.addEventListener('click', () => this.clicked(u))],
    });

    const signal = new uPlot({
      title: undefined, width, height: 250, ms: 1, tzDate: utc, cursor,
      legend: { show: true },
      scales: { x: { time: true } },
      axes: [hiddenX, yAxis('value')],
      series: [{ label: 'time', value: legendTime }, { label: 'value', stroke: COLORS.value, width: 1.25, spanGaps: false }],
      hooks: hooks('signal'),
    }, [data.x, data.value], this.pane('signal'));

    const score = new uPlot({
      width, height: 170, ms: 1, tzDate: utc, cursor,
      legend: { show: true },
      scales: { x: { time: true }, y: { range: [0, 1] } },
      axes: [hiddenX, yAxis('score', { splits: () => [0, 0.25, 0.5, 0.75, 1] })],
      series: [{ label: 'time', value: legendTime },
        { label: 'score', stroke: COLORS.score, fill: COLORS.scoreFill, width: 1.25, spanGaps: false },
        { label: 'threshold', stroke: COLORS.threshold, dash: [6, 4], width: 1, spanGaps: false }],
      hooks: hooks('score'),
    }, [data.x, data.score, data.threshold], this.pane('score'));

    const band = new uPlot({
      width, height: 120, ms: 1, tzDate: utc, cursor,
      legend: { show: false },
      scales: { x: { time: true }, y: { range: [0, 2] } },
      axes: [{ stroke: '#374151', grid: { show: false }, values: timeLabels, size: 44 },
        yAxis('', { splits: () => [0.5, 1.5], values: (u, splits) => splits.map(v => (v < 1 ? 'labels' : 'alarms')), grid: { show: false }, ticks: { show: false } })],
      series: [{}, { label: 'band', show: true, stroke: 'transparent' }],
      hooks: { ...hooks('band'), drawClear: [], draw: [u => this.drawBand(u)] },
    }, [data.x, data.x.map(() => null)], this.pane('band'));

    this.plots = [signal, score, band];
  }

  pane(name) {
    const element = document.createElement('div');
    element.className = 'pane pane-' + name;
    element.dataset.pane = name;
    this.container.append(element);
    return element;
  }

  /** Behind the series: alarm windows (events) shaded, and where the test split starts. */
  shade(u, pane) {
    const ctx = u.ctx;
    const { top, height } = u.bbox;
    const drawn = [];
    ctx.save();
    for (const event of this.events) {
      const px = span(u, event.from, event.to);
      if (!px) continue;
      const selected = event.id === this.selected;
      ctx.fillStyle = selected ? COLORS.windowSelected : COLORS.window;
      ctx.fillRect(px[0], top, px[1] - px[0], height);
      if (selected) {
        ctx.setLineDash([]); // uPlot leaves the last series' dash (the threshold's) on the context
        ctx.strokeStyle = COLORS.windowEdge;
        ctx.lineWidth = Math.max(1, devicePixelRatio);
        ctx.strokeRect(px[0], top, px[1] - px[0], height);
      }
      drawn.push({ id: event.id, x0: px[0] / devicePixelRatio, x1: px[1] / devicePixelRatio });
    }
    for (const start of this.splitStarts) {
      const x = u.valToPos(start.time, 'x', true);
      if (x < u.bbox.left || x > u.bbox.left + u.bbox.width) continue;
      ctx.strokeStyle = COLORS.split;
      ctx.setLineDash([2 * devicePixelRatio, 3 * devicePixelRatio]);
      ctx.lineWidth = devicePixelRatio;
      ctx.beginPath();
      ctx.moveTo(x, top);
      ctx.lineTo(x, top + height);
      ctx.stroke();
      if (pane === 'signal') {
        ctx.setLineDash([]);
        ctx.fillStyle = COLORS.split;
        ctx.font = `${11 * devicePixelRatio}px system-ui, sans-serif`;
        ctx.fillText(start.split + ' split →', x + 4 * devicePixelRatio, top + 12 * devicePixelRatio);
      }
    }
    ctx.restore();
    this.drawn[pane] = drawn;
    this.publish();
  }

  /** The band: one row of alarm windows (events), one of labels. */
  drawBand(u) {
    const ctx = u.ctx;
    const rowHeight = u.bbox.height / 2;
    const events = [];
    const labels = [];
    ctx.save();
    for (const event of this.events) {
      const px = span(u, event.from, event.to);
      if (!px) continue;
      ctx.fillStyle = COLORS.event;
      ctx.globalAlpha = event.id === this.selected ? 1 : 0.7;
      ctx.fillRect(px[0], u.bbox.top + 3, px[1] - px[0], rowHeight - 6);
      events.push({ id: event.id, x0: px[0] / devicePixelRatio, x1: px[1] / devicePixelRatio });
    }
    ctx.globalAlpha = 1;
    for (const label of this.labels) {
      const px = span(u, label.from, label.to);
      if (!px) continue;
      ctx.fillStyle = COLORS.label;
      ctx.fillRect(px[0], u.bbox.top + rowHeight + 3, px[1] - px[0], rowHeight - 6);
      labels.push({ id: label.id, labelClass: label.labelClass, x0: px[0] / devicePixelRatio, x1: px[1] / devicePixelRatio });
    }
    ctx.restore();
    this.drawn.events = events;
    this.drawn.labels = labels;
    this.publish();
  }

  /** What the chart shows, for the browser test (window.__console.chart). */
  publish() {
    const [signal] = this.plots;
    window.__console.chart = {
      points: signal ? signal.data[0].length - this.splitStarts.length : 0,
      firstTime: signal ? signal.data[0][0] : null,
      lastTime: signal ? signal.data[0][signal.data[0].length - 1] : null,
      from: this.range ? this.range.from : null,
      to: this.range ? this.range.to : null,
      events: this.events.map(e => e.id),
      labels: this.labels.length,
      selected: this.selected,
      drawn: this.drawn,
    };
  }

  zoomed(u) {
    if (u.select.width < 3) return;
    const from = u.posToVal(u.select.left, 'x');
    const to = u.posToVal(u.select.left + u.select.width, 'x');
    u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
    this.zoomedAt = Date.now(); // the mouseup that ends a drag also clicks: not a pick
    for (const plot of this.plots) plot.setScale('x', { min: from, max: to });
    this.onRange(Math.floor(from), Math.ceil(to));
  }

  clicked(u) {
    if (u.cursor.left === undefined || u.cursor.left < 0 || Date.now() - (this.zoomedAt || 0) < 300) return;
    const tolerance = 3;
    const at = u.posToVal(u.cursor.left, 'x');
    const near = u.posToVal(u.cursor.left + tolerance, 'x') - at;
    const hit = this.events.filter(e => e.from - near <= at && at <= e.to + near)
      .sort((a, b) => (a.to - a.from) - (b.to - b.from))[0];
    if (hit) this.onPick(hit.id);
  }
}
