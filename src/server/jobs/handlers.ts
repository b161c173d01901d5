import 'server-only'
import type { JobKind } from '@/generated/prisma/client'
import type { Env } from '../env'
import { createMailTransport } from '../mail/transport'
import { emailJobHandler } from '../mail/worker'
import { webhookJobHandler } from '../webhooks/job-handler'
import { dueJobHandler } from './due-job'
import type { JobHandler } from './run-jobs'

/** A kind's handler for this process, with what it needs to close at shutdown; null: not here. */
export type HandlerSetup = { handler: JobHandler; close?: () => void } | null

/**
 * The handler registry, one entry per job kind (the compiler asks for a new kind's entry). A kind
 * whose setup is null is not claimed by this process: its jobs wait, e.g. emails while there is no
 * SMTP_URL and no dev mailbox.
 */
export const JOB_HANDLERS: Record<JobKind, (env: Env) => HandlerSetup> = {
  EMAIL: (env) => {
    const transport = createMailTransport(env)
    if (!transport) {
      console.warn('[mail] No SMTP_URL (and not a demo): emails stay queued until SMTP_URL is set.')
      return null
    }
    return { handler: emailJobHandler(transport, env.MAIL_FROM), close: () => transport.close?.() }
  },
  DUE: () => ({ handler: dueJobHandler }),
  /** R23: webhook deliveries, sent from every app process and `npm run worker`. */
  WEBHOOK: () => ({ handler: webhookJobHandler }),
}
