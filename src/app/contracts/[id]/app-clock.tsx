'use client'

import { createContext, useContext, useEffect, useState, type ReactNode } from 'react'

/**
 * The application clock in the browser (decision 009): the wall clock plus the offset the server
 * read when it rendered the page (non-zero only in a demo whose clock was moved forward), so a
 * countdown agrees with what the server decides.
 */
const ClockOffset = createContext(0)

export function AppClockProvider({ offsetMs, children }: { offsetMs: number; children: ReactNode }) {
  return <ClockOffset.Provider value={offsetMs}>{children}</ClockOffset.Provider>
}

/** The application's now, refreshed every 30 seconds; null until the page runs in the browser. */
export function useAppNow(): number | null {
  const offset = useContext(ClockOffset)
  const [now, setNow] = useState<number | null>(null)
  useEffect(() => {
    const tick = () => setNow(Date.now() + offset)
    tick()
    const timer = setInterval(tick, 30_000)
    return () => clearInterval(timer)
  }, [offset])
  return now
}

/** "13 days, 4 hours", "5 hours, 12 minutes", "3 minutes": the two largest units left. */
export function formatTimeLeft(ms: number): string {
  const minutes = Math.max(0, Math.floor(ms / 60_000))
  const days = Math.floor(minutes / 1440)
  const hours = Math.floor((minutes % 1440) / 60)
  const mins = minutes % 60
  const unit = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`
  if (days > 0) return hours > 0 ? `${unit(days, 'day')}, ${unit(hours, 'hour')}` : unit(days, 'day')
  if (hours > 0) return mins > 0 ? `${unit(hours, 'hour')}, ${unit(mins, 'minute')}` : unit(hours, 'hour')
  return unit(mins, 'minute')
}
