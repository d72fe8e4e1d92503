/* pixelhound demo internet: Google Analytics 4 (gtag.js) emulator.
 * Our own code, written from the wire facts in PROTOCOLS.md; not Google's script.
 * Reads gtag() commands from window.dataLayer and sends GA4 hits: POST <transport>/g/collect with the
 * shared parameters (tag, client id, session, page) in the query and, when several events go out
 * together, one event per body line. Enhanced measurement (page views, site search, scrolls,
 * outbound clicks, file downloads, form interactions) runs by itself, as in the real tag, and its
 * click listener ignores clicks whose default action was prevented, as the real one does.
 * A stream whose setting `flush_on` is "pagehide" behaves as the real tag does when the page is left:
 * scroll, form_start and form_submit wait in the queue, and on the window's pagehide (only) a
 * user_engagement event with the engagement time joins them and the whole batch leaves at once.
 * The server substitutes the per-tag settings below (the real ones come from the data stream). */
(function (w, d) {
  "use strict";
  var SETTINGS = /*PH_SETTINGS*/{};
  var dl = w.dataLayer = w.dataLayer || [];
  if (dl.__phGtag) return;
  dl.__phGtag = true;
  var DEFAULT_TRANSPORT = "https://region1.google-analytics.com";
  var SEARCH_KEYS = ["q", "s", "search", "query", "keyword"];
  var DOWNLOAD = /\.(pdf|xlsx?|docx?|txt|rtf|csv|exe|key|pp[st]x?|7z|pkg|rar|gz|zip|avi|mov|mp4|mpe?g|wmv|midi?|mp3|wav|wma)$/i;
  var tags = {}, order = [], consent = { def: {}, upd: {} }, pageId = String(Math.floor(Math.random() * 2e9));
  var loaded = Date.now(), engagedSince = Date.now(), scrolled = false, formsStarted = [];
  var memoryCid = "";

  function safe(fn) {
    return function () { try { return fn.apply(this, arguments); } catch (e) { return undefined; } };
  }
  function readCookie(name) {
    var m = d.cookie.match(new RegExp("(?:^|; )" + name + "=([^;]*)"));
    return m ? decodeURIComponent(m[1]) : "";
  }
  function writeCookie(name, value, seconds) {
    if (!storageAllowed()) return;
    var labels = location.hostname.split(".");
    for (var i = labels.length - 2; i >= 0; i--) {
      d.cookie = name + "=" + value + ";domain=." + labels.slice(i).join(".") + ";path=/;max-age=" + seconds + ";SameSite=Lax";
      if (readCookie(name) === value) return;
    }
  }
  function consentState(type) {
    var u = consent.upd[type], f = consent.def[type];
    return u !== undefined ? u : f;
  }
  function storageAllowed() { return consentState("analytics_storage") !== "denied"; }
  function consentLetter(type) {
    var f = consent.def[type], u = consent.upd[type];
    if (f === undefined && u === undefined) return "l";
    if (u === undefined) return f === "granted" ? "t" : "p";
    if (f === undefined) return u === "granted" ? "n" : "m";
    if (f === "granted") return u === "granted" ? "v" : "u";
    return u === "granted" ? "r" : "q";
  }
  function consentParams() {
    var out = [];
    var ad = consentState("ad_storage"), an = consentState("analytics_storage");
    if (ad !== undefined || an !== undefined) {
      var bit = function (v) { return v === undefined ? "-" : v === "granted" ? "1" : "0"; };
      out.push(["gcs", "G1" + bit(ad) + bit(an)]);
    }
    var types = ["ad_storage", "analytics_storage", "ad_user_data", "ad_personalization"];
    out.push(["gcd", "13" + types.map(consentLetter).join("3") + "1l1"]);
    return out;
  }

  // --- client and session ---------------------------------------------------------------------------
  function clientId() {
    var ga = readCookie("_ga"), m = ga.match(/^GA1\.\d\.(\d+\.\d+)$/);
    if (m) return { cid: m[1], fresh: false };
    if (!memoryCid) memoryCid = Math.floor(Math.random() * 2e9) + "." + Math.floor(Date.now() / 1000);
    writeCookie("_ga", "GA1.1." + memoryCid, 63072000);
    return { cid: memoryCid, fresh: true };
  }
  function session(tag) {
    if (tag.session) return tag.session;
    var name = "_ga_" + tag.tid.replace(/^G-/, ""), now = Math.floor(Date.now() / 1000);
    var parts = readCookie(name).split("."), s;
    if (parts[0] === "GS1" && parts.length >= 6 && now - Number(parts[5]) < 1800) {
      s = { sid: parts[2], sct: parts[3], seg: "1", started: false };
    } else {
      s = { sid: String(now), sct: String(parts[0] === "GS1" ? Number(parts[3] || 0) + 1 : 1), seg: "0", started: true };
    }
    writeCookie(name, ["GS1", "1", s.sid, s.sct, s.seg, now, "0", "0", "0"].join("."), 63072000);
    return (tag.session = s);
  }

  // --- hits -----------------------------------------------------------------------------------------------
  function encode(params) {
    return params.map(function (p) { return encodeURIComponent(p[0]) + "=" + encodeURIComponent(p[1]); }).join("&");
  }
  function shared(tag) {
    var client = clientId(), s = session(tag);
    var params = [["v", "2"], ["tid", tag.tid], ["gtm", "45je5ph0v9"], ["_p", pageId]].concat(consentParams());
    params.push(["npa", "0"], ["dma", "0"], ["cid", client.cid]);
    if (tag.userId) params.push(["uid", String(tag.userId)]);
    params.push(["ul", (navigator.language || "").toLowerCase()], ["sr", screen.width + "x" + screen.height],
      ["_s", String(++tag.hits)], ["sid", s.sid], ["sct", s.sct], ["seg", s.seg],
      ["dl", location.href], ["dr", d.referrer], ["dt", d.title]);
    return { params: params, fresh: client.fresh };
  }
  function eventParams(tag, name, params, first) {
    var out = [["en", name]];
    if (first.fresh && !tag.sentFirst) out.push(["_fv", "1"]);
    if (tag.session && tag.session.started && !tag.sentFirst) out.push(["_nsi", "1"], ["_ss", "1"]);
    tag.sentFirst = true;
    Object.keys(params || {}).forEach(function (key) {
      var v = params[key];
      if (v === undefined || v === null || typeof v === "object" || /^(send_to|event_callback|event_timeout)$/.test(key)) return;
      out.push([(typeof v === "number" ? "epn." : "ep.") + key, String(v)]);
    });
    var now = Date.now();
    out.push(["_et", String(now - engagedSince)], ["tfd", String(now - loaded)]);
    engagedSince = now;
    return out;
  }
  function post(url, body) {
    if (navigator.sendBeacon && navigator.sendBeacon(url, body || null)) return;
    if (w.fetch) w.fetch(url, { method: "POST", body: body || null, keepalive: true, mode: "no-cors", credentials: "include" }).catch(function () {});
  }
  function flush(tag) {
    clearTimeout(tag.timer);
    tag.timer = 0;
    var events = tag.queue.splice(0);
    if (!events.length) return;
    var base = tag.transport.replace(/\/$/, "") + "/g/collect?", head = shared(tag);
    var lines = events.map(function (e) { return eventParams(tag, e[0], e[1], head); });
    if (lines.length === 1) post(base + encode(head.params.concat(lines[0])), "");
    else post(base + encode(head.params), lines.map(encode).join("\n"));
  }
  function queue(tag, name, params, now) {
    tag.queue.push([name, params || {}]);
    if (now) flush(tag);
    else if (!tag.timer && !tag.onPagehide) tag.timer = setTimeout(safe(function () { flush(tag); }), 1000);
  }
  function measured(name, params, now) {
    order.forEach(function (id) { if (tags[id].enhanced) queue(tags[id], name, params, now); });
  }
  function held(name, params) {  // sent at once, except by a tag that holds its events until pagehide
    order.forEach(function (id) { if (tags[id].enhanced) queue(tags[id], name, params, !tags[id].onPagehide); });
  }

  // --- enhanced measurement -------------------------------------------------------------------------
  function searchTerm() {
    var query = new URLSearchParams(location.search);
    for (var i = 0; i < SEARCH_KEYS.length; i++) if (query.get(SEARCH_KEYS[i])) return query.get(SEARCH_KEYS[i]);
    return "";
  }
  function text(el) { return String(el.innerText || el.textContent || el.value || "").replace(/\s+/g, " ").trim(); }
  function formParams(form) {
    return { form_id: form.id || "", form_name: form.getAttribute("name") || "", form_destination: form.action || "",
      form_length: form.elements.length };
  }
  var onScroll = safe(function () {
    var root = d.documentElement;
    if (scrolled || (w.scrollY + w.innerHeight) / Math.max(root.scrollHeight, 1) < 0.9) return;
    scrolled = true;
    measured("scroll", { percent_scrolled: 90 });
  });
  var onClick = safe(function (event) {
    if (event.defaultPrevented) return;
    var a = event.target && event.target.closest && event.target.closest("a[href]");
    if (!a || !/^https?:$/.test(a.protocol)) return;
    var link = { link_id: a.id || "", link_classes: a.className || "", link_url: a.href, link_text: text(a) };
    var file = a.pathname.match(DOWNLOAD);
    if (file) {
      link.file_extension = file[1].toLowerCase();
      link.file_name = a.pathname;
      measured("file_download", link, true);
    } else if (a.hostname !== location.hostname) {
      link.link_domain = a.hostname;
      link.outbound = true;
      measured("click", link, true);
    }
  });
  var onFormInput = safe(function (event) {
    var el = event.target, form = el && el.form;
    if (!form || formsStarted.indexOf(form) >= 0) return;
    formsStarted.push(form);
    var params = formParams(form);
    params.first_field_id = el.id || "";
    params.first_field_name = el.name || "";
    params.first_field_type = el.type || "";
    params.first_field_position = Array.prototype.indexOf.call(form.elements, el) + 1;
    measured("form_start", params);
  });
  var onSubmit = safe(function (event) {
    var form = event.target;
    if (!form || form.tagName !== "FORM") return;
    var params = formParams(form);
    params.form_submit_text = event.submitter ? text(event.submitter) : "";
    held("form_submit", params);
  });
  var onHide = safe(function () {  // hidden or unloading: what a "hidden" stream flushes
    order.forEach(function (id) { if (!tags[id].onPagehide) flush(tags[id]); });
  });
  var onPagehide = safe(function () {
    order.forEach(function (id) {
      var tag = tags[id];
      if (tag.onPagehide) tag.queue.push(["user_engagement", {}]);
      flush(tag);
    });
  });

  // --- gtag() commands ----------------------------------------------------------------------------------
  function config(tid, params) {
    params = params || {};
    if (!/^G-/.test(tid)) return;
    var tag = tags[tid];
    if (!tag) {
      var own = SETTINGS[tid] || {};
      tag = tags[tid] = { tid: tid, hits: 0, queue: [], timer: 0, session: null, sentFirst: false,
        enhanced: own.enhanced_measurement !== false, onPagehide: own.flush_on === "pagehide" };
      order.push(tid);
    }
    tag.transport = params.transport_url || params.server_container_url || (SETTINGS[tid] || {}).transport_url || DEFAULT_TRANSPORT;
    if (params.user_id) tag.userId = params.user_id;
    if (params.send_page_view === false) return;
    queue(tag, "page_view", {});
    var term = searchTerm();
    if (tag.enhanced && term) queue(tag, "view_search_results", { search_term: term });
    flush(tag);
  }
  function event(name, params) {
    params = params || {};
    var to = params.send_to ? [].concat(params.send_to) : order;
    to.forEach(function (id) { if (tags[id]) queue(tags[id], name, params); });
  }
  function handle(entry) {
    if (!entry || typeof entry[0] !== "string") return;
    var cmd = entry[0];
    if (cmd === "config") config(String(entry[1]), entry[2]);
    else if (cmd === "event") event(String(entry[1]), entry[2]);
    else if (cmd === "consent" && entry[2]) {
      var target = entry[1] === "default" ? consent.def : consent.upd;
      Object.keys(entry[2]).forEach(function (k) { target[k] = entry[2][k]; });
    } else if (cmd === "set" && entry[1] && entry[1].user_id) {
      order.forEach(function (id) { tags[id].userId = entry[1].user_id; });
    }
  }
  var handleSafe = safe(handle);
  var push = dl.push;
  dl.push = function () {
    var result = push.apply(dl, arguments);
    for (var i = 0; i < arguments.length; i++) handleSafe(arguments[i]);
    return result;
  };
  for (var i = 0; i < dl.length; i++) handleSafe(dl[i]);
  w.addEventListener("scroll", onScroll, { passive: true });
  d.addEventListener("click", onClick);  // bubbling: sees whether the page prevented the default
  d.addEventListener("input", onFormInput, true);
  d.addEventListener("change", onFormInput, true);
  d.addEventListener("submit", onSubmit, true);
  w.addEventListener("beforeunload", onHide); // still inside the live document: observers see it
  w.addEventListener("pagehide", onPagehide);
  d.addEventListener("visibilitychange", function () { if (d.visibilityState === "hidden") onHide(); });
})(window, document);
