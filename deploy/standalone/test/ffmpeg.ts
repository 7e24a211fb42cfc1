// The ffmpeg the process tests publish with (FFMPEG_PATH, else the one on PATH); shared with e2e.
import { infraRequired } from '@webinar/testing';
import { spawnSync } from 'node:child_process';

export const FFMPEG = process.env['FFMPEG_PATH'] ?? 'ffmpeg';

/** Whether ffmpeg runs here; with REQUIRE_INFRA=1 (CI) a missing one fails the run instead. */
export function ffmpegAvailable(): boolean {
  const probe = spawnSync(FFMPEG, ['-version'], { stdio: 'ignore' });
  if (probe.status === 0) return true;
  if (infraRequired()) throw new Error(`REQUIRE_INFRA=1 but ffmpeg is missing (${FFMPEG})`);
  return false;
}
