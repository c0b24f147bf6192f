// Reads an iCalendar file with Mozilla's ical.js (Thunderbird's parser) and prints each event's
// UID and UTC start as JSON. Times are placed by the file's own VTIMEZONEs: ical.js knows no zone
// but UTC, and an event whose TZID it cannot resolve is an error, not a floating time.
"use strict";
const fs = require("fs");
const ICAL = require("ical.js");

const calendar = new ICAL.Component(ICAL.parse(fs.readFileSync(process.argv[2], "utf8")));
for (const vtimezone of calendar.getAllSubcomponents("vtimezone")) {
  ICAL.TimezoneService.register(new ICAL.Timezone(vtimezone));
}
const starts = calendar.getAllSubcomponents("vevent").map((vevent) => {
  const event = new ICAL.Event(vevent);
  const start = event.startDate;
  const tzid = vevent.getFirstProperty("dtstart").getParameter("tzid");
  if (tzid && start.zone.tzid !== tzid) {
    throw new Error(`${event.uid}: zone ${tzid} not resolved (got ${start.zone.tzid})`);
  }
  if (!tzid && start.zone !== ICAL.Timezone.utcTimezone) {
    throw new Error(`${event.uid}: a floating time`);
  }
  return [event.uid, new Date(start.toUnixTime() * 1000).toISOString()];
});
process.stdout.write(JSON.stringify(starts));
