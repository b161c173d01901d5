import { releasePayment } from '@/server/contracts/release-payment'
import { route } from '../../../../../route-handler'
import { milestoneParams, releasePaymentBody } from '../../../../schemas'

export const POST = route({ params: milestoneParams, body: releasePaymentBody }, ({ actor, params, body, idempotencyKey }) =>
  releasePayment({ actor, contractId: params.id, milestoneId: params.mid, amountCents: body.amountCents, idempotencyKey }),
)
