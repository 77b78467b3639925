// Downloads: the unified queue, history and failed lists, filtered by client and state, with retry, pause, resume,
// remove (optionally blocklisting), and each failure's recovery attempts.
import { api, h, fill, table, badge, bytes, ago, when, attempt, toast, onEvent, debounce } from '/ui/app.js';

export async function mount(main, { params }) {
  let tab = params.get('tab') || 'queue';
  const client = h('select', { class: 'form-select form-select-sm', id: 'filter-client' }, h('option', { value: '' }, 'All clients'));
  const state = h('select', { class: 'form-select form-select-sm', id: 'filter-state' }, h('option', { value: '' }, 'All states'));
  const list = h('div', { class: 'panel', id: 'download-list' });
  const tabs = h('div', { class: 'tabs', role: 'tablist', 'aria-label': 'Download lists' },
    [['queue', 'Queue'], ['history', 'History'], ['failed', 'Failed']].map(([id, label]) => h('button', {
      class: 'btn btn-sm btn-outline-secondary', role: 'tab', type: 'button', id: `tab-${id}`, 'aria-selected': String(id === tab),
      onclick: () => { tab = id; for (const b of tabs.children) b.setAttribute('aria-selected', String(b.id === `tab-${id}`)); load(); } }, label)));
  fill(main, h('h1', {}, 'Downloads'), tabs,
    h('div', { class: 'filters' }, h('div', {}, h('label', { for: 'filter-client', class: 'form-label small' }, 'Client'), client),
      h('div', {}, h('label', { for: 'filter-state', class: 'form-label small' }, 'State'), state)),
    list);
  client.addEventListener('change', () => load());
  state.addEventListener('change', () => load());

  const choices = (select, values) => {
    const current = select.value;
    fill(select, select.firstChild, ...[...new Set(values.filter(Boolean))].sort().map((v) => h('option', { value: v }, v)));
    select.value = current;
  };

  async function load() {
    if (tab === 'failed') return failed();
    const data = await attempt(() => api('GET', tab === 'queue' ? '/downloads' : '/downloads/history'), list);
    if (!data) return;
    choices(client, data.items.map((d) => d.client || d.arr));
    choices(state, data.items.map((d) => d.state || d.arrStatus));
    const items = data.items.filter((d) => (!client.value || d.client === client.value || d.arr === client.value)
      && (!state.value || d.state === state.value || d.arrStatus === state.value));
    fill(list, items.length ? table(['Title', 'Client', 'State', 'Progress', 'Size', '*arr', 'Actions'], items.map(row),
      { extra: 'align-middle', narrow: ['Client', 'Size', '*arr'] })
      : h('p', { class: 'empty' }, data.items.length ? 'Nothing matches these filters.' : tab === 'queue'
        ? 'Nothing is downloading. Requests you make appear here as soon as a client takes them.' : 'No finished downloads yet.'));
  }

  function row(d) {
    const percent = Math.round((d.progress || 0) * 100);
    const act = (label, method, path, confirmText) => h('button', { class: 'btn btn-sm btn-outline-secondary', type: 'button',
      'aria-label': `${label} ${d.title}`, onclick: async () => {
        if (confirmText && !confirm(confirmText)) return;
        const done = await attempt(() => api(method, path));
        if (done) { toast(done.done || `${label}: done`, true); load(); }
      } }, label);
    const id = encodeURIComponent(d.downloadId);
    const can = (action) => (d.actions || []).includes(action);
    return h('tr', { 'data-download': d.downloadId },
      h('td', { class: 'text-break' }, d.title, d.failure ? h('div', {}, badge('failed', d.failure)) : null,
        d.arrMessages.length ? h('div', { class: 'small muted' }, d.arrMessages.join(' · ')) : null),
      h('td', { class: 'hide-narrow' }, d.client || ''), h('td', {}, badge(d.state || d.arrStatus || 'unknown')),
      h('td', {}, h('div', { class: 'progress', role: 'progressbar', 'aria-label': 'Progress', 'aria-valuenow': percent, 'aria-valuemin': 0, 'aria-valuemax': 100 },
        h('div', { class: 'progress-bar', style: `width: ${percent}%` })), h('small', { class: 'muted' }, `${percent}%`)),
      h('td', { class: 'hide-narrow' }, bytes(d.sizeBytes)), h('td', { class: 'hide-narrow' }, d.arr ? `${d.arr}: ${d.trackedDownloadState || d.arrStatus || ''}` : ''),
      // Only what its state allows: the server says which.
      h('td', {}, h('div', { class: 'actions' },
        can('retry') ? act('Retry', 'POST', `/downloads/${id}/retry`) : null,
        can('pause') ? act('Pause', 'POST', `/downloads/${id}/pause`) : null,
        can('resume') ? act('Resume', 'POST', `/downloads/${id}/resume`) : null,
        can('remove') ? act('Remove', 'DELETE', `/downloads/${id}`, `Remove ${d.title} and its files from ${d.client}?`) : null,
        can('blocklist') ? act('Blocklist', 'DELETE', `/downloads/${id}?blocklist=true`, `Blocklist this release in ${d.arr} and search for another?`) : null)));
  }

  async function failed() {
    const data = await attempt(() => api('GET', '/downloads/failed'), list);
    if (!data) return;
    choices(client, data.items.map((f) => f.client));
    choices(state, data.items.map((f) => f.status));
    const items = data.items.filter((f) => (!client.value || f.client === client.value) && (!state.value || f.status === state.value));
    fill(list, items.length ? h('div', {}, items.map((f) => h('details', { class: 'finding', 'data-download': f.downloadId },
      h('summary', {}, h('strong', {}, f.title), ' ', badge(f.status), ' ', h('span', { class: 'muted' }, `${f.kind} · ${f.client} · ${ago(f.lastSeen)}`)),
      f.note ? h('p', { class: 'mt-2 mb-1' }, f.note.charAt(0).toUpperCase() + f.note.slice(1),
        f.waitingSince && f.status === 'waiting' ? h('span', { class: 'muted' }, ` (since ${ago(f.waitingSince)})`) : null) : null,
      f.attempts.length ? h('ol', { class: 'timeline mt-2' }, f.attempts.map((a) => h('li', {},
        h('div', {}, `${a.strategy} `, badge(a.status), ' ', a.detail || ''), h('small', { class: 'muted' }, when(a.createdAt)))))
        : h('p', { class: 'muted mt-2' }, f.note ? 'AutoArr sent nothing: it watched what the *arr did.' : 'No attempt yet.'),
      h('a', { href: `#/activity?correlationId=${encodeURIComponent(f.correlationId)}` }, 'Whole trail in the activity log'))))
      : h('p', { class: 'empty' }, 'No failed downloads.'));
  }

  await load();
  const off = onEvent(['download.', 'recovery.'], debounce(load, 500));
  return off;
}
