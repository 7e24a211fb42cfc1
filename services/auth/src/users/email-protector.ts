// E-mail addresses at rest: AES-256-GCM per user (FieldCipher, user id bound as associated data) and
// an HMAC blind index to find a user by address without decrypting anything.
import { Inject, Injectable } from '@nestjs/common';
import { blindIndex, FieldCipher } from '@webinar/security';
import { AUTH_KEYS, type AuthKeys } from '../keys/auth-keys';

const AAD = 'auth.users.email';

export interface SealedEmail {
  cipher: string;
  kid: string;
  index: string;
}

@Injectable()
export class EmailProtector {
  private readonly indexKey: Uint8Array;

  constructor(@Inject(AUTH_KEYS) private readonly keys: AuthKeys) {
    // The index key never rotates on its own: every stored index would have to be recomputed.
    this.indexKey = new Uint8Array(keys.emailIndex.activeKey().key.export());
  }

  index(email: string): string {
    return blindIndex(this.indexKey, email);
  }

  seal(userId: string, email: string): SealedEmail {
    const { kid, key } = this.keys.fields.activeKey();
    const cipher = FieldCipher.fromMasterKey(new Uint8Array(key.export())).encrypt(userId, email.trim(), AAD);
    return { cipher, kid, index: this.index(email) };
  }

  open(userId: string, sealed: { cipher: string; kid: string }): string {
    const key = this.keys.fields.keyFor(sealed.kid);
    if (!key) throw new Error('The key of this e-mail address has been retired.');
    return FieldCipher.fromMasterKey(new Uint8Array(key.key.export())).decrypt(userId, sealed.cipher, AAD);
  }
}
