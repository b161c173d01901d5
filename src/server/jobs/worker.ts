import 'server-only'
import pg from 'pg'
import { now as clockNow } from '../clock'
import type { Db } from '../db/client'
import { prismaSql } from '../db/sql'
import { getEnv } from '../env'
import { JOB_HANDLERS } from './handlers'
import { JOB_CHANNEL } from './queue'
import { DEFAULT_BATCH_SIZE, runDueJobs, type JobFilter, type JobHandlers } from './run-jobs'

export type RunningWorker = {
  stop: () => Promise<void>
  wake: () => void
  /** Settles once the worker listens for NOTIFY (a job added before then waits for the poll). */
  listening: Promise<void>
}
const globalForWorker = globalThis as unknown as { trancheJobWorker?: RunningWorker }

/**
 * Runs the job worker in this process (docs/decisions/007): a run at start catches up at once on
 * everything that fell due while no worker ran; afterwards a NOTIFY on JOB_CHANNEL (a committed
 * job, a moved demo clock) wakes it, and a short poll catches timers that simply came due and a
 * lost LISTEN connection. Each run drains full batches. One per process, also across dev hot
 * reloads; several processes are fine (SKIP LOCKED).
 */
export function startJobWorker(options: {
  db: Db
  intervalMs?: number
  /** Only these jobs: a test's worker on a database other tests share must leave theirs alone. */
  only?: JobFilter
}): RunningWorker {
  if (globalForWorker.trancheJobWorker) return globalForWorker.trancheJobWorker
  const env = getEnv()
  const { db } = options
  const intervalMs = options.intervalMs ?? 2_000
  const handlers: JobHandlers = {}
  const closers: (() => void)[] = []
  for (const [kind, setup] of Object.entries(JOB_HANDLERS) as [keyof typeof JOB_HANDLERS, (typeof JOB_HANDLERS)[keyof typeof JOB_HANDLERS]][]) {
    const made = setup(env)
    if (!made) continue
    handlers[kind] = made.handler
    if (made.close) closers.push(made.close)
  }

  let stopped = false
  let timer: ReturnType<typeof setTimeout> | undefined
  let running: Promise<void> | null = null
  let again = false

  const drain = async () => {
    try {
      let report
      do {
        report = await runDueJobs({ db, handlers, now: await clockNow(prismaSql(db)), batchSize: DEFAULT_BATCH_SIZE, only: options.only })
      } while (!stopped && report.claimed === DEFAULT_BATCH_SIZE)
    } catch (error) {
      // A database hiccup: the jobs are still there, the next run tries again.
      console.error('[jobs] worker run failed:', error)
    }
  }
  const wake = () => {
    if (stopped) return
    if (running) {
      again = true
      return
    }
    clearTimeout(timer)
    running = drain().finally(() => {
      running = null
      if (stopped) return
      if (again) {
        again = false
        wake()
      } else timer = setTimeout(wake, intervalMs)
    })
  }

  const listener = listen(env.DATABASE_URL, wake, () => stopped)
  wake()

  const worker: RunningWorker = {
    wake,
    listening: listener.listening,
    stop: async () => {
      stopped = true
      clearTimeout(timer)
      await running
      await listener.close()
      for (const close of closers) close()
      globalForWorker.trancheJobWorker = undefined
    },
  }
  globalForWorker.trancheJobWorker = worker
  return worker
}

/** LISTEN on its own connection; reconnects after a few seconds when it drops (the poll covers the gap). */
function listen(connectionString: string, onNotify: () => void, isStopped: () => boolean): { close: () => Promise<void>; listening: Promise<void> } {
  let client: pg.Client | null = null
  let listened = () => {}
  const listening = new Promise<void>((resolve) => (listened = resolve))
  let retry: ReturnType<typeof setTimeout> | undefined
  const connect = () => {
    if (isStopped()) return
    const next = new pg.Client({ connectionString })
    client = next
    const reconnect = () => {
      if (client !== next) return
      client = null
      next.end().catch(() => {})
      if (!isStopped()) retry = setTimeout(connect, 5_000)
    }
    next.on('notification', onNotify)
    next.on('error', reconnect)
    next.on('end', reconnect)
    next
      .connect()
      .then(() => next.query(`LISTEN ${JOB_CHANNEL}`))
      .then(() => listened())
      .catch(reconnect)
  }
  connect()
  return {
    listening,
    close: async () => {
      clearTimeout(retry)
      const current = client
      client = null
      await current?.end().catch(() => {})
    },
  }
}
