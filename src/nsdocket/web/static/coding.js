// Show a codebook question only when its controlling answer allows it (the codebook's show_if).
// Hidden questions are disabled, so they are not sent; the server validates either way.
(function () {
  var form = document.querySelector("form.coding");
  if (!form) { return; }
  function update() {
    form.querySelectorAll("fieldset[data-show-if]").forEach(function (set) {
      var name = set.dataset.prefix + set.dataset.showIf;
      var allowed = set.dataset.showIn.split(" ");
      var chosen = Array.prototype.map.call(
        form.querySelectorAll('input[name="' + name + '"]:checked'), function (i) { return i.value; });
      var shown = chosen.some(function (v) { return allowed.indexOf(v) !== -1; });
      set.hidden = !shown;
      set.disabled = !shown;
    });
  }
  form.addEventListener("change", update);
  update();
})();
