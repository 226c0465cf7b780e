// The public report page: offers the phone's position (optional). Without this script
// the page works the same, with the place of the QR code's asset.
(function () {
  "use strict";
  var box = document.querySelector(".public-report .position");
  if (!box || !navigator.geolocation) return;
  var button = document.getElementById("use-position");
  var state = document.getElementById("position-state");
  box.hidden = false;
  button.addEventListener("click", function () {
    navigator.geolocation.getCurrentPosition(
      function (where) {
        document.getElementById("id_lat").value = where.coords.latitude.toFixed(6);
        document.getElementById("id_lon").value = where.coords.longitude.toFixed(6);
        state.textContent = state.dataset.done;
      },
      function () {
        state.textContent = state.dataset.failed;
      },
      { enableHighAccuracy: true, timeout: 10000 }
    );
  });
})();
