/* The plan form: the recurrence builder's live words and dates, and the checklist's rows.
 *
 * Everything here only wires what the server rendered; without it the form works as is
 * (the server makes the rule from the builder's fields, "Preview" shows the dates, the
 * checklist offers three empty rows).
 *
 * The builder: it shows the fields the chosen unit uses, the raw rule or the builder,
 * and after each change asks the live preview (views.plans.plan_preview) for the rule,
 * its words and its next dates, with the same validation as Save. Turning "by hand" off
 * reads the typed rule back into the builder when the builder can show it.
 *
 * The checklist: "Add an item" copies the empty row (its __prefix__ numbered) and counts
 * it in TOTAL_FORMS; "Remove" takes an unsaved row out (renumbering those after it) and
 * ticks a saved row's DELETE box, hiding the row.
 */
(function () {
  "use strict";

  var form = document.querySelector("form.plan-form");
  if (!form) { return; }

  // --- The recurrence builder -----------------------------------------------------------
  var builderBox = document.getElementById("rule-builder");
  var builder = document.getElementById("builder");
  var rawBox = document.getElementById("raw-rule");
  var raw = form.elements.rule_raw;
  var rrule = form.elements.rrule;
  var words = document.getElementById("rule-words");
  var note = document.getElementById("builder-note");
  var preview = document.getElementById("preview");
  var dates = document.getElementById("preview-dates");
  var SCHEDULE = /^(mode|repeat_.*|rrule|start|calendar|non_working)$/;

  function text(name) { return builderBox.getAttribute("data-" + name); }

  function showParts() {
    var unit = form.elements.repeat_unit.value;
    var meter = form.elements.mode.value === "meter";
    builderBox.hidden = meter;
    builder.hidden = raw.checked;
    rawBox.hidden = !raw.checked;
    builder.querySelectorAll("[data-units]").forEach(function (part) {
      part.hidden = part.getAttribute("data-units").split(" ").indexOf(unit) === -1;
    });
  }

  function fieldBox(name) {
    var field = form.elements[name];
    if (!field) { return null; }
    var element = field.length !== undefined && !field.tagName ? field[0] : field;
    return element.closest(".field");
  }

  function clearErrors() {
    form.querySelectorAll(".live-error").forEach(function (list) { list.remove(); });
    ["start", "calendar", "non_working", "rrule"].forEach(function (name) {
      var box = fieldBox(name);
      if (box) {
        box.classList.remove("has-errors");
        box.querySelectorAll(".errorlist").forEach(function (list) { list.remove(); });
      }
    });
    builderBox.querySelectorAll(".errorlist").forEach(function (list) { list.remove(); });
    builderBox.querySelectorAll(".has-errors").forEach(function (box) { box.classList.remove("has-errors"); });
  }

  function showErrors(errors) {
    Object.keys(errors).forEach(function (name) {
      var box = fieldBox(name) || builderBox;
      var list = document.createElement("ul");
      list.className = "errorlist live-error";
      errors[name].forEach(function (message) {
        var item = document.createElement("li");
        item.textContent = message;
        list.appendChild(item);
      });
      box.classList.add("has-errors");
      box.appendChild(list);
    });
  }

  function fill(values) {
    Object.keys(values).forEach(function (name) {
      var value = values[name];
      var field = form.elements[name];
      if (!field) { return; }
      if (Array.isArray(value)) {
        var chosen = value.map(String);
        form.querySelectorAll("input[name=" + name + "]").forEach(function (box) {
          box.checked = chosen.indexOf(box.value) !== -1;
        });
      } else if (field.tagName) {
        field.value = value === null ? "" : String(value);
      } else {  // radio buttons
        form.querySelectorAll("input[name=" + name + "]").forEach(function (radio) {
          radio.checked = radio.value === String(value);
        });
      }
    });
  }

  var timer = null;
  var asked = 0;

  function ask(data) {
    return fetch(builderBox.getAttribute("data-preview"), {
      method: "POST", body: data, credentials: "same-origin",
      headers: { Accept: "application/json", "X-Requested-With": "XMLHttpRequest" }
    }).then(function (response) {
      if (response.status !== 200 && response.status !== 400) { throw new Error(response.status); }
      return response.json();
    });
  }

  function refresh() {
    var mine = ++asked;
    note.textContent = "";
    ask(new FormData(form)).then(function (data) {
      if (mine !== asked) { return; }  // a later change is on its way
      clearErrors();
      if (data.errors) {
        showErrors(data.errors);
        words.textContent = "";
        preview.hidden = true;
        return;
      }
      if (!raw.checked) {
        rrule.value = data.rrule;
        // The last working day sets the calendar: show what Save will store.
        form.elements.calendar.value = data.calendar;
        form.elements.non_working.value = data.non_working;
      }
      words.textContent = data.words;
      dates.innerHTML = data.html;
      preview.hidden = false;
      form.setAttribute("data-previewed", String(mine));
    }).catch(function () {
      if (mine === asked) { words.textContent = text("error"); }
    });
  }

  function later() {
    clearTimeout(timer);
    timer = setTimeout(refresh, 300);
  }

  function leaveRaw() {
    // Ask what the typed rule is in the builder's terms, the page still in raw mode.
    var data = new FormData(form);
    data.set("rule_raw", "on");
    var mine = ++asked;
    ask(data).then(function (answer) {
      if (mine !== asked) { return; }
      if (answer.builder) {
        fill(answer.builder);
        raw.checked = false;
        showParts();
        refresh();
      } else {
        raw.checked = true;
        showParts();
        clearErrors();
        if (answer.errors) { showErrors(answer.errors); }
        note.textContent = text("cannot-build");
      }
    }).catch(function () { if (mine === asked) { words.textContent = text("error"); } });
  }

  if (builderBox && raw && rrule && window.fetch && window.FormData) {
    raw.addEventListener("change", function () {
      clearTimeout(timer);  // a preview of what was typed would overtake the answer below
      if (raw.checked) {
        showParts();
        later();
      } else {
        raw.checked = true;  // until the server says the builder can show the rule
        leaveRaw();
      }
    });
    ["input", "change"].forEach(function (kind) {
      form.addEventListener(kind, function (event) {
        if (event.target.name && SCHEDULE.test(event.target.name)) {
          showParts();
          later();
        }
      });
    });
    // Enter in a builder's number field must not submit the plan.
    builder.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && event.target.tagName === "INPUT") { event.preventDefault(); }
    });
    showParts();
    refresh();
  }

  // --- The checklist's rows -------------------------------------------------------------
  var table = document.getElementById("checklist-items");
  var template = document.getElementById("checklist-empty-row");
  var add = document.getElementById("checklist-add");
  if (!table || !template || !add) { return; }
  var prefix = table.getAttribute("data-prefix");
  var total = form.elements[prefix + "-TOTAL_FORMS"];
  var initial = parseInt(form.elements[prefix + "-INITIAL_FORMS"].value, 10);
  var body = table.tBodies[0];
  var numbered = new RegExp("^" + prefix + "-\\d+-|^id_" + prefix + "-\\d+-");

  function renumber(row, index) {
    row.querySelectorAll("[name], [id], label[for]").forEach(function (element) {
      ["name", "id", "for"].forEach(function (attribute) {
        var value = element.getAttribute(attribute);
        if (value && numbered.test(value)) {
          element.setAttribute(attribute, value.replace(/-\d+-/, "-" + index + "-"));
        }
      });
    });
  }

  function remove(row) {
    var rows = Array.prototype.slice.call(body.rows);
    var index = rows.indexOf(row);
    var deletion = row.querySelector("input[name$='-DELETE']");
    if (index < initial) {
      if (deletion) { deletion.checked = true; }
      row.hidden = true;
      return;
    }
    row.remove();
    rows.slice(index + 1).forEach(function (later, offset) { renumber(later, index + offset); });
    total.value = String(parseInt(total.value, 10) - 1);
  }

  function wire(row) {
    var button = row.querySelector(".checklist-remove");
    var deletion = row.querySelector("input[name$='-DELETE']");
    if (deletion) { deletion.hidden = true; }
    button.hidden = false;
    button.addEventListener("click", function () { remove(row); });
  }

  Array.prototype.forEach.call(body.rows, wire);
  add.hidden = false;
  form.querySelectorAll(".no-script").forEach(function (element) { element.hidden = true; });
  add.addEventListener("click", function () {
    var index = parseInt(total.value, 10);
    body.insertAdjacentHTML("beforeend", template.innerHTML.replace(/__prefix__/g, String(index)));
    total.value = String(index + 1);
    var row = body.rows[body.rows.length - 1];
    wire(row);
    row.querySelector("input[name$='-label']").focus();
  });
})();
