// Dashboard: instance health, active downloads, failures with the recovery taken, recent requests, the audit score
// and a live activity feed. Re-fetches when events say something changed.
import { api, h, fill, table, badge, ago, bytes, attempt, onEvent, debounce } from '/ui/app.js';

let chart;

export async function mount(main) {
  const panels = {
    health: h('section', { class: 'panel', 'aria-labelledby': 'h-health' }),
    downloads: h('section', { class: 'panel', 'aria-labelledby': 'h-downloads' }),
    failures: h('section', { class: 'panel', 'aria-labelledby': 'h-failures' }),
    requests: h('section', { class: 'panel', 'aria-labelledby': 'h-requests' }),
    audit: h('section', { class: 'panel', 'aria-labelledby': 'h-audit' }),
    feed: h('section', { class: 'panel', 'aria-labelledby': 'h-feed' }),
  };
  fill(main, h('h1', {}, 'Dashboard'),
    h('div', { class: 'grid two' }, panels.health, panels.downloads, panels.failures, panels.requests, panels.audit, panels.feed));

  const load = async () => {
    await Promise.all([health(panels.health), downloads(panels.downloads), failures(panels.failures), requests(panels.requests),
      audit(panels.audit), feed(panels.feed)]);
  };
  await load();
  const reload = debounce(load, 500);
  const off = onEvent(['download.', 'recovery.', 'request.', 'audit.', 'service.', 'config.'], reload);
  const timer = setInterval(load, 30000);
  return () => { off(); clearInterval(timer); if (chart) { chart.destroy(); chart = undefined; } };
}

const checked = new Set();

async function health(panel) {
  const data = await attempt(() => api('GET', '/health/ready'), panel);
  if (!data) return;
  // An instance nobody has tested yet is tested once, so its version and latency show.
  const unchecked = data.instances.filter((i) => i.status === 'unchecked' && !checked.has(i.name));
  for (const instance of unchecked) checked.add(instance.name);
  if (unchecked.length) {
    Promise.allSettled(unchecked.map((i) => api('POST', `/services/${encodeURIComponent(i.name)}/test`))).then(() => panel.isConnected && health(panel));
  }
  const rows = data.instances.map((instance) => h('tr', {},
    h('td', {}, instance.name), h('td', {}, instance.kind), h('td', {}, badge(instance.status)),
    h('td', {}, instance.version || ''), h('td', {}, instance.latencyMs !== undefined && instance.latencyMs !== null ? `${Math.round(instance.latencyMs)} ms` : ''),
    h('td', {}, instance.status === 'backoff' && instance.retryAfter ? `retry ${new Date(instance.retryAfter).toLocaleTimeString()}`
      : instance.error ? instance.error.message : '')));
  fill(panel, h('h2', { id: 'h-health' }, 'Services ', badge(data.status)),
    data.instances.length ? table(['Name', 'Kind', 'Status', 'Version', 'Latency', 'Note'], rows)
      : h('p', { class: 'empty' }, 'No services yet. ', h('a', { href: '#/settings' }, 'Connect Sonarr, Radarr and a download client in Settings.')));
}

async function downloads(panel) {
  const data = await attempt(() => api('GET', '/downloads'), panel);
  if (!data) return;
  const active = data.items.filter((d) => !d.failure);
  fill(panel, h('h2', { id: 'h-downloads' }, `Downloads (${active.length})`),
    active.length ? h('ul', { class: 'feed' }, active.slice(0, 12).map((d) => {
      const percent = Math.round((d.progress || 0) * 100);
      return h('li', {}, h('div', { class: 'd-flex justify-content-between gap-2' }, h('span', { class: 'text-truncate' }, d.title),
        h('span', { class: 'muted' }, `${d.client || d.arr || ''} · ${d.state || d.arrStatus || ''}`)),
      h('div', { class: 'progress', role: 'progressbar', 'aria-label': `${d.title} progress`, 'aria-valuenow': percent, 'aria-valuemin': 0, 'aria-valuemax': 100 },
        h('div', { class: 'progress-bar', style: `width: ${percent}%` })),
      h('small', { class: 'muted' }, `${percent}%${d.sizeBytes ? ' of ' + bytes(d.sizeBytes) : ''}`));
    })) : h('p', { class: 'empty' }, 'Nothing is downloading. ', h('a', { href: '#/request' }, 'Request something.')),
    data.items.length > 12 ? h('a', { href: '#/downloads' }, `All ${data.items.length} downloads`) : null);
}

async function failures(panel) {
  const data = await attempt(() => api('GET', '/downloads/failed'), panel);
  if (!data) return;
  fill(panel, h('h2', { id: 'h-failures' }, `Failed and stalled (${data.items.length})`),
    data.items.length ? h('ul', { class: 'feed', id: 'failures' }, data.items.slice(0, 10).map((f) => {
      const last = f.attempts[f.attempts.length - 1];
      return h('li', { 'data-download': f.downloadId }, h('div', {}, h('strong', {}, f.title), ' ', badge(f.status)),
        h('div', { class: 'muted' }, `${f.kind} in ${f.client} · ${ago(f.lastSeen)}`),
        last ? h('div', {}, `${last.strategy}: `, badge(last.status), ' ', last.detail || '')
          : h('div', { class: 'muted' }, f.status === 'resolved' ? 'The *arr handled it.' : 'Waiting for its next step.'));
    })) : h('p', { class: 'empty' }, 'No failed downloads. AutoArr recovers them as they happen.'));
}

async function requests(panel) {
  const data = await attempt(() => api('GET', '/requests?limit=6'), panel);
  if (!data) return;
  fill(panel, h('h2', { id: 'h-requests' }, 'Recent requests'),
    data.items.length ? h('ul', { class: 'feed' }, data.items.map((r) => h('li', {},
      h('a', { href: `#/request?id=${r.id}` }, r.chosen ? `${r.chosen.title}${r.chosen.year ? ' (' + r.chosen.year + ')' : ''}` : r.query), ' ',
      badge(r.status), h('div', { class: 'muted' }, ago(r.updatedAt)))))
      : h('p', { class: 'empty' }, 'No requests yet. ', h('a', { href: '#/request' }, 'Ask for a movie or a show.')));
}

// "24 recommendations (3 critical, 9 high)": the findings that still fail, by severity.
function recommendations(run) {
  const count = run.counts.fail || 0;
  const parts = ['critical', 'high', 'medium', 'low'].filter((s) => run.failing[s]).map((s) => `${run.failing[s]} ${s}`);
  return `${count} recommendation${count === 1 ? '' : 's'}${parts.length ? ` (${parts.join(', ')})` : ''}`;
}

async function audit(panel) {
  const data = await attempt(() => api('GET', '/audit/runs?limit=12'), panel);
  if (!data) return;
  const latest = data.items[0];
  const canvas = h('canvas', { id: 'score-chart', height: 120, 'aria-label': 'Audit scores over time', role: 'img' });
  fill(panel, h('h2', { id: 'h-audit' }, 'Configuration'),
    latest ? h('div', {}, h('div', { class: 'score', id: 'audit-score' }, latest.score ?? '–', h('small', { class: 'muted fs-6' }, ' / 100')),
      h('p', { class: 'muted', id: 'audit-counts' }, `Audit ${ago(latest.finishedAt)} · ${recommendations(latest)} · `, h('a', { href: '#/audit' }, 'Review')),
      data.items.length > 1 ? canvas : null)
      : h('p', { class: 'empty' }, 'No audit yet. ', h('a', { href: '#/audit' }, 'Run one to check your settings against best practice.')));
  if (latest && data.items.length > 1) drawScores(canvas, data.items.slice().reverse());
}

/** Chart.js is loaded only when there is something to draw. */
async function drawScores(canvas, runs) {
  await import('/ui/vendor/chart.min.js');
  const Chart = globalThis.Chart;
  if (!Chart || !canvas.isConnected) return;
  if (chart) chart.destroy();
  const styles = getComputedStyle(document.documentElement);
  chart = new Chart(canvas, {
    type: 'line',
    data: { labels: runs.map((r) => new Date(r.finishedAt).toLocaleDateString()),
      datasets: [{ label: 'Score', data: runs.map((r) => r.score), borderColor: styles.getPropertyValue('--accent').trim(), tension: 0.3 }] },
    options: { animation: false, plugins: { legend: { display: false } }, scales: { y: { min: 0, max: 100 } } },
  });
}

async function feed(panel) {
  const data = await attempt(() => api('GET', '/activity?limit=15'), panel);
  if (!data) return;
  fill(panel, h('h2', { id: 'h-feed' }, 'Activity'),
    h('ul', { class: 'feed', id: 'feed', 'aria-live': 'polite' }, data.items.map((e) => h('li', {},
      h('time', { datetime: e.timestamp }, new Date(e.timestamp).toLocaleTimeString()), badge(e.severity, e.type), ' ', e.message))),
    h('a', { href: '#/activity' }, 'All activity'));
}
