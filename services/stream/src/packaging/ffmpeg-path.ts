// Which ffmpeg runs the remuxer: FFMPEG_PATH, then ffmpeg-static's binary when that optional package
// is installed (its install downloads from the internet, so it often is not), then `ffmpeg` on PATH.
import { existsSync } from 'node:fs';

export interface FfmpegLookup {
  env?: NodeJS.ProcessEnv;
  /** Returns ffmpeg-static's binary path, or undefined when the package is not installed. */
  ffmpegStatic?: () => string | undefined;
}

function ffmpegStaticBinary(): string | undefined {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- optional package, resolved at run time
    const path = require('ffmpeg-static') as unknown;
    return typeof path === 'string' && existsSync(path) ? path : undefined;
  } catch {
    return undefined;
  }
}

export function resolveFfmpegPath(lookup: FfmpegLookup = {}): string {
  const fromEnv = (lookup.env ?? process.env)['FFMPEG_PATH'];
  if (fromEnv) return fromEnv;
  return (lookup.ffmpegStatic ?? ffmpegStaticBinary)() ?? 'ffmpeg';
}
