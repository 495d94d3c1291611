/**
 * CloudFront Functions (cloudfront-js-2.0) of the dashboard's distribution, kept as source text so the
 * tests can run the very code CloudFront runs.
 */

/**
 * Client-side routes of the single-page app get index.html. A path whose last segment has no dot is a
 * route (`/athletes/jane`); anything with an extension is a file and goes to S3 as asked, so a missing
 * asset stays a 403/404 instead of turning into HTML. A rewrite rather than a distribution-wide error
 * response, which would also rewrite the API's own 403 and 404 answers.
 */
export const spaRewriteSource = `function handler(event) {
  var request = event.request;
  var uri = request.uri;
  var last = uri.substring(uri.lastIndexOf('/') + 1);
  if (last.indexOf('.') === -1) {
    request.uri = '/index.html';
  }
  return request;
}`;

/** The dashboard calls the API at `/api/...`; the HTTP API's routes start at `/teams/...`. */
export const apiPrefix = '/api';
export const stripApiPrefixSource = `function handler(event) {
  var request = event.request;
  if (request.uri.indexOf('${apiPrefix}/') === 0) {
    request.uri = request.uri.substring(${apiPrefix.length});
  } else if (request.uri === '${apiPrefix}') {
    request.uri = '/';
  }
  return request;
}`;
