import { join } from 'node:path';

/** The browser app's static files (served by nginx in production, by the standalone shape locally). */
export const webAssetsDir = join(__dirname, '..', 'public');
