import { join } from 'node:path';

/**
 * The browser app's built static files (served by nginx in production, by the standalone shape
 * locally): public/ plus the page bundles, written to dist/public by the build (bundle-client.mjs).
 * The same path from src/ (tests) and from dist/ (run time).
 */
export const webAssetsDir = join(__dirname, '..', 'dist', 'public');

export { APP_ROUTES } from './app-routes';
