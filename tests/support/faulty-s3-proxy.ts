import { createServer, connect, type AddressInfo, type Server, type Socket } from 'node:net';

export interface FaultyProxy {
  endpoint: string;
  /** GETs of matching objects cut off so far. */
  dropped: number;
  /**
   * Cut off the next `n` GETs of objects whose path contains `fragment`, after `afterBytes` of the response;
   * `ranged`: only ranged GETs of a chunk past the file's head (a Range starting after byte 9).
   */
  drop(fragment: string, n: number, afterBytes: number, ranged?: boolean): void;
  close(): Promise<void>;
}

/**
 * A TCP proxy in front of s3rver that kills the connection in the middle of a chosen object's GET
 * response: the handler's stream drops mid-read, as when a network path or a server dies.
 */
export async function startFaultyS3Proxy(target: string): Promise<FaultyProxy> {
  const { hostname, port } = new URL(target);
  const rules: { fragment: string; left: number; afterBytes: number; ranged: boolean }[] = [];
  const sockets = new Set<Socket>();
  const proxy = {
    endpoint: '',
    dropped: 0,
    drop(fragment: string, n: number, afterBytes: number, ranged = false) {
      rules.push({ fragment, left: n, afterBytes, ranged });
    },
    close: () => new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    }),
  };
  const server: Server = createServer((client) => {
    const upstream = connect(Number(port), hostname);
    sockets.add(client).add(upstream);
    let cutAfter = Infinity;
    let sent = 0;
    client.on('data', (chunk: Buffer) => {
      const request = chunk.toString('latin1');
      const line = /^GET (\S+) HTTP/m.exec(request);
      if (line) {
        const ranged = /\r\nrange: bytes=\d{2,}-/i.test(request);
        const rule = rules.find((r) => r.left > 0 && line[1]!.includes(r.fragment) && (!r.ranged || ranged));
        if (rule) {
          rule.left--;
          cutAfter = rule.afterBytes;
          sent = 0;
        }
      }
      upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      if (sent + chunk.length > cutAfter) {
        client.write(chunk.subarray(0, Math.max(0, cutAfter - sent)));
        proxy.dropped++;
        cutAfter = Infinity;
        client.destroy();
        upstream.destroy();
        return;
      }
      sent += chunk.length;
      client.write(chunk);
    });
    const end = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('close', end).on('error', end);
    upstream.on('close', end).on('error', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  proxy.endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return proxy;
}
