/** The name cms answers under in the privacy protocol (its own export part and erasure outcome). */
export const CMS_PRIVACY_SERVICE = 'cms';

/**
 * The services besides cms that hold data about people and answer export and erasure requests. An
 * export is complete, and an erasure done, when each of them has answered. A new service that stores
 * personal data must subscribe to both requests and be added here.
 */
export const PRIVACY_SERVICES: readonly string[] = Object.freeze(['auth', 'polls']);

/** How long an export waits for its parts and then for its download before it is deleted. */
export const EXPORT_TTL_SECONDS = 3600;

/** How often expired exports are swept (they are also refused on access as soon as they expire). */
export const EXPORT_SWEEP_INTERVAL_MS = 60_000;

/** What the erasure body must say, so that no stray request erases anybody. */
export const ERASURE_CONFIRMATION = 'erase my personal data';

export const PRIVACY_PARTS_CONSUMER = 'cms.privacy.parts';
export const PRIVACY_ERASURES_CONSUMER = 'cms.privacy.erasures';
