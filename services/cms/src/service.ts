// cms, described once: its process, its OpenAPI document and the repository tools read this.
import { describeService } from '@webinar/http';
import { CMS_AUDIENCE, CMS_PREFIX } from './cms.constants';

export const CMS_SERVICE = describeService({
  name: 'cms',
  prefix: CMS_PREFIX,
  audience: CMS_AUDIENCE,
  description: 'Seminar CMS: companies, seminars, registrations, grants, stream keys, audit.',
  apiVersion: '1',
});
