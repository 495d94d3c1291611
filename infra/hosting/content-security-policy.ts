/**
 * The dashboard's Content-Security-Policy. The page's own origin serves the app, its config.json and
 * (under /api) the HTTP API; the only other origins it may contact are the Cognito hosted UI (token
 * exchange, revocation) and the raw bucket (presigned upload PUTs and report GETs).
 */
export interface CspOrigins {
  /** `https://<prefix>.auth.<region>.amazoncognito.com` */
  readonly cognito: string;
  /** Every origin a presigned URL of the raw bucket can carry. */
  readonly bucket: readonly string[];
}

export function contentSecurityPolicy(origins: CspOrigins): string {
  const connect = ["'self'", origins.cognito, ...origins.bucket];
  return [
    "default-src 'self'",
    "script-src 'self'",
    // Inline style attributes: chart libraries size and position their elements with them.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src ${connect.join(' ')}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    'upgrade-insecure-requests',
  ].join('; ');
}
