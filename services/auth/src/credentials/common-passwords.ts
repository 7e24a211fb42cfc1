// The common-password list (ASVS 6.2.4), taken from @zxcvbn-ts/language-common's password frequency
// list (MIT) once, when this module loads: every entry of 12 or more characters, plus the most
// frequent shorter ones (4+ characters) up to COMMON_PASSWORD_LIMIT entries in all, lower-cased. The
// policy also matches a password stripped of the digits and symbols people pad a common word with
// ("Password2024!"), which is why short common words are kept.
import { dictionary } from '@zxcvbn-ts/language-common';

export const COMMON_PASSWORD_LIMIT = 5_000;
const LONG_ENOUGH = 12;
const SHORTEST_KEPT = 4;

/** Builds the set from a frequency-ordered list (most frequent first). */
export function commonPasswordSet(byFrequency: readonly string[], limit = COMMON_PASSWORD_LIMIT): ReadonlySet<string> {
  const lowered = byFrequency.map((entry) => entry.toLowerCase());
  const length = (entry: string): number => [...entry].length;
  const common = new Set(lowered.filter((entry) => length(entry) >= LONG_ENOUGH));
  for (const entry of lowered) {
    if (common.size >= limit) break;
    if (length(entry) >= SHORTEST_KEPT && length(entry) < LONG_ENOUGH) common.add(entry);
  }
  return common;
}

export const COMMON_PASSWORDS: ReadonlySet<string> = commonPasswordSet(dictionary['passwords-common']);
