'use client'

import { useEffect, useRef } from 'react'

const QUESTION = 'You have unsaved changes to the milestones. Leave without saving?'
/** Marks the extra history entry that catches the browser's Back button. */
const GUARD = 'trancheLeaveGuard'

const isGuardEntry = () => (window.history.state as Record<string, unknown> | null)?.[GUARD] === true

/**
 * While `dirty`, asks before the page goes away: the browser's own prompt on reload, close and
 * typed URLs (beforeunload), a confirm on in-app links, caught in the capture phase before Next's
 * Link navigates, and a confirm on the Back button: an extra history entry for this same page is
 * pushed, so Back first lands here and can be undone. `release()` lets the page navigate itself
 * after a successful save.
 */
export function useLeaveGuard(dirty: boolean) {
  const released = useRef(false)
  useEffect(() => {
    if (!dirty) {
      // Saved (or undone): drop the Back-button entry, so Back leaves at once again.
      if (isGuardEntry()) window.history.back()
      return
    }
    released.current = false
    if (!isGuardEntry()) window.history.pushState({ [GUARD]: true }, '')
    function onBeforeUnload(event: BeforeUnloadEvent) {
      if (released.current) return
      event.preventDefault()
      event.returnValue = ''
    }
    function onClick(event: MouseEvent) {
      if (released.current || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return
      const anchor = (event.target as Element | null)?.closest?.('a[href]') as HTMLAnchorElement | null
      if (!anchor || anchor.target === '_blank' || anchor.hasAttribute('download')) return
      const url = new URL(anchor.href, window.location.href)
      if (url.pathname === window.location.pathname && url.search === window.location.search) return
      if (!window.confirm(QUESTION)) {
        event.preventDefault()
        event.stopPropagation()
      }
    }
    function onPopState() {
      // Back has left the guard entry for this same page.
      if (released.current || isGuardEntry()) return
      if (window.confirm(QUESTION)) {
        released.current = true
        window.history.back()
      } else {
        window.history.pushState({ [GUARD]: true }, '')
      }
    }
    window.addEventListener('beforeunload', onBeforeUnload)
    document.addEventListener('click', onClick, true)
    window.addEventListener('popstate', onPopState)
    return () => {
      window.removeEventListener('beforeunload', onBeforeUnload)
      document.removeEventListener('click', onClick, true)
      window.removeEventListener('popstate', onPopState)
    }
  }, [dirty])
  return {
    release() {
      released.current = true
    },
    /** Asks the same question for a leave the page makes itself (a Cancel button); true to leave. */
    confirmLeave(): boolean {
      return window.confirm(QUESTION)
    },
  }
}
