// The rootzone dashboard: reads the auditor's HTTP API (/dashboard/*, /history/*, /compliance) and
// follows its server-sent events. Read-only: it sends nothing but GETs.
'use strict';

const ZONE = new URLSearchParams(location.search).get('zone') || '.';
const KINDS = ['TLD_ADDED', 'TLD_REMOVED', 'NS', 'GLUE', 'DS', 'DNSKEY_ADDED', 'DNSKEY_REMOVED', 'OTHER', 'BASELINE'];
const KIND_LABEL = {
  BASELINE: 'first version', TLD_ADDED: 'TLD added', TLD_REMOVED: 'TLD removed', NS: 'NS', GLUE: 'glue', DS: 'DS',
  DNSKEY_ADDED: 'DNSKEY added', DNSKEY_REMOVED: 'DNSKEY removed', OTHER: 'other',
};
const KIND_COLOR = {
  BASELINE: '#6366f1', TLD_ADDED: '#16a34a', TLD_REMOVED: '#dc2626', NS: '#2563eb', GLUE: '#0891b2', DS: '#9333ea',
  DNSKEY_ADDED: '#d97706', DNSKEY_REMOVED: '#ea580c', OTHER: '#64748b',
};
const HEALTH_LABEL = {
  SERVING_LATEST: 'serving latest', CATCHING_UP: 'catching up', LAGGING: 'lagging', REFUSING: 'refusing',
};
const PAGE = 50;

const $ = (id) => document.getElementById(id);
const state = { kinds: new Set(), from: '', to: '', offset: 0, serverSkew: 0, now: null, rejections: [], rejShown: 50 };
const charts = {};

function q(params) {
  const u = new URLSearchParams({ zone: ZONE });
  for (const [k, v] of Object.entries(params || {})) {
    if (Array.isArray(v)) v.forEach((x) => u.append(k, x));
    else if (v !== undefined && v !== null && v !== '') u.set(k, v);
  }
  return u.toString();
}

async function api(path) {
  const r = await fetch(path, { headers: { Accept: 'application/json' } });
  const body = await r.json().catch(() => ({}));
  if (!r.ok) throw new Error(body.error || (r.status + ' ' + r.statusText));
  return body;
}

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') e.className = v;
    else if (k === 'text') e.textContent = v;
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) {
    if (c !== null && c !== undefined) e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}

/** ISO instant -> "2025-12-31 12:00:00" (UTC; the header says so). */
function utc(iso) {
  if (!iso) return '—';
  return iso.replace('T', ' ').replace(/(\.\d+)?Z$/, '');
}
function day(iso) { return iso ? iso.slice(0, 10) : '—'; }

function ms(v) {
  if (v === null || v === undefined) return '—';
  if (v < 1000) return v + ' ms';
  if (v < 60000) return (v / 1000).toFixed(v < 10000 ? 2 : 1) + ' s';
  if (v < 3600000) return (v / 60000).toFixed(1) + ' min';
  return (v / 3600000).toFixed(1) + ' h';
}

function ago(iso) {
  if (!iso) return '';
  const s = Math.max(0, (Date.now() + state.serverSkew - Date.parse(iso)) / 1000);
  if (s < 90) return Math.round(s) + ' s ago';
  if (s < 5400) return Math.round(s / 60) + ' min ago';
  if (s < 172800) return Math.round(s / 3600) + ' h ago';
  return Math.round(s / 86400) + ' days ago';
}

function duration(iso) { // ISO-8601 duration (PT2668H40M) -> "111 d 4 h"
  if (!iso) return '—';
  const neg = iso.startsWith('-');
  const m = iso.replace('-', '').match(/P(?:(\d+)D)?T?(?:(-?\d+)H)?(?:(-?\d+)M)?(?:(-?[\d.]+)S)?/);
  if (!m) return iso;
  const h = (+m[1] || 0) * 24 + Math.abs(+m[2] || 0);
  const min = Math.abs(+m[3] || 0);
  const sign = neg || (m[2] && +m[2] < 0) ? '−' : '';
  return sign + (h >= 48 ? Math.floor(h / 24) + ' d ' + (h % 24) + ' h' : h + ' h ' + min + ' min');
}

function badge(kind, cls, label) { return el('span', { class: 'badge ' + cls + kind, text: label || kind }); }

const chartQueue = [];
/** Runs fn now if ECharts is loaded, else when it is (the page does not wait for it). */
function whenCharts(fn) { if (window.echarts) fn(); else chartQueue.push(fn); }
document.getElementById('echarts-script')?.addEventListener('load', () => chartQueue.splice(0).forEach((f) => f()));

function chart(id) {
  if (!window.echarts) return null;
  if (!charts[id]) { $(id).replaceChildren(); charts[id] = echarts.init($(id), null, { renderer: 'canvas' }); }
  return charts[id];
}
window.addEventListener('resize', () => Object.values(charts).forEach((c) => c.resize()));

function noData(id, text) {
  if (charts[id]) { charts[id].dispose(); delete charts[id]; }
  $(id).replaceChildren(el('div', { class: 'nodata', text }));
}

// ---------- Now ----------

async function loadNow() {
  const now = await api('/dashboard/now?' + q());
  state.now = now;
  state.serverSkew = Date.parse(now.serverTime) - Date.now();
  $('empty').hidden = now.versions > 0;
  $('latest-serial').textContent = now.latest ? now.latest.serial : '—';
  $('latest-published').textContent = now.latest ? utc(now.latest.publishedAt) : '—';
  $('latest-ago').dataset.at = now.latest ? now.latest.publishedAt : '';
  $('version-count').textContent = now.versions.toLocaleString('en');
  $('latest-publisher').textContent = now.latest
    ? 'latest by ' + now.latest.publisher + ' via ' + now.latest.source + (now.latest.imported ? ' (imported, captured ' + day(now.latest.capturedAt) + ')' : '')
    : 'nothing published';
  const serving = now.nodes.filter((n) => n.health === 'SERVING_LATEST').length;
  $('nodes-latest').textContent = now.nodes.length ? serving + ' / ' + now.nodes.length : '—';
  const trouble = now.nodes.filter((n) => n.health === 'LAGGING' || n.health === 'REFUSING');
  $('nodes-summary').textContent = !now.nodes.length ? 'no node has reported' : trouble.length
    ? trouble.map((n) => n.node + ' ' + HEALTH_LABEL[n.health]).join(', ') : 'all nodes current';
  $('nodes-latest').className = 'value ' + (trouble.length ? 'bad' : '');
  const broken = now.firstBreak;
  $('audit-state').replaceChildren(broken || now.halted
    ? badge('REFUSING', 'h-', broken ? 'hash chain broken' : 'indexing halted')
    : badge('SERVING_LATEST', 'h-', now.caughtUp ? 'chains verified' : 'catching up'));
  $('audit-detail').textContent = broken ? broken.topic + '@' + broken.offset + ': ' + broken.reason
    : now.halted ? now.halted : now.eventsChecked.toLocaleString('en') + ' events checked · ' + now.rejections + ' rejections';
  const rows = now.nodes.map((n) => el('tr', { class: 'row-' + n.health, 'data-node': n.node },
    el('td', { class: 'mono', text: n.node }),
    el('td', { class: 'mono serial', text: n.servedSerial ?? '—' }),
    el('td', { class: 'num behind', text: n.servedSerial == null ? '—' : n.versionsBehind }),
    el('td', { text: utc(n.appliedAt) }),
    el('td', { class: 'since', 'data-at': n.appliedAt || '', text: ago(n.appliedAt) }),
    el('td', {}, badge(n.health, 'h-', HEALTH_LABEL[n.health])),
    el('td', { class: 'small' }, n.lastRejection
      ? [el('span', { class: 'mono', text: n.lastRejection.reason }), ' serial ' + (n.lastRejection.serial ?? '—') + ', ' + utc(n.lastRejection.at)]
      : el('span', { class: 'muted', text: 'none' }))));
  $('nodes').tBodies[0].replaceChildren(...(rows.length ? rows
    : [el('tr', {}, el('td', { colspan: 7, class: 'muted', text: 'No node has applied or refused a version yet. Start one with ./rootzone up.' }))]));
  tick();
}

function tick() {
  const a = $('latest-ago');
  a.textContent = a.dataset.at ? '(' + ago(a.dataset.at) + ')' : '';
  document.querySelectorAll('td.since').forEach((td) => { td.textContent = ago(td.dataset.at); });
}
setInterval(tick, 1000);

// ---------- Latency ----------

async function loadLatency() {
  const l = await api('/dashboard/latency?' + q());
  $('latency-stats').replaceChildren(
    stat(l.serials.length.toLocaleString('en'), 'serials measured'), stat(l.count.toLocaleString('en'), 'node applications'),
    stat(ms(l.p50Millis), 'p50'), stat(ms(l.p95Millis), 'p95'), stat(ms(l.maxMillis), 'max'));
  if (!l.serials.length) {
    noData('latency-chart', 'No node has applied a version yet.');
    noData('latency-dist', 'No data.');
  } else whenCharts(() => {
    chart('latency-chart')?.setOption({
      animation: false, grid: { left: 60, right: 20, top: 30, bottom: 60 },
      legend: { top: 0, data: ['p95 across nodes', 'slowest node'] },
      tooltip: { trigger: 'item', formatter: (p) => 'serial ' + p.data[2] + '<br>' + utc(new Date(p.data[0]).toISOString())
        + ' UTC<br>' + p.seriesName + ': ' + ms(p.data[1]) + (p.data[3] ? ' (' + p.data[3] + ')' : '') },
      xAxis: { type: 'time', name: 'UTC', nameLocation: 'end' },
      yAxis: { type: 'log', name: 'latency', axisLabel: { formatter: (v) => ms(v) }, min: 1 },
      dataZoom: [{ type: 'inside' }, { type: 'slider', height: 18, bottom: 8 }],
      series: [
        { name: 'p95 across nodes', type: 'line', showSymbol: l.serials.length < 200, symbolSize: 5, lineStyle: { width: 1.5 }, color: '#2563eb',
          data: l.serials.map((s) => [s.committedAt, Math.max(1, s.p95Millis), s.serial]) },
        { name: 'slowest node', type: 'scatter', symbolSize: 4, color: '#f97316',
          data: l.serials.map((s) => [s.committedAt, Math.max(1, s.slowestMillis), s.serial, s.slowestNode]) },
      ],
    }, true);
    chart('latency-dist')?.setOption({
      animation: false, grid: { left: 48, right: 10, top: 20, bottom: 50 },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: l.distribution.map(bucketLabel), axisLabel: { rotate: 40, fontSize: 10 } },
      yAxis: { type: 'value', name: 'count' },
      series: [{ type: 'bar', color: '#0ea5e9', data: l.distribution.map((b) => b.count) }],
    }, true);
  });
  const recent = l.serials.slice(-12).reverse();
  $('latency-slowest').tBodies[0].replaceChildren(...(recent.length ? recent.map((s) => el('tr', {},
    el('td', {}, serialButton(s.serial)), el('td', { text: utc(s.committedAt) }), el('td', { class: 'num', text: s.nodes }),
    el('td', { class: 'num', text: ms(s.p95Millis) }), el('td', { class: 'mono', text: s.slowestNode }),
    el('td', { class: 'num', text: ms(s.slowestMillis) })))
    : [el('tr', {}, el('td', { colspan: 6, class: 'muted', text: 'No measurement yet.' }))]));
  $('latency-nodes').tBodies[0].replaceChildren(...(l.nodes.length ? l.nodes.map((n) => el('tr', {},
    el('td', { class: 'mono', text: n.node }), el('td', { class: 'num', text: n.serials }), el('td', { class: 'num', text: ms(n.p50Millis) }),
    el('td', { class: 'num', text: ms(n.p95Millis) }), el('td', { class: 'num', text: ms(n.maxMillis) })))
    : [el('tr', {}, el('td', { colspan: 5, class: 'muted', text: 'No node yet.' }))]));
}

function bucketLabel(b) {
  return b.toMillis == null ? '≥ ' + ms(b.fromMillis) : b.fromMillis === 0 ? '< ' + ms(b.toMillis) : ms(b.fromMillis) + '–' + ms(b.toMillis);
}

function stat(value, label) { return el('div', { class: 'stat' }, el('b', { text: value }), el('span', { text: label })); }

// ---------- History ----------

function filterParams(extra) {
  return q(Object.assign({ kind: [...state.kinds], from: state.from, to: state.to }, extra));
}

async function loadTimeline(append) {
  if (!append) state.offset = 0;
  const t = await api('/dashboard/changes?' + filterParams({ offset: state.offset, limit: PAGE }));
  $('history-count').textContent = t.matching.toLocaleString('en') + ' of ' + t.total.toLocaleString('en') + ' versions';
  $('history-count').dataset.total = t.total;
  $('history-count').dataset.matching = t.matching;
  renderChips(t.kindCounts);
  if (!append) renderWeeks(t.weeks);
  const rows = t.items.map(timelineRow);
  const body = $('timeline').tBodies[0];
  if (append) body.append(...rows);
  else body.replaceChildren(...(rows.length ? rows : [el('tr', {}, el('td', { colspan: 6, class: 'muted', text: t.total ? 'No version matches these filters.' : 'No version yet.' }))]));
  state.offset += t.items.length;
  $('timeline-more').hidden = state.offset >= t.matching;
}

function timelineRow(v) {
  const kinds = Object.keys(v.changes);
  const subjects = kinds.filter((k) => k !== 'BASELINE').map((k) => {
    const s = v.changes[k];
    return KIND_LABEL[k] + ': ' + s.slice(0, 4).join(' ') + (s.length > 4 ? ' +' + (s.length - 4) + ' more' : '');
  }).join(' · ');
  return el('tr', { class: 'clickable', 'data-serial': v.serial, onclick: (e) => { if (e.target.tagName !== 'BUTTON') openVersion(v.serial); } },
    el('td', {}, serialButton(v.serial)),
    el('td', { text: utc(v.effectiveAt) }),
    el('td', {}, kinds.length ? kinds.map((k) => badge(k, 'k-', KIND_LABEL[k])) : badge('NONE', 'k-', 're-signed only')),
    el('td', { class: 'subjects', text: kinds.includes('BASELINE') ? 'the whole zone (' + v.deltaSize.toLocaleString('en') + ' records)' : subjects }),
    el('td', { class: 'small', text: v.publisher + ' · ' + v.source + (v.imported ? ' (imported)' : '') }),
    el('td', { class: 'num', text: v.rejections || '' }));
}

function serialButton(serial) {
  return el('button', { type: 'button', class: 'link', 'aria-label': 'Open version ' + serial, 'data-open': serial, text: serial,
    onclick: () => openVersion(serial) });
}

function renderChips(counts) {
  $('kind-chips').replaceChildren(...KINDS.filter((k) => counts[k] || state.kinds.has(k)).map((k) => el('button', {
    type: 'button', class: 'chip', 'data-kind': k, 'aria-pressed': state.kinds.has(k) ? 'true' : 'false',
    'aria-label': 'Only versions with ' + KIND_LABEL[k] + ' changes',
    onclick: () => { state.kinds.has(k) ? state.kinds.delete(k) : state.kinds.add(k); loadTimeline(false).catch(report); },
  }, KIND_LABEL[k], el('span', { class: 'n', text: counts[k] || 0 }))));
}

function renderWeeks(weeks) {
  if (!weeks.length) { noData('weeks-chart', 'No version yet.'); return; }
  whenCharts(() => drawWeeks(weeks));
}

function drawWeeks(weeks) {
  const c = chart('weeks-chart');
  if (!c) return;
  const kinds = KINDS.filter((k) => weeks.some((w) => w.kinds[k]));
  c.setOption({
    animation: false, grid: { left: 40, right: 10, top: 28, bottom: 24 },
    legend: { top: 0, type: 'scroll', data: kinds.map((k) => KIND_LABEL[k]) },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: { type: 'category', data: weeks.map((w) => w.week) },
    yAxis: { type: 'value', minInterval: 1 },
    dataZoom: [{ type: 'inside' }],
    series: kinds.map((k) => ({ name: KIND_LABEL[k], type: 'bar', stack: 'k', color: KIND_COLOR[k], barCategoryGap: '20%',
      data: weeks.map((w) => w.kinds[k] || 0) })),
  }, true);
  c.off('click');
  c.on('click', (p) => {
    const start = new Date(p.name + 'T00:00:00Z');
    const end = new Date(start.getTime() + 7 * 86400000);
    state.from = p.name; state.to = end.toISOString().slice(0, 10);
    $('filter-from').value = state.from; $('filter-to').value = state.to;
    loadTimeline(false).catch(report);
  });
}

// ---------- Version detail ----------

async function openVersion(serial) {
  const dlg = $('version-dialog');
  $('version-title').textContent = 'Version ' + serial;
  $('version-meta').replaceChildren();
  $('diff-lines').textContent = 'loading…';
  dlg.dataset.serial = serial;
  if (!dlg.open) dlg.showModal();
  const [v, rej] = await Promise.all([api('/history/versions/' + serial + '?' + q()), api('/history/rejections?serial=' + serial)]);
  const dl = el('dl', { class: 'meta-grid' });
  const row = (k, val) => dl.append(el('dt', { text: k }), el('dd', { text: val }));
  row('serial', v.serial); row('previous serial', v.previousSerial ?? '— (first version)');
  row('publisher', v.publisher); row('source', v.source + (v.imported ? ' (imported)' : ''));
  row('in effect (UTC)', utc(v.effectiveAt)); row('committed (UTC)', utc(v.publishedAt));
  if (v.imported) row('captured (UTC)', utc(v.capturedAt));
  row('records', v.recordCount.toLocaleString('en') + ' (' + v.removed + ' removed, ' + v.added + ' added)');
  row('content digest', v.contentDigest); row('log offset', v.offset);
  $('version-meta').replaceChildren(dl);
  $('version-rejections').replaceChildren(rej.length ? rejectionTable(rej) : el('span', { text: 'none' }));
  $('version-checkpoint').textContent = 'The transparency log does not exist in this system yet: no checkpoint to show.';
  await loadDiff();
}

async function loadDiff() {
  const dlg = $('version-dialog');
  const serial = dlg.dataset.serial;
  const d = await api('/dashboard/diff?' + q({ to: serial, signatures: $('diff-signatures').checked }));
  if (dlg.dataset.serial !== serial) return;
  $('diff-summary').textContent = d.from === d.to ? '(first version: the whole zone, no diff)'
    : serial + ' against ' + d.from + ': ' + d.removed + ' removed, ' + d.added + ' added' + (d.signatures ? '' : ', signature changes hidden');
  $('diff-lines').textContent = d.lines.join('\n');
  $('diff-lines').dataset.from = d.from;
  $('diff-lines').dataset.loaded = serial + ':' + d.signatures;
}

// ---------- A name ----------

async function loadName(name) {
  const box = $('name-result');
  box.replaceChildren(el('p', { class: 'muted', text: 'loading…' }));
  try {
    const t = await api('/dashboard/delegation/' + encodeURIComponent(name) + '?' + q());
    const steps = t.changes.slice().reverse();
    box.replaceChildren(
      el('h3', { text: t.name + (t.current.length ? ' — delegated now' : ' — not delegated now') }),
      t.current.length ? el('details', { class: 'current' }, el('summary', { text: 'Current delegation: ' + summarize(t.current) }),
        el('pre', { class: 'records', text: t.current.join('\n') })) : null,
      el('h3', { text: 'Changes (' + t.changes.length + '), newest first' }),
      el('div', { class: 'table-wrap' }, el('table', { 'aria-label': 'Delegation changes of ' + t.name },
        el('thead', {}, el('tr', {}, el('th', { text: 'Serial' }), el('th', { text: 'In effect (UTC)' }), el('th', { text: 'What' }), el('th', { text: 'Records' }))),
        el('tbody', {}, steps.map((s) => el('tr', {},
          el('td', {}, serialButton(s.serial)), el('td', { text: utc(s.effectiveAt) }),
          el('td', {}, s.kinds.map((k) => badge(k, 'k-', KIND_LABEL[k]))),
          el('td', {}, s.kinds.includes('BASELINE')
            ? el('pre', { class: 'records', text: s.added.join('\n') })
            : el('pre', { class: 'records' }, s.removed.map((r) => el('span', { class: 'rec-del', text: '-' + r + '\n' })),
              s.added.map((r) => el('span', { class: 'rec-add', text: '+' + r + '\n' }))))))))));
  } catch (e) {
    box.replaceChildren(el('p', { class: 'muted', text: e.message }));
  }
}

/** "13 NS, 1 DS, 26 glue" from records in presentation form (owner TTL class type data). */
function summarize(records) {
  const n = { NS: 0, DS: 0, glue: 0 };
  records.forEach((r) => { const t = r.split(/\s+/)[3]; if (t === 'NS' || t === 'DS') n[t]++; else n.glue++; });
  return n.NS + ' NS, ' + n.DS + ' DS, ' + n.glue + ' glue';
}

// ---------- Coordination ----------

async function loadCoordination() {
  const [n, c] = await Promise.all([api('/dashboard/notices'), api('/compliance?' + q())]);
  $('notices').tBodies[0].replaceChildren(...(n.notices.length ? n.notices.map((x) => {
    const amended = x.timeline.filter((s) => s.action === 'AMENDED').length;
    const acks = Object.entries(x.acknowledgements).map(([p, at]) => p + ' (' + day(at) + ')');
    const awaiting = x.status === 'PENDING' ? x.parties.filter((p) => !(p in x.acknowledgements)) : [];
    return el('tr', { 'data-notice': x.noticeId },
      el('td', {}, el('div', { class: 'mono', text: x.noticeId }), el('div', { class: 'small muted', text: x.title })),
      el('td', { class: 'small', text: x.kind }), el('td', { class: 'mono', text: x.issuer }),
      el('td', {}, badge(x.status, 'st-', x.status.replace('_', ' ').toLowerCase())),
      el('td', { text: utc(x.announcedAt) }), el('td', { class: 'num', text: amended || '' }),
      el('td', { class: 'small' }, acks.join(', ') || '—', awaiting.length ? el('div', { class: 'muted', text: 'awaiting ' + awaiting.join(', ') }) : null),
      el('td', {}, x.serial ? serialButton(x.serial) : (x.status === 'TOOK_EFFECT' ? 'yes' : '—')));
  }) : [el('tr', {}, el('td', { colspan: 8, class: 'muted', text: 'No notice has been announced. Operators announce with ./rootzone notice announce.' }))]));

  const counts = { NOTICED: 0, TOO_LATE: 0, NO_NOTICE: 0 };
  c.findings.forEach((f) => { counts[f.status] = (counts[f.status] || 0) + 1; });
  $('compliance-stats').replaceChildren(stat(c.findings.length, 'infrastructure changes'),
    stat(counts.NOTICED, 'noticed'), stat(counts.TOO_LATE, 'too late'), stat(counts.NO_NOTICE, 'no notice'),
    stat(c.noticeSteps, 'verified notice steps'), stat(c.refusedEvents.length, 'refused coordination events'));
  if (!c.findings.length) noData('compliance-chart', 'No infrastructure change in the zone yet.');
  else whenCharts(() => {
    const cc = chart('compliance-chart');
    const statuses = ['NO_NOTICE', 'TOO_LATE', 'NOTICED'];
    const color = { NOTICED: '#16a34a', TOO_LATE: '#d97706', NO_NOTICE: '#dc2626' };
    cc?.setOption({
      animation: false, grid: { left: 90, right: 20, top: 10, bottom: 30 },
      tooltip: { trigger: 'item', formatter: (p) => 'serial ' + p.data[2] + '<br>' + p.data[3] + '<br>' + p.data[1] },
      xAxis: { type: 'time', name: 'UTC' }, yAxis: { type: 'category', data: statuses },
      dataZoom: [{ type: 'inside' }],
      series: statuses.map((s) => ({ name: s, type: 'scatter', symbolSize: 9, color: color[s],
        data: c.findings.filter((f) => f.status === s).map((f) => [f.capturedAt, s, f.serial, f.change.kind + ' ' + (f.change.summary || f.change.subject || '')]) })),
    }, true);
    cc?.off('click');
    cc?.on('click', (p) => openVersion(p.data[2]).catch(report));
  });
  const recent = c.findings.slice().reverse().slice(0, 100);
  $('findings').tBodies[0].replaceChildren(...(recent.length ? recent.map((f) => el('tr', {},
    el('td', {}, serialButton(f.serial)), el('td', { text: utc(f.capturedAt) }),
    el('td', {}, badge(f.status, 's-', f.status.replace('_', ' ').toLowerCase())),
    el('td', { class: 'small' }, el('span', { class: 'mono', text: f.change.kind }), ' ' + (f.change.summary || f.change.subject || '')),
    el('td', { class: 'small' }, f.noticeId ? [el('span', { class: 'mono', text: f.noticeId }), ' ' + (f.noticeTitle || '')] : '—'),
    el('td', { class: 'num', text: f.leadTime ? duration(f.leadTime) : '—' })))
    : [el('tr', {}, el('td', { colspan: 6, class: 'muted', text: 'Nothing to report yet.' }))]));
}

// ---------- Rejections ----------

async function loadRejections() {
  state.rejections = (await api('/history/rejections')).filter((r) => r.zone === ZONE || !r.zone).reverse();
  renderRejections();
}

function renderRejections() {
  const all = state.rejections;
  $('rejections-count').textContent = all.length ? all.length.toLocaleString('en') + ' refused, newest first' : '';
  $('rejections-table').tBodies[0].replaceChildren(...(all.length ? rejectionRows(all.slice(0, state.rejShown))
    : [el('tr', {}, el('td', { colspan: 6, class: 'muted', text: 'No version has been refused.' }))]));
  $('rejections-more').hidden = all.length <= state.rejShown;
}

function rejectionRows(list) {
  return list.map((r) => el('tr', {},
    el('td', { text: utc(r.at) }), el('td', { class: 'mono', text: r.by }),
    el('td', {}, badge(r.role === 'NODE' ? 'REFUSING' : 'LAGGING', 'h-', r.role.toLowerCase())),
    el('td', {}, r.serial ? serialButton(r.serial) : '—'), el('td', { class: 'mono', text: r.reason }),
    el('td', { class: 'small', text: r.detail })));
}

function rejectionTable(list) {
  return el('table', {}, el('thead', {}, el('tr', {}, ['When (UTC)', 'Refused by', 'Role', 'Serial', 'Reason', 'Detail'].map((h) => el('th', { text: h })))),
    el('tbody', {}, rejectionRows(list)));
}

// ---------- Trust ----------

async function loadTrust() {
  const t = await api('/dashboard/trust');
  const rows = t.logs.map((l) => el('tr', { 'data-log': l.name, 'data-size': l.treeSize, 'data-policy': l.policy },
    el('td', {}, el('span', { class: 'mono', text: l.name }), el('div', { class: 'muted small mono', text: l.origin })),
    el('td', { class: 'num size', text: l.treeSize.toLocaleString('en-US') }),
    el('td', { class: 'mono small root', text: l.rootHash || '—' }),
    el('td', { class: 'small', text: l.treeSize === 0 ? '—' : l.checkpointAt ? utc(l.checkpointAt) : 'verified before this start' }),
    el('td', { class: 'small cosigners' }, l.cosigners.length === 0 ? '—'
      : l.cosigners.map((c) => el('div', {}, el('span', { class: 'mono', text: c.name }), ' ' + utc(c.at)))),
    el('td', { class: 'small policy' }, el('span', { class: l.policy ? 'ok' : 'bad', text: l.policy ? 'satisfied' : 'not satisfied' }),
      el('div', { class: 'muted', text: l.policyDetail })),
    el('td', { class: 'small findings' }, l.halted ? el('div', { class: 'bad', text: 'halted: ' + l.halted }) : null,
      l.findingCount === 0 ? 'none' : [el('div', { text: l.findingCount.toLocaleString('en-US') + ' finding(s)' }),
        ...l.findings.map((f) => el('div', { class: 'mono', text: f }))])));
  $('trust-table').querySelector('tbody').replaceChildren(...rows);
  const signed = t.logs.filter((l) => l.treeSize > 0).length;
  $('trust-state').textContent = signed + ' of ' + t.logs.length + ' logs have a verified checkpoint; '
    + t.logs.filter((l) => l.policy).length + ' meet the witness policy.';
  $('trust-state').dataset.loaded = t.logs.map((l) => l.name + ':' + l.treeSize + ':' + l.cosigners.length).join(',');
  // Versions that are what their publisher stated but fail the version policy (ZONEMD): history all the same.
  $('trust-policy').replaceChildren(...t.zones.map((z) => el('div', { 'data-zone': z.zone, 'data-failing': z.failing },
    el('div', { class: z.failing === 0 ? 'ok' : 'bad', text: z.failing === 0
      ? 'zone ' + z.zone + ': all ' + z.versions.toLocaleString('en-US') + ' versions pass'
      : 'zone ' + z.zone + ': ' + z.failing.toLocaleString('en-US') + ' of ' + z.versions.toLocaleString('en-US') + ' versions fail the policy'
        + (z.failing > z.latest.length ? ' (latest ' + z.latest.length + ' shown)' : '') }),
    z.latest.length === 0 ? null : el('table', {}, el('thead', {}, el('tr', {}, ['Serial', 'Reason', 'Detail'].map((h) => el('th', { text: h })))),
      el('tbody', {}, z.latest.map((u) => el('tr', { 'data-serial': u.serial }, el('td', {}, serialButton(u.serial)),
        el('td', { class: 'mono', text: u.reason }), el('td', { class: 'small', text: u.detail || '' }))))))));
  const r = t.reread;
  $('trust-reread').textContent = 'Events below the restart point: ' + ({
    NOT_NEEDED: 'none (this start read everything from offset 0)',
    WAITING: 're-read once the auditor is ready',
    READING: 're-reading (' + (r.read || 0).toLocaleString('en-US') + ' read)',
    DONE: 're-read, ' + (r.judged || 0).toLocaleString('en-US') + ' checked against their leaves'
      + (r.chainFindings && r.chainFindings.length ? '; hash chains: ' + r.chainFindings.join('; ') : ', hash chains hold'),
    FAILED: 'not re-read: ' + r.error,
  }[r.state] || r.state);
  $('trust-reread').dataset.state = r.state;
}

// ---------- Live ----------

let pending = null;
function refreshSoon(what) {
  pending = pending || new Set();
  what.forEach((w) => pending.add(w));
  if (pending.timer) return;
  pending.timer = setTimeout(() => {
    const p = pending; pending = null;
    if (p.has('now')) loadNow().catch(report);
    if (p.has('timeline') && state.offset <= PAGE) loadTimeline(false).catch(report);
    if (p.has('latency')) loadLatency().catch(report);
    if (p.has('coordination')) loadCoordination().catch(report);
    if (p.has('rejections')) loadRejections().catch(report);
    if (p.has('trust')) loadTrust().catch(report);
  }, 300);
}

function connect() {
  const live = $('live-status');
  const es = new EventSource('/dashboard/events');
  es.onopen = () => { live.textContent = 'live'; live.className = 'live on'; };
  es.onerror = () => { live.textContent = 'reconnecting…'; live.className = 'live off'; };
  es.onmessage = (m) => {
    const e = JSON.parse(m.data);
    // A version brings a checkpoint, an application a cosignature.
    if (e.type === 'version' && e.zone === ZONE) refreshSoon(['now', 'timeline', 'coordination', 'trust']);
    else if (e.type === 'applied') refreshSoon(['now', 'latency', 'trust']);
    else if (e.type === 'rejected') refreshSoon(['now', 'rejections']);
  };
}

function report(e) { console.error(e); }

// ---------- Start ----------

document.addEventListener('DOMContentLoaded', () => {
  $('timeline-more').addEventListener('click', () => loadTimeline(true).catch(report));
  $('filter-from').addEventListener('change', (e) => { state.from = e.target.value; loadTimeline(false).catch(report); });
  $('filter-to').addEventListener('change', (e) => { state.to = e.target.value; loadTimeline(false).catch(report); });
  $('filter-clear').addEventListener('click', () => {
    state.kinds.clear(); state.from = state.to = ''; $('filter-from').value = $('filter-to').value = '';
    loadTimeline(false).catch(report);
  });
  $('version-close').addEventListener('click', () => $('version-dialog').close());
  $('diff-signatures').addEventListener('change', () => loadDiff().catch(report));
  $('name-form').addEventListener('submit', (e) => { e.preventDefault(); const v = $('name-input').value.trim(); if (v) loadName(v); });
  $('rejections-more').addEventListener('click', () => { state.rejShown += 200; renderRejections(); });
  Promise.all([loadNow(), loadTimeline(false)]).then(() => { document.body.dataset.ready = 'true'; }).catch(report);
  loadLatency().catch(report);
  loadCoordination().catch(report);
  loadRejections().catch(report);
  loadTrust().catch(report);
  connect();
});
