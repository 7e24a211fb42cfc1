// A wall-clock date and time in an IANA time zone to an instant, without a time-zone library: the
// zone's offset at that moment is read back through Intl and the guess corrected (twice, so a moment
// next to a DST change lands on the offset valid after it).
function offsetMs(instant: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(instant));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/** `date` YYYY-MM-DD and `time` HH:MM as read on a clock in `timeZone`, as an ISO instant. */
export function zonedToIso(date: string, time: string, timeZone: string): string {
  const [y, m, d] = date.split('-').map(Number);
  const [hh, mm] = time.split(':').map(Number);
  const wall = Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1, hh ?? 0, mm ?? 0);
  let instant = wall - offsetMs(wall, timeZone);
  instant = wall - offsetMs(instant, timeZone);
  return new Date(instant).toISOString();
}

/** The browser's zone, and the zones to choose from (all IANA zones the browser knows). */
export function timeZones(): { here: string; all: string[] } {
  const here = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const supported = (Intl as unknown as { supportedValuesOf?: (key: string) => string[] }).supportedValuesOf?.('timeZone') ?? [];
  return { here, all: supported.includes(here) ? supported : [here, ...supported] };
}
