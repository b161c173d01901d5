/** A refused request's message, announced to screen readers as it appears. */
export function ErrorMessage({ message, className = '' }: { message: string | null | undefined; className?: string }) {
  return (
    <p role="alert" className={message ? `rounded-md bg-red-50 px-3 py-2 text-sm text-red-800 ring-1 ring-inset ring-red-200 ${className}` : 'sr-only'}>
      {message ?? ''}
    </p>
  )
}
