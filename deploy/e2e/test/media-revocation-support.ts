// Helpers of the media-restart tests: a GET to the media edge, and one publish attempt with real
// ffmpeg over RTMPS whose outcome is read from the node's log (the code it refused the key with).
import { type ServiceProcess, waitFor } from '@webinar/testing';
import { spawn } from 'node:child_process';
import { request } from 'node:https';
import { FFMPEG, ffmpegAvailable } from '../../standalone/test/ffmpeg';

export { ffmpegAvailable };

export interface Answer {
  status: number;
  code: string | undefined;
}

export function mediaGet(url: string, ca: Buffer): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { ca, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let code: string | undefined;
        try {
          code = (JSON.parse(text) as { code?: string }).code;
        } catch {
          code = undefined;
        }
        resolve({ status: res.statusCode ?? 0, code });
      });
    });
    req.on('error', reject);
    req.setTimeout(10_000, () => req.destroy(new Error('timeout')));
    req.end();
  });
}


/** One publish attempt; resolves with the code the node logged for it, or 'accepted'. */
export async function publishAttempt(node: ServiceProcess, rtmpsPort: number, seminarId: string, key: string): Promise<string> {
  const before = node.output().length;
  const child = spawn(
    FFMPEG,
    [
      '-hide_banner', '-nostdin', '-loglevel', 'error', '-re',
      '-f', 'lavfi', '-i', 'testsrc2=size=160x120:rate=25', '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=44100',
      '-t', '4', '-c:v', 'libx264', '-preset', 'ultrafast', '-tune', 'zerolatency', '-g', '25', '-pix_fmt', 'yuv420p', '-c:a', 'aac',
      '-f', 'flv', `rtmps://127.0.0.1:${rtmpsPort}/live/${seminarId}?key=${key}`,
    ],
    { stdio: 'ignore' },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    return await waitFor(
      'the node to decide on the publish',
      async () => {
        const log = node.output().slice(before);
        const refused = /"code":"(STREAM_KEY\.[A-Z_]+)"[^\n]*stream key refused|stream key refused[^\n]*"code":"(STREAM_KEY\.[A-Z_]+)"/.exec(log);
        if (refused) return refused[1] ?? refused[2];
        if (log.includes('publisher accepted')) return 'accepted';
        return undefined;
      },
      { timeoutMs: 20_000, intervalMs: 100, context: () => node.output().slice(before).slice(-2000) },
    );
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
    await exited;
  }
}
