// byline's web page. The URL holds the whole state (shareable links, the back button works);
// every piece of article text goes into the page as text (textContent), never as HTML.
'use strict';

const FACETS = 'org,person,product,place,source,year';
const ENTITY_TYPES = ['org', 'person', 'product', 'place', 'misc'];
const PAGE = 10;
const $ = (id) => document.getElementById(id);

// ---------------------------------------------------------------- state <-> URL

function readState() {
  const p = new URLSearchParams(location.search);
  return {
    q: p.get('q') || '',
    sort: p.get('sort') || 'relevance',
    since: p.get('since') || '',
    until: p.get('until') || '',
    f: p.getAll('f'),
    source: p.getAll('source'),
    offset: Number(p.get('offset')) || 0,
    by: p.get('by') === 'year' ? 'year' : 'month',
    article: p.get('article') || '',
    related: p.get('related') || '',
  };
}

function urlOf(s) {
  const p = new URLSearchParams();
  if (s.q) p.set('q', s.q);
  if (s.sort && s.sort !== 'relevance') p.set('sort', s.sort);
  if (s.since) p.set('since', s.since);
  if (s.until) p.set('until', s.until);
  for (const f of s.f) p.append('f', f);
  for (const src of s.source) p.append('source', src);
  if (s.offset) p.set('offset', String(s.offset));
  if (s.by !== 'month') p.set('by', s.by);
  if (s.article) p.set('article', s.article);
  if (s.related) p.set('related', s.related);
  const q = p.toString();
  return q ? '?' + q : location.pathname;
}

function go(changes) {
  const s = Object.assign(readState(), changes);
  history.pushState(null, '', urlOf(s));
  render(s);
}

// The search parameters of a state (what /api/search and /api/timeline take).
function searchParams(s) {
  const p = new URLSearchParams();
  p.set('q', s.q);
  if (s.since) p.set('since', s.since);
  if (s.until) p.set('until', s.until);
  for (const f of s.f) p.append('f', f);
  for (const src of s.source) p.append('source', src);
  return p;
}

// ---------------------------------------------------------------- DOM helpers

// An element with attributes and children (strings become text nodes).
function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    e.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children) {
    if (c === null || c === undefined) continue;
    e.append(typeof c === 'string' ? document.createTextNode(c) : c);
  }
  return e;
}

function button(label, onClick, attrs) {
  const b = el('button', Object.assign({ type: 'button' }, attrs || {}), label);
  b.addEventListener('click', onClick);
  return b;
}

// A link inside the page: a real href (open in a new tab works) that navigates in place.
function pageLink(label, changes, attrs) {
  const a = el('a', Object.assign({ href: urlOf(Object.assign(readState(), changes)) }, attrs || {}), label);
  a.addEventListener('click', (e) => {
    if (e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0) return;
    e.preventDefault();
    go(changes);
  });
  return a;
}

// Only http(s) URLs become links; anything else (javascript:, data:) stays text.
function safeHref(u) {
  try {
    const url = new URL(u);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch (_) {
    return null;
  }
}

// The passage with its highlighted byte ranges (UTF-8 offsets) in <mark>.
function highlighted(text, ranges) {
  const bytes = new TextEncoder().encode(text);
  const dec = new TextDecoder();
  const out = document.createDocumentFragment();
  let at = 0;
  for (const [start, end] of ranges || []) {
    if (start < at || end > bytes.length) continue;
    out.append(document.createTextNode(dec.decode(bytes.slice(at, start))));
    out.append(el('mark', {}, dec.decode(bytes.slice(start, end))));
    at = end;
  }
  out.append(document.createTextNode(dec.decode(bytes.slice(at))));
  return out;
}

function clear(node) {
  node.replaceChildren();
  return node;
}

async function api(path, params) {
  const url = params ? path + '?' + params.toString() : path;
  const r = await fetch(url, { headers: { Accept: 'application/json' } });
  const body = await r.json();
  if (!r.ok) throw Object.assign(new Error(body.error ? body.error.message : r.statusText), { body });
  return body;
}

function showError(err, q) {
  const status = clear($('status'));
  status.className = 'error';
  status.append(el('p', { role: 'alert' }, err.message));
  const col = err.body && err.body.error && err.body.error.column;
  if (col && q) {
    status.append(el('pre', {}, q + '\n' + ' '.repeat(Math.max(0, col - 1)) + '^'));
  }
}

// ---------------------------------------------------------------- rendering

let generation = 0;

async function render(s) {
  const mine = ++generation;
  $('q').value = s.q;
  $('sort').value = s.sort;
  $('since').value = s.since;
  $('until').value = s.until;
  document.title = s.q ? s.q + ' - byline' : 'byline';
  renderFilters(s);
  const articleView = $('article');
  if (s.article) {
    for (const id of ['hits', 'pager', 'sidebar']) clear($(id));
    $('timeline').hidden = true;
    clear($('status'));
    articleView.hidden = false;
    await renderArticle(s, mine);
    return;
  }
  articleView.hidden = true;
  clear(articleView);
  if (!s.q) {
    for (const id of ['hits', 'pager', 'sidebar']) clear($(id));
    $('timeline').hidden = true;
    const status = clear($('status'));
    status.className = '';
    try {
      const st = await api('/api/stats');
      if (mine !== generation) return;
      status.append(el('p', {}, `${st.articles} articles from ${st.sources} sources` +
        (st.date_min ? `, ${st.date_min} to ${st.date_max}` : '') + '. Type a query above.'));
    } catch (e) {
      showError(e);
    }
    return;
  }
  await Promise.all([renderResults(s, mine), renderTimeline(s, mine)]);
}

function renderFilters(s) {
  const box = clear($('filters'));
  const chip = (label, remove) => {
    box.append(el('span', { class: 'chip' }, label,
      button('\u00d7', remove, { 'aria-label': 'Remove filter ' + label, title: 'Remove' })));
  };
  for (const f of s.f) {
    const label = f.startsWith('!') ? 'not ' + f.slice(1) : f;
    chip(label, () => go({ f: readState().f.filter((x) => x !== f), offset: 0 }));
  }
  for (const src of s.source) {
    chip('source:' + src, () => go({ source: readState().source.filter((x) => x !== src), offset: 0 }));
  }
  if (s.since || s.until) {
    chip((s.since || '…') + ' to ' + (s.until || '…'), () => go({ since: '', until: '', offset: 0 }));
  }
}

async function renderResults(s, mine) {
  const p = searchParams(s);
  if (s.sort !== 'relevance') p.set('sort', s.sort);
  if (s.offset) p.set('offset', String(s.offset));
  p.set('limit', String(PAGE));
  p.set('facets', FACETS);
  p.set('facet_limit', '10');
  let r;
  try {
    r = await api('/api/search', p);
  } catch (e) {
    if (mine !== generation) return;
    clear($('hits'));
    clear($('pager'));
    clear($('sidebar'));
    showError(e, s.q);
    return;
  }
  if (mine !== generation) return;
  const status = clear($('status'));
  status.className = '';
  const partial = r.total_partial ? ` (and ${r.total_partial} partial)` : '';
  status.append(el('p', {}, `${r.total_articles} matching article${r.total_articles === 1 ? '' : 's'}${partial}`));
  const hits = clear($('hits'));
  for (const h of r.hits) hits.append(hitItem(h));
  renderPager(s, r);
  renderFacets(s, r.facets);
}

function hitItem(h) {
  const a = h.article;
  const meta = [a.date, a.source].filter(Boolean).join(' · ');
  const extra = [];
  if (h.copies > 1) extra.push(`${h.copies} copies`);
  if (h.near_copies > 0) extra.push(`${h.near_copies} near ${h.near_copies === 1 ? 'copy' : 'copies'}`);
  if (h.missing && h.missing.length) extra.push('missing: ' + h.missing.join(', '));
  return el('li', { class: 'hit' },
    el('h3', {}, pageLink(a.title || '(untitled)', { article: a.id })),
    el('p', { class: 'meta' }, [meta].concat(extra).filter(Boolean).join(' · ')),
    el('p', { class: 'passage' }, highlighted(h.passage.text, h.passage.highlights)),
    el('p', { class: 'path' }, a.path + (a.record ? ':' + a.record : '')));
}

function renderPager(s, r) {
  const nav = clear($('pager'));
  if (s.offset > 0) nav.append(button('Previous', () => go({ offset: Math.max(0, s.offset - PAGE) })));
  const shown = s.offset + PAGE;
  if (shown < r.total_articles + r.total_partial) nav.append(button('Next', () => go({ offset: shown })));
}

function renderFacets(s, facets) {
  const side = clear($('sidebar'));
  for (const [dim, values] of Object.entries(facets || {})) {
    if (!values.length) continue;
    const list = el('ul', {});
    for (const v of values) {
      const li = el('li', {});
      const name = v.name;
      if (ENTITY_TYPES.includes(dim)) {
        const f = dim + ':' + name;
        li.append(
          button('+', () => go({ f: readState().f.filter((x) => x !== '!' + f).concat([f]), offset: 0 }),
            { class: 'include', 'aria-label': 'Only articles naming ' + name, title: 'Only articles naming it' }),
          button('\u2212', () => go({ f: readState().f.filter((x) => x !== f).concat(['!' + f]), offset: 0 }),
            { class: 'exclude', 'aria-label': 'Leave out articles naming ' + name, title: 'Leave them out' }));
      } else if (dim === 'source') {
        li.append(button('+', () => go({ source: readState().source.concat([name]), offset: 0 }),
          { class: 'include', 'aria-label': 'Only articles from ' + name, title: 'Only this source' }));
      } else if (dim === 'year') {
        li.append(button('+', () => go({ since: name + '-01-01', until: name + '-12-31', offset: 0 }),
          { class: 'include', 'aria-label': 'Only articles from ' + name, title: 'Only this year' }));
      }
      li.append(el('span', { class: 'name' }, name), el('span', { class: 'count' }, String(v.count)));
      list.append(li);
    }
    side.append(el('section', { class: 'facet', 'data-dim': dim }, el('h2', {}, dim), list));
  }
}

// ---------------------------------------------------------------- timeline

const SVG = 'http://www.w3.org/2000/svg';

function svg(tag, attrs) {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  return e;
}

// The first and last day of a period label (2024, 2024-03).
function periodRange(period) {
  if (/^\d{4}$/.test(period)) return [period + '-01-01', period + '-12-31'];
  const m = /^(\d{4})-(\d{2})$/.exec(period);
  if (!m) return null;
  const last = new Date(Date.UTC(Number(m[1]), Number(m[2]), 0)).getUTCDate();
  return [period + '-01', period + '-' + String(last).padStart(2, '0')];
}

// Every period from the first to the last, those without articles at 0 (the API lists only
// periods with articles): a month with nothing shows as a gap.
function withGaps(periods, by) {
  if (periods.length < 2) return periods;
  const counts = new Map(periods.map((x) => [x.period, x.count]));
  const out = [];
  if (by === 'year') {
    const [a, b] = [Number(periods[0].period), Number(periods[periods.length - 1].period)];
    if (!(b - a < 600)) return periods;
    for (let y = a; y <= b; y++) out.push({ period: String(y), count: counts.get(String(y)) || 0 });
    return out;
  }
  const parse = (p) => { const m = /^(\d{4})-(\d{2})$/.exec(p); return m ? Number(m[1]) * 12 + Number(m[2]) - 1 : NaN; };
  const [a, b] = [parse(periods[0].period), parse(periods[periods.length - 1].period)];
  if (!(b - a < 600)) return periods;
  for (let i = a; i <= b; i++) {
    const p = `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
    out.push({ period: p, count: counts.get(p) || 0 });
  }
  return out;
}

async function renderTimeline(s, mine) {
  const p = searchParams(s);
  p.set('by', s.by);
  let periods;
  try {
    periods = await api('/api/timeline', p);
  } catch (_) {
    periods = [];
  }
  if (mine !== generation) return;
  const fig = $('timeline');
  const chart = clear($('chart'));
  $('period-name').textContent = s.by;
  const toggle = $('by-toggle');
  toggle.textContent = s.by === 'month' ? 'by year' : 'by month';
  fig.hidden = periods.length === 0;
  if (!periods.length) return;
  periods = withGaps(periods, s.by);
  const w = 720;
  const h = 120;
  const max = Math.max(...periods.map((x) => x.count));
  const bw = w / periods.length;
  const box = svg('svg', { viewBox: `0 0 ${w} ${h + 18}`, role: 'group', 'aria-label': 'Articles per ' + s.by });
  periods.forEach((x, i) => {
    if (!x.count) return;
    const bh = Math.max(1, (x.count / max) * h);
    const bar = svg('rect', {
      x: (i * bw + 1).toFixed(1), y: (h - bh).toFixed(1),
      width: Math.max(1, bw - 2).toFixed(1), height: bh.toFixed(1),
      class: 'bar', tabindex: 0, role: 'button',
      'aria-label': `${x.period}: ${x.count} article${x.count === 1 ? '' : 's'}`,
      'data-period': x.period,
    });
    const tip = svg('title', {});
    tip.textContent = `${x.period}: ${x.count}`;
    bar.append(tip);
    const narrow = () => {
      const r = periodRange(x.period);
      if (r) go({ since: r[0], until: r[1], offset: 0 });
    };
    bar.addEventListener('click', narrow);
    bar.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); narrow(); }
    });
    box.append(bar);
  });
  for (const i of [0, periods.length - 1]) {
    const t = svg('text', { x: i === 0 ? 0 : w, y: h + 14, 'text-anchor': i === 0 ? 'start' : 'end', class: 'axis' });
    t.textContent = periods[i].period;
    box.append(t);
  }
  chart.append(box);
}

// ---------------------------------------------------------------- one article

async function renderArticle(s, mine) {
  const view = clear($('article'));
  let a;
  try {
    a = await api('/api/articles/' + encodeURIComponent(s.article));
  } catch (e) {
    if (mine !== generation) return;
    showError(e);
    return;
  }
  if (mine !== generation) return;
  const back = s.q ? pageLink('\u2190 results', { article: '', related: '' }) : pageLink('\u2190 byline', { article: '', related: '', q: '' });
  const href = a.url ? safeHref(a.url) : null;
  const urlNode = a.url ? (href ? el('a', { href, rel: 'noopener noreferrer nofollow', target: '_blank' }, a.url) : el('span', {}, a.url)) : null;
  view.append(
    el('p', {}, back),
    el('h2', { id: 'article-title' }, a.title || '(untitled)'),
    el('p', { class: 'meta' }, [a.date, a.source].filter(Boolean).join(' · ')),
    urlNode ? el('p', { class: 'url' }, urlNode) : null,
    el('p', { class: 'path' }, a.path + (a.record ? ':' + a.record : '')));
  if (a.entities && a.entities.length) {
    const chips = el('div', { class: 'entities', 'aria-label': 'Entities' });
    for (const e of a.entities) {
      const key = e.type + ':' + e.name;
      chips.append(button(`${e.name} (${e.mentions})`, () => go({ related: key }),
        { class: 'chip entity ' + e.type, title: `${e.type}; related entities`, 'data-entity': key }));
    }
    view.append(chips);
  }
  if (s.related) view.append(await relatedPanel(s));
  const body = el('div', { class: 'body' });
  for (const p of a.passages) body.append(el('p', {}, p));
  view.append(body);
}

async function relatedPanel(s) {
  const panel = el('section', { class: 'related', 'aria-label': 'Related entities' },
    el('h3', {}, 'Named with ' + s.related));
  try {
    const rel = await api('/api/related', new URLSearchParams({ name: s.related, n: '15' }));
    const list = el('ul', {});
    for (const r of rel) {
      const f = r.type + ':' + r.name;
      list.append(el('li', {},
        pageLink(r.name, { article: '', related: '', q: s.q || r.name, f: s.q ? readState().f.concat([f]) : [f], offset: 0 }),
        el('span', { class: 'count' }, ` ${r.type}, ${r.count} passages, ${r.lift.toFixed(1)}x`)));
    }
    panel.append(rel.length ? list : el('p', {}, 'Nothing named with it.'));
  } catch (e) {
    panel.append(el('p', { class: 'error' }, e.message));
  }
  return panel;
}

// ---------------------------------------------------------------- wiring

document.addEventListener('DOMContentLoaded', () => {
  $('search').addEventListener('submit', (e) => {
    e.preventDefault();
    go({
      q: $('q').value.trim(),
      sort: $('sort').value,
      since: $('since').value,
      until: $('until').value,
      offset: 0,
      article: '',
      related: '',
    });
  });
  $('by-toggle').addEventListener('click', () => go({ by: readState().by === 'month' ? 'year' : 'month' }));
  document.addEventListener('keydown', (e) => {
    const t = document.activeElement && document.activeElement.tagName;
    if (e.key === '/' && !['INPUT', 'TEXTAREA', 'SELECT'].includes(t)) {
      e.preventDefault();
      $('q').focus();
    }
  });
  window.addEventListener('popstate', () => render(readState()));
  render(readState());
  if (!readState().q) $('q').focus();
});
