// The time zone this browser is in, for the clinic server: a patient's plan days, slot times
// and reminders are made in the zone they are in (clinic/patients.py reads it), not in the
// server's. Set again on every clinic page, so a phone that travels takes its new zone along.
const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
if (zone) {
  const secure = location.protocol === "https:" ? "; secure" : "";
  document.cookie = `backbeat_zone=${zone}; path=/; max-age=34560000; samesite=lax${secure}`;
}
