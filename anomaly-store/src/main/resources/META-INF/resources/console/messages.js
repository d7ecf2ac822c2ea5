// The message line above the view, and what every view does with a failed call.
import { ApiError } from './api.js';

const message = document.getElementById('message');

/** Shows a message above the view (role=alert: screen readers announce it); null hides it. */
export function showMessage(text, kind = 'error') {
  if (!text) {
    message.hidden = true;
    message.textContent = '';
    return;
  }
  message.className = 'message ' + kind;
  message.textContent = text;
  message.hidden = false;
}

/** A 401 asks for a token again (the shell listens for 'console:unauthorized'); anything else is shown. */
export function reportError(error) {
  if (error && error.name === 'AbortError') return;
  if (error instanceof ApiError && error.status === 401) {
    window.dispatchEvent(new CustomEvent('console:unauthorized', { detail: error.message }));
    return;
  }
  showMessage(error instanceof Error ? error.message : String(error));
}
