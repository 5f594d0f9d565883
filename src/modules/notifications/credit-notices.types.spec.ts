import { describe, expect, it } from '@jest/globals';
import { ClientEmailKind } from './client-emails.types.js';
import { creditNoticeJobId } from './credit-notices.types.js';

const clientId = 'f0e1d2c3-b4a5-4968-8776-655443322110';
const eventKey = '0b6c7a4e-9f1d-4c1e-8a57-3a2b1c0d9e8f';

describe('creditNoticeJobId', () => {
  it('is the same id for the same event, and carries no ":" (BullMQ 6 refuses it)', () => {
    const id = creditNoticeJobId({ kind: ClientEmailKind.CreditsLow, clientId, eventKey });
    expect(id).toBe(creditNoticeJobId({ kind: ClientEmailKind.CreditsLow, clientId, eventKey }));
    expect(id).not.toContain(':');
  });

  it('tells the two notices of one event key apart', () => {
    expect(creditNoticeJobId({ kind: ClientEmailKind.CreditsLow, clientId, eventKey })).not.toBe(
      creditNoticeJobId({ kind: ClientEmailKind.CreditsExpiring, clientId, eventKey }),
    );
  });
});
