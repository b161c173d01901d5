import Link from 'next/link'

export default function HomePage() {
  return (
    <main className="mx-auto max-w-2xl px-6 py-16">
      <h1 className="text-3xl font-semibold">Tranche</h1>
      <p className="mt-3 text-slate-600">
        Split a fixed-rate job into milestones, fund them one at a time into escrow, and release each payment when
        the work is approved.
      </p>
      <Link href="/contracts" className="mt-8 inline-block rounded-md bg-slate-900 px-4 py-2 text-white hover:bg-slate-700">
        Go to your contracts
      </Link>
    </main>
  )
}
