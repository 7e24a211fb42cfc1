// A viewer's HTTPS requests against the edge (trusting its self-signed certificate).
import { type Agent, request } from 'node:https';

export interface Fetched {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

export function httpsGet(
  url: string,
  ca: Buffer,
  opts: { method?: string; headers?: Record<string, string>; body?: Buffer; maxMs?: number; agent?: Agent } = {},
): Promise<Fetched> {
  return new Promise((resolve, reject) => {
    let timer: NodeJS.Timeout | undefined;
    const req = request(url, { method: opts.method ?? 'GET', ca, agent: opts.agent ?? false, headers: opts.headers ?? {} }, (res) => {
      const chunks: Buffer[] = [];
      const done = (): void => {
        clearTimeout(timer);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) });
      };
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.once('end', done);
      res.once('close', done);
      // Live streams never end: a capture stops after maxMs.
      if (opts.maxMs) timer = setTimeout(() => req.destroy(), opts.maxMs);
    });
    req.once('error', (error: NodeJS.ErrnoException) => (error.code === 'ECONNRESET' ? undefined : reject(error)));
    req.end(opts.body);
  });
}
