/* pixelhound demo internet: Hotjar-style session recorder emulator.
 * Our own code, written from the wire facts in PROTOCOLS.md; not Hotjar's script.
 * Loaded by static.hotjar.com/c/hotjar-<site>.js, which sets window.hjSiteSettings. It reports the
 * visit (POST in.hotjar.com/api/v2/client/sites/<site>/visit-data) and records what the visitor
 * reads (the page's text) and does (clicks, scrolls, keystrokes into form fields), uploading
 * batches as gzipped JSON to https://content.hotjar.io/?site_id=<site>&gzip=1: compressed with
 * CompressionStream('gzip') while the page lives, with a stored (uncompressed) gzip member written
 * synchronously when the page is being left, so the last keystrokes still go out by sendBeacon. */
(function (w, d) {
  "use strict";
  var settings = w.hjSiteSettings;
  if (!settings || w.__phHotjar) return;
  w.__phHotjar = true;
  var site = String(settings.site_id), events = [], seq = 0, timer = 0, started = Date.now();
  var CONTENT = "https://content.hotjar.io/?site_id=" + encodeURIComponent(site) + "&gzip=1";

  function safe(fn) {
    return function () { try { return fn.apply(this, arguments); } catch (e) { return undefined; } };
  }
  function uuid() {
    return "xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx".replace(/[xy]/g, function (c) {
      var r = Math.floor(Math.random() * 16);
      return (c === "x" ? r : (r & 3) | 8).toString(16);
    });
  }
  function readCookie(name) {
    var m = d.cookie.match(new RegExp("(?:^|; )" + name + "=([^;]*)"));
    return m ? decodeURIComponent(m[1]) : "";
  }
  function writeCookie(name, value, seconds) {
    var labels = location.hostname.split(".");
    for (var i = labels.length - 2; i >= 0; i--) {
      d.cookie = name + "=" + encodeURIComponent(value) + ";domain=." + labels.slice(i).join(".") + ";path=/;max-age=" + seconds + ";SameSite=Lax";
      if (readCookie(name) === value) return;
    }
  }
  function stored(name, seconds, make) {
    try { var v = JSON.parse(atob(readCookie(name))); if (v && v.id) return v; } catch (e) { /* new visitor */ }
    var fresh = make();
    writeCookie(name, btoa(JSON.stringify(fresh)), seconds);
    return fresh;
  }
  var visitor = stored("_hjSessionUser_" + site, 31536000, function () { return { id: uuid(), created: Date.now(), existing: false }; });
  var sess = stored("_hjSession_" + site, 1800, function () { return { id: uuid(), c: Date.now(), s: 0, r: 1, sb: 0, sr: 0, se: 0, fs: 1, sp: 0 }; });

  function selector(el) {
    if (!el || !el.tagName) return "";
    var s = el.tagName.toLowerCase();
    if (el.id) return s + "#" + el.id;
    if (el.name) return s + "[name=" + el.name + "]";
    return s + (typeof el.className === "string" && el.className ? "." + el.className.trim().split(/\s+/).join(".") : "");
  }
  function pageText() {
    var blocks = [], seen = 0;
    Array.prototype.forEach.call(d.querySelectorAll("h1, h2, h3, h4, p, li, label, a, button, td, th, dt, dd, figcaption"), function (el) {
      var t = String(el.innerText || "").replace(/\s+/g, " ").trim();
      if (!t || seen > 20000) return;
      seen += t.length;
      blocks.push({ node: selector(el), text: t.slice(0, 500) });
    });
    return blocks;
  }
  function record(event) {
    event.time = Date.now() - started;
    events.push(event);
    if (!timer) timer = setTimeout(safe(flush), 1000);
  }

  // --- gzip -------------------------------------------------------------------------------------------------
  function crc32(bytes) {
    var crc = 0xffffffff;
    for (var i = 0; i < bytes.length; i++) {
      var c = (crc ^ bytes[i]) & 0xff;
      for (var k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
      crc = (crc >>> 8) ^ c;
    }
    return (crc ^ 0xffffffff) >>> 0;
  }
  function gzipStored(bytes) {
    var n = bytes.length, blocks = Math.max(1, Math.ceil(n / 65535)), out = new Uint8Array(18 + n + 5 * blocks), pos = 10;
    out.set([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]);
    for (var b = 0; b < blocks; b++) {
      var chunk = bytes.subarray(b * 65535, Math.min(n, (b + 1) * 65535)), len = chunk.length;
      out[pos++] = b === blocks - 1 ? 1 : 0;
      out[pos++] = len & 0xff; out[pos++] = len >>> 8; out[pos++] = ~len & 0xff; out[pos++] = (~len >>> 8) & 0xff;
      out.set(chunk, pos); pos += len;
    }
    var crc = crc32(bytes);
    [crc, n].forEach(function (v) { for (var i = 0; i < 4; i++) out[pos++] = (v >>> (8 * i)) & 0xff; });
    return out;
  }
  function payload() {
    var batch = events.splice(0);
    if (!batch.length) return null;
    return new TextEncoder().encode(JSON.stringify({ site_id: Number(site), user_id: visitor.id, session_id: sess.id,
      page_view_id: pageViewId, seq: seq++, url: location.href, referrer: d.referrer, title: d.title,
      window_width: w.innerWidth, window_height: w.innerHeight, events: batch }));
  }
  function flush() {
    clearTimeout(timer); timer = 0;
    var bytes = payload();
    if (!bytes) return;
    if (!w.CompressionStream || !w.fetch) { flushNow(bytes); return; }
    new Response(new Blob([bytes]).stream().pipeThrough(new CompressionStream("gzip"))).arrayBuffer().then(function (gz) {
      return w.fetch(CONTENT, { method: "POST", body: gz, keepalive: true, mode: "no-cors", credentials: "include" });
    }).catch(function () {});
  }
  function flushNow(bytes) {
    bytes = bytes || payload();
    if (!bytes) return;
    var gz = gzipStored(bytes); // raw bytes, not a Blob: a Blob body is invisible to DevTools observers
    if (!(navigator.sendBeacon && navigator.sendBeacon(CONTENT, gz)) && w.fetch)
      w.fetch(CONTENT, { method: "POST", body: gz, keepalive: true, mode: "no-cors" }).catch(function () {});
  }

  // --- what is recorded --------------------------------------------------------------------------------
  var pageViewId = uuid();
  var onInput = safe(function (event) {
    var el = event.target;
    if (!el || !/^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName)) return;
    var masked = el.type === "password" || settings.record_keystrokes === false || el.hasAttribute("data-hj-suppress");
    var value = String(el.value || "");
    record({ type: "input", node: selector(el), name: el.name || "", input_type: el.type || "",
      value: masked ? value.replace(/./g, "*") : value });
  });
  var onClick = safe(function (event) {
    var el = event.target;
    record({ type: "click", node: selector(el), x: event.clientX, y: event.clientY,
      text: String((el && (el.innerText || el.value)) || "").replace(/\s+/g, " ").trim().slice(0, 200) });
  });
  var lastScroll = 0;
  var onScroll = safe(function () {
    if (Date.now() - lastScroll < 250) return;
    lastScroll = Date.now();
    record({ type: "scroll", y: Math.round(w.scrollY) });
  });
  function visit() {
    var body = JSON.stringify({ window_width: w.innerWidth, window_height: w.innerHeight, user_id: visitor.id,
      session_id: sess.id, url: location.href, referrer: d.referrer, is_vpv: false, r_value: 1 });
    if (w.fetch) w.fetch("https://in.hotjar.com/api/v2/client/sites/" + encodeURIComponent(site) + "/visit-data?sv=7",
      { method: "POST", body: body, keepalive: true, mode: "no-cors", credentials: "include" }).catch(function () {});
  }
  function start() {
    visit();
    record({ type: "page", url: location.href, title: d.title, referrer: d.referrer });
    record({ type: "snapshot", text: pageText() });
    d.addEventListener("input", onInput, true);
    d.addEventListener("change", onInput, true);
    d.addEventListener("click", onClick, true);
    w.addEventListener("scroll", onScroll, { passive: true });
    w.addEventListener("beforeunload", safe(function () { flushNow(); })); // while the document is alive
    w.addEventListener("pagehide", safe(function () { flushNow(); }));
    d.addEventListener("visibilitychange", safe(function () { if (d.visibilityState === "hidden") flushNow(); }));
  }
  if (d.readyState === "loading") d.addEventListener("DOMContentLoaded", safe(start));
  else safe(start)();
})(window, document);
