// The "Danh mục" button of the main menu (a <details>, which opens and closes without any
// script). This file only adds what a script can: aria-expanded on the button for the
// screen readers that do not announce a <summary>'s state, Escape to close the menu and
// return to its button, and, on wide screens in browsers that cannot show a closed
// <details> open through CSS, opening it so the whole menu shows.
(function () {
  "use strict";
  var wide = window.matchMedia("(min-width: 960px)");
  var styled = window.CSS && CSS.supports && CSS.supports("selector(::details-content)");
  document.querySelectorAll("[data-menu]").forEach(function (menu) {
    var button = menu.querySelector("summary");
    var sync = function () { button.setAttribute("aria-expanded", menu.open ? "true" : "false"); };
    var fit = function () { if (wide.matches && !styled) { menu.open = true; } };
    menu.addEventListener("toggle", sync);
    menu.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && menu.open && !wide.matches) {
        menu.open = false;
        sync();
        button.focus();
      }
    });
    if (wide.addEventListener) { wide.addEventListener("change", fit); }
    fit();
    sync();
  });
})();
