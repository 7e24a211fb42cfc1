// Representations of one token in a URL path that a server decodes back to it (or routes around):
// what a log must never show. Shared by the redaction tests here and the services' request-log tests.

/** `%XX` of one character, upper- or lower-case hex. */
const escape = (character: string, lower = false): string => {
  const hex = character.charCodeAt(0).toString(16).padStart(2, '0');
  return `%${lower ? hex : hex.toUpperCase()}`;
};

/** Named path segments (or segment runs) that carry `token`, each decoding to (or containing) it. */
export function tokenPathEncodings(token: string): Record<string, string> {
  const firstE = token.indexOf('e');
  return {
    plain: token,
    'first dot as %2E': token.replace('.', escape('.')),
    'first dot as %2e': token.replace('.', escape('.', true)),
    'every dot as %2E': token.replaceAll('.', escape('.')),
    ...(firstE === -1 ? {} : { 'an e as %65': token.slice(0, firstE) + escape('e') + token.slice(firstE + 1) }),
    'double-encoded dot (%252E)': token.replace('.', '%252E'),
    'every character escaped': [...token].map((c) => escape(c)).join(''),
    'matrix parameter (;x)': `${token};x`,
    'encoded slashes after it (%2f..%2f)': `${token}%2f..%2f${token}`,
    'encoded slashes before it': `x%2f..%2f${token}`,
    'encoded and matrix together': `${token.replace('.', escape('.'))};jsessionid=1`,
  };
}

/**
 * Substrings that give a token away: the token, its parts (a JWS's signature alone is not the
 * token, but its header and payload with it would be), and its escaped forms.
 */
export function tokenLeakMarkers(token: string): string[] {
  const parts = token.split('.').filter((part) => part.length >= 16);
  return [token, token.replace('.', '%2E'), token.replace('.', '%2e'), ...parts];
}
