/* The plan form's asset finder: search assets by code or name and add their codes to the
 * "Assets" box. The box stays the form's field (typing codes works without this script);
 * the finder only appends a code that is not there yet. The page's words come translated
 * in data- attributes.
 */
(function () {
  "use strict";

  var finder = document.querySelector(".asset-finder");
  if (!finder || !window.fetch) { return; }
  var box = document.getElementById(finder.getAttribute("data-target"));
  var input = finder.querySelector("input[type=search]");
  var list = finder.querySelector(".asset-finder-results");
  var note = finder.querySelector(".asset-finder-note");
  if (!box) { return; }
  finder.hidden = false;

  function text(name) { return finder.getAttribute("data-" + name); }

  // Codes are compared as they are: PUMP-1 and pump-1 are two assets.
  function codesInBox() {
    return box.value.split(/[\s,;，；、]+/).filter(Boolean);
  }

  function add(code, button) {
    if (codesInBox().indexOf(code) === -1) {
      box.value = box.value.replace(/\s+$/, "") + (box.value.trim() ? "\n" : "") + code;
      box.dispatchEvent(new Event("input", { bubbles: true }));
    }
    button.disabled = true;
    button.textContent = text("added");
  }

  function show(data) {
    list.textContent = "";
    var present = codesInBox();
    data.results.forEach(function (asset) {
      var item = document.createElement("li");
      var label = document.createElement("span");
      var strong = document.createElement("strong");
      strong.textContent = asset.code;
      label.appendChild(strong);
      label.appendChild(document.createTextNode(" " + asset.name + " · " + asset.kind + " · " + asset.zone));
      var button = document.createElement("button");
      button.type = "button";
      button.className = "small";
      button.setAttribute("data-code", asset.code);
      if (present.indexOf(asset.code) === -1) {
        button.textContent = text("add");
        button.addEventListener("click", function () { add(asset.code, button); });
      } else {
        button.textContent = text("added");
        button.disabled = true;
      }
      item.appendChild(label);
      item.appendChild(button);
      list.appendChild(item);
    });
    note.textContent = data.results.length === 0 ? text("none") : (data.more ? text("more") : "");
  }

  var timer = null;
  var asked = 0;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    var query = input.value.trim();
    if (!query) { asked++; list.textContent = ""; note.textContent = ""; return; }  // drop answers on the way
    timer = setTimeout(function () {
      var mine = ++asked;
      fetch(finder.getAttribute("data-search") + "?q=" + encodeURIComponent(query), {
        headers: { Accept: "application/json" }, credentials: "same-origin"
      })
        .then(function (response) {
          if (!response.ok) { throw new Error(response.status); }
          return response.json();
        })
        .then(function (data) { if (mine === asked) { show(data); } })
        .catch(function () { if (mine === asked) { list.textContent = ""; note.textContent = text("error"); } });
    }, 250);
  });
  // Enter in the search box searches; it must not submit the plan.
  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter") { event.preventDefault(); }
  });
})();
