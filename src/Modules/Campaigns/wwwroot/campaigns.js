// Live campaign progress over server-sent events: counts per status, status and estimate update by themselves.
(function () {
    var root = document.querySelector("[data-live-campaign]");
    if (!root || !window.EventSource) return;
    var id = root.getAttribute("data-live-campaign");
    var fmt = function (n) { return n.toLocaleString("en-US"); };
    var words = { draft: "Draft", running: "Running", paused: "Paused", done: "Done" };
    var source = new EventSource("/api/campaigns/" + encodeURIComponent(id) + "/progress");
    source.addEventListener("progress", function (e) {
        var c = JSON.parse(e.data);
        var k = c.counts;
        var set = function (field, text) { var el = root.querySelector('[data-field="' + field + '"]'); if (el) el.textContent = text; };
        set("sent", fmt(k.sent + k.delivered + k.read));
        set("total", fmt(c.total));
        set("waiting", fmt(k.queued + k.queued_throttled + k.sending));
        set("status", words[c.status] || c.status);
        if (c.estimatedFinishAt && c.status !== "done") set("estimate", c.estimatedFinishAt.replace("T", " ").substring(0, 16) + " UTC");
        document.querySelectorAll("[data-count]").forEach(function (td) { var v = k[td.getAttribute("data-count")]; if (v !== undefined) td.textContent = fmt(v); });
        if (c.status === "done") source.close();
    });
})();
