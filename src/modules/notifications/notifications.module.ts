import { Module } from '@nestjs/common';
import { SendOutcomesRepository } from './send-outcomes.repository.js';
import { ClientEmailsRepository } from './client-emails.repository.js';
import { ClientEmailsService } from './client-emails.service.js';
import { EmailRenderer } from './email-renderer.js';
import { MailTransport } from './mail-transport.js';
import { UnsubscribeTokens } from './unsubscribe-token.js';

/**
 * The notifications core, loaded by both processes: client emails (render, send, opt-out). The worker's reminder
 * processors call ClientEmailsService; the web process serves the unsubscribe links (notifications.http.module.ts).
 */
@Module({
  providers: [
    ClientEmailsService,
    ClientEmailsRepository,
    EmailRenderer,
    MailTransport,
    SendOutcomesRepository,
    UnsubscribeTokens,
  ],
  exports: [ClientEmailsService, MailTransport, SendOutcomesRepository],
})
export class NotificationsModule {}
