// AutoArr's web UI shell: the API client, the live event socket, the router, the theme, and login/first-run setup.
// Pages are ES modules in /ui/pages/ exporting `mount(main, ctx)`, which may return an unmount function.

/** An API error, with the server's message and the field it names. */
export class APIError extends Error {
  constructor(status, message, field) { super(message); this.status = status; this.field = field; }
}

/** Calls the REST API. Throws APIError with the server's words; a 401 outside the auth routes shows the login page. */
export async function api(method, path, body) {
  const options = { method, credentials: 'same-origin', headers: {} };
  if (body !== undefined) { options.headers['Content-Type'] = 'application/json'; options.body = JSON.stringify(body); }
  let response;
  try { response = await fetch('/api/v1' + path, options); } catch { throw new APIError(0, 'AutoArr is not reachable. Is it running?'); }
  if (response.status === 204) return null;
  const text = await response.text();
  let data = null;
  try { data = text ? JSON.parse(text) : null; } catch { data = null; }
  if (!response.ok) {
    if (response.status === 401 && !path.startsWith('/auth/')) { showAuth(); }
    const error = data && data.error;
    throw new APIError(response.status, (error && error.message) || `HTTP ${response.status}`, error && error.field);
  }
  return data;
}

/** Builds an element: h('button', {class: 'btn', onclick: f}, 'text', child…). Text is always text, never HTML. */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') element.addEventListener(key.slice(2), value);
    else if (key === 'class') element.className = value;
    else if (value === true) element.setAttribute(key, '');
    else element.setAttribute(key, String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

/**
 * A table of `rows` under `columns`. On a phone each row becomes a card, its cells labelled with their column's name;
 * columns named in `narrow` hide there.
 */
export function table(columns, rows, { extra = '', narrow = [] } = {}) {
  for (const row of rows) [...row.children].forEach((cell, index) => { if (columns[index]) cell.dataset.label = columns[index]; });
  return h('div', { class: 'table-wrap' }, h('table', { class: `table table-sm table-cards ${extra}`.trim() },
    h('thead', {}, h('tr', {}, columns.map((column) => h('th', { scope: 'col', class: narrow.includes(column) ? 'hide-narrow' : undefined }, column)))),
    h('tbody', {}, rows)));
}

/** Replaces an element's children, flattening arrays and skipping null, undefined and false. */
export function fill(element, ...children) {
  element.replaceChildren(...children.flat(Infinity).filter((child) => child !== null && child !== undefined && child !== false)
    .map((child) => child instanceof Node ? child : document.createTextNode(String(child))));
  return element;
}

/** Shows a message for a few seconds; errors stay until dismissed or replaced. */
export function toast(message, ok = false) {
  const box = document.getElementById('toasts');
  const item = h('div', { class: 'toast-msg' + (ok ? ' ok' : '') }, message, ' ',
    h('button', { class: 'btn btn-sm btn-link p-0 ms-2', type: 'button', onclick: () => item.remove(), 'aria-label': 'Dismiss' }, 'Dismiss'));
  box.append(item);
  setTimeout(() => item.remove(), ok ? 4000 : 12000);
}

/** Runs `work`, showing any error in words (and returning undefined). */
export async function attempt(work, where) {
  try { return await work(); } catch (error) {
    const text = error instanceof APIError ? error.message + (error.field ? ` (${error.field})` : '') : String(error.message || error);
    if (where) fill(where, h('p', { class: 'error-text', role: 'alert' }, text)); else toast(text);
    return undefined;
  }
}

export const badge = (state, text) => h('span', { class: `badge-state s-${String(state).replace(/[^a-z_]/gi, '_')}` }, text ?? state);
export const when = (iso) => iso ? new Date(iso).toLocaleString() : '';
export const ago = (iso) => {
  if (!iso) return '';
  const seconds = Math.round((Date.now() - new Date(iso).getTime()) / 1000);
  if (seconds < 60) return `${Math.max(seconds, 0)} s ago`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min ago`;
  if (seconds < 86400) return `${Math.round(seconds / 3600)} h ago`;
  return new Date(iso).toLocaleDateString();
};
export const bytes = (n) => {
  if (n === undefined || n === null) return '';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = n, unit = 0;
  while (value >= 1024 && unit < units.length - 1) { value /= 1024; unit++; }
  return `${value.toFixed(unit ? 1 : 0)} ${units[unit]}`;
};
/** A JSON value as short text. */
export const show = (value) => value === undefined || value === null ? 'unset' : typeof value === 'string' ? `"${value}"` : JSON.stringify(value);

// ---------------------------------------------------------------- live events

const listeners = new Set();
let socket, retry = 1000;

/** Calls `handler(event)` for every live event whose type starts with one of `prefixes`. Returns an unsubscribe. */
export function onEvent(prefixes, handler) {
  const entry = { prefixes, handler };
  listeners.add(entry);
  return () => listeners.delete(entry);
}

function setLive(on, text) {
  const live = document.getElementById('live');
  live.classList.toggle('on', on);
  live.textContent = text;
}

function connect() {
  if (socket && socket.readyState <= 1) return;
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  socket = new WebSocket(`${scheme}://${location.host}/api/v1/ws`);
  socket.onopen = () => { retry = 1000; setLive(true, 'live'); };
  socket.onmessage = (message) => {
    let event;
    try { event = JSON.parse(message.data); } catch { return; }
    if (!event.type || event.type === 'hello') return;
    for (const { prefixes, handler } of listeners) {
      if (prefixes.some((prefix) => event.type.startsWith(prefix))) handler(event);
    }
  };
  socket.onclose = () => {
    setLive(false, `reconnecting in ${Math.round(retry / 1000)} s`);
    setTimeout(connect, retry);
    retry = Math.min(retry * 2, 30000);
  };
}

/** Calls `work` at most once per `ms` however many events arrive: pages re-fetch on events. */
export function debounce(work, ms = 400) {
  let timer;
  return (...args) => { clearTimeout(timer); timer = setTimeout(() => work(...args), ms); };
}

// ---------------------------------------------------------------- router

const pages = ['dashboard', 'request', 'downloads', 'audit', 'activity', 'settings'];
let unmount;

async function route() {
  const [name, query] = (location.hash.replace(/^#\/?/, '') || 'dashboard').split('?');
  const page = pages.includes(name) ? name : 'dashboard';
  for (const link of document.querySelectorAll('.nav-links a')) {
    if (link.dataset.page === page) link.setAttribute('aria-current', 'page'); else link.removeAttribute('aria-current');
  }
  document.getElementById('nav-links').classList.remove('open');
  document.getElementById('nav-toggle').setAttribute('aria-expanded', 'false');
  if (typeof unmount === 'function') unmount();
  unmount = undefined;
  const main = document.getElementById('main');
  fill(main, h('p', { class: 'muted' }, 'Loading…'));
  document.title = `${page[0].toUpperCase()}${page.slice(1)} · AutoArr`;
  const module = await import(`/ui/pages/${page}.js`);
  unmount = await module.mount(main, { params: new URLSearchParams(query || '') });
}

// ---------------------------------------------------------------- login and first-run setup

async function showAuth(state) {
  document.querySelector('.app-header').hidden = true;
  if (socket) { socket.onclose = null; socket.close(); }
  const main = document.getElementById('main');
  let setup = false;
  try { setup = (state || await api('GET', '/auth/setup')).setupRequired; } catch { setup = false; }
  const error = h('div', { 'aria-live': 'polite' });
  const username = h('input', { class: 'form-control', id: 'username', name: 'username', autocomplete: 'username', required: true });
  const password = h('input', { class: 'form-control', id: 'password', name: 'password', type: 'password', required: true,
    autocomplete: setup ? 'new-password' : 'current-password', minlength: setup ? 10 : undefined });
  const form = h('form', { class: 'panel auth-box', onsubmit: async (event) => {
    event.preventDefault();
    const done = await attempt(() => api('POST', setup ? '/auth/setup' : '/auth/login', { username: username.value, password: password.value }), error);
    if (done !== undefined) start();
  } },
  h('h1', {}, setup ? 'Welcome to AutoArr' : 'Log in to AutoArr'),
  setup ? h('p', { class: 'muted' }, 'Create the first account. The password needs at least 10 characters.') : null,
  h('div', { class: 'mb-3' }, h('label', { for: 'username', class: 'form-label' }, 'Username'), username),
  h('div', { class: 'mb-3' }, h('label', { for: 'password', class: 'form-label' }, 'Password'), password),
  error,
  h('button', { class: 'btn btn-primary w-100', type: 'submit' }, setup ? 'Create account' : 'Log in'));
  fill(main, form);
  username.focus();
}

async function start() {
  // Asked without credentials, so a browser that is not signed in sees the login page without a failed request.
  try {
    const state = await api('GET', '/auth/setup');
    if (!state.signedIn) { showAuth(state); return; }
  } catch (error) {
    fill(document.getElementById('main'), h('p', { class: 'error-text', role: 'alert' }, error.message));
    return;
  }
  document.querySelector('.app-header').hidden = false;
  connect();
  await route();
}

// ---------------------------------------------------------------- theme and chrome

function applyTheme(theme) {
  document.documentElement.dataset.theme = theme;
  localStorage.setItem('autoarr-theme', theme);
}

applyTheme(localStorage.getItem('autoarr-theme') || (matchMedia('(prefers-color-scheme: light)').matches ? 'light' : 'dark'));
window.addEventListener('hashchange', () => route());
document.getElementById('theme').addEventListener('click', () => applyTheme(document.documentElement.dataset.theme === 'dark' ? 'light' : 'dark'));
document.getElementById('nav-toggle').addEventListener('click', (event) => {
  const open = document.getElementById('nav-links').classList.toggle('open');
  event.currentTarget.setAttribute('aria-expanded', String(open));
});
document.getElementById('logout').addEventListener('click', async () => {
  await attempt(() => api('POST', '/auth/logout'));
  showAuth();
});
start();
