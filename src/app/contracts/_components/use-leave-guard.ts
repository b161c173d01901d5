'use client'

import { useEffect, useRef } from 'react'

const QUESTION = 'You have unsaved changes to the milestones. Leave without saving?'

/**
 * While `dirty`, asks before the page goes away: the browser's own prompt on reload, close and
 * typed URLs (beforeunload), and a confirm on in-app links, caught in the capture phase before
 * Next's Link navigates. `release()` lets the page navigate itself after a successful save.
 */
export function useLeaveGuard(dirty: boolean) {
  const released = useRef(false)
  useEffect(() => {
    if (!dirty) return
    released.current = false
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
    window.addEventListener('beforeunload', onBeforeUnload)
    document.addEventListener('click', onClick, true)
    return () => {
      window.removeEventListener('beforeunload', onBeforeUnload)
      document.removeEventListener('click', onClick, true)
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
