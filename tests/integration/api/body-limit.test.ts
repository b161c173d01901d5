import { describe, expect, it, vi } from 'vitest'
import * as milestones from '@/app/api/contracts/[id]/milestones/route'
import { APP_ORIGIN, createApiScenario, stateOf } from './harness'
import { signInAs } from './session-mock'

vi.mock('@/server/auth/session', () => import('./session-mock'))

// The API reads request bodies with a 4 MB cap while they stream: a larger body is refused
// (422 VALIDATION_FAILED naming the cap) without being read to the end, parsed, or changing anything.

const CAP = 4 * 1024 * 1024

describe('request body cap', () => {
  it('cuts a chunked body off just past 4 MB and answers 422 VALIDATION_FAILED', async () => {
    const s = await createApiScenario()
    const before = await stateOf(s.id, [s.client.userId, s.expert.userId])
    let pulled = 0
    const chunk = new TextEncoder().encode(' '.repeat(64 * 1024))
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++
        controller.enqueue(chunk)
      },
    })
    const request = new Request(`${APP_ORIGIN}/api/contracts/${s.id}/milestones`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', origin: APP_ORIGIN },
      body: endless,
      duplex: 'half',
    } as RequestInit)
    signInAs(s.client)
    const response = await milestones.PUT!(request, { params: Promise.resolve({ id: s.id }) })
    signInAs(null)
    expect(response.status).toBe(422)
    expect(await response.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED', message: 'The request body is too large: at most 4 MB is accepted.' } })
    expect(pulled * chunk.byteLength).toBeLessThan(CAP + 4 * chunk.byteLength)
    expect(await stateOf(s.id, [s.client.userId, s.expert.userId])).toEqual(before)
  })

  it('refuses a declared Content-Length over the cap before reading anything', async () => {
    const s = await createApiScenario()
    const request = new Request(`${APP_ORIGIN}/api/contracts/${s.id}/milestones`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', origin: APP_ORIGIN, 'content-length': String(CAP + 1) },
      body: '{}',
    })
    signInAs(s.client)
    const response = await milestones.PUT!(request, { params: Promise.resolve({ id: s.id }) })
    signInAs(null)
    expect(response.status).toBe(422)
  })
})
