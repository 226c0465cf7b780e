/* Shouwei's maps, on django-leaflet's bundled Leaflet (served locally, no internet needed). */
(function () {
  "use strict";

  var KIND_COLOURS = {
    equipment: "#b45309",
    landscape: "#7c3aed",
    green_space: "#15803d",
    road_segment: "#1d4ed8"
  };

  function baseMap(elementId, config) {
    var map = L.map(elementId, { zoomControl: true }).setView(config.center, config.zoom);
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
      params.set("bbox", map.getBounds().toBBoxString());
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

  window.Shouwei = { assetMap: assetMap, geometryMap: geometryMap };
})();
