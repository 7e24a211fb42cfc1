// The remuxers of the live streams on this node, one per seminar, and the guarantee that none
// outlives the process (stopAll on shutdown, SIGKILL on exit whatever the reason).
import { join } from 'node:path';
import { HlsRemuxer, type RemuxerLogger } from './hls-remuxer';

export interface RemuxerPoolOptions {
  ffmpegPath: string;
  /** Parent folder of the streams' HLS folders. */
  hlsRoot: string;
  inputUrl(seminarId: string): string;
  logger: RemuxerLogger;
  readTimeoutMs?: number;
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
    if (this.remuxers.get(seminarId)?.running) return;
    const remuxer = new HlsRemuxer({
      ffmpegPath: this.opts.ffmpegPath,
      inputUrl: this.opts.inputUrl(seminarId),
      outputDir: this.outputDir(seminarId),
      logger: this.opts.logger,
      ...(this.opts.readTimeoutMs ? { readTimeoutMs: this.opts.readTimeoutMs } : {}),
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
