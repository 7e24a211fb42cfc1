// stream, described once: its process, its OpenAPI document and the repository tools read this.
import { describeService } from '@webinar/http';
import { STREAM_AUDIENCE, STREAM_PREFIX } from './stream.constants';

export const STREAM_SERVICE = describeService({
  name: 'stream',
  prefix: STREAM_PREFIX,
  audience: STREAM_AUDIENCE,
  description: 'Media tier: RTMPS ingest, HLS packaging, authorised playback edge.',
  apiVersion: '1',
});
