// Progressive enhancement only: every form works without this file.
document.addEventListener("DOMContentLoaded", function () {
  // Long operations: show that the request is under way and stop a second click sending it twice.
  document.querySelectorAll("form[data-progress]").forEach(function (form) {
    form.addEventListener("submit", function () {
      var button = form.querySelector("button[type=submit]");
      var progress = form.querySelector("progress");
      if (button) { button.setAttribute("data-label", button.textContent); button.disabled = true; button.textContent = "Working\u2026"; }
      if (progress) { progress.hidden = false; }
    });
  });
  // A page the Back button brings back from the browser's memory is as it was left, mid-send: make
  // its forms ready to send again (after a refusal, say), as they are on a page loaded afresh.
  window.addEventListener("pageshow", function (event) {
    if (!event.persisted) { return; }
    document.querySelectorAll("form[data-progress]").forEach(function (form) {
      var button = form.querySelector("button[type=submit][data-label]");
      var progress = form.querySelector("progress");
      if (button) { button.textContent = button.getAttribute("data-label"); button.disabled = false; }
      if (progress) { progress.hidden = true; }
    });
  });
  // Work still under way (a bulk revocation): its progress section refreshes itself in place, from
  // the same page, until the page says it is done. Without a script, the section's Refresh link does.
  var live = document.querySelector("[data-refresh][id]");
  if (live && window.fetch && window.DOMParser) {
    var refresh = function () {
      fetch(window.location.href, { credentials: "same-origin", headers: { "Accept": "text/html" } })
        .then(function (answer) { return answer.ok ? answer.text() : Promise.reject(answer.status); })
        .then(function (html) {
          var fresh = new DOMParser().parseFromString(html, "text/html").getElementById(live.id);
          if (!fresh) { return; }
          live.innerHTML = fresh.innerHTML;
          if (fresh.hasAttribute("data-refresh")) { window.setTimeout(refresh, 3000); }
          else { live.removeAttribute("data-refresh"); }
        })
        .catch(function () { /* the Refresh link still works */ });
    };
    window.setTimeout(refresh, 3000);
  }
  // The copy button for a new secret: shown only where a script can copy.
  document.querySelectorAll("button[data-copy]").forEach(function (button) {
    var source = document.getElementById(button.getAttribute("data-copy"));
    if (!source || !navigator.clipboard) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(source.textContent).then(function () { button.textContent = "Copied"; });
    });
  });
});
