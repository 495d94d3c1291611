import { request } from 'node:http';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIsStale, startDashboardServer } from '#infra/local/dashboard-server.ts';

function get(url: string, headers: Record<string, string> = {}, method = 'GET'): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('local dashboard server', () => {
  const dist = join(mkdtempSync(join(tmpdir(), 'eccentric-dist-')), 'dist');
  mkdirSync(join(dist, 'assets'), { recursive: true });
  writeFileSync(join(dist, 'index.html'), '<!doctype html><title>x</title>');
  writeFileSync(join(dist, 'assets/app.js'), 'console.log(1)');
  let server: Awaited<ReturnType<typeof startDashboardServer>>;
  beforeAll(async () => {
    server = await startDashboardServer({ port: 0, distDir: dist, apiUrl: 'http://127.0.0.1:4780', s3Endpoint: 'http://127.0.0.1:4781', token: () => 'DEV.TOKEN' });
  });
  afterAll(() => server.close());

  it('serves the build with a CSP that allows only itself, the API and the local S3', async () => {
    const page = await get(server.url);
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['content-security-policy']).toContain("connect-src 'self' http://127.0.0.1:4780 http://127.0.0.1:4781");
    expect(page.headers['content-security-policy']).toContain("script-src 'self';");
    const js = await get(`${server.url}assets/app.js`);
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(js.headers['cache-control']).toContain('immutable');
  });

  it('writes the runtime config: the API and local sign-in', async () => {
    expect(JSON.parse((await get(`${server.url}config.json`)).body)).toEqual({ apiUrl: 'http://127.0.0.1:4780', auth: { mode: 'local', tokenUrl: '/local-token' } });
  });

  it('hands the dev token to its own page only: not cross-site, not under another Host name (DNS rebinding)', async () => {
    const own = await get(`${server.url}local-token`, { 'sec-fetch-site': 'same-origin' });
    expect(JSON.parse(own.body)).toEqual({ token: 'DEV.TOKEN' });
    expect(own.headers['cache-control']).toBe('no-store');
    expect(own.headers['access-control-allow-origin']).toBeUndefined();
    expect((await get(`${server.url}local-token`, { 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    const port = new URL(server.url).port;
    expect((await get(`${server.url}local-token`, { host: `attacker.example:${port}` })).status).toBe(421);
    expect((await get(`${server.url}local-token`, { host: `localhost:${port}` })).status).toBe(200);
  });

  it('never serves a file outside the build, and only GET', async () => {
    for (const path of ['/../package.json', '/%2e%2e/package.json', '/assets/..%2f..%2fpackage.json', '/nope.js']) expect((await get(`${server.url.slice(0, -1)}${path}`)).status, path).toBe(404);
    expect((await get(server.url, {}, 'POST')).status).toBe(405);
  });

  it('says the page is being built until the build is ready, and why a build failed, as text', async () => {
    let fail!: (e: Error) => void;
    const building = await startDashboardServer({ port: 0, distDir: dist, apiUrl: 'http://a', s3Endpoint: 'http://b', token: () => 't', ready: new Promise((_, reject) => (fail = reject)) });
    try {
      const wait = await get(building.url);
      expect(wait.status).toBe(503);
      expect(wait.body).toContain('The dashboard is being built; this page reloads itself.');
      fail(new Error('vite: <script>boom</script>'));
      await new Promise((r) => setTimeout(r, 10));
      const failed = await get(building.url);
      expect(failed.status).toBe(500);
      expect(failed.body).toContain('The dashboard build failed: vite:  script boom /script ');
    } finally {
      await building.close();
    }
  });

  it('knows a missing build is stale', () => {
    expect(buildIsStale(join(dist, 'missing'))).toBe(true);
  });
});
