import type { AddressInfo } from 'node:net'
import { SMTPServer } from 'smtp-server'

type ReceivedEmail = { to: string[]; raw: string }

/**
 * A real SMTP server on a free loopback port that keeps every message it receives, for tests that
 * send through nodemailer as production does. `raw` has quoted-printable soft line breaks undone,
 * so links can be searched for whole.
 */
export async function startSmtpSink() {
  const received: ReceivedEmail[] = []
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = []
      stream.on('data', (chunk: Buffer) => chunks.push(chunk))
      stream.on('end', () => {
        received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString('utf8').replace(/=\r?\n/g, '') })
        callback()
      })
    },
  })
  // A sender that goes away mid-connection (an app stopped by its test) is not a test failure.
  server.on('error', () => {})
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()))
  return {
    url: `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

/** Quoted-printable escapes undone ("=3D" → "="), for reading a URL out of a received message. */
export function decodeQuotedPrintable(text: string): string {
  return text.replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)))
}
