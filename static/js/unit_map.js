/* The door-pledge register's maps (frontage), on the bundled Leaflet: the register's map
   (points coloured by rating, units whose pledge ends soon ringed, frontage lines from a
   close zoom) and a unit's own small map (its point and frontage). */
(function () {
  "use strict";

  var RATING_COLOURS = { green: "#16a34a", yellow: "#eab308", red: "#dc2626", unrated: "#94a3b8" };
  var EXPIRING_COLOUR = "#9a3412";

  function baseMap(elementId, config) {
    var map = L.map(elementId, { zoomControl: true, minZoom: config.minZoom || 3 }).setView(config.center, config.zoom);
    L.tileLayer(config.tiles, { attribution: config.attribution, maxZoom: 19 }).addTo(map);
    return map;
  }

  function colour(rating) { return RATING_COLOURS[rating] || RATING_COLOURS.unrated; }

  function format(text, values) {
    return text.replace(/%\((\w+)\)s/g, function (_, key) { return values[key]; });
  }

  function escapeHtml(text) {
    var div = document.createElement("div");
    div.textContent = text == null ? "" : String(text);
    return div.innerHTML;
  }

  function marker(latlng, properties) {
    // A unit whose pledge ends soon gets a thick dark ring.
    return L.circleMarker(latlng, {
      radius: properties.expiring ? 9 : 7,
      color: properties.expiring ? EXPIRING_COLOUR : "#fff",
      weight: properties.expiring ? 4 : 2,
      dashArray: properties.expiring ? "3 3" : null,
      fillColor: colour(properties.rating),
      fillOpacity: 0.9
    });
  }

  function popup(properties, config) {
    return "<strong>" + escapeHtml(properties.name) + "</strong><br>" +
      "<span class='muted'>" + escapeHtml(properties.code) + "</span> · " + escapeHtml(properties.kind_label) + "<br>" +
      escapeHtml(properties.rating_label) +
      (properties.expiring ? " · " + escapeHtml(config.text.expiring) : "") + "<br>" +
      "<a href='" + properties.url + "'>" + escapeHtml(config.text.open) + "</a>";
  }

  function legend(config) {
    var control = L.control({ position: "bottomright" });
    control.onAdd = function () {
      var div = L.DomUtil.create("div", "legend unit-map-legend");
      Object.keys(config.ratings).forEach(function (rating) {
        div.innerHTML += "<div><i style='background:" + colour(rating) + "'></i>" + escapeHtml(config.ratings[rating]) + "</div>";
      });
      div.innerHTML += "<div><i class='expiring'></i>" + escapeHtml(config.text.expiring) + "</div>";
      return div;
    };
    return control;
  }

  /* The register's map: the units of the visible area with the list's filters (already in
     config.geojson's query), asked again when the map moves. */
  function registerMap(elementId, statusId, config) {
    var map = baseMap(elementId, config);
    var status = document.getElementById(statusId);
    var lines = L.layerGroup().addTo(map);
    var points = L.geoJSON(null, {
      pointToLayer: function (feature, latlng) { return marker(latlng, feature.properties); },
      onEachFeature: function (feature, layer) {
        layer.bindPopup(popup(feature.properties, config));
        if (feature.properties.frontage) {
          L.geoJSON(feature.properties.frontage, {
            style: { color: colour(feature.properties.rating), weight: 6, opacity: 0.8 }
          }).bindPopup(popup(feature.properties, config)).addTo(lines);
        }
      }
    }).addTo(map);
    var pending = null;
    var fitted = false;

    function refresh() {
      if (pending) { pending.abort(); }
      pending = new AbortController();
      var bounds = map.getBounds();
      var params = new URLSearchParams();
      params.set("bbox", [
        Math.max(-180, bounds.getWest()), Math.max(-90, bounds.getSouth()),
        Math.min(180, bounds.getEast()), Math.min(90, bounds.getNorth())
      ].join(","));
      params.set("zoom", Math.round(map.getZoom()));
      var url = config.geojson + (config.geojson.indexOf("?") >= 0 ? "&" : "?") + params.toString();
      status.textContent = config.text.loading;
      fetch(url, { signal: pending.signal, credentials: "same-origin" })
        .then(function (response) {
          if (!response.ok) { throw new Error(response.status); }
          return response.json();
        })
        .then(function (data) {
          points.clearLayers();
          lines.clearLayers();
          points.addData(data);
          var count = data.features.length;
          status.textContent = format(data.truncated ? config.text.truncated : config.text.count, { count: count });
          map.getContainer().setAttribute("data-units", String(count));
        })
        .catch(function (error) {
          if (error.name !== "AbortError") { status.textContent = config.text.error; }
        });
    }

    legend(config).addTo(map);
    map.on("moveend", refresh);
    refresh();
    return map;
  }

  /* A unit's page: its point and its frontage. */
  function unitMap(elementId, location, frontage, rating, config) {
    var map = baseMap(elementId, config);
    var group = L.featureGroup().addTo(map);
    if (frontage) {
      L.geoJSON(frontage, { style: { color: colour(rating), weight: 6, opacity: 0.85 } }).addTo(group);
    }
    if (location) {
      L.geoJSON(location, { pointToLayer: function (feature, latlng) { return marker(latlng, { rating: rating }); } }).addTo(group);
    }
    var bounds = group.getBounds();
    if (bounds.isValid()) { map.fitBounds(bounds, { maxZoom: 18, padding: [30, 30], animate: false }); }
    return map;
  }

  window.ShouweiUnits = { registerMap: registerMap, unitMap: unitMap };
})();
