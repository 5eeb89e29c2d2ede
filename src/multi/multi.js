"use strict";
(function () {
  var rows = Array.prototype.slice.call(document.querySelectorAll("#rows tbody tr"));
  var shown = document.getElementById("shown");
  function apply(filter) {
    var n = 0;
    rows.forEach(function (tr) {
      var flags = (tr.getAttribute("data-flags") || "").split(" ");
      var on = filter === "all" || flags.indexOf(filter) >= 0;
      tr.hidden = !on;
      if (on) n += 1;
    });
    shown.textContent = n + " of " + rows.length + " rows shown";
    return n;
  }
  var inputs = document.querySelectorAll("#filters input[name=filter]");
  Array.prototype.forEach.call(inputs, function (input) {
    input.addEventListener("change", function () { if (input.checked) apply(input.value); });
  });
  var checked = document.querySelector("#filters input[name=filter]:checked");
  apply(checked ? checked.value : "all");
  window.transalignMulti = {
    filter: function (name) {
      var input = document.querySelector("#filters input[value='" + name + "']");
      if (input) input.checked = true;
      return apply(name);
    },
    visible: function () {
      return rows.filter(function (tr) { return !tr.hidden; }).map(function (tr) { return Number(tr.getAttribute("data-row")); });
    }
  };
})();
