import { type DynamicModule, Module } from '@nestjs/common';

export interface StreamModuleOptions {
  dataDir: string;
}

/**
 * The media tier: RTMPS ingest, HLS packaging and the authorised playback edge. Not built yet (see
 * the media-tier issue): this shell only runs the edge's HTTPS server with health and metrics.
 */
@Module({})
export class StreamModule {
  static register(_opts: StreamModuleOptions): DynamicModule {
    return { module: StreamModule };
  }
}
