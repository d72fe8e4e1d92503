/* pixelhound demo internet: Meta Pixel emulator.
 * Our own code, written from the wire facts in PROTOCOLS.md; not Meta's script.
 * It sends what the real pixel sends to https://www.facebook.com/tr/, on the same transports:
 * GET image when the URL is short, else sendBeacon(FormData), else a form POST from a hidden iframe.
 * Nothing is sent for a pixel until its configuration script (signals/config/<id>) has run; that
 * script decides which automatic features (button clicks, form matching, microdata, rules) run. */
(function (w, d) {
  "use strict";
  var fbq = w.fbq;
  if (!fbq || fbq.__ph) return;
  fbq.__ph = true;
  var VERSION = "2.9.199", CHANNEL = "stable", MAX_GET = 2048;
  var ENDPOINT = "https://www.facebook.com/tr/";
  var CONFIG = "https://connect.facebook.net/signals/config/";
  var BASE_OPTIONS = 4 | 8 | 16 | 4096 | 8192; // 16: sendBeacon supported; 2048 added for matched PII
  var pixels = {}, order = [], matched = {}, consent = true, held = [], initTime = Date.now();
  var keep = []; // image beacons kept alive until they load

  function safe(fn) {
    return function () { try { return fn.apply(this, arguments); } catch (e) { return undefined; } };
  }

  // --- identifiers ------------------------------------------------------------------------------
  function readCookie(name) {
    var m = d.cookie.match(new RegExp("(?:^|; )" + name + "=([^;]*)"));
    return m ? decodeURIComponent(m[1]) : "";
  }
  function writeCookie(name, value, seconds) {
    var labels = location.hostname.split(".");
    for (var i = labels.length - 2; i >= 0; i--) { // widest domain the browser accepts
      var domain = labels.slice(i).join(".");
      d.cookie = name + "=" + value + ";domain=." + domain + ";path=/;max-age=" + seconds + ";SameSite=Lax";
      if (readCookie(name) === value) return;
    }
    d.cookie = name + "=" + value + ";path=/;max-age=" + seconds + ";SameSite=Lax";
  }
  function randomDigits(n) {
    var s = "";
    while (s.length < n) s += Math.floor(Math.random() * 1e9).toString();
    return s.slice(0, n);
  }
  function browserId() {
    var fbp = readCookie("_fbp");
    if (!/^fb\.\d\.\d+\.\d+$/.test(fbp)) {
      fbp = "fb.1." + Date.now() + "." + randomDigits(18);
      writeCookie("_fbp", fbp, 7776000);
    }
    return fbp;
  }
  function clickId() {
    var m = location.search.match(/[?&]fbclid=([^&#]+)/);
    if (m) {
      var fbc = "fb.1." + Date.now() + "." + decodeURIComponent(m[1]);
      writeCookie("_fbc", fbc, 7776000);
      return fbc;
    }
    return readCookie("_fbc");
  }

  // --- hashing and automatic matching of form fields ----------------------------------------------
  function sha256(text) {
    try {
      if (!(w.crypto && w.crypto.subtle && w.TextEncoder)) return Promise.resolve("");
      return w.crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)).then(function (buf) {
        return Array.prototype.map.call(new Uint8Array(buf), function (b) {
          return ("0" + b.toString(16)).slice(-2);
        }).join("");
      }, function () { return ""; });
    } catch (e) { return Promise.resolve(""); }
  }
  function fieldKey(el) {
    var type = (el.type || "").toLowerCase();
    if (type === "password" || type === "hidden" || type === "submit" || type === "button") return "";
    var hay = [el.name, el.id, el.getAttribute("autocomplete"), el.placeholder].join(" ").toLowerCase();
    if (type === "email" || /e-?mail/.test(hay)) return "em";
    if (type === "tel" || /phone|mobile|telephone|\btel\b/.test(hay)) return "ph";
    if (/given-name|first.?name|forename|\bfname/.test(hay)) return "fn";
    if (/family-name|last.?name|surname|\blname/.test(hay)) return "ln";
    if (/postal-code|post.?code|zip/.test(hay)) return "zp";
    if (/bday|birth|\bdob\b/.test(hay)) return "db";
    if (/address-level2|\bcity\b|\btown\b/.test(hay)) return "ct";
    return "";
  }
  function normalise(key, value) {
    var v = String(value || "").trim().toLowerCase();
    if (key === "em") return /^[^@\s]+@[^@\s]+\.[a-z]{2,}$/.test(v) ? v : "";
    if (key === "ph" || key === "db") { v = v.replace(/\D/g, ""); return v.length >= (key === "ph" ? 7 : 6) ? v : ""; }
    if (key === "zp" || key === "ct") return v.replace(/[\s-]/g, "");
    return v.replace(/[^\p{L}\s'-]/gu, "");
  }
  function isHashed(value) { return /^[0-9a-f]{64}$/.test(String(value)); }
  var onField = safe(function (event) {
    var el = event.target;
    if (!el || !/^(INPUT|SELECT|TEXTAREA)$/.test(el.tagName || "")) return;
    var key = fieldKey(el), value = normalise(key, el.value);
    if (!key || !value) return;
    sha256(value).then(function (hash) {
      if (hash && normalise(key, el.value) === value) matched[key] = hash;
    });
  });
  function autoMatched(pixel) {
    var out = [];
    if (!(pixel.cfg.automaticMatching && pixel.cfg.automaticMatching.enabled) || !pixel.autoConfig) return out;
    var allowed = pixel.cfg.automaticMatching.fields || ["em", "ph", "fn", "ln", "zp", "ct", "db"];
    for (var i = 0; i < allowed.length; i++) {
      if (matched[allowed[i]]) out.push(["udff[" + allowed[i] + "]", matched[allowed[i]]]);
    }
    return out;
  }

  // --- building and sending one event ---------------------------------------------------------------
  function encode(params) {
    return params.map(function (p) { return encodeURIComponent(p[0]) + "=" + encodeURIComponent(p[1]); }).join("&");
  }
  function customData(cd) {
    var out = [];
    if (!cd || typeof cd !== "object") return out;
    Object.keys(cd).forEach(function (key) {
      var value = cd[key];
      if (value === undefined || value === null) return;
      var text;
      try { text = typeof value === "object" ? JSON.stringify(value) : String(value); } catch (e) { text = ""; }
      out.push(["cd[" + key + "]", text]);
    });
    return out;
  }
  function build(pixel, ev, cd, extra) {
    var params = [["id", pixel.id], ["ev", ev], ["dl", location.href], ["rl", d.referrer],
      ["if", String(w.top !== w)], ["ts", String(Date.now())]];
    params = params.concat(customData(cd));
    params.push(["sw", String(screen.width)], ["sh", String(screen.height)]);
    Object.keys(pixel.ud).forEach(function (key) { if (pixel.ud[key]) params.push(["ud[" + key + "]", pixel.ud[key]]); });
    var udff = autoMatched(pixel);
    params = params.concat(udff);
    params.push(["v", VERSION], ["r", CHANNEL], ["ec", String(pixel.ec++)],
      ["o", String(BASE_OPTIONS | (udff.length ? 2048 : 0))], ["fbp", browserId()]);
    var fbc = clickId();
    if (fbc) params.push(["fbc", fbc]);
    if (extra.rule) params.push(["cs_est", "true"], ["est_source", String(extra.rule)]);
    params.push(["it", String(initTime)], ["coo", "false"]);
    if (extra.automatic) params.push(["es", "automatic"], ["tm", "3"]);
    if (extra.eventID) params.push(["eid", String(extra.eventID)]);
    return params;
  }
  function sendImage(url) {
    var img = new Image();
    keep.push(img);
    img.onload = img.onerror = function () { keep.splice(keep.indexOf(img), 1); };
    img.src = url;
  }
  function sendBeacon(params) {
    if (!navigator.sendBeacon || !w.FormData) return false;
    var form = new FormData();
    params.concat([["rqm", "SB"]]).forEach(function (p) { form.append(p[0], p[1]); });
    return navigator.sendBeacon(ENDPOINT, form);
  }
  function sendForm(params) {
    var name = "fb" + randomDigits(12), frame = d.createElement("iframe"), form = d.createElement("form");
    frame.name = name; frame.style.display = "none"; frame.setAttribute("aria-hidden", "true");
    form.method = "POST"; form.action = ENDPOINT; form.target = name; form.style.display = "none";
    params.concat([["rqm", "formPOST"]]).forEach(function (p) {
      var input = d.createElement("input");
      input.type = "hidden"; input.name = p[0]; input.value = p[1];
      form.appendChild(input);
    });
    (d.body || d.documentElement).appendChild(frame);
    (d.body || d.documentElement).appendChild(form);
    form.submit();
    setTimeout(function () { form.remove(); frame.remove(); }, 10000);
  }
  function transmit(pixel, params) {
    var how = pixel.cfg.transport || "auto", url = ENDPOINT + "?" + encode(params.concat([["rqm", "GET"]]));
    if (how === "get" || (how === "auto" && url.length < MAX_GET)) sendImage(url);
    else if (how === "form" || !sendBeacon(params)) sendForm(params);
    if (pixel.cfg.privacySandbox && w.fetch) {
      w.fetch("https://www.facebook.com/privacy_sandbox/pixel/register/trigger/?" + encode(params.concat([["rqm", "FGET"]])),
        { mode: "no-cors", credentials: "include", keepalive: true }).catch(function () {});
    }
  }
  function emit(pixel, ev, cd, extra) {
    if (!pixel.ready || !consent) { (consent ? pixel.pending : held).push([pixel, ev, cd, extra]); return; }
    transmit(pixel, build(pixel, ev, cd, extra || {}));
  }

  // --- automatic features ---------------------------------------------------------------------------
  var CLICKABLE = "button, a[href], input[type=submit], input[type=button], input[type=image], [role=button]";
  function text(el) { return String(el.innerText || el.textContent || el.value || "").replace(/\s+/g, " ").trim(); }
  function formFeatures(form) {
    if (!form) return [];
    return Array.prototype.filter.call(form.elements, function (el) {
      return /^(INPUT|SELECT|TEXTAREA)$/.test(el.tagName) && !/^(hidden|submit|button)$/i.test(el.type || "");
    }).map(function (el) {
      return { id: el.id || "", name: el.name || "", tag: el.tagName.toLowerCase(),
        placeholder: el.placeholder || "", inputType: el.type || "" };
    });
  }
  function buttonFeatures(el) {
    var img = el.querySelector && el.querySelector("img");
    var form = el.form || (el.closest && el.closest("form"));
    return { classList: el.className && el.className.baseVal === undefined ? el.className : "",
      destination: el.href || (form && form.action) || "", id: el.id || "",
      imageUrl: img ? img.src : "", innerText: text(el),
      numChildButtons: el.querySelectorAll ? el.querySelectorAll(CLICKABLE).length : 0,
      tag: el.tagName.toLowerCase(), type: el.getAttribute("type") || null,
      name: el.getAttribute("name") || "", value: el.value || "" };
  }
  var onClick = safe(function (event) {
    var el = event.target && event.target.closest && event.target.closest(CLICKABLE);
    if (!el) return;
    var raw = text(el), form = el.form || el.closest("form");
    var cd = { buttonFeatures: buttonFeatures(el), buttonText: raw.replace(/\d/g, "0").slice(0, 120),
      formFeatures: formFeatures(form), pageFeatures: { title: d.title }, parameters: [] };
    order.forEach(function (id) {
      var pixel = pixels[id];
      if (!pixel.ready || !pixel.autoConfig) return;
      if (pixel.cfg.automaticButtonClicks) emit(pixel, "SubscribedButtonClick", cd, { automatic: true });
      (pixel.cfg.rules || []).forEach(function (rule) {
        if (rule.text && raw.toLowerCase().indexOf(String(rule.text).toLowerCase()) >= 0)
          emit(pixel, rule.event, {}, { automatic: true, rule: rule.id || "0" });
      });
    });
  });
  function pageMetadata() {
    var meta = { title: d.title }, og = {}, items = [], jsonld = [];
    Array.prototype.forEach.call(d.querySelectorAll("meta[name], meta[property]"), function (m) {
      var key = m.getAttribute("property") || m.getAttribute("name") || "", value = m.getAttribute("content") || "";
      if (/^(og|article|fb):/.test(key)) og[key] = value;
      else if (/^(description|keywords)$/i.test(key)) meta["meta:" + key.toLowerCase()] = value;
    });
    Array.prototype.forEach.call(d.querySelectorAll("[itemscope]:not([itemprop])"), function (scope) {
      var props = {};
      Array.prototype.forEach.call(scope.querySelectorAll("[itemprop]"), function (p) {
        props[p.getAttribute("itemprop")] = p.getAttribute("content") || p.getAttribute("href") || text(p);
      });
      items.push({ "@context": "http://schema.org", "@type": scope.getAttribute("itemtype") || "", properties: props });
    });
    Array.prototype.forEach.call(d.querySelectorAll('script[type="application/ld+json"]'), function (s) {
      try { jsonld.push(JSON.parse(s.textContent)); } catch (e) { /* ignore broken JSON-LD */ }
    });
    var layer = [].slice.call(w.dataLayer || []).filter(function (e) { return Object.prototype.toString.call(e) === "[object Object]"; });
    var cd = { DataLayer: layer, Meta: meta };
    if (Object.keys(og).length) cd.OpenGraph = og;
    if (items.length) cd["Schema.org"] = items;
    if (jsonld.length) cd["JSON-LD"] = jsonld;
    return cd;
  }
  function microdata(pixel) {
    if (pixel.microdataSent || !pixel.cfg.microdata || !pixel.autoConfig) return;
    pixel.microdataSent = true;
    var fire = safe(function () { emit(pixel, "Microdata", pageMetadata(), { automatic: true }); });
    if (d.readyState === "complete") setTimeout(fire, 500);
    else w.addEventListener("load", function () { setTimeout(fire, 500); });
  }

  // --- the fbq command interface ----------------------------------------------------------------------
  function hashUserData(ud) {
    var out = {}, jobs = [];
    Object.keys(ud || {}).forEach(function (key) {
      var value = ud[key];
      if (value === undefined || value === null || value === "") return;
      if (key === "external_id" || isHashed(value)) { out[key] = String(value); return; }
      var norm = normalise(key, value) || String(value).trim().toLowerCase();
      jobs.push(sha256(norm).then(function (h) { if (h) out[key] = h; }));
    });
    return Promise.all(jobs).then(function () { return out; });
  }
  function init(id, ud) {
    id = String(id);
    if (pixels[id]) return;
    var pixel = pixels[id] = { id: id, ud: {}, ec: 0, ready: false, cfg: null, udReady: false,
      pending: [], autoConfig: true, microdataSent: false };
    order.push(id);
    hashUserData(ud).then(function (out) { pixel.ud = out; pixel.udReady = true; ready(pixel); });
    var s = d.createElement("script");
    s.async = true;
    s.src = CONFIG + encodeURIComponent(id) + "?v=" + VERSION + "&r=" + CHANNEL + "&domain=" + location.hostname;
    (d.head || d.documentElement).appendChild(s);
  }
  function ready(pixel) {
    if (!pixel.cfg || !pixel.udReady || pixel.ready) return;
    pixel.ready = true;
    microdata(pixel);
    pixel.pending.splice(0).forEach(function (e) { emit.apply(null, e); });
  }
  fbq.__phConfigure = safe(function (id, cfg) {
    var pixel = pixels[String(id)];
    if (!pixel) return;
    pixel.cfg = cfg || {};
    ready(pixel);
  });
  function targets(id) { return id ? (pixels[String(id)] ? [pixels[String(id)]] : []) : order.map(function (k) { return pixels[k]; }); }
  var commands = {
    init: init,
    track: function (ev, cd, opts) { targets().forEach(function (p) { emit(p, ev, cd, opts || {}); }); },
    trackCustom: function (ev, cd, opts) { commands.track(ev, cd, opts); },
    trackSingle: function (id, ev, cd, opts) { targets(id).forEach(function (p) { emit(p, ev, cd, opts || {}); }); },
    trackSingleCustom: function (id, ev, cd, opts) { commands.trackSingle(id, ev, cd, opts); },
    set: function (what, value, id) {
      if (what === "autoConfig") targets(id).forEach(function (p) { p.autoConfig = value !== false && value !== "false"; });
    },
    consent: function (state) {
      consent = state !== "revoke";
      if (consent) held.splice(0).forEach(function (e) { emit.apply(null, e); });
    }
  };
  fbq.callMethod = safe(function () {
    var args = Array.prototype.slice.call(arguments), handler = commands[args[0]];
    if (handler) handler.apply(null, args.slice(1));
  });
  d.addEventListener("click", onClick, true);
  d.addEventListener("input", onField, true);
  d.addEventListener("change", onField, true);
  var queued = (fbq.queue || []).splice(0);
  queued.forEach(function (args) { fbq.callMethod.apply(null, args); });
})(window, document);
