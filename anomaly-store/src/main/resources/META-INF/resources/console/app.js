// The console's shell: sign-in, hash routing (#/, #/anomalies?..., #/channel/<id>?...), the live stream.
import { followStream, session } from './api.js';
import { fill, h } from './dom.js';
import { reportError, showMessage } from './messages.js';
import { OverviewView } from './overview.js';
import { AnomalyListView } from './list.js';
import { ChannelView } from './channel.js';

const main = document.getElementById('view');
const live = document.getElementById('live');
const who = document.getElementById('who');
const signOutButton = document.getElementById('sign-out');

let view = null;
let stopStream = null;

/** State the browser test reads (window.__console); nothing here is needed by the page itself. */
window.__console = { view: null, rendered: false, stream: 'off', streamEvents: 0 };

function parseRoute() {
  const hash = location.hash.replace(/^#/, '') || '/';
  const [path, query] = hash.split('?');
  const params = Object.fromEntries(new URLSearchParams(query || ''));
  const parts = path.split('/').filter(Boolean).map(part => {
    try {
      return decodeURIComponent(part);
    } catch {
      return part; // a stray '%': kept as typed, and refused by the view as not an id
    }
  });
  return { parts, params };
}

function route() {
  if (!session.token()) {
    renderSignIn();
    return;
  }
  const { parts, params } = parseRoute();
  if (view) view.dispose();
  showMessage(null);
  let name;
  if (parts[0] === 'anomalies') {
    name = 'anomalies';
    view = new AnomalyListView(main, params);
  } else if (parts[0] === 'channel' && parts[1]) {
    name = 'channel';
    view = new ChannelView(main, parts[1], params);
  } else {
    name = 'overview';
    view = new OverviewView(main, params);
  }
  window.__console.view = name;
  for (const link of document.querySelectorAll('[data-nav]')) {
    if (link.dataset.nav === name) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  // A view left while it loads is disposed: what its render still throws (an aborted call) is not the new view's.
  const current = view;
  window.__console.rendered = false;
  current.render().then(() => {
    if (view === current) window.__console.rendered = true;
  }, error => {
    if (view === current) reportError(error);
  });
}

function renderSignIn(reason) {
  stopLive();
  if (window.__console.view === 'sign-in' && document.getElementById('token')) {
    // Several calls refused at once (the view's and the stream's): one form, the latest reason.
    if (reason) showMessage(reason);
    return;
  }
  if (view) view.dispose();
  view = null;
  window.__console.view = 'sign-in';
  who.textContent = '';
  signOutButton.hidden = true;
  showMessage(reason || null);
  const input = h('textarea', { id: 'token', name: 'token', rows: 4, required: true, autocomplete: 'off', spellcheck: 'false',
    'aria-describedby': 'token-help' });
  const form = h('form', { class: 'sign-in', onsubmit: event => {
    event.preventDefault();
    const token = input.value.trim();
    if (!token) return;
    session.signIn(token);
    showMessage(null);
    start();
  } },
  h('h2', {}, 'Sign in'),
  h('label', { for: 'token' }, 'Bearer token'),
  input,
  h('p', { id: 'token-help', class: 'hint' },
    'Paste a token with role viewer (read) or operator (read and record verdicts). It is kept in this tab only ',
    '(sessionStorage) and sent as the Authorization header. The local pipeline writes tokens to ',
    h('code', {}, 'target/local-pipeline/tokens/'), '.'),
  h('button', { type: 'submit' }, 'Sign in'));
  fill(main, form);
  input.focus();
}

function signOut(reason) {
  session.signOut();
  renderSignIn(reason);
}

function stopLive() {
  if (stopStream) stopStream();
  stopStream = null;
  window.__console.stream = 'off';
  live.textContent = '';
  live.className = 'live';
}

const STATUS_TEXT = { connecting: 'connecting…', live: 'live', reconnecting: 'reconnecting…', refused: 'live updates refused' };

function startLive() {
  stopLive();
  stopStream = followStream((name, data) => {
    window.__console.streamEvents++;
    if (view && view.onStreamEvent) view.onStreamEvent(name, data);
  }, (status, error) => {
    window.__console.stream = status;
    live.textContent = STATUS_TEXT[status] || status;
    live.className = 'live is-' + status;
    if (status === 'refused') {
      if (error.status === 401) signOut(error.message);
      else showMessage('Live updates: ' + error.message);
    }
  });
}

function start() {
  const claims = session.claims();
  if (claims) {
    const name = claims.upn || claims.preferred_username || claims.sub || 'unknown';
    const roles = Array.isArray(claims.groups) ? claims.groups.join(', ') : 'no roles';
    who.textContent = `${name} (${roles})`;
  } else {
    who.textContent = 'token set';
  }
  signOutButton.hidden = false;
  startLive();
  route();
}

signOutButton.addEventListener('click', () => signOut());
window.addEventListener('console:unauthorized', event => signOut(event.detail));
window.addEventListener('hashchange', () => {
  if (session.token()) route();
});

if (session.token()) start();
else renderSignIn();
