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

    map.on("click", function (event) {
      lat.value = event.latlng.lat.toFixed(6);
      lon.value = event.latlng.lng.toFixed(6);
      place(event.latlng, false);
    });
    lat.addEventListener("change", fromFields);
    lon.addEventListener("change", fromFields);
    fromFields();

    if (navigator.geolocation) {
      button.hidden = false;
      button.addEventListener("click", function () {
        navigator.geolocation.getCurrentPosition(function (position) {
          lat.value = position.coords.latitude.toFixed(6);
          lon.value = position.coords.longitude.toFixed(6);
          status.textContent = "";
          place([position.coords.latitude, position.coords.longitude], true);
        }, function () { status.textContent = status.dataset.error; }, { enableHighAccuracy: true, timeout: 10000 });
      });
    }
    return map;
  }

  window.ShouweiPlace = { picker: picker };
})();
