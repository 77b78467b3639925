// Audit: run an audit, findings grouped by instance and severity with rationale and source, a diff before apply,
// and the applied changes with rollback.
import { api, h, fill, table, badge, ago, when, show, attempt, toast, onEvent, debounce } from '/ui/app.js';

const severities = ['critical', 'high', 'medium', 'low'];

export async function mount(main) {
  const status = h('div', { id: 'audit-status', 'aria-live': 'polite' });
  const results = h('div', { id: 'audit-results' });
  const preview = h('section', { class: 'panel', id: 'audit-preview', hidden: true, 'aria-labelledby': 'h-preview' });
  const history = h('section', { class: 'panel', id: 'audit-history', 'aria-labelledby': 'h-history' });
  const selected = new Set();
  let shown = null;  // the run on screen, re-read after an apply or a rollback so it shows what is true now
  async function refresh() {
    if (!shown) return;
    const run = await attempt(() => api('GET', `/audit/runs/${shown}`), results);
    if (run) render(run);
  }
  const runButton = h('button', { class: 'btn btn-primary', type: 'button', id: 'run-audit', onclick: async () => {
    runButton.disabled = true;
    const services = await attempt(() => api('GET', '/services'));
    const count = services ? services.services.length : 0;
    fill(status, h('div', { class: 'spinner-border spinner-border-sm me-2', role: 'status', 'aria-hidden': 'true' }),
      `Auditing ${count} service${count === 1 ? '' : 's'}…`);
    const run = await attempt(() => api('POST', '/audit'), status);
    runButton.disabled = false;
    if (run) { fill(status, ); selected.clear(); render(run); }
  } }, 'Run audit');
  const previewButton = h('button', { class: 'btn btn-outline-secondary', type: 'button', id: 'preview-fixes', disabled: true,
    onclick: () => dryRun() }, 'Preview selected fixes');

  fill(main, h('h1', {}, 'Audit'),
    h('p', { class: 'muted' }, 'Checks every connected service against best practice (TRaSH Guides and the services’ own health checks). Nothing changes until you apply a fix.'),
    h('div', { class: 'actions mb-3' }, runButton, previewButton), status, preview, results, history);

  function render(run) {
    shown = run.id;
    for (const id of [...selected]) if (!(run.findings || []).some((f) => f.id === id && f.status === 'fail')) selected.delete(id);
    previewButton.disabled = selected.size === 0;
    const byInstance = new Map();
    for (const finding of run.findings || []) {
      if (!byInstance.has(finding.instance)) byInstance.set(finding.instance, []);
      byInstance.get(finding.instance).push(finding);
    }
    const instances = run.instances.map((instance) => {
      const findings = byInstance.get(instance.name) || [];
      const failing = findings.filter((f) => f.status === 'fail');
      return h('section', { class: 'panel mb-3', 'data-instance': instance.name, 'aria-labelledby': `h-${instance.name}` },
        h('h2', { id: `h-${instance.name}` }, `${instance.name} `, h('span', { class: 'muted' }, `(${instance.kind})`), ' ',
          instance.reachable ? badge(instance.score >= 80 ? 'ok' : instance.score >= 50 ? 'warn' : 'bad', `${instance.score ?? '–'}/100`)
            : badge('unreachable')),
        instance.reachable ? null : h('p', { class: 'error-text' }, instance.error || 'Could not be reached.'),
        instance.reachable && !failing.length ? h('p', { class: 'empty' }, 'Everything checked follows the recommendations.') : null,
        severities.map((severity) => {
          const group = failing.filter((f) => f.severity === severity);
          return group.length ? h('div', { class: 'mb-2' }, h('h3', { class: 'h6 mt-2' }, badge(severity), ` ${group.length}`), group.map(finding)) : null;
        }),
        findings.some((f) => f.status !== 'fail') ? h('details', { class: 'mt-2' },
          h('summary', { class: 'muted' }, `${findings.filter((f) => f.status === 'pass').length} passing, ${findings.filter((f) => f.status === 'not_applicable').length} not applicable, ${findings.filter((f) => f.status === 'applied').length} applied`),
          h('ul', { class: 'small' }, findings.filter((f) => f.status !== 'fail').map((f) => h('li', {}, badge(f.status), ' ', f.rule ? f.rule.title : f.ruleId,
            f.detail ? h('span', { class: 'muted' }, ` — ${f.detail}`) : null)))) : null);
    });
    fill(results, h('p', {}, h('span', { class: 'score', id: 'audit-score' }, run.score ?? '–'), h('span', { class: 'muted' }, ` / 100 overall · ${when(run.finishedAt)}`)),
      run.summary ? h('p', { class: 'panel' }, run.summary) : null, instances);
  }

  function finding(f) {
    const rule = f.rule || {};
    const box = rule.autoFixable ? h('input', { class: 'form-check-input me-2', type: 'checkbox', id: `fix-${f.id}`, 'data-finding': f.id, checked: selected.has(f.id) || null,
      'aria-label': `Select the fix for ${rule.title}`, onchange: (event) => {
        if (event.target.checked) selected.add(f.id); else selected.delete(f.id);
        previewButton.disabled = selected.size === 0;
      } }) : null;
    return h('details', { class: 'finding', 'data-rule': f.ruleId },
      h('summary', {}, box, rule.title || f.ruleId, f.detail ? h('span', { class: 'muted' }, ` — ${f.detail}`) : null),
      h('div', { class: 'mt-2 small' }, h('p', { class: 'mb-1' }, rule.rationale || ''),
        f.current !== undefined && f.current !== null
          ? h('p', { class: 'mb-1' }, h('code', {}, f.setting), ': ', h('span', { class: 'diff' }, h('del', {}, show(f.current)), ' → ', h('ins', {}, show(f.recommended))))
          : h('p', { class: 'mb-1' }, 'Checks ', h('code', {}, f.setting || 'the settings together'), '.'),
        rule.autoFixable ? null : h('p', { class: 'mb-1' }, h('strong', {}, 'To fix: '), rule.fix || 'see the source'),
        rule.source ? h('a', { href: rule.source, target: '_blank', rel: 'noopener noreferrer' }, 'Source') : null));
  }

  async function dryRun() {
    const ids = [...selected];
    const result = await attempt(() => api('POST', '/recommendations/apply', { ids, dryRun: true }), preview);
    preview.hidden = false;
    if (!result) return;
    // Only real changes are shown as a diff; a fix that has nothing left to change says why instead.
    const changing = result.items.filter((item) => item.outcome === 'would_change');
    const other = result.items.filter((item) => item.outcome !== 'would_change');
    const applyIds = changing.map((item) => item.recommendationId);
    fill(preview, h('h2', { id: 'h-preview' }, changing.length ? 'These settings will change' : 'Nothing to change'),
      changing.length ? table(['Instance', 'Setting', 'Now', 'After'], changing.map((item) => h('tr', {}, h('td', {}, item.instance), h('td', {}, h('code', {}, item.setting)),
        h('td', {}, h('del', {}, show(item.current))), h('td', {}, h('ins', {}, show(item.new))))), { extra: 'diff' }) : null,
      other.length ? h('ul', { class: 'small' }, other.map((item) => h('li', {}, `${item.instance} `, h('code', {}, item.setting), `: ${item.message || item.outcome}`))) : null,
      h('div', { class: 'actions' },
        applyIds.length ? h('button', { class: 'btn btn-primary', type: 'button', id: 'apply-fixes', onclick: () => apply(applyIds) },
          `Apply ${applyIds.length} change${applyIds.length === 1 ? '' : 's'}`) : null,
        h('button', { class: 'btn btn-outline-secondary', type: 'button', onclick: () => { preview.hidden = true; } }, applyIds.length ? 'Cancel' : 'Close')));
    if (!other.length) preview.querySelector('#apply-fixes').focus();
    else { refresh(); }
  }

  async function apply(ids) {
    const result = await attempt(() => api('POST', '/recommendations/apply', { ids, dryRun: false }), preview);
    if (!result) return;
    const failed = result.items.filter((item) => item.outcome !== 'applied');
    fill(preview, h('h2', { id: 'h-preview' }, 'Applied'), h('ul', {}, result.items.map((item) => h('li', {},
      badge(item.outcome === 'applied' ? 'ok' : 'bad', item.outcome), ` ${item.instance} ${item.setting}`, item.message ? ` — ${item.message}` : ''))));
    if (!failed.length) toast(`${ids.length} setting${ids.length === 1 ? '' : 's'} changed and verified`, true);
    selected.clear();
    previewButton.disabled = true;
    await refresh();
    loadHistory();
  }

  async function loadHistory() {
    const data = await attempt(() => api('GET', '/config/history?limit=20'), history);
    if (!data) return;
    fill(history, h('h2', { id: 'h-history' }, 'Applied changes'),
      data.items.length ? table(['When', 'Instance', 'Setting', 'Before', 'After', ''], data.items.map((change) => h('tr', { 'data-change': change.id }, h('td', {}, ago(change.appliedAt)), h('td', {}, change.instance),
          h('td', {}, h('code', {}, change.setting)), h('td', {}, show(change.before)), h('td', {}, show(change.after)),
          h('td', {}, change.rolledBackAt ? badge('cancelled', 'rolled back') : h('button', { class: 'btn btn-sm btn-outline-secondary', type: 'button',
            'aria-label': `Roll back ${change.setting} on ${change.instance}`, onclick: async () => {
              const done = await attempt(() => api('POST', `/config/history/${change.id}/rollback`));
              if (done) { toast(`${change.setting} is ${show(done.before)} again`, true); await refresh(); loadHistory(); }
            } }, 'Roll back')))))
        : h('p', { class: 'empty' }, 'No changes applied yet.'));
  }

  const latest = await attempt(() => api('GET', '/audit/runs?limit=1'), results);
  if (latest && latest.items[0]) {
    const run = await attempt(() => api('GET', `/audit/runs/${latest.items[0].id}`), results);
    if (run) render(run);
  } else if (latest) {
    fill(results, h('p', { class: 'empty' }, 'No audit yet. Run one to see how your settings compare.'));
  }
  await loadHistory();
  return onEvent(['config.'], debounce(loadHistory, 300));
}
