const URL_PATTERN = /(https?:\/\/[^\s<>"']+)/g

/** Plain text with its http(s) URLs as links, so the text part's links work here too. */
export function LinkifiedText({ text }: { text: string }) {
  const parts = text.split(URL_PATTERN)
  return (
    <>
      {parts.map((part, index) =>
        // split() with a capture group puts the matches at the odd indexes.
        index % 2 === 1 ? (
          <a key={index} href={part} className="text-blue-700 underline hover:text-blue-900">
            {part}
          </a>
        ) : (
          part
        ),
      )}
    </>
  )
}
