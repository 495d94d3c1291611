/**
 * `config.json`, served next to the dashboard's index.html and read by the page at start (never baked
 * into the build). The shape is the dashboard's runtime contract; the stack writes the Cognito variant.
 */
export type DashboardConfig = {
  /** Base URL of the HTTP API; on AWS the dashboard's own origin + `/api`, so calls are same-origin. */
  readonly apiUrl: string;
  readonly stage?: string;
  readonly auth:
    | { readonly mode: 'local'; readonly tokenUrl: string }
    | {
        readonly mode: 'cognito';
        /** Hosted UI base URL, `https://<prefix>.auth.<region>.amazoncognito.com` (no trailing slash). */
        readonly domain: string;
        readonly clientId: string;
        readonly region: string;
        /** The page to come back to after sign-in (one of the app client's callback URLs). */
        readonly redirectUri: string;
      };
};
