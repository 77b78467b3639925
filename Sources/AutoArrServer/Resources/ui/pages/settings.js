// Settings: service instances (add, edit, test, remove; secrets masked), language model providers, the API key and
// the account.
import { api, h, fill, table, badge, attempt, toast } from '/ui/app.js';

const kinds = ['sonarr', 'radarr', 'sabnzbd', 'nzbget', 'qbittorrent', 'transmission', 'plex', 'jellyfin'];
const credentialFields = {
  sonarr: ['apiKey'], radarr: ['apiKey'], sabnzbd: ['apiKey'], jellyfin: ['apiKey'], plex: ['token'],
  nzbget: ['username', 'password'], qbittorrent: ['username', 'password'], transmission: ['username', 'password'],
};
const labels = { apiKey: 'API key', token: 'Token', username: 'Username', password: 'Password' };

export async function mount(main) {
  const servicesPanel = h('section', { class: 'panel', 'aria-labelledby': 'h-services' });
  const formPanel = h('section', { class: 'panel', 'aria-labelledby': 'h-service-form' });
  const llmPanel = h('section', { class: 'panel', 'aria-labelledby': 'h-llm' });
  const keyPanel = h('section', { class: 'panel', 'aria-labelledby': 'h-key' });
  fill(main, h('h1', {}, 'Settings'), h('div', { class: 'grid two' }, servicesPanel, formPanel, llmPanel, keyPanel));

  async function loadServices() {
    const [data, ready] = await Promise.all([attempt(() => api('GET', '/services'), servicesPanel), attempt(() => api('GET', '/health/ready'))]);
    if (!data) return;
    // Each service's last known state, from its last test or monitor poll; untested ones are tested once.
    const known = new Map(((ready && ready.instances) || []).map((i) => [i.name, i]));
    const describe = (cell, result) => fill(cell, badge(result.status), result.version ? ` ${result.version}` : '',
      result.error ? h('div', { class: 'small error-text' }, result.error.message)
        : result.latencyMs !== undefined && result.latencyMs !== null ? ` ${Math.round(result.latencyMs)} ms` : '');
    const test = async (service, cell) => {
      fill(cell, 'testing…');
      const result = await attempt(() => api('POST', `/services/${encodeURIComponent(service.name)}/test`), cell);
      if (result) describe(cell, result);
    };
    fill(servicesPanel, h('h2', { id: 'h-services' }, 'Services'),
      data.services.length ? table(['Name', 'Kind', 'URL', 'Status', ''], data.services.map((service) => {
          const status = h('td', { 'data-status': service.name }, '');
          const last = known.get(service.name);
          if (last && last.status !== 'unchecked') describe(status, last); else test(service, status);
          return h('tr', { 'data-service': service.name }, h('td', {}, service.name), h('td', {}, service.kind), h('td', { class: 'text-break hide-narrow' }, service.url), status,
            h('td', {}, h('div', { class: 'actions' },
              h('button', { class: 'btn btn-sm btn-outline-secondary', type: 'button', 'aria-label': `Test ${service.name}`, onclick: () => test(service, status) }, 'Test'),
              service.source === 'api' ? h('button', { class: 'btn btn-sm btn-outline-secondary', type: 'button', 'aria-label': `Edit ${service.name}`,
                onclick: () => edit(service) }, 'Edit') : h('span', { class: 'small muted', title: 'Defined in autoarr.yml or the environment' }, 'from config'),
              service.source === 'api' ? h('button', { class: 'btn btn-sm btn-outline-secondary', type: 'button', 'aria-label': `Remove ${service.name}`,
                onclick: async () => {
                  if (!confirm(`Remove ${service.name} from AutoArr? The service itself is not touched.`)) return;
                  if (await attempt(() => api('DELETE', `/services/${encodeURIComponent(service.name)}`)) !== undefined) { toast(`${service.name} removed`, true); loadServices(); }
                } }, 'Remove') : null)));
        }), { extra: 'align-middle', narrow: ['URL'] })
        : h('p', { class: 'empty' }, 'No services yet. Add Sonarr, Radarr, a download client and Plex with the form.'));
  }

  function edit(existing) {
    const kind = h('select', { class: 'form-select', id: 's-kind', name: 'kind', disabled: !!existing }, kinds.map((k) => h('option', { value: k }, k)));
    if (existing) kind.value = existing.kind;
    const name = h('input', { class: 'form-control', id: 's-name', name: 'name', required: true, value: existing ? existing.name : '', readonly: !!existing,
      pattern: '[a-z0-9][a-z0-9-]*', title: 'lower-case letters, digits and dashes' });
    const url = h('input', { class: 'form-control', id: 's-url', name: 'url', type: 'url', required: true, value: existing ? existing.url : '',
      placeholder: 'http://192.168.1.10:8989' });
    const credentials = h('div');
    const inputs = {};
    const drawCredentials = () => {
      fill(credentials, ...credentialFields[kind.value].map((field) => {
        inputs[field] = h('input', { class: 'form-control', id: `s-${field}`, name: field, type: field === 'username' ? 'text' : 'password',
          autocomplete: 'off', value: existing && existing[field] ? existing[field] : '',
          placeholder: existing && existing[field] === '********' ? 'unchanged' : '' });
        return h('div', { class: 'mb-2' }, h('label', { for: `s-${field}`, class: 'form-label' }, labels[field]), inputs[field]);
      }));
    };
    kind.addEventListener('change', () => { for (const key of Object.keys(inputs)) delete inputs[key]; drawCredentials(); });
    drawCredentials();
    const error = h('div', { 'aria-live': 'polite' });
    fill(formPanel, h('h2', { id: 'h-service-form' }, existing ? `Edit ${existing.name}` : 'Add a service'),
      h('form', { id: 'service-form', onsubmit: async (event) => {
        event.preventDefault();
        const body = { name: name.value.trim(), kind: kind.value, url: url.value.trim() };
        for (const [field, input] of Object.entries(inputs)) if (input.value !== '') body[field] = input.value;
        const saved = await attempt(() => existing ? api('PUT', `/services/${encodeURIComponent(existing.name)}`, body) : api('POST', '/services', body), error);
        if (saved) { toast(`${saved.name} saved`, true); edit(); loadServices(); }
      } },
      h('div', { class: 'mb-2' }, h('label', { for: 's-kind', class: 'form-label' }, 'Kind'), kind),
      h('div', { class: 'mb-2' }, h('label', { for: 's-name', class: 'form-label' }, 'Name'), name),
      h('div', { class: 'mb-2' }, h('label', { for: 's-url', class: 'form-label' }, 'URL'), url),
      credentials, error,
      h('div', { class: 'actions' }, h('button', { class: 'btn btn-primary', type: 'submit' }, existing ? 'Save' : 'Add'),
        existing ? h('button', { class: 'btn btn-outline-secondary', type: 'button', onclick: () => edit() }, 'Cancel') : null)));
  }

  async function loadLLM() {
    const data = await attempt(() => api('GET', '/llm/providers'), llmPanel);
    if (!data) return;
    const results = h('div', { 'aria-live': 'polite' });
    fill(llmPanel, h('h2', { id: 'h-llm' }, 'Language models'),
      h('p', { class: 'muted small' }, 'Optional. Configured in autoarr.yml under llm.providers; the built-in rules always answer last.'),
      h('ul', { class: 'feed' }, data.providers.map((p) => h('li', {}, h('strong', {}, p.name), ` ${p.model} `, badge(p.healthy ? 'ok' : 'failed', p.healthy ? 'healthy' : 'unhealthy'),
        h('div', { class: 'small muted' }, p.health, p.lastLatencyMs ? ` · last call ${Math.round(p.lastLatencyMs)} ms` : '', p.lastError ? ` · ${p.lastError}` : '')))),
      h('button', { class: 'btn btn-sm btn-outline-secondary', type: 'button', onclick: async () => {
        fill(results, 'testing…');
        const test = await attempt(() => api('POST', '/llm/test', {}), results);
        if (test) fill(results, h('ul', { class: 'small' }, test.providers.map((p) => h('li', {}, `${p.name}: `, badge(p.sampleError ? 'failed' : 'ok', p.sampleError ? 'failed' : 'ok'),
          p.sampleLatencyMs ? ` ${Math.round(p.sampleLatencyMs)} ms` : '', p.sampleError ? ` — ${p.sampleError}` : ''))));
      } }, 'Test providers'), results);
  }

  async function loadKey() {
    const me = await attempt(() => api('GET', '/auth/me'), keyPanel);
    if (!me) return;
    const key = h('code', { id: 'api-key' }, '••••••••••••');
    const show = async () => { const data = await attempt(() => api('GET', '/auth/apikey'), keyPanel); if (data) key.textContent = data.apiKey; };
    fill(keyPanel, h('h2', { id: 'h-key' }, 'Account and API key'),
      h('p', {}, `Logged in as ${me.username || 'the API key'}.`),
      h('p', { class: 'small muted' }, 'The API key lets scripts and other programs call AutoArr’s REST API (X-Api-Key header).'),
      h('p', {}, key),
      h('div', { class: 'actions' }, h('button', { class: 'btn btn-sm btn-outline-secondary', type: 'button', onclick: show }, 'Show key'),
        h('button', { class: 'btn btn-sm btn-outline-secondary', type: 'button', onclick: async () => {
          if (!confirm('Rotate the API key? Anything using the old key stops working.')) return;
          const data = await attempt(() => api('POST', '/auth/apikey/rotate'), keyPanel);
          if (data) { key.textContent = data.apiKey; toast('API key rotated', true); }
        } }, 'Rotate key')));
  }

  edit();
  await Promise.all([loadServices(), loadLLM(), loadKey()]);
}
