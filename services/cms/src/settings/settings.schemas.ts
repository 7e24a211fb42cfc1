import { PLAYBACK_PROTOCOLS } from '@webinar/contracts';
import { z } from 'zod';

export const settingsBody = z.strictObject({
  playbackProtocols: z.array(z.enum(PLAYBACK_PROTOCOLS)).min(1).max(PLAYBACK_PROTOCOLS.length),
});
export type SettingsBody = z.infer<typeof settingsBody>;

export const settingsView = z.object({ playbackProtocols: z.array(z.enum(PLAYBACK_PROTOCOLS)) });
export type SettingsView = z.input<typeof settingsView>;
