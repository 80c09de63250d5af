// Retention: the customer's chat page (/chat/{token}) and the admin's live view of a chat (server-sent events).
(function () {
  "use strict";

  function field(root, name) { return root.querySelector('[data-field="' + name + '"]'); }

  function clock(seconds) {
    var s = Math.max(0, Math.ceil(seconds));
    return Math.floor(s / 60) + ":" + String(s % 60).padStart(2, "0");
  }

  // A countdown from the server's own "seconds left" (not the device clock, which may be wrong).
  function countdown(root, secondsLeft, onZero) {
    var el = field(root, "countdown");
    var endAt = Date.now() + secondsLeft * 1000;
    var timer = null;
    function tick() {
      var left = (endAt - Date.now()) / 1000;
      if (el) {
        el.textContent = clock(left);
        el.classList.toggle("chat-timer-low", left <= 30);
      }
      if (left <= 0) {
        clearInterval(timer);
        if (onZero) onZero();
      }
    }
    timer = setInterval(tick, 250);
    tick();
    return {
      reset: function (seconds) { endAt = Date.now() + seconds * 1000; tick(); },
      stop: function () { clearInterval(timer); }
    };
  }

  function bubble(sender, text, meta) {
    var div = document.createElement("div");
    div.className = "bubble bubble-" + sender;
    if (meta) {
      var m = document.createElement("div");
      m.className = "bubble-meta";
      m.textContent = meta;
      div.appendChild(m);
    }
    div.appendChild(document.createTextNode(text));
    return div;
  }

  // ---- the customer's chat ----------------------------------------------------------------------------------
  var chat = document.querySelector("[data-chat]");
  if (chat && chat.getAttribute("data-chat")) {
    var token = chat.getAttribute("data-chat");
    var log = field(chat, "messages");
    var messageForm = field(chat, "message-form");
    var cardForm = field(chat, "card-form");
    var chatError = field(chat, "chat-error");
    var cardError = field(chat, "card-error");
    var ended = false;

    var timer = countdown(chat, Number(chat.getAttribute("data-seconds-left")) || 0, function () { if (!ended) expire(); });

    function expire() {
      ended = true;
      timer.stop();
      field(chat, "countdown").textContent = "0:00";
      field(chat, "expired").hidden = false;
      if (messageForm) messageForm.hidden = true;
      if (cardForm) cardForm.hidden = true;
      chat.setAttribute("data-state", "expired");
    }

    function render(view) {
      log.replaceChildren.apply(log, view.messages.map(function (m) { return bubble(m.sender, m.content); }));
      log.scrollTop = log.scrollHeight;
      cardForm.hidden = !view.cardFormOpen;
      var done = view.status === "completed" || view.status === "abandoned";
      messageForm.hidden = done;
      var doneEl = field(chat, "done");
      doneEl.hidden = !done;
      doneEl.textContent = view.outcome === "payment-updated" ? "✓ Your card is updated. You can close this page." : "This chat has ended. You can close this page.";
      chat.setAttribute("data-status", view.status);
      if (done) {
        ended = true;
        timer.stop();
        var c = field(chat, "countdown");
        c.textContent = "done";
        c.classList.remove("chat-timer-low");
      } else {
        timer.reset(view.secondsLeft);
      }
    }

    function send(path, body, errorEl, button) {
      errorEl.textContent = "";
      if (button) button.disabled = true;
      return fetch("/api/chat/" + encodeURIComponent(token) + path, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(body),
        credentials: "omit"
      }).then(function (r) {
        return r.json().catch(function () { return {}; }).then(function (json) {
          if (r.ok) { render(json); return true; }
          if (r.status === 410) { expire(); return false; }
          var errors = json.errors ? Object.keys(json.errors).map(function (k) { return json.errors[k].join(" "); }).join(" ") : "";
          errorEl.textContent = errors || json.detail || "Something went wrong. Please try again.";
          return false;
        });
      }).catch(function () {
        errorEl.textContent = "You seem to be offline. Please try again.";
        return false;
      }).finally(function () { if (button) button.disabled = false; });
    }

    messageForm.addEventListener("submit", function (e) {
      e.preventDefault();
      var input = messageForm.elements.content;
      var text = input.value.trim();
      if (!text) return;
      log.appendChild(bubble("customer", text));
      log.scrollTop = log.scrollHeight;
      input.value = "";
      send("/messages", { content: text }, chatError, messageForm.querySelector("button"));
    });

    // With the Stripe gateway the page holds Stripe's card form (Stripe.js, in Stripe's iframe): Stripe creates the
    // PaymentMethod in the browser and only its id (pm_...) is posted to our server.
    var stripeKey = cardForm.getAttribute("data-stripe-key");
    var stripe = null, stripeCard = null;
    if (stripeKey) {
      if (typeof window.Stripe === "function") {
        stripe = window.Stripe(stripeKey);
        stripeCard = stripe.elements().create("card", { hidePostalCode: true });
        stripeCard.mount(field(cardForm, "stripe-card"));
        // Stripe reports typing problems (incomplete number, past expiry) as the customer types.
        if (typeof stripeCard.on === "function") stripeCard.on("change", function (ev) { cardError.textContent = ev.error ? ev.error.message : ""; });
      } else {
        cardError.textContent = "The secure card form could not load. Please check your connection and reload the page.";
      }
    }

    cardForm.addEventListener("submit", function (e) {
      e.preventDefault();
      if (stripeKey) {
        if (!stripe) return;
        var button = cardForm.querySelector("button");
        cardError.textContent = "";
        button.disabled = true;
        stripe.createPaymentMethod({ type: "card", card: stripeCard }).then(function (result) {
          if (result.error) {
            cardError.textContent = result.error.message || "Please check the card details.";
            button.disabled = false;
            return;
          }
          send("/payment-method", { paymentMethodId: result.paymentMethod.id }, cardError, button);
        }, function () {
          cardError.textContent = "You seem to be offline. Please try again.";
          button.disabled = false;
        });
        return;
      }
      var f = cardForm.elements;
      var body = { cardNumber: f.cardNumber.value, expMonth: Number(f.expMonth.value) || null, expYear: Number(f.expYear.value) || null, cvc: f.cvc.value };
      send("/payment-method", body, cardError, cardForm.querySelector("button")).then(function (ok) {
        // The card never stays in the page longer than needed.
        f.cardNumber.value = ""; f.cvc.value = "";
        if (!ok) return;
      });
    });
  }

  // ---- the admin's live view ------------------------------------------------------------------------------
  var live = document.querySelector("[data-live-session]");
  if (live) {
    var id = live.getAttribute("data-live-session");
    var liveTimer = countdown(live, Number(live.getAttribute("data-seconds-left")) || 0);
    var liveLog = document.querySelector('[data-field="messages"]');
    var source = new EventSource("/api/retention/sessions/" + encodeURIComponent(id) + "/events");
    source.addEventListener("session", function (e) {
      var v = JSON.parse(e.data);
      var s = v.session;
      field(live, "status").textContent = s.status;
      // The outcome under the status, unless it is the same word (an abandoned chat's outcome is "abandoned").
      field(live, "outcome").textContent = !s.outcome ? "no outcome yet" : s.outcome === s.status ? "" : s.outcome;
      field(live, "attempts").textContent = s.paymentAttempts;
      liveLog.replaceChildren.apply(liveLog, v.messages.map(function (m) {
        var when = new Date(m.timestamp).toISOString().substring(11, 19);
        return bubble(m.sender, m.content, (m.sender === "ai" ? "Ava (AI)" : v.customerName) + " · " + m.messageType + " · " + when);
      }));
      if (s.endTime) {
        liveTimer.stop();
        var c = field(live, "countdown");
        c.textContent = "ended";
        c.classList.remove("chat-timer-low");
        field(document, "liveness").textContent = "finished at " + new Date(s.endTime).toISOString().substring(11, 19) + " UTC";
        source.close();
      }
      else { liveTimer.reset(v.secondsLeft); }
    });
  }
})();
