// The print view's 打印本页 button (a script file: the Content-Security-Policy allows no inline handlers).
document.addEventListener("DOMContentLoaded", function () {
  var button = document.querySelector("[data-gk-print]");
  if (button) button.addEventListener("click", function () { window.print(); });
});
