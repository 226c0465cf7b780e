/* Shouwei's maps, on django-leaflet's bundled Leaflet (served locally, no internet needed). */
(function () {
  "use strict";

  var KIND_COLOURS = {
    equipment: "#b45309",
    landscape: "#7c3aed",
    green_space: "#15803d",
    road_segment: "#1d4ed8",
    // The dashboard's findings (reports.figures.places.map_features).
    finding_open: "#b91c1c",
    finding_disposed: "#15803d",
    finding_rebound: "#7c3aed"
  };

  function baseMap(elementId, config) {
    var map = L.map(elementId, { zoomControl: true, minZoom: config.minZoom || 3 }).setView(config.center, config.zoom);
    L.tileLayer(config.tiles, { attribution: config.attribution, maxZoom: 19 }).addTo(map);
    return map;
  }

  function styleFor(kind) {
    var colour = KIND_COLOURS[kind] || "#334155";
    return { color: colour, weight: kind === "road_segment" ? 5 : 2, fillColor: colour, fillOpacity: 0.3 };
  }

  function pointLayer(feature, latlng) {
    var style = styleFor(feature.properties ? feature.properties.kind : null);
    return L.circleMarker(latlng, Object.assign({}, style, { radius: 7, fillOpacity: 0.8 }));
  }

  function format(text, values) {
    return text.replace(/%\((\w+)\)s/g, function (_, key) { return values[key]; });
  }

  function escapeHtml(text) {
    var div = document.createElement("div");
    div.textContent = text;
    return div.innerHTML;
  }

  function popup(properties, config) {
    return "<strong>" + escapeHtml(properties.name) + "</strong><br>" +
      "<span class='muted'>" + escapeHtml(properties.code) + "</span><br>" +
      escapeHtml(properties.kind_label) + " · " + escapeHtml(properties.status_label) + "<br>" +
      "<a href='" + properties.url + "'>" + escapeHtml(config.text.open) + "</a>";
  }

  /* The registry map: fetches the assets of the visible area, with the form's filters. */
  function assetMap(elementId, formId, statusId, config) {
    var map = baseMap(elementId, config);
    var form = document.getElementById(formId);
    var status = document.getElementById(statusId);
    var layer = L.geoJSON(null, {
      style: function (feature) { return styleFor(feature.properties.kind); },
      pointToLayer: pointLayer,
      onEachFeature: function (feature, featureLayer) { featureLayer.bindPopup(popup(feature.properties, config)); }
    }).addTo(map);
    var pending = null;

    function refresh() {
      if (pending) { pending.abort(); }
      pending = new AbortController();
      var params = new URLSearchParams(new FormData(form));
      // Zoomed far out, the view can reach past ±180°: ask within the world.
      var bounds = map.getBounds();
      params.set("bbox", [
        Math.max(-180, bounds.getWest()), Math.max(-90, bounds.getSouth()),
        Math.min(180, bounds.getEast()), Math.min(90, bounds.getNorth())
      ].join(","));
      // Lines and polygons come simplified to what this zoom can show.
      params.set("zoom", Math.round(map.getZoom()));
      history.replaceState(null, "", "?" + new URLSearchParams(new FormData(form)).toString());
      status.textContent = config.text.loading;
      fetch(config.geojson + "?" + params.toString(), { signal: pending.signal, credentials: "same-origin" })
        .then(function (response) {
          if (!response.ok) { throw new Error(response.status); }
          return response.json();
        })
        .then(function (data) {
          layer.clearLayers();
          layer.addData(data);
          var count = data.features.length;
          status.textContent = format(data.truncated ? config.text.truncated : config.text.count, { count: count });
        })
        .catch(function (error) {
          if (error.name !== "AbortError") { status.textContent = config.text.error; }
        });
    }

    var legend = L.control({ position: "bottomright" });
    legend.onAdd = function () {
      var div = L.DomUtil.create("div", "legend");
      Object.keys(config.kinds).forEach(function (kind) {
        div.innerHTML += "<div><i style='background:" + (KIND_COLOURS[kind] || "#334155") + "'></i>" +
          escapeHtml(config.kinds[kind]) + "</div>";
      });
      return div;
    };
    legend.addTo(map);

    form.addEventListener("change", refresh);
    form.addEventListener("submit", function (event) { event.preventDefault(); refresh(); });
    map.on("moveend", refresh);
    refresh();
    return map;
  }

  /* A small map showing one geometry (an asset's page). */
  function geometryMap(elementId, geometry, kind, config) {
    var map = baseMap(elementId, config);
    var layer = L.geoJSON(geometry, { style: styleFor(kind), pointToLayer: function (feature, latlng) {
      return L.circleMarker(latlng, Object.assign({}, styleFor(kind), { radius: 8, fillOpacity: 0.8 }));
    } }).addTo(map);
    var bounds = layer.getBounds();
    if (bounds.isValid()) { map.fitBounds(bounds, { maxZoom: 18, padding: [20, 20] }); }
    return map;
  }

  /* Today's work orders, coloured by status; the member's own position if the browser shares it. */
  var STATUS_COLOURS = {
    overdue: "#dc2626",
    scheduled: "#2563eb",
    in_progress: "#ea580c",
    done: "#16a34a",
    skipped: "#64748b"
  };

  function orderColour(properties) {
    return properties.overdue ? STATUS_COLOURS.overdue : (STATUS_COLOURS[properties.status] || "#334155");
  }

  function orderPopup(properties, config) {
    var state = (properties.overdue ? config.statuses.overdue + " · " : "") + properties.status_label;
    var when = properties.due + (properties.due_time ? " " + properties.due_time : "");
    return "<strong>" + escapeHtml(properties.name) + "</strong> <span class='muted'>" +
      escapeHtml(properties.code) + "</span><br>" +
      escapeHtml(properties.task) + "<br>" +
      escapeHtml(state) + " · " + escapeHtml(when) + "<br>" +
      "<a class='popup-open' href='" + properties.url + "'>" + escapeHtml(config.text.open) + "</a>";
  }

  function todayMap(elementId, statusId, config) {
    var map = baseMap(elementId, config);
    var status = document.getElementById(statusId);
    var layer = L.geoJSON(null, {
      pointToLayer: function (feature, latlng) {
        // Big enough to tap with a gloved finger.
        return L.circleMarker(latlng, {
          radius: 12, color: "#fff", weight: 3, fillColor: orderColour(feature.properties), fillOpacity: 0.95
        });
      },
      onEachFeature: function (feature, featureLayer) {
        featureLayer.bindPopup(orderPopup(feature.properties, config));
      }
    }).addTo(map);

    status.textContent = config.text.loading;
    fetch(config.orders, { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) { throw new Error(response.status); }
        return response.json();
      })
      .then(function (data) {
        layer.addData(data);
        var bounds = layer.getBounds();
        if (bounds.isValid()) { map.fitBounds(bounds, { maxZoom: 17, padding: [40, 40], animate: false }); }
        var text = data.truncated ? config.text.ordersTruncated : config.text.orders;
        status.textContent = format(text, { count: data.features.length });
        map.getContainer().setAttribute("data-orders", String(data.features.length));
      })
      .catch(function () { status.textContent = config.text.error; });

    var legend = L.control({ position: "bottomright" });
    legend.onAdd = function () {
      var div = L.DomUtil.create("div", "legend");
      Object.keys(config.statuses).forEach(function (key) {
        div.innerHTML += "<div><i style='background:" + (STATUS_COLOURS[key] || "#334155") + "'></i>" +
          escapeHtml(config.statuses[key]) + "</div>";
      });
      return div;
    };
    legend.addTo(map);

    // Where the member stands, if the browser shares it; a refusal just leaves it out.
    var here = L.layerGroup().addTo(map);
    map.on("locationfound", function (event) {
      here.clearLayers();
      L.circle(event.latlng, { radius: event.accuracy, color: "#0284c7", weight: 1, fillOpacity: 0.08 }).addTo(here);
      L.circleMarker(event.latlng, { radius: 8, color: "#fff", weight: 3, fillColor: "#0284c7", fillOpacity: 1 })
        .bindTooltip(config.text.here)
        .addTo(here);
    });
    map.on("locationerror", function () { here.clearLayers(); });
    if (navigator.geolocation) {
      map.locate({ watch: true, setView: false, enableHighAccuracy: true, maximumAge: 30000 });
    }
    return map;
  }

  /* A map of a given FeatureCollection, fitted to it (the greening programme's projects). */
  function featureMap(elementId, data, config) {
    var map = baseMap(elementId, config);
    var layer = L.geoJSON(data, {
      style: function (feature) { return styleFor(feature.properties.kind); },
      pointToLayer: pointLayer,
      onEachFeature: function (feature, featureLayer) { featureLayer.bindPopup(popup(feature.properties, config)); }
    }).addTo(map);
    var bounds = layer.getBounds();
    if (bounds.isValid()) { map.fitBounds(bounds, { maxZoom: 17, padding: [20, 20], animate: false }); }
    map.getContainer().setAttribute("data-features", String(data.features.length));
    return map;
  }

  /* A map showing the GeoJSON typed or pasted in a textarea, redrawn as it changes. */
  function geometryPreview(elementId, textareaId, config) {
    var map = baseMap(elementId, config);
    var textarea = document.getElementById(textareaId);
    var layer = L.geoJSON(null, { style: styleFor(null), pointToLayer: pointLayer }).addTo(map);
    function draw() {
      layer.clearLayers();
      try { layer.addData(JSON.parse(textarea.value)); } catch (error) { return; }
      var bounds = layer.getBounds();
      if (bounds.isValid()) { map.fitBounds(bounds, { maxZoom: 18, padding: [20, 20], animate: false }); }
    }
    textarea.addEventListener("change", draw);
    draw();
    return map;
  }

  window.Shouwei = { assetMap: assetMap, geometryMap: geometryMap, todayMap: todayMap, featureMap: featureMap, geometryPreview: geometryPreview };
})();
