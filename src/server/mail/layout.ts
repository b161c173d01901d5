import 'server-only'

/**
 * What an email says, as plain text. Every string here may contain user input (titles, names,
 * messages); `renderLayout` escapes all of it, so templates never build HTML themselves.
 */
export type EmailContent = {
  subject: string
  /** The first line after the greeting: what happened. */
  lead: string
  /** Further paragraphs. */
  paragraphs?: string[]
  /** A quoted message from the other party (a change request's message, a decline reason). */
  quote?: { label: string; text: string }
  /** A titled bullet list (the plan changes). */
  list?: { label: string; items: string[] }
  /** The one button: where the link goes and what it says. */
  action: { label: string; url: string }
}

export type RenderedEmail = { subject: string; text: string; html: string; link: string }

/** Escapes text for HTML element content and double- or single-quoted attribute values. */
export function escapeHtml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;')
}

/** A header never carries a line break (header injection); long runs of whitespace become one space. */
export function toHeaderText(value: string): string {
  return value.replace(/\s+/g, ' ').trim()
}

// Inline styles only: mail clients drop <style> blocks and external stylesheets, and we load no
// external images or fonts (privacy, and they would be blocked anyway).
const FONT = 'font-family: -apple-system, BlinkMacSystemFont, Segoe UI, Roboto, Helvetica, Arial, sans-serif'

/** Renders the HTML and plain-text parts of one email from its content. */
export function renderLayout(content: EmailContent, recipient: { name: string | null; email: string }, footer: string): RenderedEmail {
  const greeting = `Hi ${recipient.name?.trim() || recipient.email},`
  const paragraphs = content.paragraphs ?? []
  const { quote, list, action } = content

  const textParts: string[] = [greeting, content.lead]
  if (quote) textParts.push(`${quote.label}\n${quote.text.split('\n').map((line) => `> ${line}`).join('\n')}`)
  if (list && list.items.length > 0) textParts.push(`${list.label}\n${list.items.map((item) => `- ${item}`).join('\n')}`)
  textParts.push(...paragraphs)
  textParts.push(`${action.label}: ${action.url}`)
  textParts.push(`--\n${footer}`)
  const text = `${textParts.join('\n\n')}\n`

  const p = (body: string) => `<p style="margin: 0 0 16px">${body}</p>`
  const htmlParts: string[] = [p(escapeHtml(greeting)), p(escapeHtml(content.lead))]
  if (quote) {
    htmlParts.push(
      p(`<strong>${escapeHtml(quote.label)}</strong>`),
      `<blockquote style="margin: 0 0 16px; padding: 8px 12px; border-left: 4px solid #cbd5e1; color: #334155; white-space: pre-wrap">${escapeHtml(quote.text)}</blockquote>`,
    )
  }
  if (list && list.items.length > 0) {
    htmlParts.push(
      p(`<strong>${escapeHtml(list.label)}</strong>`),
      `<ul style="margin: 0 0 16px; padding-left: 20px">${list.items.map((item) => `<li style="margin: 0 0 4px">${escapeHtml(item)}</li>`).join('')}</ul>`,
    )
  }
  htmlParts.push(...paragraphs.map((paragraph) => p(escapeHtml(paragraph))))
  htmlParts.push(
    `<p style="margin: 24px 0"><a href="${escapeHtml(action.url)}" style="display: inline-block; background: #0f172a; color: #ffffff; padding: 10px 16px; border-radius: 6px; text-decoration: none; font-weight: 600">${escapeHtml(action.label)}</a></p>`,
    p(`<span style="color: #475569; font-size: 13px">Or open this link: <a href="${escapeHtml(action.url)}" style="color: #1d4ed8">${escapeHtml(action.url)}</a></span>`),
    `<hr style="border: none; border-top: 1px solid #e2e8f0; margin: 24px 0 16px">`,
    `<p style="margin: 0; color: #64748b; font-size: 13px">${escapeHtml(footer)}</p>`,
  )
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(toHeaderText(content.subject))}</title></head>
<body style="margin: 0; padding: 24px; background: #f8fafc; ${FONT}; color: #0f172a; line-height: 1.5; font-size: 15px">
<div style="max-width: 560px; margin: 0 auto; background: #ffffff; border: 1px solid #e2e8f0; border-radius: 8px; padding: 24px">
${htmlParts.join('\n')}
</div>
</body></html>`

  return { subject: toHeaderText(content.subject), text, html, link: action.url }
}
