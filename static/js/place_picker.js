/* The register form's place: a point tapped on the map, or the phone's position, written
   into the latitude and longitude fields (which work without script too). */
(function () {
  "use strict";

  function picker(mapId, latId, lonId, buttonId, statusId, config) {
    var lat = document.getElementById(latId);
    var lon = document.getElementById(lonId);
    var button = document.getElementById(buttonId);
    var status = document.getElementById(statusId);
    var map = L.map(mapId, { minZoom: config.minZoom || 3 }).setView(config.center, config.zoom);
    L.tileLayer(config.tiles, { attribution: config.attribution, maxZoom: 19 }).addTo(map);
    var marker = null;

    function place(latlng, pan) {
      if (marker) { marker.setLatLng(latlng); } else {
        marker = L.circleMarker(latlng, { radius: 10, color: "#fff", weight: 3, fillColor: "#dc2626", fillOpacity: 0.95 }).addTo(map);
      }
      if (pan) { map.setView(latlng, Math.max(map.getZoom(), 17), { animate: false }); }
    }

    function fromFields() {
      var a = parseFloat(lat.value), b = parseFloat(lon.value);
      if (!isNaN(a) && !isNaN(b)) { place([a, b], true); }
    }

    // The party services.suggest_party names for the place (editable when dispatching).
    var suggestion = document.getElementById("suggested-party");
    var code = document.getElementById("id_asset_code");
    var pending = null;
    function suggest() {
      if (!suggestion) { return; }
      if (pending) { pending.abort(); }
      pending = new AbortController();
      var params = new URLSearchParams({ lat: lat.value, lon: lon.value, asset_code: code ? code.value : "" });
      fetch(suggestion.dataset.url + "?" + params.toString(), { signal: pending.signal, credentials: "same-origin" })
        .then(function (response) { return response.json(); })
        .then(function (data) {
          suggestion.textContent = data.party ? suggestion.dataset.text.replace("%(party)s", data.party) : "";
        })
        .catch(function () {});
    }

    map.on("click", function (event) {
      lat.value = event.latlng.lat.toFixed(6);
      lon.value = event.latlng.lng.toFixed(6);
      place(event.latlng, false);
      suggest();
    });
    lat.addEventListener("change", function () { fromFields(); suggest(); });
    lon.addEventListener("change", function () { fromFields(); suggest(); });
    if (code) { code.addEventListener("change", suggest); }
    fromFields();
    if (lat.value || (code && code.value)) { suggest(); }

    if (navigator.geolocation) {
      button.hidden = false;
      button.addEventListener("click", function () {
        navigator.geolocation.getCurrentPosition(function (position) {
          lat.value = position.coords.latitude.toFixed(6);
          lon.value = position.coords.longitude.toFixed(6);
          status.textContent = "";
          place([position.coords.latitude, position.coords.longitude], true);
          suggest();
        }, function () { status.textContent = status.dataset.error; }, { enableHighAccuracy: true, timeout: 10000 });
      });
    }
    return map;
  }

  window.ShouweiPlace = { picker: picker };
})();
