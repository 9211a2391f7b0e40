// The article's share bar: "Sao chép liên kết" and "In bài". Served as a file (the CSP allows
// no inline script); without JavaScript both buttons stay hidden and the links still work.
(function () {
  "use strict";
  document.querySelectorAll(".share").forEach(function (bar) {
    var status = bar.querySelector(".share__status");
    var say = function (text) {
      status.textContent = text;
      window.setTimeout(function () { status.textContent = ""; }, 4000);
    };
    var copy = bar.querySelector("[data-copy]");
    if (copy) {
      copy.hidden = false;
      copy.addEventListener("click", function () {
        var text = copy.dataset.copy;
        if (navigator.clipboard && window.isSecureContext) {
          navigator.clipboard.writeText(text).then(
            function () { say(copy.dataset.copied); },
            function () { say(copy.dataset.failed); }
          );
          return;
        }
        // A site served over plain http has no Clipboard API: copy from a selected field.
        var field = document.createElement("textarea");
        field.value = text;
        field.setAttribute("readonly", "");
        field.className = "visually-hidden";
        document.body.appendChild(field);
        field.select();
        var done = false;
        try { done = document.execCommand("copy"); } catch (error) { done = false; }
        document.body.removeChild(field);
        say(done ? copy.dataset.copied : copy.dataset.failed);
      });
    }
    var print = bar.querySelector("[data-print]");
    if (print && window.print) {
      print.hidden = false;
      print.addEventListener("click", function () { window.print(); });
    }
  });
})();
