/* pixelhound demo internet: TikTok Pixel emulator.
 * Our own code, written from the wire facts in PROTOCOLS.md; not TikTok's script.
 * Events go as text/plain JSON (sendBeacon) to https://analytics.tiktok.com/api/v2/pixel; the
 * "Metadata" action with the page's Open Graph, microdata and JSON-LD goes to /api/v2/pixel/act.
 * Clicks on buttons and links become automatic ClickButton events; email and phone typed into the
 * page are hashed into the user context (automatic advanced matching). */
(function (w, d) {
  "use strict";
  var name = w.TiktokAnalyticsObject || "ttq", ttq = w[name];
  if (!ttq || ttq.__ph) return;
  ttq.__ph = true;
  var API = "https://analytics.tiktok.com/api/v2/pixel";
  var CLICKABLE = "button, a[href], input[type=submit], input[type=button], [role=button]";
  var pixels = [], user = {}, auto = {}, sessionId = uuid() + "::" + random(20), pageviewId = uuid();

  function safe(fn) {
    return function () { try { return fn.apply(this, arguments); } catch (e) { return undefined; } };
  }
  function random(n) {
    var chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", s = "";
    for (var i = 0; i < n; i++) s += chars.charAt(Math.floor(Math.random() * chars.length));
    return s;
  }
  function uuid() {
    return "xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx".replace(/[xy]/g, function (c) {
      var r = Math.floor(Math.random() * 16);
      return (c === "x" ? r : (r & 3) | 8).toString(16);
    });
  }
  function readCookie(key) {
    var m = d.cookie.match(new RegExp("(?:^|; )" + key + "=([^;]*)"));
    return m ? decodeURIComponent(m[1]) : "";
  }
  function anonymousId() {
    var ttp = readCookie("_ttp");
    if (ttp) return ttp;
    var crockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ", t = Date.now(), head = "";
    for (var i = 0; i < 10; i++) { head = crockford.charAt(t % 32) + head; t = Math.floor(t / 32); }
    for (i = 0; i < 16; i++) head += crockford.charAt(Math.floor(Math.random() * 32));
    ttp = head + "_.tt.1";
    var labels = location.hostname.split(".");
    for (i = labels.length - 2; i >= 0; i--) {
      d.cookie = "_ttp=" + ttp + ";domain=." + labels.slice(i).join(".") + ";path=/;max-age=33696000;SameSite=Lax";
      if (readCookie("_ttp") === ttp) break;
    }
    return ttp;
  }
  function sha256(text) {
    try {
      if (!(w.crypto && w.crypto.subtle && w.TextEncoder)) return Promise.resolve("");
      return w.crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)).then(function (buf) {
        return Array.prototype.map.call(new Uint8Array(buf), function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
      }, function () { return ""; });
    } catch (e) { return Promise.resolve(""); }
  }
  function normalise(key, value) {
    var v = String(value || "").trim().toLowerCase();
    if (key === "email") return /^[^@\s]+@[^@\s]+\.[a-z]{2,}$/.test(v) ? v : "";
    v = v.replace(/[^\d+]/g, "");
    return v.replace(/\D/g, "").length >= 7 ? v : "";
  }

  // --- events ---------------------------------------------------------------------------------------------
  function labels() {
    var email = user.email ? "hashed" : auto.email ? "hashed_auto" : "missing";
    var phone = user.phone_number ? "hashed" : auto.phone_number ? "hashed_auto" : "missing";
    return { raw_email: { label: "missing" }, raw_auto_email: { label: auto.email ? "valid" : "missing" },
      raw_phone: { label: "missing" }, raw_auto_phone: { label: auto.phone_number ? "valid" : "missing" },
      hashed_email: { label: email }, hashed_phone: { label: phone } };
  }
  function message(pixel, event, properties, options) {
    var u = { anonymous_id: anonymousId() };
    ["email", "phone_number", "external_id"].forEach(function (k) { if (user[k] || auto[k]) u[k] = user[k] || auto[k]; });
    return { event: event, event_id: (options && options.event_id) || "",
      message_id: "messageId-" + Date.now() + "-" + Math.floor(Math.random() * 1e13) + "-" + pixel.code,
      is_onsite: false, timestamp: new Date().toISOString(),
      context: { ad: { sdk_env: "external", jsb_status: 2 }, device: { platform: "pc" }, user: u,
        pixel: { code: pixel.code, runtime: "1" },
        page: { url: location.href, referrer: d.referrer, load_progress: "1" },
        library: { name: "pixel.js", version: "2.2.0" }, session_id: sessionId + "-" + pixel.code,
        pageview_id: pageviewId + "-" + pixel.code, userAgent: navigator.userAgent },
      properties: properties || {}, signal_diagnostic_labels: labels() };
  }
  function send(path, body) {
    var text = JSON.stringify(body);
    if (navigator.sendBeacon && navigator.sendBeacon(API + path, text)) return;
    if (w.fetch) w.fetch(API + path, { method: "POST", body: text, keepalive: true, mode: "no-cors",
      credentials: "include", headers: { "Content-Type": "text/plain;charset=UTF-8" } }).catch(function () {});
  }
  function contentData() {
    var og = {}, meta = {}, items = [], jsonld = [];
    Array.prototype.forEach.call(d.querySelectorAll("meta[name], meta[property]"), function (m) {
      var key = m.getAttribute("property") || m.getAttribute("name"), value = m.getAttribute("content") || "";
      if (/^(og|article|twitter):/.test(key)) og[key] = value; else meta[key] = value;
    });
    Array.prototype.forEach.call(d.querySelectorAll("[itemscope]:not([itemprop])"), function (scope) {
      items.push({ type: scope.getAttribute("itemtype") || "", properties: { text: String(scope.innerText || "").slice(0, 500) }, subscopes: [] });
    });
    Array.prototype.forEach.call(d.querySelectorAll('script[type="application/ld+json"]'), function (s) {
      try { jsonld.push(JSON.parse(s.textContent)); } catch (e) { /* ignore broken JSON-LD */ }
    });
    return { open_graph: JSON.stringify(og), microdata: JSON.stringify(items), json_ld: JSON.stringify(jsonld),
      meta: JSON.stringify(meta) };
  }
  function page(pixel) {
    send("", message(pixel, "Pageview", {}));
    if (pixel.options.auto_metadata === false) return;
    var act = message(pixel, undefined, {});
    delete act.event;
    act.action = "Metadata";
    act.auto_collected_properties = { page_trigger: "PageView", content_data: contentData() };
    send("/act", act);
  }
  function track(pixel, event, properties, options) { send("", message(pixel, event, properties, options)); }
  function each(fn) { return function () { var args = arguments; pixels.forEach(function (p) { fn.apply(null, [p].concat(Array.prototype.slice.call(args))); }); }; }
  function identify(data) {
    Object.keys(data || {}).forEach(function (key) {
      var value = data[key];
      if (!value) return;
      if (key === "external_id" || /^[0-9a-f]{64}$/.test(value)) { user[key] = String(value); return; }
      var norm = normalise(key === "email" ? "email" : "phone", value);
      if (norm) sha256(norm).then(function (h) { if (h) user[key] = h; });
    });
  }

  // --- automatic events -------------------------------------------------------------------------------
  var onClick = safe(function (event) {
    var el = event.target && event.target.closest && event.target.closest(CLICKABLE);
    if (!el) return;
    var trigger = { tag: el.tagName, inner_text: String(el.innerText || el.value || "").trim(),
      class_name: typeof el.className === "string" ? el.className : "", id: el.id || "",
      href: el.href || "", num_child_buttons: el.querySelectorAll(CLICKABLE).length, timestamp: Date.now() };
    pixels.forEach(function (p) {
      if (p.options.auto_click === false) return;
      var msg = message(p, "ClickButton", {});
      msg.auto_collected_properties = { page_trigger: "ClickButton", trigger_element: trigger };
      send("", msg);
    });
  });
  var onField = safe(function (event) {
    var el = event.target;
    if (!el || el.tagName !== "INPUT" || !pixels.some(function (p) { return p.options.auto_matching !== false; })) return;
    var hay = [el.type, el.name, el.id, el.getAttribute("autocomplete")].join(" ").toLowerCase();
    var key = /email|e-mail/.test(hay) ? "email" : /\btel\b|phone|mobile/.test(hay) ? "phone_number" : "";
    var norm = key && normalise(key === "email" ? "email" : "phone", el.value);
    if (norm) sha256(norm).then(function (h) { if (h) auto[key] = h; });
  });

  // --- the ttq command interface --------------------------------------------------------------------------
  var methods = {
    load: function (code, options) {
      if (pixels.some(function (p) { return p.code === code; })) return;
      pixels.push({ code: String(code), options: options || {} });
    },
    page: each(page),
    track: each(track),
    identify: identify,
    instance: function (code) {
      var one = function (fn) { return function () { var p = pixels.filter(function (x) { return x.code === code; })[0]; if (p) fn.apply(null, [p].concat(Array.prototype.slice.call(arguments))); }; };
      return { page: safe(one(page)), track: safe(one(track)), identify: safe(identify) };
    }
  };
  var queued = Array.prototype.slice.call(ttq);
  Object.keys(methods).forEach(function (m) { ttq[m] = safe(methods[m]); });
  ttq.push = function (entry) { if (entry && methods[entry[0]]) ttq[entry[0]].apply(null, entry.slice(1)); };
  queued.forEach(function (entry) { ttq.push(entry); });
  ttq.length = 0;
  d.addEventListener("click", onClick, true);
  d.addEventListener("input", onField, true);
  d.addEventListener("change", onField, true);
})(window, document);
