import type { NextConfig } from 'next'

/**
 * Headers that do not depend on the request or on the run-time environment (these are fixed at
 * build time). The pages' Content-Security-Policy (with its per-request nonce) and HSTS (only over
 * https, which only the running server knows) come from src/proxy.ts.
 */
const securityHeaders = [
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
  { key: 'X-Frame-Options', value: 'DENY' },
  { key: 'Cross-Origin-Opener-Policy', value: 'same-origin' },
  { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=(), payment=()' },
]

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // Node-only drivers, loaded from node_modules at run time rather than bundled.
  serverExternalPackages: ['pg', 'nodemailer'],
  async headers() {
    return [
      { source: '/:path*', headers: securityHeaders },
      // JSON is never rendered: nothing may load or frame it.
      { source: '/api/:path*', headers: [{ key: 'Content-Security-Policy', value: "default-src 'none'; frame-ancestors 'none'" }] },
    ]
  },
}

export default nextConfig
