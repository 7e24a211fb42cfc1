// polls, described once: its process, its OpenAPI document and the repository tools read this.
import { describeService } from '@webinar/http';
import { POLLS_PREFIX } from './polls.constants';

export const POLLS_SERVICE = describeService({
  name: 'polls',
  prefix: POLLS_PREFIX,
  audience: POLLS_PREFIX,
  description: 'Polls and questionnaires with per-person encrypted answers.',
  apiVersion: '1',
});
