// The desk's only script: add and remove entries of a list in a form. An entry's inputs are named
// by their path; a new entry takes the next free index, a removed one is posted as _remove.
(function () {
  "use strict";
  function add(button) {
    var path = button.getAttribute("data-add");
    var template = button.parentNode.querySelector('template[data-item-of="' + path + '"]');
    var index = Number(template.getAttribute("data-next"));
    template.setAttribute("data-next", String(index + 1));
    var holder = document.createElement("div");
    holder.innerHTML = template.innerHTML.split(path + ".$").join(path + "." + index)
      .split("i-" + path + ".$").join("i-" + path + "." + index);
    var entry = holder.firstElementChild;
    template.parentNode.insertBefore(entry, template);
    var first = entry.querySelector("input, textarea, select");
    if (first) { first.focus(); }
  }
  function remove(button) {
    var path = button.getAttribute("data-remove");
    var entry = button.closest(".entry");
    var form = button.closest("form");
    Array.prototype.forEach.call(entry.querySelectorAll("[name]"), function (input) { input.disabled = true; });
    var marker = document.createElement("input");
    marker.type = "hidden"; marker.name = "_remove"; marker.value = path;
    form.appendChild(marker);
    entry.classList.add("removed");
    var next = entry.parentNode.querySelector("button.add");
    if (next) { next.focus(); }
  }
  document.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-add], button[data-remove]");
    if (!button) { return; }
    event.preventDefault();
    if (button.hasAttribute("data-add")) { add(button); } else { remove(button); }
  });
})();
