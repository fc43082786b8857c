/* gongkai search: the header entry on every page ([data-gk-hsearch], partials/search.html).
 *
 * The entry is a GET form to the search page, which works without JavaScript. Here we only
 * add: "/" focuses it (or the search page's own box); on narrow screens the magnifier (a
 * plain link without JavaScript) opens the box inside the header; Escape or the close button
 * shuts it. The search page itself runs gongkai-search-page.js, loaded there only.
 */
(function () {
  "use strict";

  var doc = document;
  var NARROW = "(max-width: 59.984375em)"; // Material's header breakpoint

  /* ---------------- header entry ---------------- */

  function setupHeader() {
    var box = doc.querySelector("[data-gk-hsearch]");
    if (!box) return;
    var open = box.querySelector(".gk-hsearch__open");
    var input = box.querySelector(".gk-hsearch__input");
    var close = box.querySelector(".gk-hsearch__close");
    var narrow = window.matchMedia(NARROW);

    function setOpen(on, refocus) {
      box.classList.toggle("gk-hsearch--open", on);
      close.hidden = !on;
      if (on) input.focus();
      else if (refocus) open.focus();
    }
    open.addEventListener("click", function (e) {
      if (!narrow.matches) return;
      e.preventDefault();
      setOpen(true);
    });
    close.addEventListener("click", function () { setOpen(false, true); });
    box.addEventListener("keydown", function (e) {
      if (e.key === "Escape" && box.classList.contains("gk-hsearch--open")) {
        e.preventDefault();
        setOpen(false, true);
      }
    });
    box.addEventListener("focusout", function (e) {
      if (box.classList.contains("gk-hsearch--open") && !box.contains(e.relatedTarget) && e.relatedTarget) {
        setOpen(false);
      }
    });
    doc.addEventListener("keydown", function (e) {
      if (e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey || e.isComposing) return;
      var t = e.target;
      if (t && t.closest && t.closest("input, textarea, select, [contenteditable]")) return;
      e.preventDefault();
      var pageInput = doc.querySelector("[data-gk-search] .gk-search__input");
      if (pageInput) { pageInput.focus(); pageInput.select(); return; }
      if (narrow.matches) setOpen(true);
      else { input.focus(); input.select(); }
    });
  }

  if (doc.readyState === "loading") doc.addEventListener("DOMContentLoaded", setupHeader);
  else setupHeader();
})();
