// First sign-in: read the device's IANA zone and offer it (the page cannot run inline script).
const banner = document.getElementById("zone-proposal");
let zone = "";
try {
  zone = Intl.DateTimeFormat().resolvedOptions().timeZone || "";
} catch (_) {
  zone = "";
}
if (banner && zone) {
  const readable = zone.replaceAll("_", " ");
  document.getElementById("zone-proposal-value").value = zone;
  if (zone === banner.dataset.currentZone) {
    // Nothing to choose between: one tap confirms it and the banner stops appearing.
    document.getElementById("zone-proposal-text").textContent =
      `Times show in ${readable}, as on your device.`;
    document.getElementById("zone-proposal-accept").textContent = "OK";
    document.getElementById("zone-proposal-keep").remove();
  } else {
    document.getElementById("zone-proposal-name").textContent = readable;
  }
  banner.hidden = false;
}
