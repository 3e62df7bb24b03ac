/**
 * Times on a terminal, in the zone a person chose (`--tz`, PULSE_TIMEZONE) with the zone's own
 * abbreviation, so a time is never read in the wrong zone. Pure: the zone is passed in, never read
 * from the machine here.
 */

declare const zoneBrand: unique symbol;
/** An IANA zone the runtime knows ("UTC", "Europe/Berlin"): only {@link timeZoneNamed} makes one. */
export type TimeZone = string & { readonly [zoneBrand]: true };

export const UTC = 'UTC' as TimeZone;

/** The zone a name gives, as the runtime spells it; null when the runtime knows no such zone. */
export function timeZoneNamed(name: string): TimeZone | null {
  const trimmed = name.trim();
  if (trimmed === '') return null;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: trimmed }).resolvedOptions().timeZone as TimeZone;
  } catch {
    return null;
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(key: string, make: () => Intl.DateTimeFormat): Intl.DateTimeFormat {
  let found = formatters.get(key);
  if (!found) formatters.set(key, (found = make()));
  return found;
}

function part(parts: Intl.DateTimeFormatPart[], type: Intl.DateTimeFormatPartTypes): string {
  return parts.find((p) => p.type === type)?.value ?? '';
}

/** The calendar day ("2026-06-15") and time of day ("09:05") of an instant in a zone. */
export function zonedParts(ms: number, zone: TimeZone): { day: string; time: string } {
  const parts = formatter(`parts ${zone}`, () =>
    new Intl.DateTimeFormat('en-US', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }),
  ).formatToParts(ms);
  return { day: `${part(parts, 'year')}-${part(parts, 'month')}-${part(parts, 'day')}`, time: `${part(parts, 'hour')}:${part(parts, 'minute')}` };
}

// Locales whose short zone names cover most zones people work in: EST and PST, GMT and BST, CET and CEST, IST, AEST.
const NAMING_LOCALES = ['en-US', 'en-GB', 'en-IN', 'en-AU'];

/**
 * The zone's abbreviation at that instant ("CET" in winter, "CEST" in summer); where no locale
 * has a name for it, its offset from UTC ("UTC+9", "UTC+5:30").
 */
export function zoneAbbreviation(ms: number, zone: TimeZone): string {
  if (zone === UTC || zone === 'Etc/UTC') return 'UTC';
  for (const locale of NAMING_LOCALES) {
    const name = part(formatter(`name ${locale} ${zone}`, () => new Intl.DateTimeFormat(locale, { timeZone: zone, timeZoneName: 'short' })).formatToParts(ms), 'timeZoneName');
    if (/^[A-Z]{2,5}$/.test(name)) return name;
  }
  const offset = part(formatter(`offset ${zone}`, () => new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'shortOffset' })).formatToParts(ms), 'timeZoneName');
  return offset === 'GMT' ? 'UTC' : offset.replace(/^GMT/, 'UTC');
}
