// Shows a clear message when the WASM app does not start (no WebAssembly, a failed download, a crash
// during start-up). The app marks <html data-app="ready"> and removes #boot once it has mounted.
(function () {
  "use strict";
  var TIMEOUT_MS = 15000;
  function started() { return document.documentElement.getAttribute("data-app") === "ready"; }
  function fail(reason) {
    if (started()) return;
    var box = document.getElementById("boot-failed");
    var loading = document.getElementById("boot-loading");
    var why = document.getElementById("boot-reason");
    if (!box) return;
    if (why && reason) why.textContent = " (" + String(reason).slice(0, 200) + ")";
    box.hidden = false;
    if (loading) loading.hidden = true;
  }
  if (typeof WebAssembly !== "object") { fail("WebAssembly is not available"); return; }
  window.addEventListener("error", function (e) {
    var t = e.target;
    if (t && t !== window && (t.src || t.href)) fail("could not download " + (t.src || t.href));
    else if (e.message) fail(e.message);
  }, true);
  window.addEventListener("unhandledrejection", function (e) {
    fail(e.reason && e.reason.message ? e.reason.message : e.reason);
  });
  setTimeout(function () { fail("it did not start within " + TIMEOUT_MS / 1000 + " seconds"); }, TIMEOUT_MS);
})();

// Offline support: release builds carry <meta name="callback-lab-sw"> (scripts/offline-build.mjs).
// When a new deployment's worker is waiting, offer "Update available — reload".
(function () {
  "use strict";
  var meta = document.querySelector('meta[name="callback-lab-sw"]');
  if (!meta || !("serviceWorker" in navigator)) return;
  // Reload only when the user asked for the update: the first install also changes the controller
  // (clients.claim) and must not reload a page the user is typing in.
  var updateRequested = false;
  function offerUpdate(worker) {
    if (document.getElementById("update-banner")) return;
    var bar = document.createElement("div");
    bar.id = "update-banner";
    bar.className = "update-banner";
    bar.setAttribute("role", "status");
    var text = document.createElement("span");
    text.textContent = "A new version of the companion is available.";
    var button = document.createElement("button");
    button.type = "button";
    button.textContent = "Reload to update";
    button.addEventListener("click", function () {
      updateRequested = true;
      worker.postMessage("skip-waiting");
    });
    bar.appendChild(text);
    bar.appendChild(button);
    document.body.appendChild(bar);
  }
  navigator.serviceWorker.addEventListener("controllerchange", function () {
    if (!updateRequested) return;
    updateRequested = false;
    window.location.reload();
  });
  window.addEventListener("load", function () {
    navigator.serviceWorker.register(meta.getAttribute("content")).then(function (reg) {
      if (reg.waiting && navigator.serviceWorker.controller) offerUpdate(reg.waiting);
      reg.addEventListener("updatefound", function () {
        var next = reg.installing;
        if (!next) return;
        next.addEventListener("statechange", function () {
          if (next.state === "installed" && navigator.serviceWorker.controller) offerUpdate(next);
        });
      });
    }).catch(function (e) {
      console.warn("offline mode unavailable:", e && e.message ? e.message : e);
    });
  });
})();

// Before the app has started, a prerendered page's "Attendee ID" field already works: a valid ID (3
// digits, as the app checks it) is stored under `attendeeID` and shown in the guide's text wherever
// the page says `Your_Attendee_ID`, as the app shows it (crates/guide/src/attendee.rs: both spellings
// of the placeholder; `.attendee-value` loses its "missing" look). A valid stored ID is shown at once.
// The app starts from what this shows (so hydration changes nothing) and calls `stop()` to take over.
// This script comes before the app's in the page, so it has always run by then.
(function () {
  "use strict";
  var LITERALS = ["<Your_Attendee_ID>", "Your_Attendee_ID"];
  var app = document.getElementById("app");
  var field = document.getElementById("attendee-id");
  if (!app || !app.firstElementChild || !field) return;
  var main = app.querySelector("main") || app;
  var changed = []; // [text node, prerendered text]
  var missing = main.querySelectorAll(".attendee-value-missing");
  function valid(text) { return /^[0-9]{3}$/.test(text.trim()); }
  function show(id) {
    for (var i = 0; i < changed.length; i++) changed[i][0].data = changed[i][1];
    changed = [];
    for (var m = 0; m < missing.length; m++) missing[m].classList.toggle("attendee-value-missing", !id);
    if (!id) return;
    var walker = document.createTreeWalker(main, NodeFilter.SHOW_TEXT);
    for (var node = walker.nextNode(); node; node = walker.nextNode()) {
      var text = node.data;
      if (text.indexOf(LITERALS[1]) < 0) continue;
      var shown = text;
      for (var l = 0; l < LITERALS.length; l++) shown = shown.split(LITERALS[l]).join(id);
      changed.push([node, text]);
      node.data = shown;
    }
  }
  function onInput() {
    var text = field.value.trim();
    if (!valid(text)) return show(null);
    try { localStorage.setItem("attendeeID", text); } catch (e) { /* shown, not stored */ }
    show(text);
  }
  var stored = null;
  try { stored = localStorage.getItem("attendeeID"); } catch (e) { /* no storage */ }
  if (field.value) onInput();
  else if (stored && valid(stored)) {
    field.value = stored.trim();
    show(stored.trim());
  }
  field.addEventListener("input", onInput);
  window.callbackLabPreview = {
    stop: function () { field.removeEventListener("input", onInput); },
  };
})();
