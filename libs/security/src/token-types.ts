// The `typ` header of every token the platform issues. Each verifier pins one, so a token minted for
// one purpose (say a playback token) is never accepted for another (say an access token).
export const TOKEN_TYPES = {
  access: 'at+jwt',
  playback: 'playback+jwt',
  loginLink: 'login-link+jwe',
  invitation: 'invitation+jwe',
  streamKey: 'stream-key+jwt',
} as const;

export type TokenType = (typeof TOKEN_TYPES)[keyof typeof TOKEN_TYPES];
