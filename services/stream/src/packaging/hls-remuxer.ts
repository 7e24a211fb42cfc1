// One ffmpeg per live stream: attached to the live broadcast in this process through the FLV tap (the
// FLV header, the sequence headers, the cached GOP, then every tag), whose bytes go into ffmpeg's
// stdin; no socket carries the stream, so no other local process can play it. ffmpeg remuxes
// (`-c copy`, no transcoding) to HLS with 1 s segments (the segment follows the publisher's keyframe
// interval: OBS is told 1 s). temp_file makes every playlist and segment appear by rename, so the edge
// never reads half a file. Supervised: restarted with backoff when it crashes or falls too far behind
// (each run taps afresh, so it starts from the sequence headers and a keyframe), stopped at stream end
// (end of stdin, then SIGTERM, then SIGKILL) and on shutdown.
import { backoffDelay } from '@webinar/messaging';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import type { FlvSink, FlvTap } from '../ingest/broadcasts';

export interface RemuxerLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export interface HlsRemuxerOptions {
  ffmpegPath: string;
  /** Attaches a sink to the live broadcast (see `tapFlv`); undefined while the seminar is not live. */
  attach(sink: FlvSink): FlvTap | undefined;
  /** Folder of this stream's playlist and segments (emptied at start). */
  outputDir: string;
  logger: RemuxerLogger;
  segmentSeconds?: number;
  /** First restart delay; doubles per consecutive crash up to maxBackoffMs. */
  backoffMs?: number;
  maxBackoffMs?: number;
  /** After the end of its input, how long ffmpeg gets to finish on its own before SIGTERM. */
  endGraceMs?: number;
  /** How long ffmpeg gets to finish the playlist after SIGTERM before SIGKILL. */
  stopGraceMs?: number;
  /** ffmpeg's unread stdin beyond this many bytes: it has fallen behind and is restarted (default 8 MiB). */
  maxBufferedBytes?: number;
  /** How long a missing broadcast is retried (every attachRetryMs) before the crash backoff applies. */
  attachTimeoutMs?: number;
  attachRetryMs?: number;
}

export const PLAYLIST_NAME = 'index.m3u8';
export const SEGMENT_PATTERN = /^seg_\d{1,10}\.ts$/;
export const DEFAULT_MAX_BUFFERED_BYTES = 8 * 1024 * 1024;

export function remuxArguments(opts: Pick<HlsRemuxerOptions, 'outputDir' | 'segmentSeconds'>): string[] {
  return [
    // -nostdin only turns off ffmpeg's interactive keys; the media still comes in on stdin (pipe:0).
    '-hide_banner', '-nostdin', '-loglevel', 'error',
    '-f', 'flv', '-i', 'pipe:0',
    '-c', 'copy',
    '-f', 'hls',
    '-hls_time', String(opts.segmentSeconds ?? 1),
    '-hls_list_size', '6',
    '-hls_delete_threshold', '3',
    '-hls_flags', 'delete_segments+temp_file+independent_segments+program_date_time',
    '-hls_segment_type', 'mpegts',
    // Numbers (and so segment names) continue across remuxer restarts instead of reusing seg_0.
    '-hls_start_number_source', 'epoch',
    '-hls_segment_filename', join(opts.outputDir, 'seg_%d.ts'),
    join(opts.outputDir, PLAYLIST_NAME),
  ];
}

/** One ffmpeg and the tap that feeds it. */
interface Run {
  child: ChildProcess;
  tap: FlvTap;
}

/** Where a run's tap writes: ffmpeg's stdin, and how much of it may stay unread. */
interface Input {
  child: ChildProcess;
  stdin: Writable;
  limit: number;
}

export class HlsRemuxer {
  private current?: Run;
  private stopping = false;
  private restartTimer?: NodeJS.Timeout;
  private consecutiveCrashes = 0;
  private startedAt = 0;
  private attachDeadline = 0;
  private restarts = 0;

  constructor(private readonly opts: HlsRemuxerOptions) {}

  start(): void {
    rmSync(this.opts.outputDir, { recursive: true, force: true });
    mkdirSync(this.opts.outputDir, { recursive: true, mode: 0o700 });
    this.attachDeadline = Date.now() + (this.opts.attachTimeoutMs ?? 2_000);
    this.run();
  }

  get running(): boolean {
    const child = this.current?.child;
    return child !== undefined && child.exitCode === null && child.signalCode === null;
  }

  get pid(): number | undefined {
    return this.current?.child.pid;
  }

  get restartCount(): number {
    return this.restarts;
  }

  /**
   * Ends ffmpeg at stream end: the tap is detached and stdin ended, so ffmpeg writes the final
   * playlist and exits; SIGTERM if it has not after endGraceMs, SIGKILL if it lingers after that.
   */
  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.restartTimer);
    const run = this.current;
    if (!run) return;
    run.tap.detach();
    const { child } = run;
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    const stopGraceMs = this.opts.stopGraceMs ?? 3_000;
    let kill: NodeJS.Timeout | undefined;
    const term = setTimeout(() => {
      child.kill('SIGTERM');
      kill = setTimeout(() => child.kill('SIGKILL'), stopGraceMs);
    }, this.opts.endGraceMs ?? 1_000);
    await exited;
    clearTimeout(term);
    clearTimeout(kill);
  }

  /** Synchronous last resort for process exit: no ffmpeg is ever left running. */
  killNow(): void {
    this.stopping = true;
    clearTimeout(this.restartTimer);
    this.current?.tap.detach();
    if (this.running) this.current?.child.kill('SIGKILL');
  }

  private run(): void {
    // The tap delivers the header, sequence headers and GOP synchronously while attaching, before
    // ffmpeg exists: they wait here and go first into its stdin.
    const early: Buffer[] = [];
    const fed: { input?: Input; ended: boolean } = { ended: false };
    const sink: FlvSink = {
      write: (chunk) => {
        if (fed.input) this.feed(fed.input, chunk);
        else early.push(chunk);
      },
      end: () => {
        fed.ended = true;
        const stdin = fed.input?.stdin;
        if (stdin && !stdin.destroyed && !stdin.writableEnded) stdin.end();
      },
    };
    const tap = this.opts.attach(sink);
    if (!tap) return this.notLive();

    const child = spawn(this.opts.ffmpegPath, remuxArguments(this.opts), { stdio: ['pipe', 'ignore', 'pipe'] });
    this.current = { child, tap };
    this.startedAt = Date.now();
    const { stdin } = child;
    // EPIPE and the like: ffmpeg died, and its close handler below restarts it.
    stdin.on('error', () => undefined);
    // The initial burst (a whole GOP) is always accepted; beyond it ffmpeg may lag by maxBufferedBytes.
    const burst = early.reduce((bytes, chunk) => bytes + chunk.length, 0);
    const input: Input = { child, stdin, limit: burst + (this.opts.maxBufferedBytes ?? DEFAULT_MAX_BUFFERED_BYTES) };
    for (const chunk of early) this.feed(input, chunk);
    fed.input = input;
    if (fed.ended) stdin.end();

    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-2_000);
    });
    child.once('error', (error) => this.opts.logger.warn({ error: error.message }, 'ffmpeg could not start'));
    child.once('close', (code, signal) => {
      tap.detach();
      if (this.current?.child !== child || this.stopping) return;
      // A run that lasted a while was healthy: start the backoff again from the bottom.
      if (Date.now() - this.startedAt > 30_000) this.consecutiveCrashes = 0;
      this.scheduleRestart({ code, signal, stderr: stderr.trim().slice(-500) }, 'ffmpeg remuxer exited; restarting');
    });
  }

  private feed(input: Input, chunk: Buffer): void {
    const { child, stdin, limit } = input;
    if (stdin.destroyed || stdin.writableEnded) return;
    if (stdin.writableLength + chunk.length > limit) {
      // ffmpeg does not keep up: buffering on would grow without bound. A fresh run starts at the
      // live edge (the current GOP); the close handler restarts it.
      this.opts.logger.warn({ bufferedBytes: stdin.writableLength, limit }, 'ffmpeg remuxer fell behind; restarting it');
      stdin.destroy();
      child.kill('SIGKILL');
      return;
    }
    stdin.write(chunk);
  }

  /** The broadcast is not there (yet): retried briefly, then with the crash backoff until stop(). */
  private notLive(): void {
    if (this.stopping) return;
    if (Date.now() < this.attachDeadline) {
      this.restartTimer = setTimeout(() => {
        if (!this.stopping) this.run();
      }, this.opts.attachRetryMs ?? 100);
      return;
    }
    this.scheduleRestart({}, 'the stream is not live; retrying the remuxer');
  }

  private scheduleRestart(details: object, message: string): void {
    const delay = backoffDelay(
      { initialMs: this.opts.backoffMs ?? 500, maxMs: this.opts.maxBackoffMs ?? 10_000, jitter: 0 },
      this.consecutiveCrashes,
    );
    this.consecutiveCrashes += 1;
    this.restarts += 1;
    this.opts.logger.warn({ ...details, delay }, message);
    this.restartTimer = setTimeout(() => {
      if (this.stopping) return;
      this.attachDeadline = Date.now() + (this.opts.attachTimeoutMs ?? 2_000);
      this.run();
    }, delay);
  }
}
