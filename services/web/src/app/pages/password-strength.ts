// A rough strength meter for the onboarding form, as feedback while typing. It decides nothing: the
// API's policy (length in code points after NFC, no e-mail, no common password) is the judge, and its
// refusals are shown with their own messages.
export type Strength = 0 | 1 | 2 | 3;

export function passwordStrength(password: string): Strength {
  const chars = [...password.normalize('NFC')];
  if (chars.length < 12) return 0;
  const distinct = new Set(chars).size;
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
  if (distinct < 6) return 1;
  if (chars.length >= 16 && distinct >= 10) return 3;
  return classes >= 3 ? 3 : classes >= 2 ? 2 : 1;
}
