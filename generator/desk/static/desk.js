// The desk's only script: add, remove and write out in parts the entries of a list in a form. An
// entry's inputs are named by their path; a new entry takes the list's next free index, a removed
// one is posted as _remove, an entry written out in parts keeps its index (its text becomes the name).
(function () {
  "use strict";
  function entryFrom(list, variant, index) {
    var template = list.querySelector(':scope > template[data-variant="' + variant + '"]');
    var path = list.getAttribute("data-path");
    var holder = document.createElement("div");
    holder.innerHTML = template.innerHTML.split(path + ".$").join(path + "." + index);
    return holder.firstElementChild;
  }
  function add(button) {
    var list = button.closest("fieldset.list");
    var counter = button.parentNode;
    var index = Number(counter.getAttribute("data-next"));
    counter.setAttribute("data-next", String(index + 1));
    var entry = entryFrom(list, button.getAttribute("data-variant"), index);
    list.insertBefore(entry, list.querySelector(":scope > template"));
    var first = entry.querySelector("input, textarea, select");
    if (first) { first.focus(); }
  }
  function detail(button) {
    var list = button.closest("fieldset.list");
    var old = button.closest(".entry");
    var text = old.querySelector("input, textarea").value;
    var index = old.getAttribute("data-entry").split(".").pop();
    var entry = entryFrom(list, "1", index);
    list.replaceChild(entry, old);
    var name = entry.querySelector("input, textarea");
    name.value = text;
    name.focus();
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
    var next = button.closest("fieldset.list").querySelector(":scope > .adds button");
    if (next) { next.focus(); }
  }
  document.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-add], button[data-remove], button[data-detail]");
    if (!button) { return; }
    event.preventDefault();
    if (button.hasAttribute("data-add")) { add(button); }
    else if (button.hasAttribute("data-detail")) { detail(button); }
    else { remove(button); }
  });
})();
