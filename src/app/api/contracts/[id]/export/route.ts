import { exportContract } from '@/server/contracts/export-contract'
import { route } from '../../../route-handler'
import { contractParams, exportQuery } from '../../schemas'

/** R24: the evidence record as a download, with its SHA-256 in `Digest` so either party can show it is unchanged. */
export const GET = route({ params: contractParams, query: exportQuery }, async ({ actor, params, query }) => {
  const file = await exportContract({ actor, contractId: params.id, format: query.format })
  return new Response(file.body, {
    headers: {
      'Content-Type': file.contentType,
      'Content-Disposition': `attachment; filename="${file.filename}"`,
      Digest: file.digest,
      'Cache-Control': 'no-store',
    },
  })
})
