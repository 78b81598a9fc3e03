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
