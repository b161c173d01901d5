import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020'
import addFormats from 'ajv-formats'

/**
 * Checks live responses against an OpenAPI 3.1 document: the operation is documented, the status
 * is one of its responses, the media type one of that response's, the body matches its schema and
 * every required response header is there and matches. The document must describe what the API
 * really answers; this is how the tests hold it to that.
 *
 * It knows nothing about how a response was obtained, so the in-process harness (harness.ts) and
 * black-box suites over HTTP can both feed it.
 */

/** One request and what came back, as much of it as the check needs. */
export type Exchange = { method: string; path: string; status: number; headers: Headers; text: string }

type MediaType = { schema?: unknown }
type HeaderObject = { required?: boolean; schema?: unknown }
type ResponseObject = { content?: Record<string, MediaType>; headers?: Record<string, HeaderObject> }
type Operation = { responses?: Record<string, ResponseObject> }
type Document = { paths?: Record<string, Record<string, Operation>>; components?: unknown }

export type OpenApiContract = {
  /** What is wrong with the exchange, one line each; empty when the document describes it. */
  check: (exchange: Exchange) => string[]
}

/** `/api/contracts/{id}` as a regular expression over concrete paths; literal paths win over templated ones. */
function pathMatchers(document: Document) {
  return Object.keys(document.paths ?? {})
    .map((template) => {
      const source = template
        .split('/')
        .map((part) => (/^\{\w+\}$/.test(part) ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
        .join('/')
      return { template, pattern: new RegExp(`^${source}$`), params: (template.match(/\{/g) ?? []).length }
    })
    .sort((a, b) => a.params - b.params)
}

export function createOpenApiContract(document: Record<string, unknown>): OpenApiContract {
  const doc = document as Document
  // Draft 2020-12 is the dialect the document declares (jsonSchemaDialect). Strict, so a keyword
  // ajv does not know fails loudly; `components` is declared only so that every compiled schema
  // can carry the document's components and resolve `#/components/schemas/...` in place.
  const ajv = new Ajv2020({ allErrors: true, strictTypes: false })
  addFormats(ajv)
  ajv.addKeyword('components')
  const compiled = new Map<string, ValidateFunction>()
  const validatorFor = (key: string, schema: unknown): ValidateFunction => {
    let validate = compiled.get(key)
    if (!validate) {
      validate = ajv.compile({ ...(schema as object), components: doc.components })
      compiled.set(key, validate)
    }
    return validate
  }
  const matchers = pathMatchers(doc)

  function check({ method, path, status, headers, text }: Exchange): string[] {
    const bare = path.split('?')[0]!
    const where = `${method} ${bare} → ${status}`
    const template = matchers.find((m) => m.pattern.test(bare))?.template
    const operation = template ? doc.paths![template]![method.toLowerCase()] : undefined
    if (!template || !operation) return [`${where}: no such operation in the document`]
    const response = operation.responses?.[String(status)]
    if (!response) return [`${where}: status ${status} is not documented for ${method} ${template}`]

    const problems: string[] = []
    const contentType = (headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase()
    if (text !== '' || response.content) {
      const media = response.content?.[contentType]
      if (!media) {
        problems.push(`${where}: media type "${contentType}" is not documented (documented: ${Object.keys(response.content ?? {}).join(', ') || 'none'})`)
      } else if (media.schema !== undefined) {
        let body: unknown = text
        if (/[/+]json$/.test(contentType)) {
          try {
            body = JSON.parse(text)
          } catch {
            return [...problems, `${where}: the body is not JSON`]
          }
        }
        const validate = validatorFor(`${template} ${method} ${status} ${contentType}`, media.schema)
        if (!validate(body)) problems.push(`${where}: body does not match the schema: ${ajv.errorsText(validate.errors, { dataVar: 'body' })}`)
      }
    }
    for (const [name, header] of Object.entries(response.headers ?? {})) {
      const value = headers.get(name)
      if (value === null) {
        if (header.required) problems.push(`${where}: required header ${name} is missing`)
        continue
      }
      if (header.schema === undefined) continue
      const validate = validatorFor(`${template} ${method} ${status} header ${name}`, header.schema)
      if (!validate(value)) problems.push(`${where}: header ${name} does not match its schema: ${ajv.errorsText(validate.errors, { dataVar: name })}`)
    }
    return problems
  }

  return { check }
}
