import { PLAYBACK_PROTOCOLS, type PlaybackProtocol } from '@webinar/contracts';
import { z } from 'zod';

export const settingsBody = z.strictObject({
  playbackProtocols: z.array(z.enum(PLAYBACK_PROTOCOLS)).min(1).max(PLAYBACK_PROTOCOLS.length),
});
export type SettingsBody = z.infer<typeof settingsBody>;

export interface SettingsView {
  playbackProtocols: PlaybackProtocol[];
}
