const UNITS: readonly [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
];

/**
 * "just now", "5 minutes ago", "2 hours ago", "yesterday" — via Intl.RelativeTimeFormat so
 * other locales get their own words. Anything under a minute is "just now" (English) or the
 * locale's "now".
 */
export function relativeTime(thenMs: number, nowMs: number, locale?: string): string {
  const rtf = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  const diffSeconds = Math.round((thenMs - nowMs) / 1000);
  const abs = Math.abs(diffSeconds);
  if (abs < 60) {
    return rtf.resolvedOptions().locale.startsWith('en') ? 'just now' : rtf.format(0, 'second');
  }
  for (const [unit, size] of UNITS) {
    if (abs >= size) return rtf.format(Math.trunc(diffSeconds / size), unit);
  }
  return rtf.format(0, 'second');
}
