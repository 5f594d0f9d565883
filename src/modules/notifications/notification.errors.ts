import { DomainError, type DomainErrorKind } from '../../common/errors/domain-error.js';

export enum NotificationErrorCode {
  /** A forged, damaged or foreign unsubscribe link, or one whose client is gone: all look the same. */
  UnsubscribeLinkInvalid = 'unsubscribe_link_invalid',
  /** The booking is unknown or another trainer's. */
  BookingNotFound = 'not_found',
  /** The client has no email address, or opted out: render was asked for a message that must not exist. */
  NoRecipient = 'no_recipient',
}

const KIND: Record<NotificationErrorCode, DomainErrorKind> = {
  [NotificationErrorCode.UnsubscribeLinkInvalid]: 'not_found',
  [NotificationErrorCode.BookingNotFound]: 'not_found',
  [NotificationErrorCode.NoRecipient]: 'invalid',
};

export class NotificationError extends DomainError {
  constructor(code: NotificationErrorCode, message: string, details: DomainError['details'] = {}) {
    super(code, KIND[code], message, details);
  }

  static invalidUnsubscribeLink(): NotificationError {
    return new NotificationError(
      NotificationErrorCode.UnsubscribeLinkInvalid,
      'This unsubscribe link is not valid. Copy the whole link from the email, or reply to the email to ask your trainer.',
    );
  }
}
