// Draw every Vega-Lite spec the page carries in <script type="application/json" class="vega-spec">.
// The specs are data only; nothing here is computed, the server sent the counts.
// ast: true makes vega-embed evaluate chart expressions with its bundled interpreter instead of
// compiling them with Function(), so the page's Content-Security-Policy needs no 'unsafe-eval'.
document.querySelectorAll("script.vega-spec").forEach(function (node) {
  var target = document.getElementById(node.dataset.target);
  if (!target || typeof vegaEmbed !== "function") { return; }
  vegaEmbed(target, JSON.parse(node.textContent), { actions: false, renderer: "svg", ast: true })
    .catch(function (err) { target.textContent = "The chart could not be drawn: " + err; });
});
