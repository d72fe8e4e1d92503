/* pixelhound demo internet: LinkedIn Insight Tag emulator.
 * Our own code, written from the wire facts in PROTOCOLS.md; not LinkedIn's script.
 * For every partner id on the page: GET https://px.ads.linkedin.com/collect?v=2&fmt=js&pid&time&url
 * &li_adsId (credentialed, so LinkedIn's own cookies go along), GET /attribution_trigger, and the
 * website-signal POST /wa/ (text/plain JSON: pids, url, pageTitle, signalType, hem). lintrk('track',
 * {conversion_id}) sends a conversion; a submitted form with an email field sends FORM_SUBMIT with
 * the hashed email. */
(function (w, d) {
  "use strict";
  if (w.__phInsight) return;
  w.__phInsight = true;
  var PX = "https://px.ads.linkedin.com/";
  var emailHash = "";

  function safe(fn) {
    return function () { try { return fn.apply(this, arguments); } catch (e) { return undefined; } };
  }
  function uuid() {
    return "xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx".replace(/[xy]/g, function (c) {
      var r = Math.floor(Math.random() * 16);
      return (c === "x" ? r : (r & 3) | 8).toString(16);
    });
  }
  function partnerIds() {
    var ids = [].concat(w._linkedin_data_partner_ids || []);
    if (w._linkedin_partner_id) ids.push(w._linkedin_partner_id);
    return ids.map(String).filter(function (id, i, all) { return id && all.indexOf(id) === i; });
  }
  function adsId() {
    try {
      var id = w.localStorage.getItem("li_adsId");
      if (!id) { id = uuid(); w.localStorage.setItem("li_adsId", id); }
      return id;
    } catch (e) { return ""; }
  }
  function fatId() {
    var m = location.search.match(/[?&]li_fat_id=([^&#]+)/) || d.cookie.match(/(?:^|; )li_fat_id=([^;]*)/);
    return m ? decodeURIComponent(m[1]) : "";
  }
  function query(params) {
    return Object.keys(params).filter(function (k) { return params[k] !== "" && params[k] !== undefined; })
      .map(function (k) { return k + "=" + encodeURIComponent(params[k]); }).join("&");
  }
  function get(path, params) {
    var url = PX + path + "?" + query(params);
    if (w.fetch) w.fetch(url, { credentials: "include", mode: "no-cors", keepalive: true }).catch(function () {});
    else new Image().src = url;
  }
  function signal(type) {
    var body = JSON.stringify({ pids: partnerIds().map(Number), scriptVersion: 1, time: Date.now(),
      domain: location.hostname.replace(/^www\./, ""), url: location.href, pageTitle: d.title,
      websiteSignalRequestId: uuid(), isTranslated: false, liFatId: fatId(), liGiant: "",
      misc: { psbState: -4 }, isLinkedInApp: false, hem: emailHash || null, signalType: type });
    if (navigator.sendBeacon && navigator.sendBeacon(PX + "wa/", body)) return;
    if (w.fetch) w.fetch(PX + "wa/", { method: "POST", body: body, keepalive: true, mode: "no-cors", credentials: "include" }).catch(function () {});
  }
  function pageVisit() {
    partnerIds().forEach(function (pid) {
      get("collect", { v: "2", fmt: "js", pid: pid, time: Date.now(), url: location.href, li_adsId: adsId(), li_fat_id: fatId() });
      get("attribution_trigger", { pid: pid, time: Date.now(), url: location.href });
    });
    signal("PAGE_VISIT");
  }
  function conversion(data) {
    var id = data && (data.conversion_id || data.conversionId);
    if (!id) return;
    partnerIds().forEach(function (pid) {
      get("collect", { v: "2", fmt: "js", pid: pid, time: Date.now(), url: location.href, li_adsId: adsId(),
        conversionId: id, li_fat_id: fatId() });
    });
  }
  function sha256(text) {
    try {
      if (!(w.crypto && w.crypto.subtle && w.TextEncoder)) return Promise.resolve("");
      return w.crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)).then(function (buf) {
        return Array.prototype.map.call(new Uint8Array(buf), function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
      }, function () { return ""; });
    } catch (e) { return Promise.resolve(""); }
  }
  var onField = safe(function (event) {
    var el = event.target;
    if (!el || el.tagName !== "INPUT" || !/email/i.test([el.type, el.name, el.id].join(" "))) return;
    var v = String(el.value || "").trim().toLowerCase();
    if (/^[^@\s]+@[^@\s]+\.[a-z]{2,}$/.test(v)) sha256(v).then(function (h) { if (h) emailHash = h; });
  });
  var onSubmit = safe(function (event) {
    var form = event.target;
    if (form && form.tagName === "FORM" && emailHash && form.querySelector("input[type=email], input[name*=mail]")) signal("FORM_SUBMIT");
  });

  var lintrk = function (action, data) {
    if (action === "track") safe(conversion)(data);
  };
  var queued = (w.lintrk && w.lintrk.q) || [];
  w.lintrk = lintrk;
  queued.forEach(function (args) { lintrk.apply(null, args); });
  d.addEventListener("input", onField, true);
  d.addEventListener("change", onField, true);
  d.addEventListener("submit", onSubmit, true);
  safe(pageVisit)();
})(window, document);
