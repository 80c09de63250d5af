// Swagger UI (/docs): names its server picker for screen readers (axe: select-name) once the page has rendered it.
(function () {
  function label() {
    var servers = document.getElementById("servers");
    if (servers && !servers.getAttribute("aria-label")) servers.setAttribute("aria-label", "Server");
  }
  new MutationObserver(label).observe(document.documentElement, { childList: true, subtree: true });
  label();
})();
