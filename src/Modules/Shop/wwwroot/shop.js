// Growth shop: the product configurator's live price. The form works without this script (the server prices on
// "Add to cart"); with it, every change asks POST /api/shop/price and shows net, VAT and total, or the server's reason.
(function () {
  "use strict";

  var decimals = { EUR: 2, USD: 2, GBP: 2, CHF: 2, JPY: 0, RWF: 0, KWD: 3 };

  // The same words as the server's Money.ToString(): "1,234.50 EUR".
  function money(minor, currency) {
    var d = decimals[currency] === undefined ? 2 : decimals[currency];
    var major = minor / Math.pow(10, d);
    return major.toLocaleString("en-US", { minimumFractionDigits: d, maximumFractionDigits: d }) + " " + currency;
  }

  function selection(form, root) {
    var variant = form.querySelector("input[data-variant]:checked");
    var options = [];
    form.querySelectorAll("input[data-option]:checked").forEach(function (input) {
      if (input.value) options.push(input.value);
    });
    var quantityInput = form.querySelector("[data-quantity]");
    var quantity = quantityInput ? parseInt(quantityInput.value, 10) : 1;
    return {
      productSlug: root.getAttribute("data-slug"),
      variantId: variant ? variant.value : null,
      optionIds: options,
      quantity: isNaN(quantity) ? 0 : quantity
    };
  }

  document.querySelectorAll("form[data-price-form]").forEach(function (form) {
    var root = form.querySelector("[data-configurator]");
    if (!root) return;
    var currency = root.getAttribute("data-currency");
    var out = {
      net: root.querySelector("[data-price=net]"),
      tax: root.querySelector("[data-price=tax]"),
      total: root.querySelector("[data-price=total]")
    };
    var problem = root.querySelector("[data-price-problem]");
    var announce = root.querySelector("[data-price-announce]");
    var box = root.querySelector(".price-box");
    var seq = 0;
    var timer = null;

    function show(quote) {
      out.net.textContent = money(quote.subtotal, quote.currency || currency);
      out.tax.textContent = money(quote.tax, quote.currency || currency);
      out.total.textContent = money(quote.total, quote.currency || currency);
      problem.hidden = true;
      problem.textContent = "";
      box.classList.remove("price-stale");
      announce.textContent = "Total " + out.total.textContent + " including VAT.";
    }

    function fail(message) {
      box.classList.add("price-stale");
      out.total.textContent = "—";
      problem.textContent = message;
      problem.hidden = false;
      announce.textContent = "";
    }

    function reprice() {
      var mine = ++seq;
      box.setAttribute("aria-busy", "true");
      fetch("/api/shop/price", {
        method: "POST",
        headers: { "Content-Type": "application/json", "Accept": "application/json" },
        body: JSON.stringify({ items: [selection(form, root)] }),
        credentials: "same-origin"
      }).then(function (r) {
        return r.json().catch(function () { return {}; }).then(function (json) { return { ok: r.ok, json: json }; });
      }).then(function (res) {
        if (mine !== seq) return; // an older answer arriving late
        box.removeAttribute("aria-busy");
        if (res.ok) { show(res.json); return; }
        var j = res.json || {};
        var fields = j.errors ? Object.keys(j.errors).map(function (k) { return j.errors[k].join(" "); }).join(" ") : "";
        fail(j.code === "OPTION_CONSTRAINT" || !fields ? (j.detail || j.title || "This choice cannot be priced.") : fields);
      }).catch(function () {
        if (mine !== seq) return;
        box.removeAttribute("aria-busy");
        fail("The price could not be updated. Check your connection; the price is worked out again when you add to cart.");
      });
    }

    function schedule() {
      clearTimeout(timer);
      timer = setTimeout(reprice, 150);
    }

    form.addEventListener("change", schedule);
    form.addEventListener("input", function (e) { if (e.target.matches("[data-quantity]")) schedule(); });
  });
})();
