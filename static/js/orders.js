/* A work order's form on a phone with bad signal: what is typed is kept on the phone.
 *
 * Every input is written to a draft in localStorage, keyed by the order. The draft records
 * the version of the order the page showed (data-version, the order's last change). On
 * load the draft is put back only if the server still shows that version: after a
 * successful save the version is newer, so the draft is dropped (the server has it), and
 * a draft never overwrites what someone saved since. A submit while offline is held back,
 * with the fields as they are. Once the order is closed its draft is dropped.
 */
(function () {
  "use strict";

  var orderPage = document.querySelector("[data-order]");
  if (!orderPage) { return; }
  var key = "shouwei:order-draft:" + orderPage.getAttribute("data-order");
  var form = document.getElementById("order-form");
  if (!form) {
    // Closed (or only to look at): nothing typed here any more can be sent.
    try { localStorage.removeItem(key); } catch (error) { /* storage disabled */ }
    return;
  }
  var version = form.getAttribute("data-version");
  var status = document.getElementById("draft-status");
  // The page's own words (translated by the server).
  var TEXT = {
    restored: status ? status.getAttribute("data-restored") : "",
    offline: status ? status.getAttribute("data-offline") : ""
  };

  function fields() {
    return Array.prototype.filter.call(form.elements, function (field) {
      return field.name && field.name !== "csrfmiddlewaretoken" && field.type !== "file" &&
        field.type !== "submit" && field.type !== "button" && field.type !== "hidden";
    });
  }

  function snapshot() {
    var values = {};
    fields().forEach(function (field) {
      if (field.type === "radio" || field.type === "checkbox") {
        if (field.checked) { values[field.name] = field.value; }
        else if (!(field.name in values)) { values[field.name] = ""; }
      } else {
        values[field.name] = field.value;
      }
    });
    return values;
  }

  function say(text) {
    if (status) { status.textContent = text; }
  }

  function save() {
    try {
      localStorage.setItem(key, JSON.stringify({ version: version, values: snapshot(), at: Date.now() }));
    } catch (error) { /* storage full or disabled: the form still works */ }
  }

  function drop() {
    try { localStorage.removeItem(key); } catch (error) { /* nothing to drop */ }
  }

  function restore() {
    var draft;
    try { draft = JSON.parse(localStorage.getItem(key) || "null"); } catch (error) { draft = null; }
    if (!draft || !draft.values) { return; }
    if (draft.version !== version) { drop(); return; }
    var changed = false;
    fields().forEach(function (field) {
      if (!(field.name in draft.values)) { return; }
      var value = draft.values[field.name];
      if (field.type === "radio" || field.type === "checkbox") {
        var checked = field.value === value;
        if (field.checked !== checked) { field.checked = checked; changed = true; }
      } else if (field.value !== value) {
        field.value = value;
        changed = true;
      }
    });
    if (changed) {
      form.setAttribute("data-restored", "true");
      say(TEXT.restored);
    }
  }

  restore();
  form.addEventListener("input", save);
  form.addEventListener("change", save);
  form.addEventListener("submit", function (event) {
    save();
    if (navigator.onLine === false) {
      event.preventDefault();
      say(TEXT.offline);
    }
  });
})();
