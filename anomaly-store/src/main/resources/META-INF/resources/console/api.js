// The store's REST API as the console uses it: bearer token from sessionStorage, problem+json errors, and the
// live stream read with fetch() (EventSource cannot send an Authorization header).

const TOKEN_KEY = 'telemetry-console.token';

/** The bearer token pasted at sign-in, kept for this browser tab only. */
export const session = {
  token() {
    return sessionStorage.getItem(TOKEN_KEY);
  },
  signIn(token) {
    sessionStorage.setItem(TOKEN_KEY, token.trim().replace(/^Bearer\s+/i, ''));
  },
  signOut() {
    sessionStorage.removeItem(TOKEN_KEY);
  },
  /** The token's claims, decoded for display only (the store verifies the signature, not the page). */
  claims() {
    const token = this.token();
    if (!token) return null;
    try {
      const payload = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
      const json = decodeURIComponent(Array.from(atob(payload), c => '%' + c.charCodeAt(0).toString(16).padStart(2, '0')).join(''));
      return JSON.parse(json);
    } catch {
      return null;
    }
  },
};

/** A refused or failed request: HTTP status (0 when the store could not be reached) and its problem body. */
export class ApiError extends Error {
  constructor(status, problem, message) {
    super(message);
    this.status = status;
    this.problem = problem;
  }
}

function describe(status, statusText, problem) {
  const detail = problem && (problem.detail || problem.title);
  switch (status) {
    case 401:
      return 'Not signed in: the store refused the token (401 Unauthorized)' + (detail ? ': ' + detail : '') +
        '. Paste a valid token.';
    case 403:
      return 'This token is not allowed to do that (403 Forbidden)' + (detail ? ': ' + detail : '') +
        '. Reading needs role viewer or operator; verdicts need operator.';
    default: {
      const title = (problem && problem.title) || statusText || 'Error';
      let text = `${status} ${title}`;
      if (problem && problem.detail && problem.detail !== title) text += ': ' + problem.detail;
      return text;
    }
  }
}

/** Calls the API; resolves to the JSON body, rejects with an ApiError. */
export async function api(path, { method = 'GET', params, body, signal } = {}) {
  const url = new URL(path, document.baseURI);
  for (const [name, value] of Object.entries(params || {})) {
    if (value !== undefined && value !== null && value !== '') url.searchParams.set(name, value);
  }
  const headers = { Accept: 'application/json' };
  const token = session.token();
  if (token) headers.Authorization = 'Bearer ' + token;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let response;
  try {
    response = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal, cache: 'no-store' });
  } catch (error) {
    if (error.name === 'AbortError') throw error;
    throw new ApiError(0, null, 'The store cannot be reached (' + error.message + ')');
  }
  if (!response.ok) {
    let problem = null;
    try {
      problem = await response.json();
    } catch {
      // not a JSON body
    }
    throw new ApiError(response.status, problem, describe(response.status, response.statusText, problem));
  }
  return response.status === 204 ? null : response.json();
}

const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));

/**
 * Follows GET /anomalies/stream: calls onEvent(name, data) for each server-sent event (data parsed as JSON) and
 * onStatus('connecting' | 'live' | 'reconnecting' | 'refused', detail); reconnects with back-off until the returned
 * function is called. A 401/403 stops it (onStatus('refused', ApiError)).
 */
export function followStream(onEvent, onStatus) {
  const controller = new AbortController();
  let stopped = false;
  (async () => {
    let delay = 1000;
    while (!stopped) {
      onStatus('connecting');
      try {
        const token = session.token();
        const response = await fetch(new URL('anomalies/stream', document.baseURI), {
          headers: { Accept: 'text/event-stream', Authorization: 'Bearer ' + token },
          signal: controller.signal,
          cache: 'no-store',
        });
        if (response.status === 401 || response.status === 403) {
          let problem = null;
          try {
            problem = await response.json();
          } catch {
            // not JSON
          }
          onStatus('refused', new ApiError(response.status, problem, describe(response.status, response.statusText, problem)));
          return;
        }
        if (!response.ok || !response.body) throw new Error('HTTP ' + response.status);
        onStatus('live');
        delay = 1000;
        await readEvents(response.body, onEvent);
      } catch (error) {
        if (stopped) return;
      }
      if (stopped) return;
      onStatus('reconnecting');
      await sleep(delay);
      delay = Math.min(delay * 2, 30000);
    }
  })();
  return () => {
    stopped = true;
    controller.abort();
  };
}

/** Parses a text/event-stream body (WHATWG rules for event, data and comment lines). */
async function readEvents(body, onEvent) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  let name = '';
  let data = [];
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value;
    let end;
    while ((end = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, end).replace(/\r$/, '');
      buffer = buffer.slice(end + 1);
      if (line === '') {
        if (data.length) {
          const text = data.join('\n');
          let parsed = text;
          try {
            parsed = JSON.parse(text);
          } catch {
            // keep the text
          }
          try {
            onEvent(name || 'message', parsed);
          } catch (error) {
            console.error('stream event handler failed', error);
          }
        }
        name = '';
        data = [];
      } else if (!line.startsWith(':')) {
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        const fieldValue = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'event') name = fieldValue;
        else if (field === 'data') data.push(fieldValue);
      }
    }
  }
}
