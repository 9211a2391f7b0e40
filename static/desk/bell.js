// The bell's count of unread notifications (templates/desk/_bell.html), asked for after the
// page is shown so no admin page pays a query for it, and again every minute while in view.
(function () {
  "use strict";
  var bell = document.querySelector(".desk-bell");
  if (!bell || !window.fetch) return;
  var badge = bell.querySelector(".desk-bell__count");
  function refresh() {
    if (document.hidden) return;
    fetch(bell.dataset.unreadUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        if (!data) return;
        badge.textContent = data.unread > 99 ? "99+" : String(data.unread);
        badge.hidden = data.unread === 0;
        bell.setAttribute("aria-label", data.unread ? "Thông báo: " + data.unread + " chưa đọc" : "Thông báo");
      })
      .catch(function () {});
  }
  refresh();
  setInterval(refresh, 60000);
  document.addEventListener("visibilitychange", refresh);
})();
