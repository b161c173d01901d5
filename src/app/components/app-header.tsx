import Link from 'next/link'
import { AccountMenu } from './account-menu'

/** `operator`: the reader is an operator (R21), so the bar links to the escalated disputes. */
type Props = { user: { email: string; name: string | null } | null; operator?: boolean }

/** The bar on every signed-in page: the app's name, the Contracts link and the account menu. */
export function AppHeader({ user, operator = false }: Props) {
  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-x-6 gap-y-2 px-4 py-3 sm:px-6">
        <div className="flex items-center gap-6">
          <Link
            href="/contracts"
            className="flex items-center gap-2 rounded-md text-lg font-semibold tracking-tight text-slate-900 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-600"
          >
            <span aria-hidden="true" className="grid h-7 w-7 place-items-center rounded-md bg-indigo-600 text-sm font-bold text-white">
              T
            </span>
            Tranche
          </Link>
          <nav aria-label="Main">
            <Link
              href="/contracts"
              className="rounded-md px-2 py-1 text-sm font-medium text-slate-700 hover:bg-slate-100 hover:text-slate-900 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-600"
            >
              Contracts
            </Link>
            {operator && (
              <Link
                href="/operator/disputes"
                className="rounded-md px-2 py-1 text-sm font-medium text-slate-700 hover:bg-slate-100 hover:text-slate-900 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-600"
              >
                Disputes
              </Link>
            )}
          </nav>
        </div>
        {user && <AccountMenu email={user.email} name={user.name} />}
      </div>
    </header>
  )
}
