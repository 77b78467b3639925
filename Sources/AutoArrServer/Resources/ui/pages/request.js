// Request: a chat-style box for plain-language requests, candidates as cards, choosing quality and instance,
// confirming, then the request's live timeline through to "available".
import { api, h, fill, badge, when, attempt, onEvent, debounce } from '/ui/app.js';

export async function mount(main, { params }) {
  const services = (await attempt(() => api('GET', '/services'))) || { services: [] };
  const arrs = (services.services || []).filter((s) => s.kind === 'sonarr' || s.kind === 'radarr');
  const chat = h('div', { class: 'chat', id: 'chat', 'aria-live': 'polite' });
  const input = h('input', { class: 'form-control', id: 'query', name: 'query', autocomplete: 'off', required: true,
    placeholder: 'add the new Dune movie in 4K · Severance season 2 · The Office' });
  const instance = h('select', { class: 'form-select', id: 'instance', name: 'instance' },
    h('option', { value: '' }, 'Choose for me'), arrs.map((s) => h('option', { value: s.name }, `${s.name} (${s.kind})`)));
  const form = h('form', { class: 'panel', onsubmit: async (event) => {
    event.preventDefault();
    const query = input.value.trim();
    if (!query) return;
    chat.append(h('div', { class: 'bubble me' }, query));
    input.value = '';
    const reply = h('div', { class: 'bubble' }, 'Looking it up…');
    chat.append(reply);
    const created = await attempt(() => api('POST', '/requests', { query, instance: instance.value || undefined }), reply);
    if (created) show(reply, created);
  } },
  h('div', { class: 'row g-2 align-items-end' },
    h('div', { class: 'col-12 col-md-8' }, h('label', { for: 'query', class: 'form-label' }, 'What would you like?'), input),
    h('div', { class: 'col-8 col-md-3' }, h('label', { for: 'instance', class: 'form-label' }, 'Instance'), instance),
    h('div', { class: 'col-4 col-md-1' }, h('button', { class: 'btn btn-primary w-100', type: 'submit' }, 'Ask'))));

  fill(main, h('h1', {}, 'Request'),
    arrs.length ? null : h('p', { class: 'empty' }, 'Connect Sonarr or Radarr in ', h('a', { href: '#/settings' }, 'Settings'), ' to make requests.'),
    chat, form);
  input.focus();

  if (params.get('id')) {
    const existing = await attempt(() => api('GET', `/requests/${encodeURIComponent(params.get('id'))}`), chat);
    if (existing) { chat.append(h('div', { class: 'bubble me' }, existing.query)); const reply = h('div', { class: 'bubble' }); chat.append(reply); show(reply, existing); }
  }
  return () => { for (const off of followers) off(); followers.length = 0; };
}

const followers = [];

/** Renders a request in a reply bubble: its candidates to choose from, or its timeline. */
function show(reply, request) {
  if (request.status === 'awaiting_choice' && request.candidates.length) {
    const question = request.note
      ? request.note.charAt(0).toUpperCase() + request.note.slice(1)
      : `I found ${request.candidates.length === 1 ? 'one match' : request.candidates.length + ' matches'} for “${request.parsed.title || request.query}”. ${request.candidates.length === 1 ? 'Is it this one?' : 'Which one?'}`;
    // An upgrade offer is about the one title already chosen; otherwise every candidate is a choice.
    const offered = request.upgradeProfileId && request.chosen ? [request.chosen] : request.candidates;
    fill(reply, h('p', { class: 'request-question' }, question),
      h('div', { class: 'cards' }, offered.map((candidate) => card(reply, request, candidate))));
    return;
  }
  follow(reply, request);
}

/** A poster, or when there is none or it cannot load (no internet, a dead link), a placeholder naming the title. */
function poster(candidate) {
  const placeholder = () => h('div', { class: 'candidate-img poster-placeholder', role: 'img', 'aria-label': `No poster for ${candidate.title}` },
    h('span', {}, candidate.title), candidate.year ? h('small', {}, String(candidate.year)) : null);
  if (!candidate.posterURL) return placeholder();
  const image = h('img', { src: candidate.posterURL, alt: `Poster of ${candidate.title}${candidate.year ? ' (' + candidate.year + ')' : ''}`, loading: 'lazy',
    onerror: () => image.replaceWith(placeholder()) });
  return image;
}

function card(reply, request, candidate) {
  const upgrade = request.upgradeProfileId && request.chosen && request.chosen.id === candidate.id;
  const choose = h('button', { class: 'btn btn-sm btn-primary', type: 'button', 'data-candidate': candidate.id,
    onclick: () => (upgrade ? confirmUpgrade(reply, request, body) : choosing(reply, request, candidate, body, choose)) }, upgrade ? 'Switch and search' : 'Choose');
  const body = h('div', { class: 'flex-grow-1' },
    h('strong', {}, candidate.title), candidate.year ? ` (${candidate.year})` : '',
    h('div', { class: 'muted small' }, [candidate.type === 'tv' ? 'Series' : 'Movie', candidate.company, candidate.instance].filter(Boolean).join(' · ')),
    h('p', { class: 'overview mb-1' }, candidate.overview || ''),
    candidate.libraryId ? h('div', { class: 'small' }, badge('ok', 'in your library')) : null, choose);
  return h('article', { class: 'candidate' }, poster(candidate), body);
}

/** The upgrade offered for a title already in the library: one confirmation switches its profile and searches. */
async function confirmUpgrade(reply, request, body) {
  const error = body.querySelector('.confirm-error') || body.appendChild(h('div', { class: 'confirm-error' }));
  const confirmed = await attempt(() => api('POST', `/requests/${request.id}/confirm`, {}), error);
  if (confirmed) follow(reply, confirmed);
}

/** Quality profile for the chosen candidate's instance, then confirm. Choosing again only brings the choice back. */
async function choosing(reply, request, candidate, body, button) {
  const open = body.querySelector('.confirm-block');
  if (open) { open.querySelector('select').focus(); return; }
  button.disabled = true;
  const profiles = await attempt(() => api('GET', `/requests/qualityprofiles?instance=${encodeURIComponent(candidate.instance)}`), body);
  button.disabled = false;
  if (!profiles || body.querySelector('.confirm-block')) return;
  const select = h('select', { class: 'form-select form-select-sm', id: `quality-${candidate.id}` },
    h('option', { value: '' }, 'As requested'), profiles.items.map((p) => h('option', { value: p.id }, p.name)));
  const error = h('div');
  body.append(h('div', { class: 'mt-2 confirm-block' }, h('label', { for: `quality-${candidate.id}`, class: 'form-label small' }, 'Quality'), select,
    h('button', { class: 'btn btn-sm btn-primary mt-2', type: 'button', id: `confirm-${candidate.id}`, onclick: async () => {
      const confirmed = await attempt(() => api('POST', `/requests/${request.id}/confirm`,
        { candidateId: candidate.id, qualityProfileId: select.value ? Number(select.value) : undefined }), error);
      if (confirmed) follow(reply, confirmed);
    } }, 'Confirm'), error));
  select.focus();
}

/** The request's timeline, kept current from its events. */
function follow(reply, request) {
  const render = (r) => {
    const title = r.chosen ? `${r.chosen.title}${r.chosen.year ? ' (' + r.chosen.year + ')' : ''}` : r.query;
    fill(reply, h('p', { class: 'mb-1' }, h('strong', {}, title), ' ', badge(r.status), r.instance ? h('span', { class: 'muted' }, ` in ${r.instance}`) : ''),
      r.error ? h('p', { class: 'error-text' }, r.error) : null,
      r.status === 'failed' ? h('button', { class: 'btn btn-sm btn-outline-primary mb-2', type: 'button', id: `retry-${r.id}`, onclick: async () => {
        const again = await attempt(() => api('POST', `/requests/${r.id}/retry`), reply);
        if (again) show(reply, again);
      } }, 'Try again') : null,
      h('ol', { class: 'timeline', 'data-request': r.id }, (r.timeline || []).map((step) => h('li', {},
        h('div', {}, step.message), h('small', { class: 'muted' }, `${step.type} · ${when(step.timestamp)}`)))));
  };
  const refresh = debounce(async () => { const latest = await attempt(() => api('GET', `/requests/${request.id}`)); if (latest) render(latest); }, 300);
  refresh();
  render(request);
  followers.push(onEvent(['request.'], (event) => { if (event.correlationId === request.correlationId) refresh(); }));
}
