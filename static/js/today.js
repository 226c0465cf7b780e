/* Today: "Nearest first" asks the phone where it is and reloads the list with the position
 * in the address (near=latitude,longitude, to 4 decimals: ~10 m). The server orders each
 * day's stops by distance from it and stores it nowhere. Without a position (no
 * geolocation, refused, timed out), the list stays in road order.
 */
(function () {
  "use strict";

  var button = document.getElementById("sort-near");
  var status = document.getElementById("sort-status");
  if (!button || !("geolocation" in navigator)) { return; }
  button.hidden = false;

  function say(text) {
    if (status) { status.textContent = text; }
  }

  button.addEventListener("click", function () {
    button.disabled = true;
    say(button.getAttribute("data-asking"));
    navigator.geolocation.getCurrentPosition(function (position) {
      var url = new URL(window.location.href);
      url.searchParams.set("near", position.coords.latitude.toFixed(4) + "," + position.coords.longitude.toFixed(4));
      url.searchParams.delete("page");
      window.location.assign(url.toString());
    }, function () {
      button.disabled = false;
      say(button.getAttribute("data-refused"));
    }, { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 });
  });
})();
