/* print.js: shows the Print button of a printable page and prints on a click. The page prints as well without it. */
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  var buttons = document.querySelectorAll("button.print");
  Array.prototype.forEach.call(buttons, function (b) {
    b.hidden = false;
    b.addEventListener("click", function () { window.print(); });
  });
});
