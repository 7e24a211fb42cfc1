// One ffmpeg per live stream: plays the seminar from the loopback RTMP listener and remuxes it
// (`-c copy`, no transcoding) to HLS with 1 s segments (the segment follows the publisher's keyframe
// interval: OBS is told 1 s). temp_file makes every playlist and segment appear by rename, so the
// edge never reads half a file; -rw_timeout ends ffmpeg (and the playlist) when the stream stops.
// Supervised: restarted with backoff when it crashes, stopped at stream end and on shutdown.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

export interface RemuxerLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export interface HlsRemuxerOptions {
  ffmpegPath: string;
  inputUrl: string;
  /** Folder of this stream's playlist and segments (emptied at start). */
  outputDir: string;
  logger: RemuxerLogger;
  segmentSeconds?: number;
  readTimeoutMs?: number;
  /** First restart delay; doubles per consecutive crash up to maxBackoffMs. */
  backoffMs?: number;
  maxBackoffMs?: number;
  /** How long ffmpeg gets to finish the playlist after SIGTERM before SIGKILL. */
  stopGraceMs?: number;
}

export const PLAYLIST_NAME = 'index.m3u8';
export const SEGMENT_PATTERN = /^seg_\d{1,10}\.ts$/;

export function remuxArguments(opts: Pick<HlsRemuxerOptions, 'inputUrl' | 'outputDir' | 'segmentSeconds' | 'readTimeoutMs'>): string[] {
  return [
    '-hide_banner', '-nostdin', '-loglevel', 'error',
    '-rw_timeout', String((opts.readTimeoutMs ?? 5_000) * 1000),
    '-i', opts.inputUrl,
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

export class HlsRemuxer {
  private child?: ChildProcess;
  private stopping = false;
  private restartTimer?: NodeJS.Timeout;
  private consecutiveCrashes = 0;
  private startedAt = 0;
  private restarts = 0;

  constructor(private readonly opts: HlsRemuxerOptions) {}

  start(): void {
    rmSync(this.opts.outputDir, { recursive: true, force: true });
    mkdirSync(this.opts.outputDir, { recursive: true, mode: 0o700 });
    this.spawn();
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get restartCount(): number {
    return this.restarts;
  }

  /** Ends ffmpeg (SIGTERM lets it write the final playlist; SIGKILL if it lingers). */
  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.restartTimer);
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), this.opts.stopGraceMs ?? 3_000);
    await exited;
    clearTimeout(timer);
  }

  /** Synchronous last resort for process exit: no ffmpeg is ever left running. */
  killNow(): void {
    this.stopping = true;
    clearTimeout(this.restartTimer);
    if (this.running) this.child?.kill('SIGKILL');
  }

  private spawn(): void {
    const child = spawn(this.opts.ffmpegPath, remuxArguments(this.opts), { stdio: ['ignore', 'ignore', 'pipe'] });
    this.child = child;
    this.startedAt = Date.now();
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-2_000);
    });
    child.once('error', (error) => this.opts.logger.warn({ error: error.message }, 'ffmpeg could not start'));
    child.once('close', (code, signal) => {
      if (this.child !== child) return;
      if (this.stopping) return;
      // A run that lasted a while was healthy: start the backoff again from the bottom.
      if (Date.now() - this.startedAt > 30_000) this.consecutiveCrashes = 0;
      const base = this.opts.backoffMs ?? 500;
      const delay = Math.min(base * 2 ** this.consecutiveCrashes, this.opts.maxBackoffMs ?? 10_000);
      this.consecutiveCrashes += 1;
      this.restarts += 1;
      this.opts.logger.warn({ code, signal, delay, stderr: stderr.trim().slice(-500) }, 'ffmpeg remuxer exited; restarting');
      this.restartTimer = setTimeout(() => {
        if (!this.stopping) this.spawn();
      }, delay);
    });
  }
}
