// TOTP secrets at rest: the server must read them back to compute codes, so they are encrypted, not
// hashed — AES-256-GCM (FieldCipher) under the active `fields` key, the user id and the purpose bound
// as associated data so a ciphertext copied to another user's row does not decrypt.
import { Inject, Injectable } from '@nestjs/common';
import { FieldCipher } from '@webinar/security';
import { AUTH_KEYS, type AuthKeys } from '../keys/auth-keys';

const AAD = 'auth.credentials.totp';

export interface SealedSecret {
  cipher: string;
  kid: string;
}

@Injectable()
export class TotpSecretCipher {
  constructor(@Inject(AUTH_KEYS) private readonly keys: AuthKeys) {}

  seal(userId: string, secret: Uint8Array): SealedSecret {
    const { kid, key } = this.keys.fields.activeKey();
    const cipher = FieldCipher.fromMasterKey(new Uint8Array(key.export())).encrypt(userId, Buffer.from(secret).toString('base64url'), AAD);
    return { cipher, kid };
  }

  open(userId: string, sealed: SealedSecret): Buffer {
    const key = this.keys.fields.keyFor(sealed.kid);
    if (!key) throw new Error('The key of this TOTP secret has been retired.');
    return Buffer.from(FieldCipher.fromMasterKey(new Uint8Array(key.key.export())).decrypt(userId, sealed.cipher, AAD), 'base64url');
  }
}
