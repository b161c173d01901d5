'use client'

import { createContext, useContext, useSyncExternalStore, type ReactNode } from 'react'
import type { IsoDate } from '@/domain/types'
import { formatDay } from '../lib/format'

const LocaleContext = createContext('en-US')

/** Gives client components the reader's locale (from Accept-Language), so server and browser format alike. */
export function LocaleProvider({ locale, children }: { locale: string; children: ReactNode }) {
  return <LocaleContext.Provider value={locale}>{children}</LocaleContext.Provider>
}

export function useLocale(): string {
  return useContext(LocaleContext)
}

/** A due date in the reader's locale. */
export function Day({ day }: { day: IsoDate }) {
  const locale = useLocale()
  return <time dateTime={day}>{formatDay(day, locale)}</time>
}

const noop = () => () => {}

/**
 * An instant in the reader's locale and time zone. The server does not know the time zone, so it
 * renders UTC and the browser swaps in local time after hydration (no mismatch warning).
 */
export function Timestamp({ at }: { at: string }) {
  const locale = useLocale()
  const inBrowser = useSyncExternalStore(noop, () => true, () => false)
  const date = new Date(at)
  const text = new Intl.DateTimeFormat(locale, {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    ...(inBrowser ? {} : { timeZone: 'UTC', timeZoneName: 'short' }),
  }).format(date)
  return <time dateTime={at}>{text}</time>
}

/**
 * An instant spelled out for a deadline: weekday, date, time and the reader's time zone, in the
 * browser's local time (UTC until hydration, like Timestamp).
 */
export function LocalTime({ at }: { at: string }) {
  const locale = useLocale()
  const inBrowser = useSyncExternalStore(noop, () => true, () => false)
  const text = new Intl.DateTimeFormat(locale, {
    weekday: 'short',
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZoneName: 'short',
    ...(inBrowser ? {} : { timeZone: 'UTC' }),
  }).format(new Date(at))
  return <time dateTime={at}>{text}</time>
}
