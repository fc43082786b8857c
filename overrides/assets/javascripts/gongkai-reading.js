/* gongkai reading controls: text size (data-gk-size on <html>: s, l, xl; none = medium) and
   elder mode (class gk-elder on <html>), remembered in localStorage ("gk-size", "gk-elder").
   The inline script in main.html's <head> applies the stored choice before the first paint;
   this file runs the buttons of partials/gk-reading.html and keeps their aria-pressed true. */
(function () {
  "use strict";
  var root = document.documentElement;
  var SIZES = ["s", "m", "l", "xl"];

  function read(key) {
    try { return window.localStorage.getItem(key); } catch (e) { return null; }
  }
  function write(key, value) {
    try {
      if (value) window.localStorage.setItem(key, value);
      else window.localStorage.removeItem(key);
    } catch (e) { /* private mode or storage off: the choice lasts for this page only */ }
  }
  function apply(size, elder) {
    if (size && size !== "m" && SIZES.indexOf(size) >= 0) root.setAttribute("data-gk-size", size);
    else root.removeAttribute("data-gk-size");
    root.classList.toggle("gk-elder", !!elder);
    var buttons = document.querySelectorAll("[data-gk-size-set],[data-gk-elder-toggle]");
    for (var i = 0; i < buttons.length; i++) {
      var b = buttons[i];
      var pressed = b.hasAttribute("data-gk-elder-toggle") ? !!elder
        : b.getAttribute("data-gk-size-set") === (root.getAttribute("data-gk-size") || "m");
      b.setAttribute("aria-pressed", pressed ? "true" : "false");
    }
  }
  function applyStored() {
    apply(read("gk-size"), read("gk-elder") === "1");
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-gk-size-set],[data-gk-elder-toggle]");
    if (!button) return;
    var size = root.getAttribute("data-gk-size") || "m";
    var elder = root.classList.contains("gk-elder");
    if (button.hasAttribute("data-gk-elder-toggle")) elder = !elder;
    else size = button.getAttribute("data-gk-size-set");
    write("gk-size", size === "m" ? "" : size);
    write("gk-elder", elder ? "1" : "");
    apply(size, elder);
  });
  // Material's menu button (narrow screens) is a <label for="__drawer">, which the keyboard
  // cannot reach: put a real <button> with the same icon in its place; it opens the menu and
  // moves focus into it, and Escape closes the menu and returns to the button.
  var drawer = document.getElementById("__drawer");
  var label = document.querySelector('label.md-header__button[for="__drawer"]');
  var menu = document.querySelector(".md-sidebar--primary");
  if (drawer && label && menu) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "md-header__button md-icon gk-menu-button";
    button.innerHTML = label.innerHTML;
    button.setAttribute("aria-label", (document.querySelector(".gk-reading") || root).getAttribute("data-gk-menu") || "Menu");
    label.parentNode.insertBefore(button, label);
    label.hidden = true;
    var sync = function () { button.setAttribute("aria-expanded", drawer.checked ? "true" : "false"); };
    var toggle = function (open) {
      drawer.checked = open;
      sync();
      if (open) {
        var first = menu.querySelector("a[href]");
        window.requestAnimationFrame(function () { if (first) first.focus(); });
      } else {
        button.focus();
      }
    };
    button.addEventListener("click", function () { toggle(!drawer.checked); });
    drawer.addEventListener("change", sync);
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && drawer.checked) toggle(false);
    });
    sync();
  }

  // another tab changed the setting, or this page came back from the back-forward cache
  window.addEventListener("storage", applyStored);
  window.addEventListener("pageshow", function (event) { if (event.persisted) applyStored(); });
  applyStored();
})();
