// Password rules (ASVS 6.2.1–6.2.12): length only — at least 12 characters, at most 128 — plus
// refusing what an attacker tries first: the account's own e-mail address and common passwords.
// No composition rules (ASVS 6.2.5) and no truncation; every printable character and spaces are
// allowed. Length counts Unicode code points after NFC normalisation, the form that is hashed.
import { COMMON_PASSWORDS } from './common-passwords';

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 128;

export type PasswordProblem = 'too-short' | 'too-long' | 'contains-email' | 'common';

/** The form of a password that is hashed and compared: composed Unicode, so "é" typed two ways agrees. */
export function normalisePassword(password: string): string {
  return password.normalize('NFC');
}

export function commonPasswordCount(): number {
  return COMMON_PASSWORDS.size;
}

// Digit and symbol substitutions people use to "strengthen" a word ("p@ssw0rd").
const LEET: Record<string, string> = { '@': 'a', '4': 'a', '0': 'o', '3': 'e', '1': 'i', '!': 'i', $: 's', '5': 's', '7': 't' };

/** The forms of a password under which a common one hides: padded, substituted or repeated. */
function guessableForms(password: string): string[] {
  const lower = password.toLowerCase();
  // "Password2024!" → "password", "123qwerty!" → "qwerty".
  const stripped = lower.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, '');
  const unleet = [...stripped].map((c) => LEET[c] ?? c).join('');
  const forms = [lower, stripped, unleet, lower.replace(/\s+/g, '')];
  // "abcabcabcabc" or "passwordpassword" are the repeated unit.
  const unit = /^(.+?)\1+$/u.exec(lower)?.[1];
  if (unit !== undefined) forms.push(unit);
  return forms.filter((form) => form.length > 0);
}

function isCommon(password: string): boolean {
  // Very few distinct characters ("aaaaaaaaaaaa", "121212121212") is guessable whatever the list says.
  if (new Set(password.toLowerCase()).size < 4) return true;
  return guessableForms(password).some((form) => COMMON_PASSWORDS.has(form));
}

function containsEmail(password: string, email: string): boolean {
  const lower = password.toLowerCase();
  const address = email.trim().toLowerCase();
  const local = address.split('@')[0] ?? '';
  if (lower.includes(address)) return true;
  // A very short local part ("jo") occurs by chance in good passphrases; equality still counts.
  return local.length >= 4 ? lower.includes(local) : lower === local;
}

/** The first rule `password` breaks for the account with `email`, or undefined when it is acceptable. */
export function checkPassword(password: string, email: string): PasswordProblem | undefined {
  const normalised = normalisePassword(password);
  const length = [...normalised].length;
  if (length < PASSWORD_MIN_LENGTH) return 'too-short';
  if (length > PASSWORD_MAX_LENGTH) return 'too-long';
  if (containsEmail(normalised, email)) return 'contains-email';
  if (isCommon(normalised)) return 'common';
  return undefined;
}
