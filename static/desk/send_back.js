// The change form of a submitted article, opened by an editor: the note to the reporter is
// asked for only when the status is set back to "Bản nháp" (articles/desk_admin.py).
(function () {
  "use strict";
  function ready() {
    var note = document.getElementById("id_return_note");
    var status = document.getElementById("id_status");
    if (!note || !status) return;
    var row = note.closest(".form-row") || note.parentNode;
    function toggle() {
      var back = status.value === "draft";
      row.hidden = !back;
      note.required = back;
    }
    status.addEventListener("change", toggle);
    toggle();
    if (note.value || row.querySelector(".errorlist")) row.hidden = false;
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", ready);
  else ready();
})();
