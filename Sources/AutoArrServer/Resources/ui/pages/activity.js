// Activity: the log filtered by instance, type, severity and time; a correlation id shows its whole chain.
import { api, h, fill, badge, when, attempt, onEvent, debounce } from '/ui/app.js';

const types = ['request.', 'download.', 'recovery.', 'audit.', 'config.', 'service.', 'auth.', 'system.'];

export async function mount(main, { params }) {
  const services = (await attempt(() => api('GET', '/services'))) || { services: [] };
  const field = (id, label, control) => h('div', {}, h('label', { for: id, class: 'form-label small' }, label), control);
  const instance = h('select', { class: 'form-select form-select-sm', id: 'f-instance' }, h('option', { value: '' }, 'All'),
    services.services.map((s) => h('option', { value: s.name }, s.name)));
  const type = h('select', { class: 'form-select form-select-sm', id: 'f-type' }, h('option', { value: '' }, 'All'),
    types.map((t) => h('option', { value: t + '*' }, t.slice(0, -1))));
  const severity = h('select', { class: 'form-select form-select-sm', id: 'f-severity' }, h('option', { value: '' }, 'All'),
    h('option', { value: 'warning,error' }, 'Warnings and errors'), h('option', { value: 'error' }, 'Errors'), h('option', { value: 'info' }, 'Info'));
  const since = h('input', { class: 'form-control form-control-sm', id: 'f-since', type: 'datetime-local' });
  const until = h('input', { class: 'form-control form-control-sm', id: 'f-until', type: 'datetime-local' });
  const chain = h('div', { id: 'chain' });
  const list = h('ul', { class: 'feed', id: 'activity-list', 'aria-live': 'polite' });
  const more = h('button', { class: 'btn btn-sm btn-outline-secondary mt-2', type: 'button', hidden: true, onclick: () => load(true) }, 'Older');
  let cursor, correlationId = params.get('correlationId') || '';
  const status = h('div');

  fill(main, h('h1', {}, 'Activity'),
    h('form', { class: 'filters', onsubmit: (event) => { event.preventDefault(); load(); }, onchange: () => load() },
      field('f-instance', 'Instance', instance), field('f-type', 'Type', type), field('f-severity', 'Severity', severity),
      field('f-since', 'Since', since), field('f-until', 'Until', until)),
    chain, h('section', { class: 'panel' }, status, list, more));

  async function load(older = false) {
    const query = new URLSearchParams({ limit: '50' });
    if (instance.value) query.set('instance', instance.value);
    if (type.value) query.set('type', type.value);
    if (severity.value) query.set('severity', severity.value);
    if (since.value) query.set('since', new Date(since.value).toISOString());
    if (until.value) query.set('until', new Date(until.value).toISOString());
    if (correlationId) query.set('correlationId', correlationId);
    if (older && cursor) query.set('cursor', cursor);
    const data = await attempt(() => api('GET', `/activity?${query}`), status);
    if (!data) return;
    fill(status, );
    cursor = data.nextCursor;
    more.hidden = !cursor;
    fill(chain, correlationId ? h('p', { class: 'panel' }, 'Showing one chain: ', h('code', {}, correlationId), ' ',
      h('button', { class: 'btn btn-sm btn-outline-secondary', type: 'button', id: 'clear-chain', onclick: () => { correlationId = ''; load(); } }, 'Show everything')) : '');
    const items = data.items.map((e) => h('li', { 'data-type': e.type },
      h('time', { datetime: e.timestamp }, when(e.timestamp)), badge(e.severity, e.type), ' ', e.instance ? h('span', { class: 'muted' }, `${e.instance} · `) : '',
      e.message, ' ',
      h('button', { class: 'btn btn-link btn-sm p-0 mono', type: 'button', 'aria-label': `Show the chain ${e.correlationId}`,
        onclick: () => { correlationId = e.correlationId; load(); } }, e.correlationId.slice(0, 8))));
    if (older) list.append(...items); else fill(list, ...items);
    if (!list.children.length) fill(list, h('li', { class: 'empty' }, 'Nothing matches these filters.'));
  }

  await load();
  return onEvent([''], debounce(() => { if (!cursor || list.children.length < 50) load(); }, 800));
}
