// Ecosystem shell: client analytics events (navigation clicks, things viewed), sent with the journey id.
(function () {
  "use strict";

  function journeyId() {
    var m = document.cookie.match(/(?:^|;\s*)eco_journey=([^;]+)/);
    return m ? decodeURIComponent(m[1]) : null;
  }

  function track(eventName, metadata) {
    var body = JSON.stringify({ eventName: eventName, occurredAt: new Date().toISOString(), journeyId: journeyId(), metadata: metadata || {} });
    return fetch("/api/events", {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Journey-Id": journeyId() || "" },
      body: body,
      credentials: "same-origin",
      keepalive: true
    }).catch(function () { /* analytics must never break the page */ });
  }

  window.ecosystem = { track: track };

  // A region that scrolls on its own (a wide table on a phone, long terms, a raw body) can be reached and scrolled with
  // the keyboard: focusable, and named for screen readers by its table's caption or the nearest heading.
  function makeScrollRegionsFocusable() {
    document.querySelectorAll(".table-wrap, .terms, .code-block").forEach(function (el) {
      var scrolls = el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1;
      if (!scrolls || el.hasAttribute("tabindex")) return;
      el.setAttribute("tabindex", "0");
      if (!el.hasAttribute("role")) el.setAttribute("role", "region");
      if (!el.hasAttribute("aria-label") && !el.hasAttribute("aria-labelledby")) {
        var caption = el.querySelector("caption");
        var section = el.closest("section, .card");
        var heading = section && section.querySelector("h1, h2, h3");
        el.setAttribute("aria-label", (caption && caption.textContent.trim()) || (heading && heading.textContent.trim()) || "Scrollable content");
      }
    });
  }
  makeScrollRegionsFocusable();
  window.addEventListener("resize", makeScrollRegionsFocusable);

  document.addEventListener("click", function (e) {
    var link = e.target.closest("a[data-nav]");
    if (!link) return;
    track("com.ecosystem.shell.navigation.clicked", { target: link.getAttribute("data-nav"), href: link.getAttribute("href"), from: location.pathname });
  });

  document.querySelectorAll("[data-track-view]").forEach(function (el) {
    var meta = {};
    try { meta = JSON.parse(el.getAttribute("data-track-meta") || "{}"); } catch (_) { meta = {}; }
    track(el.getAttribute("data-track-view"), meta).then(function () { el.setAttribute("data-tracked", "true"); });
  });

  document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });

  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (e) {
      if (!window.confirm(form.getAttribute("data-confirm"))) e.preventDefault();
    });
  });
})();

// Copy buttons: <button data-copy="#selector"> copies that input's value (or element's text) and says so.
(function () {
  "use strict";
  document.querySelectorAll("[data-copy]").forEach(function (button) {
    button.addEventListener("click", function () {
      var target = document.querySelector(button.getAttribute("data-copy"));
      if (!target) return;
      var text = "value" in target ? target.value : target.textContent;
      var done = function () {
        var label = button.textContent;
        button.textContent = "Copied";
        setTimeout(function () { button.textContent = label; }, 1600);
      };
      if (target.select) target.select();
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(text).then(done, function () { /* selected: the person can press Ctrl+C */ });
      } else if (document.execCommand && document.execCommand("copy")) {
        done();
      }
    });
  });
})();
