/** Shared Tailwind class lists, so every button and field looks and focuses alike. */
const focus = 'focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-600 focus-visible:ring-offset-2'
const base = `inline-flex items-center justify-center gap-2 rounded-md px-3.5 py-2 text-sm font-medium transition-colors disabled:cursor-not-allowed disabled:opacity-60 ${focus}`

export const buttonPrimary = `${base} bg-indigo-600 text-white shadow-sm hover:bg-indigo-700`
export const buttonSecondary = `${base} border border-slate-300 bg-white text-slate-800 shadow-sm hover:bg-slate-50`
export const buttonDanger = `${base} bg-red-600 text-white shadow-sm hover:bg-red-700`
export const iconButton = `inline-grid h-9 w-9 place-items-center rounded-md text-slate-600 hover:bg-slate-100 hover:text-slate-900 disabled:opacity-40 ${focus}`

export const inputClass =
  'block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900 shadow-sm placeholder:text-slate-400 focus:border-indigo-600 focus:outline-none focus:ring-2 focus:ring-indigo-600/30 aria-[invalid=true]:border-red-500'
export const labelClass = 'block text-sm font-medium text-slate-800'
export const fieldErrorClass = 'mt-1 text-sm text-red-700'
export const cardClass = 'rounded-lg border border-slate-200 bg-white shadow-sm'
export const linkClass = 'font-medium text-indigo-700 underline-offset-2 hover:underline focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-600 rounded-sm'
