'use client'

import { lazy, Suspense, type ComponentType } from 'react'

/*
 * The workspace's forms and rare states, each fetched the first time it shows (issue 18: the
 * page's first-load JavaScript ≤ 150 KB gzip). A form opened by a button mounts once its code has
 * arrived, and takes focus the way it always did. A state present when the page renders (a closed
 * contract's reviews, a dispute) is server-rendered as before; its code arrives after the page's,
 * and that part hydrates then. React.lazy rather than next/dynamic: the same thing here, without
 * next/dynamic's ~3 KB gzip of runtime on the page.
 */
function onDemand<P extends object>(load: () => Promise<ComponentType<P>>): ComponentType<P> {
  const Loaded = lazy(async () => ({ default: await load() }))
  function OnDemand(props: P) {
    // Its own boundary: while the code loads, only this spot is empty, never the whole page.
    return (
      <Suspense fallback={null}>
        <Loaded {...props} />
      </Suspense>
    )
  }
  return OnDemand
}

export const FundPanel = onDemand(() => import('./fund-panel').then((m) => m.FundPanel))
export const ReleasePanel = onDemand(() => import('./release-panel').then((m) => m.ReleasePanel))
export const SubmitPanel = onDemand(() => import('./submit-panel').then((m) => m.SubmitPanel))
export const RequestChangesForm = onDemand(() => import('./milestone-forms').then((m) => m.RequestChangesForm))
export const ExtendReviewForm = onDemand(() => import('./milestone-forms').then((m) => m.ExtendReviewForm))
export const AskForMoreTimeForm = onDemand(() => import('./milestone-forms').then((m) => m.AskForMoreTimeForm))
export const CloseForm = onDemand(() => import('./close-form').then((m) => m.CloseForm))
export const OfferForm = onDemand(() => import('../_components/offer-form').then((m) => m.OfferForm))
export const OpenDispute = onDemand(() => import('./dispute-thread').then((m) => m.OpenDispute))
export const SettledDispute = onDemand(() => import('./dispute-thread').then((m) => m.SettledDispute))
export const ReviewsSection = onDemand(() => import('./reviews-section').then((m) => m.ReviewsSection))
