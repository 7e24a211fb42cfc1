import { CmsInitial1764201600000 } from './1764201600000-cms-initial';

/** Every committed migration of cms, in order. */
export const cmsMigrations = [CmsInitial1764201600000];
