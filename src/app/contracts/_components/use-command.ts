'use client'

import { useCallback, useRef, useState } from 'react'
import { callApi, type ApiError } from '../../lib/api-client'
import type { ContractView } from './types'

type Request = { method?: 'POST' | 'PUT'; body?: unknown; idempotencyKey?: string }

/**
 * Runs one contract command through the API. While it runs, `pending` is true and a second call
 * is ignored (a double click sends one request). Every command answers with the whole contract,
 * handed to `onDone`; a refusal leaves its readable message in `error`.
 */
export function useCommand(onDone: (contract: ContractView) => void) {
  const [pending, setPending] = useState(false)
  const [error, setError] = useState<ApiError | null>(null)
  const inFlight = useRef(false)

  const run = useCallback(
    async (path: string, request: Request = {}): Promise<ContractView | null> => {
      if (inFlight.current) return null
      inFlight.current = true
      setPending(true)
      setError(null)
      const result = await callApi<ContractView>(path, { method: request.method ?? 'POST', body: request.body ?? {}, idempotencyKey: request.idempotencyKey })
      inFlight.current = false
      setPending(false)
      if (result.ok) {
        onDone(result.data)
        return result.data
      }
      setError(result.error)
      return null
    },
    [onDone],
  )

  return { pending, error, setError, run }
}
