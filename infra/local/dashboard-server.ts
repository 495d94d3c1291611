/**
 * The dashboard under `npm start`: a static server on loopback for the built page (dashboard/dist), its runtime
 * config.json, and `/local-token`, which hands the page the dev token of the demo team so it opens signed in.
 * That hand-out exists only here, on 127.0.0.1, for requests from the page's own origin; on AWS the page signs
 * in with Cognito. The build is made (or remade, when the sources are newer) in the background on start.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, resolve, sep } from 'node:path';
import { PutBucketCorsCommand, type S3Client } from '@aws-sdk/client-s3';

const repoRoot = resolve(import.meta.dirname, '../..');
export const defaultDistDir = join(repoRoot, 'dashboard/dist');
/** What the build is made from: a change to any of these makes the build stale. */
const SOURCES = ['dashboard/src', 'dashboard/index.html', 'dashboard/vite.config.ts', 'shared/charts', 'shared/model/risk.ts', 'shared/output/csv-cells.ts'];

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.map': 'application/json; charset=utf-8',
};

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  return Math.max(s.mtimeMs, ...readdirSync(path).map((name) => newestMtime(join(path, name))));
}

export function buildIsStale(distDir: string): boolean {
  const index = join(distDir, 'index.html');
  if (!existsSync(index)) return true;
  return Math.max(...SOURCES.map((p) => newestMtime(join(repoRoot, p)))) > statSync(index).mtimeMs;
}

/** Runs `vite build` into a fresh folder, then swaps it in (a page being served never sees half a build). */
export function buildDashboard(distDir: string, log: (line: string) => void = () => undefined): Promise<void> {
  const tmp = `${distDir}.building-${process.pid}-${Date.now()}`;
  const vite = join(repoRoot, 'node_modules/vite/bin/vite.js');
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [vite, 'build', '--config', join(repoRoot, 'dashboard/vite.config.ts'), '--outDir', tmp, '--emptyOutDir', '--logLevel', 'warn'], { cwd: repoRoot, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.once('error', fail);
    child.once('exit', (code) => {
      if (code !== 0) {
        rmSync(tmp, { recursive: true, force: true });
        fail(new Error(`the dashboard build failed (exit ${code}): ${stderr.trim()}`));
        return;
      }
      try {
        rmSync(distDir, { recursive: true, force: true });
        renameSync(tmp, distDir);
        log('dashboard built');
        done();
      } catch (error) {
        // Two starts building at once: the other one's build is in place, and as fresh as this one.
        rmSync(tmp, { recursive: true, force: true });
        if (existsSync(join(distDir, 'index.html'))) done();
        else fail(error as Error);
      }
    });
  });
}

export interface DashboardServerOptions {
  port: number;
  distDir: string;
  apiUrl: string;
  /** The presigned PUTs go there: the page's connect-src must allow it. */
  s3Endpoint: string;
  token: () => string;
  /** Resolves when the build in distDir is ready; until then the page says it is being built. */
  ready?: Promise<void>;
}

const isLoopback = (address: string | undefined) => !!address && (address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.'));

/** While the build runs (it reloads itself), or why it failed (an error message as text: no markup gets in). */
function waitingPage(error: Error | null): string {
  const text = error ? `The dashboard build failed: ${error.message.replace(/[<&>"]/g, ' ')}` : 'The dashboard is being built; this page reloads itself.';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8">${error ? '' : '<meta http-equiv="refresh" content="2">'}<title>Eccentric</title></head><body><main><h1>Eccentric</h1><p>${text}</p></main></body></html>`;
}

export async function startDashboardServer(options: DashboardServerOptions): Promise<{ server: Server; url: string; close(): Promise<void> }> {
  let built = options.ready === undefined;
  let buildError: Error | null = null;
  options.ready?.then(
    () => (built = true),
    (e: Error) => (buildError = e),
  );
  const root = resolve(options.distDir);
  let origins: string[] = [];

  const send = (res: ServerResponse, status: number, body: string | Buffer, type: string, extra: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': type, 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer', ...extra });
    res.end(body);
  };
  const csp = () =>
    `default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self' ${options.apiUrl} ${options.s3Endpoint}; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'`;

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    if (!isLoopback(req.socket.remoteAddress)) return send(res, 403, 'loopback only', 'text/plain');
    // DNS rebinding: a page of another site reaching this port through a name of its own has another Host.
    if (!origins.some((o) => `http://${req.headers.host}` === o)) return send(res, 421, 'unexpected Host header', 'text/plain');
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'GET only', 'text/plain', { allow: 'GET, HEAD' });
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
    if (path === '/local-token') {
      // Only the page itself: no CORS headers, and a browser's cross-site fetch says so in Sec-Fetch-Site.
      const site = req.headers['sec-fetch-site'];
      if (site !== undefined && site !== 'same-origin') return send(res, 403, JSON.stringify({ message: 'the local token is for this page only' }), TYPES['.json']!);
      return send(res, 200, JSON.stringify({ token: options.token() }), TYPES['.json']!, { 'cache-control': 'no-store' });
    }
    if (path === '/config.json') {
      return send(res, 200, JSON.stringify({ apiUrl: options.apiUrl, auth: { mode: 'local', tokenUrl: '/local-token' } }), TYPES['.json']!, { 'cache-control': 'no-store' });
    }
    if (!built) return send(res, buildError ? 500 : 503, waitingPage(buildError), TYPES['.html']!, { 'cache-control': 'no-store', 'retry-after': '2' });
    const file = resolve(root, `.${path === '/' ? '/index.html' : path}`);
    if (file !== root && !file.startsWith(root + sep)) return send(res, 404, 'not found', 'text/plain');
    if (!existsSync(file) || !statSync(file).isFile()) return send(res, 404, 'not found', 'text/plain');
    const type = TYPES[extname(file)] ?? 'application/octet-stream';
    const headers: Record<string, string> = type.startsWith('text/html') ? { 'content-security-policy': csp(), 'cache-control': 'no-cache' } : { 'cache-control': path.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache' };
    send(res, 200, req.method === 'HEAD' ? '' : readFileSync(file), type, headers);
  };

  const server = createServer((req, res) => {
    try {
      handle(req, res);
    } catch {
      if (!res.headersSent) send(res, 400, 'bad request', 'text/plain');
    }
  });
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(options.port, '127.0.0.1', () => done());
  });
  const { port } = server.address() as AddressInfo;
  origins = [`http://127.0.0.1:${port}`, `http://localhost:${port}`];
  return {
    server,
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      }),
  };
}

/** The page PUTs files straight to the bucket (presigned): the local S3 must allow its origin, as the bucket's CORS does on AWS. */
export async function allowBrowserUploads(s3: S3Client, bucket: string, dashboardUrl: string): Promise<void> {
  const { port } = new URL(dashboardUrl);
  await s3.send(
    new PutBucketCorsCommand({
      Bucket: bucket,
      CORSConfiguration: { CORSRules: [{ AllowedOrigins: [`http://127.0.0.1:${port}`, `http://localhost:${port}`], AllowedMethods: ['PUT'], AllowedHeaders: ['*'], MaxAgeSeconds: 600 }] },
    }),
  );
}

export interface LocalDashboardOptions {
  /** 0: any free port. */
  port?: number;
  distDir?: string;
  /** The build being made; absent: distDir holds one. */
  ready?: Promise<void>;
}

/** The local stack's dashboard: the server, and the bucket's CORS rule for the page's uploads. */
export async function startLocalDashboard(options: LocalDashboardOptions, stack: { apiUrl: string; s3Endpoint: string; bucket: string; region: string; token: string }) {
  const dashboard = await startDashboardServer({
    port: options.port ?? 0,
    distDir: options.distDir ?? defaultDistDir,
    apiUrl: stack.apiUrl,
    s3Endpoint: stack.s3Endpoint,
    token: () => stack.token,
    ...(options.ready ? { ready: options.ready } : {}),
  });
  const { S3Client } = await import('@aws-sdk/client-s3');
  const s3 = new S3Client({
    region: stack.region,
    endpoint: stack.s3Endpoint,
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  try {
    await allowBrowserUploads(s3, stack.bucket, dashboard.url);
  } finally {
    s3.destroy();
  }
  return dashboard;
}
