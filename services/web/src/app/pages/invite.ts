// One invitation through POST /auth/invitations. auth learns a new company from cms's event, so a
// company created a moment ago may still be unknown to it: that refusal is retried for a while.
import { api } from '../api/endpoints';
import type { InvitationRow } from '../api/types';
import { Refusal } from '../ui/ui';

/** Resolves with the invited user's id, or `undefined` when the person is already a member. */
export async function inviteWhenKnown(row: InvitationRow, onRetry: () => void = () => undefined): Promise<string | undefined> {
  for (let attempt = 0; ; attempt++) {
    const { results } = await api.invite([row]);
    const result = results[0];
    if (result?.status === 'invited') return result.userId;
    if (result?.code === 'INVITATION.ALREADY_MEMBER') return undefined;
    if (result?.code !== 'INVITATION.UNKNOWN_COMPANY' || attempt >= 20) {
      throw new Refusal('admin.inviteRefused', { code: result?.code ?? '?' });
    }
    onRetry();
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
