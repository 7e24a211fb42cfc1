// The remuxers of the live streams on this node, one per seminar, and the guarantee that none
// outlives the process (stopAll on shutdown, SIGKILL on exit whatever the reason).
import { join } from 'node:path';
import { type FlvSink, type FlvTap, tapFlv } from '../ingest/broadcasts';
import { HlsRemuxer, type RemuxerLogger } from './hls-remuxer';

export interface RemuxerPoolOptions {
  ffmpegPath: string;
  /** Parent folder of the streams' HLS folders. */
  hlsRoot: string;
  logger: RemuxerLogger;
  /** How a remuxer attaches to a live broadcast in this process; default `tapFlv`. */
  tap?: (seminarId: string, sink: FlvSink) => FlvTap | undefined;
  /** ffmpeg's unread stdin beyond this: it is restarted (default 8 MiB). */
  maxBufferedBytes?: number;
}

export class RemuxerPool {
  private readonly remuxers = new Map<string, HlsRemuxer>();
  private readonly killOnExit = (): void => {
    for (const remuxer of this.remuxers.values()) remuxer.killNow();
  };

  constructor(private readonly opts: RemuxerPoolOptions) {
    process.once('exit', this.killOnExit);
  }

  outputDir(seminarId: string): string {
    return join(this.opts.hlsRoot, seminarId);
  }

  start(seminarId: string): void {
    // One that exists restarts itself until stopped (a second one would leak when it replaced it).
    if (this.remuxers.has(seminarId)) return;
    const tap = this.opts.tap ?? tapFlv;
    const remuxer = new HlsRemuxer({
      ffmpegPath: this.opts.ffmpegPath,
      attach: (sink) => tap(seminarId, sink),
      outputDir: this.outputDir(seminarId),
      logger: this.opts.logger,
      ...(this.opts.maxBufferedBytes ? { maxBufferedBytes: this.opts.maxBufferedBytes } : {}),
    });
    this.remuxers.set(seminarId, remuxer);
    remuxer.start();
  }

  get(seminarId: string): HlsRemuxer | undefined {
    return this.remuxers.get(seminarId);
  }

  async stop(seminarId: string): Promise<void> {
    const remuxer = this.remuxers.get(seminarId);
    this.remuxers.delete(seminarId);
    await remuxer?.stop();
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.remuxers.keys()].map((id) => this.stop(id)));
    process.off('exit', this.killOnExit);
  }
}
