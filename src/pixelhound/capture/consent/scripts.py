"""The JavaScript evaluated in a page's frames: finding a banner and its controls, telling whether it
has gone, and reading a known consent tool's record of the visitor's choice."""

from __future__ import annotations

# Shown to a visitor: connected, not hidden by CSS, and with an area (shared by the scripts below).
_VISIBLE = r"""
  const visible = (el) => {
    if (!el || !el.isConnected) return false;
    if (el.checkVisibility && !el.checkVisibility({opacityProperty: true, visibilityProperty: true})) return false;
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0;
  };
"""

SCAN_JS = r"""
(arg) => {""" + _VISIBLE + r"""  const roots = [];
  const collect = (root) => {
    roots.push(root);
    for (const e of root.querySelectorAll('*')) if (e.shadowRoot) collect(e.shadowRoot);
  };
  collect(document);
  const all = (sel) => {
    const out = [];
    for (const r of roots) { try { out.push(...r.querySelectorAll(sel)); } catch (e) {} }
    return out;
  };
  const firstVisible = (within, sels) => {
    for (const s of sels) {
      let found = [];
      try { found = within.querySelectorAll(s); } catch (e) {}
      for (const e of found) if (visible(e)) return e;
    }
    return null;
  };
  const norm = (s) => (s || '').replace(/\s+/g, ' ').trim().toLowerCase().replace(/[.!…]+$/, '');
  const shown = (e) => e ? (e.tagName === 'INPUT' ? e.value : (e.innerText || e.textContent || e.getAttribute('aria-label') || ''))
    .replace(/\s+/g, ' ').trim() : '';
  const label = (e) => norm(shown(e));
  const other = arg.action === 'reject' ? 'accept' : 'reject';
  for (const spec of arg.specs) {
    for (const c of all(spec.container)) {
      if (!visible(c)) continue;
      const control = firstVisible(c, spec[arg.action]);
      return {container: c, control: control, meta: {banner: spec.name, text: shown(control),
              other: shown(firstVisible(c, spec[other])), settings: shown(firstVisible(c, spec.settings))}};
    }
  }
  const clickable = all('button, a, [role=button], input[type=button], input[type=submit]').filter(visible);
  const want = new Set(arg.phrases[arg.action]), alt = new Set(arg.phrases[other]), cog = new Set(arg.phrases.settings);
  const up = (e) => e.parentElement || (e.getRootNode() && e.getRootNode().host) || null;
  const cookieish = (e) => {
    for (let n = e, i = 0; n && i < 8; n = up(n), i++) {
      const t = n.textContent || '';
      if (t.length < 6000 && /cookie|consent|privacy/i.test(t)) return true;
    }
    return false;
  };
  const hit = clickable.find((e) => want.has(label(e)) && cookieish(e)) || null;
  const otherHit = clickable.find((e) => alt.has(label(e)) && cookieish(e)) || null;
  const anchor = hit || otherHit;
  if (!anchor) return null;
  let container = null;
  for (let n = anchor, i = 0; n && i < 12; n = up(n), i++) {
    if (n.nodeType !== 1) continue;
    const tag = [n.id, n.getAttribute('class'), n.getAttribute('aria-label'), n.tagName].join(' ');
    const role = n.getAttribute('role') || '';
    if (/cookie|consent|gdpr|privacy|banner/i.test(tag) || /dialog|region|alertdialog/.test(role)) { container = n; break; }
  }
  if (!container) container = window === window.top ? anchor.parentElement : document.body;
  const settings = [...container.querySelectorAll('button, a, [role=button]')].filter(visible)
    .map(shown).find((t) => cog.has(norm(t))) || '';
  return {container: container, control: hit,
          meta: {banner: 'generic-buttons', text: shown(hit), other: shown(otherHit), settings: settings}};
}
"""

GONE_JS = r"""
(c) => {
  if (!c || !c.isConnected) return true;
  if (c.checkVisibility && !c.checkVisibility({opacityProperty: true, visibilityProperty: true})) return true;
  const r = c.getBoundingClientRect();
  return r.width === 0 || r.height === 0;
}
"""

VISIBLE_SELECTOR_JS = r"""
(sels) => {
  const vis = (el) => el.checkVisibility ? el.checkVisibility({opacityProperty: true, visibilityProperty: true})
                                         : !!(el.offsetWidth || el.offsetHeight);
  for (const s of sels) { try { for (const e of document.querySelectorAll(s)) if (vis(e)) return true; } catch (e) {} }
  return false;
}
"""

# Reads a known CMP's consent record: {verdict: "accept"|"reject"|"partial"|null, raw}.
RECORD_JS = r"""
(kind) => {
  const jar = {};
  for (const c of document.cookie.split('; ')) { const i = c.indexOf('='); if (i > 0) jar[c.slice(0, i)] = c.slice(i + 1); }
  const dec = (v) => { try { return decodeURIComponent(v); } catch (e) { return v; } };
  const verdict = (vals) => !vals.length ? null : vals.every(Boolean) ? 'accept' : vals.every((v) => !v) ? 'reject' : 'partial';
  const out = (vals, raw) => ({verdict: verdict(vals), raw: (raw || '').slice(0, 160)});
  try {
    if (kind === 'onetrust') {
      const raw = dec(jar.OptanonConsent || ''); const m = /(?:^|&)groups=([^&]*)/.exec(raw);
      if (!m) return out([], raw);
      const groups = dec(m[1]).split(',').map((g) => g.split(':')).filter((g) => g[0] && g[0] !== 'C0001');
      return out(groups.map((g) => g[1] === '1'), 'groups=' + dec(m[1]));
    }
    if (kind === 'cookiebot') {
      const raw = dec(jar.CookieConsent || '');
      if (!raw || raw === '-1') return out([], raw);
      const vals = ['preferences', 'statistics', 'marketing'].map((k) => new RegExp(k + ':(true|false)').exec(raw))
        .filter(Boolean).map((m) => m[1] === 'true');
      return out(vals, raw);
    }
    if (kind === 'civic-cookie-control') {
      const raw = dec(jar.CookieControl || ''); if (!raw) return out([], raw);
      const o = JSON.parse(raw); if (o.interactedWith === false) return out([], raw);
      return out(Object.values(o.optionalCookies || {}).map((v) => v === 'accepted'), JSON.stringify(o.optionalCookies));
    }
    if (kind === 'nhsuk') {
      const raw = dec(jar['nhsuk-cookie-consent'] || ''); if (!raw) return out([], raw);
      const o = JSON.parse(raw); if (!o.consented) return out([], raw);
      return out([!!o.statistics], raw);
    }
    if (kind === 'cookieyes') {
      const raw = dec(jar['cookieyes-consent'] || ''); const kv = {};
      for (const p of raw.split(',')) { const i = p.indexOf(':'); if (i > 0) kv[p.slice(0, i)] = p.slice(i + 1); }
      if (kv.action !== 'yes') return out([], raw);
      const vals = ['functional', 'analytics', 'performance', 'advertisement'].filter((k) => k in kv).map((k) => kv[k] === 'yes');
      return out(vals, raw);
    }
    if (kind === 'silktide') {
      if (!localStorage.getItem('silktideCookieBanner_InitialChoice')) return out([], '');
      const keys = Object.keys(localStorage).filter((k) => k.startsWith('silktideCookieChoice_') && !k.includes('necessary'));
      return out(keys.map((k) => localStorage.getItem(k) === 'true'), keys.map((k) => k + '=' + localStorage.getItem(k)).join(','));
    }
  } catch (e) { return {verdict: null, raw: String(e)}; }
  return {verdict: null, raw: ''};
}
"""

# Finds a visible revisit control: a known CMP's own (by selector), else a link or button whose whole
# text is a cookie-settings phrase. -> {control, meta: {label, cmp}} or null.
REVISIT_JS = r"""
(arg) => {""" + _VISIBLE + r"""  const shown = (e) => {  // an icon's words are its aria-label or title
    const text = (e.innerText || e.textContent || '').replace(/\s+/g, ' ').trim();
    if (/[a-z]/i.test(text)) return text;
    let n = e;
    for (let i = 0; n && i < 3; n = n.parentElement, i++) {
      const named = n.getAttribute('aria-label') || n.getAttribute('title');
      if (named) return named;
    }
    return text;
  };
  for (const spec of arg.specs) {
    for (const sel of spec.revisit) {
      let found = [];
      try { found = document.querySelectorAll(sel); } catch (e) {}
      for (const e of found) if (visible(e)) return {control: e, meta: {label: shown(e) || sel, cmp: spec.name}};
    }
  }
  const norm = (s) => (s || '').replace(/\s+/g, ' ').trim().toLowerCase().replace(/[.!…]+$/, '');
  const want = new Set(arg.phrases);
  for (const e of document.querySelectorAll('a, button, [role=button]')) {
    if (visible(e) && want.has(norm(shown(e)))) return {control: e, meta: {label: shown(e), cmp: ''}};
  }
  return null;
}
"""

# The Global Privacy Control signal as the browser's own: a getter on Navigator.prototype in every
# frame (run by the context before any page script), as browsers that ship GPC expose it.
GPC_JS = r"""
(() => {
  try {
    Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', {get: () => true, configurable: true, enumerable: true});
  } catch (e) {}
})();
"""

RECEIVE_JS = "m => window.autoconsentReceiveMessage ? window.autoconsentReceiveMessage(m) : undefined"
# The same, for a message sent as JSON text: an init answer carries autoconsent's rules (about 0.7 MB),
# which Playwright's Python side would otherwise walk and validate value by value (issue 14: 40 % of
# the scanner's Python CPU); a string crosses as one value and the page parses it natively.
RECEIVE_JSON_JS = ("text => window.autoconsentReceiveMessage ? "
                   "window.autoconsentReceiveMessage(JSON.parse(text)) : undefined")
