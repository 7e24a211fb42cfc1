// The origin endpoint's paths (served by an ingest node, requested by edges): objects under
// `/origin/<seminar>/<file>` and the per-edge request counts at `/origin/_stats`.
export const ORIGIN_PATH_PREFIX = '/origin';
export const ORIGIN_STATS_PATH = `${ORIGIN_PATH_PREFIX}/_stats`;
