import { Inject, Injectable, Optional } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ViewEngine } from '../../common/views/view-engine.js';
import type { Env } from '../../config/env.schema.js';
import { unescapeHtml } from './email-renderer.js';
import type { OutgoingEmail } from './mail-transport.js';
import type { TrainerCopySnapshot } from './trainer-emails.types.js';
import { toTrainerCopyView } from './trainer-emails.views.js';

/**
 * Turns a trainer-copy snapshot into a finished message from views/emails/trainer-copy.*.hbs inside the trainer
 * layout. Like EmailRenderer, the web process shares its ViewEngine and the worker (which has none) compiles its own
 * copy of the same templates.
 */
@Injectable()
export class TrainerEmailRenderer {
  private readonly engine: ViewEngine;
  private readonly publicUrl: string;

  constructor(config: ConfigService<Env, true>, @Optional() @Inject(ViewEngine) engine?: ViewEngine) {
    this.engine = engine ?? new ViewEngine();
    this.publicUrl = config.get('PUBLIC_URL', { infer: true });
  }

  /** To the trainer's login address, from "TrainerHub" (the trainer is not writing to themselves). */
  copy(snapshot: TrainerCopySnapshot): OutgoingEmail {
    const view = { ...toTrainerCopyView(snapshot, this.publicUrl) };
    const html = this.engine.renderPage('emails/trainer-copy.html', view, 'emails/trainer-layout.html').trim();
    const text = unescapeHtml(this.engine.renderPage('emails/trainer-copy.text', view, 'emails/trainer-layout.text'))
      .replace(/\n{3,}/g, '\n\n')
      .trim();
    return {
      to: snapshot.trainer.contactEmail,
      fromName: 'TrainerHub',
      subject: view.subject,
      html,
      text: `${text}\n`,
      // RFC 3834: an out-of-office reply to a copy helps nobody.
      headers: { 'Auto-Submitted': 'auto-generated' },
    };
  }
}
