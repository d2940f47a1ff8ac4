// Cachetronomy dashboard: polls {base}/api/stats and re-renders the numbers and tables.
// Every piece of data is written with textContent or a form field's value, never as HTML.
(function () {
  'use strict';

  const body = document.body;
  const base = body.dataset.base || '';
  const refreshMs = parseInt(body.dataset.refreshMs || '0', 10);
  const tokenField = body.dataset.antiforgeryField;
  const token = body.dataset.antiforgeryToken;
  const filterInput = document.getElementById('key-filter');
  let timer = null;
  let inFlight = false;

  const number = (n) => Number(n).toLocaleString('en-US');
  const percent = (r) => (r * 100).toFixed(1) + ' %';
  const time = (s) => (s ? new Date(s).toISOString().replace('T', ' ').slice(0, 19) : '');
  function bytes(b) {
    if (b < 1024) return b + ' B';
    if (b < 1024 * 1024) return (b / 1024).toFixed(1) + ' KiB';
    if (b < 1024 * 1024 * 1024) return (b / (1024 * 1024)).toFixed(1) + ' MiB';
    return (b / (1024 * 1024 * 1024)).toFixed(2) + ' GiB';
  }
  function seconds(span) {
    // System.Text.Json writes a TimeSpan as [d.]hh:mm:ss[.fffffff]
    const m = /^(-)?(?:(\d+)\.)?(\d+):(\d+):(\d+(?:\.\d+)?)$/.exec(span || '');
    if (!m) return 0;
    return (m[1] ? -1 : 1) * ((+(m[2] || 0)) * 86400 + (+m[3]) * 3600 + (+m[4]) * 60 + (+m[5]));
  }
  function duration(span) {
    const s = seconds(span);
    if (s >= 86400 && s % 86400 === 0) return (s / 86400) + ' d';
    if (s >= 3600 && s % 3600 === 0) return (s / 3600) + ' h';
    if (s >= 60 && s % 60 === 0) return (s / 60) + ' min';
    return (Math.round(s * 1000) / 1000) + ' s';
  }

  function el(tag, className, text) {
    const e = document.createElement(tag);
    if (className) e.className = className;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function cell(row, className, text) {
    const td = el('td', className, text);
    row.appendChild(td);
    return td;
  }
  function hidden(form, name, value) {
    const input = el('input');
    input.type = 'hidden';
    input.name = name;
    input.value = value;
    form.appendChild(input);
  }
  function actionForm(action, key, label, title) {
    const form = el('form', 'action');
    form.method = 'post';
    form.action = base + '/actions/' + action;
    form.dataset.action = action;
    hidden(form, tokenField, token);
    if (key !== null) hidden(form, 'key', key);
    const button = el('button', action === 'evict' ? 'secondary' : 'danger', label);
    button.type = 'submit';
    button.title = title;
    form.appendChild(button);
    return form;
  }
  function bar(row, count, max) {
    const pct = max <= 0 ? 0 : Math.min(100, Math.max(1, Math.round(100 * count / max)));
    const td = cell(row, 'barcol');
    const outer = el('span', 'bar');
    const fill = el('span', 'fill');
    fill.dataset.pct = String(pct);
    fill.style.width = pct + '%';
    outer.appendChild(fill);
    td.appendChild(outer);
  }
  function fill(tbodyId, items, columns, emptyText, render) {
    const tbody = document.querySelector('#' + tbodyId + ' tbody');
    const rows = document.createDocumentFragment();
    for (const item of items) {
      const tr = el('tr');
      render(tr, item);
      rows.appendChild(tr);
    }
    if (items.length === 0) {
      const tr = el('tr', 'empty');
      const td = cell(tr, null, emptyText);
      td.colSpan = columns;
      rows.appendChild(tr);
    }
    tbody.replaceChildren(rows);
  }
  function setText(id, text) {
    const e = document.getElementById(id);
    if (e) e.textContent = text;
  }
  function applyBars() {
    for (const f of document.querySelectorAll('.fill[data-pct]')) f.style.width = f.dataset.pct + '%';
  }

  function render(s) {
    setText('active-profile', s.activeProfile);
    setText('updated', 'updated ' + time(s.generatedAt));
    setText('stat-keys', number(s.totalKeys));
    setText('stat-keys-sub', number(s.storeKeys) + ' in the store');
    setText('stat-file', s.fileSizeBytes === null ? 'n/a' : bytes(s.fileSizeBytes));
    setText('stat-memory', number(s.memoryKeys) + (s.memoryCapacity > 0 ? ' / ' + number(s.memoryCapacity) : ''));
    setText('stat-hit', percent(s.hitRatio));
    setText('stat-hit-sub', number(s.memoryHits) + ' RAM · ' + number(s.storeHits) + ' store · ' + number(s.misses) + ' misses');
    setText('stat-evictions', number(s.evictionsCount));

    const memoryMax = Math.max(0, ...s.memoryHotKeys.map((k) => k.accessCount));
    fill('memory-hot', s.memoryHotKeys, 4, 'No entries in RAM.', (tr, k) => {
      tr.dataset.key = k.key;
      cell(tr, 'key', k.key);
      cell(tr, 'num', number(k.accessCount));
      bar(tr, k.accessCount, memoryMax);
      cell(tr, 'act').appendChild(actionForm('evict', k.key, 'evict', 'Move this entry out of RAM (it stays in the store)'));
    });

    const storeMax = Math.max(0, ...s.storeHotKeys.map((k) => k.accessCount));
    fill('store-hot', s.storeHotKeys, 4, 'No reads logged yet (counts are flushed every few seconds).', (tr, k) => {
      tr.dataset.key = k.key;
      cell(tr, 'key', k.key);
      cell(tr, 'num', number(k.accessCount));
      bar(tr, k.accessCount, storeMax);
      cell(tr, 'time', time(k.lastAccessed));
    });

    fill('evictions', s.evictions, 5, 'No evictions logged.', (tr, e) => {
      cell(tr, 'time', time(e.evictedAt));
      cell(tr, 'key', e.key);
      cell(tr).appendChild(el('span', 'reason', e.reason));
      cell(tr, 'num', number(e.lastAccessCount));
      cell(tr, null, e.profile);
    });

    fill('profiles', s.profiles, 5, 'No profiles.', (tr, p) => {
      if (p.active) tr.className = 'active';
      const name = cell(tr, null, p.name);
      if (p.active) {
        name.appendChild(document.createTextNode(' '));
        name.appendChild(el('span', 'badge', 'active'));
      }
      cell(tr, null, duration(p.timeToLive));
      cell(tr, 'num', p.maxItemsInMemory === 0 ? 'none' : number(p.maxItemsInMemory));
      cell(tr, null, seconds(p.ttlCleanupInterval) === 0 ? 'off' : duration(p.ttlCleanupInterval));
      cell(tr, null, p.tags.join(', '));
    });

    fill('keys', s.keys, 10, 'No keys in the store.', (tr, k) => {
      tr.dataset.key = k.key;
      cell(tr, 'key', k.key);
      cell(tr).appendChild(el('span', k.inMemory ? 'tier ram' : 'tier', k.inMemory ? 'RAM + store' : 'store'));
      cell(tr, null, k.format);
      cell(tr, 'num', bytes(k.sizeBytes));
      cell(tr, k.expired ? 'time expired' : 'time', time(k.expiresAt));
      cell(tr, null, k.tags.join(', '));
      cell(tr, 'num', number(k.version));
      cell(tr, null, k.savedByProfile);
      cell(tr, 'time', time(k.updatedAt));
      const act = cell(tr, 'act');
      act.appendChild(actionForm('evict', k.key, 'evict', 'Move this entry out of RAM (it stays in the store)'));
      act.appendChild(actionForm('delete', k.key, 'delete', 'Delete this entry from both tiers'));
    });
    setText('keys-note', s.keysTruncated ? 'Showing the first ' + number(s.keys.length) + ' keys; filter to narrow.' : '');
  }

  function status(text, isError) {
    const e = document.getElementById('status');
    e.textContent = text;
    e.classList.toggle('error', !!isError);
  }

  async function refresh() {
    if (inFlight) return;
    inFlight = true;
    try {
      const q = filterInput && filterInput.value ? '?q=' + encodeURIComponent(filterInput.value) : '';
      const response = await fetch(base + '/api/stats' + q, { headers: { Accept: 'application/json' }, credentials: 'same-origin', cache: 'no-store' });
      if (!response.ok) throw new Error('HTTP ' + response.status);
      render(await response.json());
      body.dataset.refreshed = String(Date.now());
    } catch (err) {
      status('refresh failed: ' + err.message, true);
    } finally {
      inFlight = false;
    }
  }

  function schedule() {
    if (timer !== null) clearInterval(timer);
    if (refreshMs > 0) timer = setInterval(refresh, refreshMs);
  }

  // Actions: post the form (token included) with fetch, report, then refresh at once.
  document.addEventListener('submit', async (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.classList.contains('action')) return;
    event.preventDefault();
    const buttons = form.querySelectorAll('button');
    buttons.forEach((b) => { b.disabled = true; });
    try {
      const response = await fetch(form.action, {
        method: 'POST',
        body: new URLSearchParams(new FormData(form)),
        headers: { Accept: 'application/json' },
        credentials: 'same-origin',
      });
      const result = await response.json().catch(() => ({ ok: false, message: 'HTTP ' + response.status }));
      status(result.message, !result.ok);
      if (result.ok && form.dataset.action === 'clear-by-tag') form.reset();
    } catch (err) {
      status(form.dataset.action + ' failed: ' + err.message, true);
    } finally {
      buttons.forEach((b) => { b.disabled = false; });
      await refresh();
    }
  });

  if (filterInput) {
    let debounce = null;
    filterInput.addEventListener('input', () => {
      clearTimeout(debounce);
      debounce = setTimeout(refresh, 200);
    });
  }

  applyBars();
  schedule();
})();
