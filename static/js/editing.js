/* The article form's comforts (editing/README.md): autosave to a private draft, a warning
   before leaving with unsaved changes, who else has the form open, and the preview of the
   unsaved form. A static file, as the Content-Security-Policy allows no inline script. */
(function () {
  "use strict";

  var AUTOSAVE_EVERY = 5000; // ms between checks for something new to keep
  var AFTER_TYPING = 1500; // ms after the last change before it is kept
  var HEARTBEAT_EVERY = 15000; // the server forgets a form after 45 s without one

  function previewPage() {
    var buttons = document.querySelectorAll("[data-preview-width]");
    buttons.forEach(function (button) {
      button.addEventListener("click", function () {
        document.body.setAttribute("data-width", button.getAttribute("data-preview-width"));
        buttons.forEach(function (other) { other.setAttribute("aria-pressed", String(other === button)); });
      });
    });
  }

  function editingForm(root) {
    var form = root.closest("form");
    var csrf = form.querySelector("input[name=csrfmiddlewaretoken]");
    var objectId = root.getAttribute("data-object");
    var status = root.querySelector(".editing__status");
    var presenceLine = root.querySelector(".editing__presence");
    var offer = root.querySelector(".editing__offer");
    var offered = document.getElementById("editing-offer");
    var mayEdit = root.hasAttribute("data-may-edit");
    var unsaved = root.hasAttribute("data-unsaved"); // a refused save shown again: nothing in it is saved
    var baseline = null, lastKept = null, submitted = false, otherChanged = false, typingTimer = null, richReady = false;

    function body(data) {
      var formData = new FormData();
      formData.append("csrfmiddlewaretoken", csrf ? csrf.value : "");
      formData.append("object", objectId);
      Object.keys(data || {}).forEach(function (key) { formData.append(key, data[key]); });
      return formData;
    }
    function post(url, data) {
      return fetch(url, { method: "POST", body: body(data), credentials: "same-origin", headers: { "X-Requested-With": "XMLHttpRequest" } })
        .then(function (response) { return response.ok ? response.json() : Promise.reject(response.status); });
    }
    function editor() { return window.tinymce ? window.tinymce.get("id_body") : null; }

    // What is autosaved: the title, lead, body and the photos' captions, credits, alt texts.
    function snapshot() {
      var data = {};
      ["title", "lead", "body"].forEach(function (name) {
        var field = form.elements[name];
        if (field && field.value !== undefined) data[name] = field.value;
      });
      if (richReady && "body" in data) data.body = editor().getContent();
      form.querySelectorAll("[name^='photos-']").forEach(function (field) {
        if (/-(caption|credit|alt_text)$/.test(field.name) && field.name.indexOf("__prefix__") < 0) data[field.name] = field.value;
      });
      return JSON.stringify(data);
    }
    function dirty() { return unsaved || otherChanged || (baseline !== null && snapshot() !== baseline); }

    function keep() {
      if (!mayEdit || submitted || baseline === null || offer) return; // an offer waits for its answer
      var now = snapshot();
      if (now === lastKept || (lastKept === null && now === baseline && !unsaved)) return;
      lastKept = now;
      post(root.getAttribute("data-autosave-url"), JSON.parse(now)).then(function (answer) {
        status.textContent = answer.message;
      }, function () {
        lastKept = null; // tried again at the next tick
        status.textContent = root.getAttribute("data-msg-offline");
      });
    }
    function soon() {
      clearTimeout(typingTimer);
      typingTimer = setTimeout(keep, AFTER_TYPING);
    }

    function restore() {
      var data = JSON.parse(offered.textContent);
      Object.keys(data).forEach(function (name) {
        var rich = editor();
        if (name === "body" && rich && rich.initialized) { rich.setContent(data[name]); return; }
        var field = form.elements[name];
        if (field) {
          field.value = data[name];
          field.dispatchEvent(new Event("input", { bubbles: true }));
        }
      });
      closeOffer(root.getAttribute("data-msg-restored"));
      keep();
    }
    function discard() {
      post(root.getAttribute("data-autosave-url"), { discard: "1" }).then(function () {
        closeOffer(root.getAttribute("data-msg-discarded"));
      });
    }
    function closeOffer(message) {
      offer.remove();
      offer = null;
      status.textContent = message;
    }
    if (offer) {
      offer.querySelector("[data-editing=restore]").addEventListener("click", restore);
      offer.querySelector("[data-editing=discard]").addEventListener("click", discard);
    }

    function heartbeat() {
      if (!objectId || !mayEdit || submitted) return;
      post(root.getAttribute("data-presence-url"), {}).then(function (answer) {
        presenceLine.textContent = answer.message;
        presenceLine.hidden = !answer.message;
      }, function () {});
    }

    function preview(button) {
      if (window.tinymce) window.tinymce.triggerSave();
      var width = document.createElement("input");
      width.type = "hidden";
      width.name = "editing_width";
      width.value = button.getAttribute("data-width");
      form.appendChild(width);
      var action = form.getAttribute("action"), target = form.getAttribute("target");
      form.setAttribute("action", root.getAttribute("data-preview-url"));
      form.setAttribute("target", "_blank");
      HTMLFormElement.prototype.submit.call(form); // no submit event: the form is not leaving
      action === null ? form.removeAttribute("action") : form.setAttribute("action", action);
      target === null ? form.removeAttribute("target") : form.setAttribute("target", target);
      width.remove();
    }
    root.querySelectorAll("[data-editing=preview]").forEach(function (button) {
      button.addEventListener("click", function () { preview(button); });
    });

    // The baseline is what the form showed, taken at once (a field typed into before the
    // editor has loaded is a change); its body is replaced by the editor's own once it has
    // loaded, as TinyMCE rewrites the markup it is given, which is no change of the editor's.
    // Until then the body is read from its text area.
    baseline = snapshot();
    var waited = 0;
    (function whenReady() {
      var rich = editor();
      if (form.elements.body && window.tinymce && !(rich && rich.initialized) && waited < 15000) {
        waited += 200;
        setTimeout(whenReady, 200);
        return;
      }
      if (rich && rich.initialized) {
        var shown = JSON.parse(baseline);
        richReady = true;
        if ("body" in shown) shown.body = rich.getContent();
        baseline = JSON.stringify(shown);
        rich.on("input change keyup undo redo SetContent", soon);
      }
    })();
    form.addEventListener("input", function (event) {
      var name = event.target.name || "";
      if (!/^(title|lead|body)$|-(caption|credit|alt_text)$/.test(name)) otherChanged = true;
      soon();
    });
    form.addEventListener("change", function (event) {
      if (event.target.name && !/^(title|lead|body|_selected_action)$|-(caption|credit|alt_text)$/.test(event.target.name)) otherChanged = true;
    });
    form.addEventListener("submit", function () { submitted = true; });
    window.addEventListener("beforeunload", function (event) {
      if (submitted || !mayEdit || !dirty()) return;
      event.preventDefault();
      event.returnValue = ""; // the browser shows its own "leave site?" question
    });
    window.addEventListener("pagehide", function () {
      if (objectId && mayEdit && navigator.sendBeacon) navigator.sendBeacon(root.getAttribute("data-presence-url"), body({ leave: "1" }));
    });
    setInterval(keep, AUTOSAVE_EVERY);
    heartbeat();
    setInterval(heartbeat, HEARTBEAT_EVERY);
  }

  function start() {
    if (document.body.classList.contains("editing-preview")) previewPage();
    var root = document.getElementById("editing");
    if (root) editingForm(root);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
