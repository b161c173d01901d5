import type { IsoDate } from '@/domain/types'

/**
 * A calendar day ("YYYY-MM-DD") in the reader's locale. Due dates are days, not instants, so
 * they are formatted in UTC: the day never shifts with the reader's time zone.
 */
export function formatDay(day: IsoDate, locale: string): string {
  const date = new Date(`${day}T00:00:00.000Z`)
  if (Number.isNaN(date.getTime())) return day
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(date)
}

/** The first supported locale of an Accept-Language header, else en-US. */
export function pickLocale(acceptLanguage: string | null): string {
  const tags = (acceptLanguage ?? '')
    .split(',')
    .map((part) => part.split(';')[0]?.trim() ?? '')
    .filter((tag) => tag !== '' && tag !== '*')
  for (const tag of tags) {
    try {
      const [supported] = Intl.DateTimeFormat.supportedLocalesOf(tag)
      if (supported) return supported
    } catch {
      // A malformed tag: try the next one.
    }
  }
  return 'en-US'
}
