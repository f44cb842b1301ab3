// RunReady: progressive enhancement only; every page works without this file.
// Its words come translated from the page (base.html's #js-words); English is the fallback.
const WORDS = JSON.parse(document.getElementById("js-words")?.textContent || "{}");
const say = (key, english, fields = {}) =>
  Object.entries(fields).reduce((text, [name, value]) => text.replace(`{${name}}`, value), WORDS[key] || english);
document.body.addEventListener("htmx:responseError", (event) => {
  const status = event.detail.xhr.status;
  const box = document.getElementById("messages") || document.querySelector("main");
  const alert = document.createElement("div");
  alert.className = "alert alert-danger";
  alert.setAttribute("role", "alert");
  alert.textContent = say("error", "Something went wrong (error {status}). Nothing was lost; please try again.", { status });
  box.prepend(alert);
});

// "None of these apply": answer every yes/no question in a block with "no" in one tap, then
// fold the block into a one-line summary ("Change these answers" unfolds it).
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-answer-all]");
  if (!button) return;
  const scope = document.querySelector(button.dataset.scope);
  scope.querySelectorAll(`input[type=radio][value="${button.dataset.answerAll}"]`).forEach((radio) => {
    radio.checked = true;
  });
  const summary = button.dataset.collapse && document.querySelector(button.dataset.collapse);
  if (!summary) return;
  scope.hidden = true;
  button.hidden = true;
  summary.hidden = false;
  const inputs = button.form ? [...button.form.querySelectorAll("fieldset input")] : [];
  const next = inputs.find((input) => !scope.contains(input));
  (next || summary.querySelector("button")).focus();
});
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-show]");
  if (!button) return;
  const scope = document.querySelector(button.dataset.show);
  scope.hidden = false;
  button.parentElement.hidden = true;
  document.querySelectorAll(`[data-scope="${button.dataset.show}"]`).forEach((b) => {
    b.hidden = false;
  });
  scope.querySelector("input").focus();
});

// "Remove" on an exercise row: with JavaScript, drop the row in place (the formset skips
// missing rows); without it, the button posts and the server removes the row.
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-remove-closest]");
  if (!button) return;
  event.preventDefault();
  button.closest(button.dataset.removeClosest).remove();
});

// Time zone from the device: sent with sign-up, preselected in onboarding, and offered once
// to an account still on UTC whose device says otherwise.
const deviceZone = (() => {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || "";
  } catch {
    return "";
  }
})();
document.querySelectorAll('form[action$="/accounts/signup/"]').forEach((form) => {
  const input = document.createElement("input");
  Object.assign(input, { type: "hidden", name: "time_zone", value: deviceZone });
  form.append(input);
});
document.querySelectorAll("[data-detect-time-zone]").forEach((box) => {
  const select = document.getElementById(box.dataset.detectTimeZone);
  const known = [...select.options].some((option) => option.value === deviceZone);
  if (box.dataset.confirmed === "no" && known) select.value = deviceZone;
});
document.querySelectorAll("[data-time-zone-offer]").forEach((box) => {
  if (!deviceZone || deviceZone === "UTC" || deviceZone === box.dataset.timeZoneOffer) return;
  box.querySelector("[data-device-zone]").value = deviceZone;
  box.querySelector("[data-device-zone-name]").textContent = deviceZone.replaceAll("_", " ");
  box.hidden = false;
});

// Installable app: the service worker (offline page, push). The last verdict shown on Today is
// kept on this device for the offline page, and forgotten on logout.
// Registered once the page has loaded and the browser is idle, so its downloads and set-up
// never compete with the page's own.
if ("serviceWorker" in navigator) {
  const register = () => navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(() => {});
  const whenIdle = () => (window.requestIdleCallback ? requestIdleCallback(register, { timeout: 3000 }) : setTimeout(register, 1));
  if (document.readyState === "complete") whenIdle();
  else window.addEventListener("load", whenIdle, { once: true });
}
const VERDICT_KEY = "runready:last-verdict";
const keepVerdict = () => {
  const card = document.querySelector("[data-keep-verdict]");
  if (!card) return;
  const text = (id) => card.querySelector(`#${id}`)?.textContent.trim() || "";
  try {
    localStorage.setItem(VERDICT_KEY, JSON.stringify({
      date: card.dataset.keepVerdict,
      headline: text("verdict-headline"),
      detail: text("verdict-detail"),
    }));
  } catch {
    // storage full or disabled: the offline page says it has nothing saved
  }
};
keepVerdict();
document.body.addEventListener("htmx:afterSettle", keepVerdict);
document.addEventListener("submit", (event) => {
  if (event.target.matches('form[action$="/accounts/logout/"]')) localStorage.removeItem(VERDICT_KEY);
});

// Push on this device (Settings): ask the browser, subscribe with our VAPID key, tell the server.
const pushBox = document.getElementById("push");
if (pushBox && pushBox.dataset.vapidKey) {
  const status = pushBox.querySelector("#push-status");
  const onButton = pushBox.querySelector("#push-on");
  const offButton = pushBox.querySelector("#push-off");
  const csrf = () => document.querySelector("[name=csrfmiddlewaretoken]")?.value || "";
  const post = (url, body) => fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-CSRFToken": csrf() },
    body: JSON.stringify(body),
  });
  const keyBytes = (base64url) => {
    const raw = atob(base64url.replace(/-/g, "+").replace(/_/g, "/") + "=".repeat((4 - (base64url.length % 4)) % 4));
    return Uint8Array.from(raw, (c) => c.charCodeAt(0));
  };
  const show = (subscription) => {
    status.textContent = subscription
      ? say("push_on", "Push is on for this device.")
      : say("push_off", "Push is off for this device.");
    onButton.hidden = Boolean(subscription);
    offButton.hidden = !subscription;
  };
  if (!("serviceWorker" in navigator) || !("PushManager" in window)) {
    status.textContent = say("no_push", "This browser cannot receive push notifications.");
  } else {
    navigator.serviceWorker.ready.then(async (registration) => {
      show(await registration.pushManager.getSubscription());
      onButton.addEventListener("click", async () => {
        if ((await Notification.requestPermission()) !== "granted") {
          status.textContent = say("push_blocked", "Notifications are blocked for this site: allow them in the browser's site settings.");
          return;
        }
        try {
          const subscription = await registration.pushManager.subscribe({
            userVisibleOnly: true,
            applicationServerKey: keyBytes(pushBox.dataset.vapidKey),
          });
          const device = navigator.userAgentData?.platform || navigator.platform || "";
          const response = await post(pushBox.dataset.subscribeUrl, { ...subscription.toJSON(), device });
          if (!response.ok) throw new Error((await response.json()).error || response.status);
          show(subscription);
        } catch (error) {
          status.textContent = say("push_failed", "Push could not be turned on: {error}", { error: error.message || error });
        }
      });
      offButton.addEventListener("click", async () => {
        const subscription = await registration.pushManager.getSubscription();
        if (subscription) {
          await post(pushBox.dataset.unsubscribeUrl, { endpoint: subscription.endpoint });
          await subscription.unsubscribe();
        }
        show(null);
      });
    });
  }
}

// The week planner: drag a planned session onto another day; its move form (the no-JS way,
// a day picker and "Move") is filled in and sent, and htmx swaps the planner in place.
document.addEventListener("dragstart", (event) => {
  const item = event.target.closest?.("[data-move]");
  if (item) event.dataTransfer.setData("text/plain", item.dataset.move);
});
document.addEventListener("dragover", (event) => {
  if (event.target.closest?.("[data-drop]")) event.preventDefault();
});
document.addEventListener("drop", (event) => {
  const day = event.target.closest?.("[data-drop]");
  const form = day && document.getElementById(event.dataTransfer.getData("text/plain"));
  const select = form?.querySelector("select[name=date]");
  if (!select) return;
  event.preventDefault();
  select.value = day.dataset.date;
  if (select.value === day.dataset.date) form.requestSubmit();
});

// "Copy" buttons: put the named field's text on the clipboard and say so.
document.addEventListener("click", async (event) => {
  const button = event.target.closest?.("[data-copy]");
  const field = button && document.querySelector(button.dataset.copy);
  if (!field) return;
  field.select();
  try {
    await navigator.clipboard.writeText(field.value);
    button.textContent = say("copied", "Copied");
  } catch {
    button.textContent = say("copy_by_hand", "Press Ctrl+C");  // the text is selected: copy it by hand
  }
});

// The exercise picker: a search box above each exercise list narrows it as you type (the
// athlete's recent exercises stay first); without JavaScript the plain list works.
const enhanceExercisePickers = (root) => {
  root.querySelectorAll("select[name$='-exercise']:not([data-searchable])").forEach((select) => {
    select.dataset.searchable = "yes";
    const search = document.createElement("input");
    const label = say("search_exercises", "Search exercises");
    Object.assign(search, { type: "search", className: "form-control mb-1 exercise-search", placeholder: label });
    search.setAttribute("aria-label", label);
    search.setAttribute("aria-controls", select.id);
    select.before(search);
    search.addEventListener("input", () => {
      const words = search.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
      let first = null;
      select.querySelectorAll("option").forEach((option) => {
        const match = !option.value || words.every((word) => option.textContent.toLowerCase().includes(word));
        option.hidden = !match;
        if (match && option.value && !first) first = option;
      });
      select.querySelectorAll("optgroup").forEach((group) => {
        group.hidden = ![...group.children].some((option) => !option.hidden);
      });
      if (first && (select.selectedOptions[0]?.hidden || !select.value)) select.value = first.value;
    });
  });
};
enhanceExercisePickers(document);
document.addEventListener("htmx:load", (event) => enhanceExercisePickers(event.target));
