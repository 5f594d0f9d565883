import { describe, expect, it } from '@jest/globals';
import type { ConfigService } from '@nestjs/config';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { validateHeaderValue } from 'node:http';
import type { Env } from '../../config/env.schema.js';
import { PageRenderer } from '../views/page-renderer.js';
import { ViewEngine } from '../views/view-engine.js';
import { FlashService } from './flash.service.js';
import { HtmxKit } from './htmx-kit.js';

const PARTIAL = { 'hx-request': 'true', 'hx-request-type': 'partial' };
const BOOSTED = { 'hx-request': 'true', 'hx-request-type': 'full', 'hx-boosted': 'true' };
const NAME = 'Siobhán O’Brien 李小龍 💪';

type Recorded = FastifyReply & {
  statusCode: number;
  headers: Record<string, string>;
  body?: string;
  cookies: Record<string, string>;
};

/** A reply that records what the kit sends; header values go through Node's own check, so non-ASCII would throw. */
function fakeReply(): Recorded {
  const reply = {
    statusCode: 200,
    headers: {} as Record<string, string>,
    cookies: {} as Record<string, string>,
    body: undefined as string | undefined,
    sent: false,
    getHeader: (name: string) => reply.headers[name.toLowerCase()],
    header(name: string, value: string) {
      validateHeaderValue(name, value);
      reply.headers[name.toLowerCase()] = value;
      return reply;
    },
    type: (value: string) => reply.header('content-type', value),
    status(code: number) {
      reply.statusCode = code;
      return reply;
    },
    setCookie(name: string, value: string) {
      reply.cookies[name] = value;
      return reply;
    },
    send(body?: string) {
      reply.body = body;
      reply.sent = true;
      return reply;
    },
  };
  return reply as unknown as Recorded;
}

const config = { get: (key: string) => (key === 'NODE_ENV' ? 'test' : undefined) } as unknown as ConfigService<
  Env,
  true
>;
const flashes = new FlashService(config);
/** Records what each fragment was rendered with. */
class RecordingRenderer extends PageRenderer {
  readonly contexts: Array<Record<string, unknown>> = [];
  override fragment(name: string, context: Record<string, unknown> = {}): string {
    this.contexts.push(context);
    return super.fragment(name, context);
  }
}
const renderer = new RecordingRenderer(new ViewEngine(), flashes);
const kit = new HtmxKit(renderer, flashes);

function request(headers: Record<string, string> = {}): FastifyRequest {
  return {
    headers,
    url: '/clients',
    shell: { csrfToken: 'token-123', csrfHeaders: { 'x-csrf-token': 'token-123' } },
  } as unknown as FastifyRequest;
}

function events(reply: Recorded): Record<string, unknown> {
  return JSON.parse(reply.headers['hx-trigger'] ?? '{}') as Record<string, unknown>;
}

/** The flash the kit left in its cookie for the next page, decoded. */
function pendingFlash(reply: Recorded): unknown {
  const value = Object.values(reply.cookies)[0];
  return value ? (JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as unknown) : undefined;
}

describe(HtmxKit.name, () => {
  describe('done', () => {
    it('answers a targeted htmx request with 204 and its events when there is no toast', () => {
      const reply = fakeReply();
      kit.for(request(PARTIAL), reply).trigger('clientsChanged').done('/clients');
      expect(reply.statusCode).toBe(204);
      expect(reply.body).toBeUndefined();
      expect(events(reply)).toEqual({ clientsChanged: { target: 'body' }, closeModal: { target: 'body' } });
    });

    it('answers a targeted htmx request with a toast as a 200 <hx-partial> for #flash, the text in the body only', () => {
      const reply = fakeReply();
      kit.for(request(PARTIAL), reply).trigger('clientsChanged').toast(`${NAME} added.`).done('/clients');
      expect(reply.statusCode).toBe(200);
      expect(reply.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(reply.body).toMatch(/^<hx-partial hx-target="#flash" hx-swap="beforeend">/);
      expect(reply.body).toContain('role="status"');
      expect(reply.body).toContain(`${NAME} added.`);
      expect(events(reply)).toEqual({ clientsChanged: { target: 'body' }, closeModal: { target: 'body' } });
      expect(reply.headers['hx-trigger']).not.toContain('added');
      expect(reply.cookies).toEqual({});
    });

    it('marks an error toast as an alert', () => {
      const reply = fakeReply();
      kit.for(request(PARTIAL), reply).toast('That slot is taken.', 'error').done('/bookings');
      expect(reply.body).toContain('role="alert"');
      expect(reply.body).toContain('toast-error');
    });

    it('answers a plain form post with a 303 and keeps the toast as a flash for the next page', () => {
      const reply = fakeReply();
      kit.for(request(), reply).trigger('clientsChanged').toast(`${NAME} added.`).done('/clients?q=Łukasz');
      expect(reply.statusCode).toBe(303);
      expect(reply.headers.location).toBe('/clients?q=%C5%81ukasz');
      expect(pendingFlash(reply)).toEqual({ kind: 'success', message: `${NAME} added.` });
    });

    it('answers a boosted htmx post with HX-Location (never a 3xx) and the flash for the next page', () => {
      const reply = fakeReply();
      kit.for(request(BOOSTED), reply).toast('Saved.').done('/settings');
      expect(reply.statusCode).toBe(200);
      expect(reply.headers['hx-location']).toBe('/settings');
      expect(pendingFlash(reply)).toEqual({ kind: 'success', message: 'Saved.' });
    });
  });

  describe('fragment', () => {
    it('renders with the shell context (so forms carry the CSRF token) and appends the toast partial', () => {
      const reply = fakeReply();
      renderer.contexts.length = 0;
      kit
        .for(request(PARTIAL), reply)
        .toast('Policy saved.')
        .fragment('partials/shared/form-errors', { errors: ['Check the hours.'] });
      expect(renderer.contexts[0]).toMatchObject({ csrfToken: 'token-123', errors: ['Check the hours.'] });
      expect(reply.body).toMatch(/Check the hours\.[\s\S]*<hx-partial hx-target="#flash"/);
      expect(reply.body).toContain('Policy saved.');
      expect(reply.headers.vary).toBe('HX-Request');
    });

    it('lets the caller’s context win over the shell, and adds no partial without a toast', () => {
      const reply = fakeReply();
      renderer.contexts.length = 0;
      kit
        .for(request(PARTIAL), reply)
        .fragment('partials/shared/field-errors', { id: 'x', errors: ['Fix this'], csrfToken: 'mine' });
      expect(renderer.contexts[0]).toMatchObject({ csrfToken: 'mine' });
      expect(reply.body).toContain('id="x"');
      expect(reply.body).not.toContain('hx-partial');
    });
  });

  describe('page', () => {
    it('shows the toast in the page’s own #flash instead of keeping it for the next page', () => {
      const reply = fakeReply();
      kit
        .for(request(), reply)
        .toast('Welcome back.', 'info')
        .page('pages/auth/login', { title: 'Log in', bare: true, form: { values: {}, errors: {} } });
      expect(reply.body).toMatch(/<div id="flash"[^>]*>[\s\S]*Welcome back\./);
      expect(reply.cookies).toEqual({});
    });
  });

  describe('modal', () => {
    it('sends the fragment for htmx and a whole page otherwise', () => {
      const hx = fakeReply();
      kit
        .for(request(PARTIAL), hx)
        .modal('partials/shared/form-errors', 'pages/error', { errors: ['Nope'], title: 'Oops' });
      expect(hx.body).not.toContain('<html');
      const plain = fakeReply();
      kit
        .for(request(), plain)
        .modal('partials/shared/form-errors', 'pages/error', { errors: ['Nope'], title: 'Oops' });
      expect(plain.body).toContain('<html');
    });
  });

  describe('remove', () => {
    it('deletes the target whatever the body holds, so a toast cannot cancel the removal', () => {
      const reply = fakeReply();
      kit.for(request(PARTIAL), reply).retarget('#client-1').trigger('clientsChanged').toast('Gone.').remove();
      expect(reply.headers['hx-retarget']).toBe('#client-1');
      expect(reply.headers['hx-reswap']).toBe('delete');
      expect(reply.body).toContain('Gone.');
      expect(events(reply)).toEqual({ clientsChanged: { target: 'body' } });
    });
  });

  describe('headers', () => {
    it('keeps every HX-* header ASCII for names in any script', () => {
      const reply = fakeReply();
      kit
        .for(request(PARTIAL), reply)
        .trigger('clientsChanged', { name: NAME })
        .replaceUrl(`/clients?q=${NAME}`)
        .retarget('#flash')
        .remove();
      for (const [name, value] of Object.entries(reply.headers))
        if (name.startsWith('hx-')) expect(value).toMatch(/^[\x20-\x7e]*$/);
      expect((events(reply).clientsChanged as { name: string }).name).toBe(NAME);
    });

    it('does not send HX-Replace-Url to a plain request', () => {
      const reply = fakeReply();
      kit
        .for(request(), reply)
        .replaceUrl('/clients?q=a')
        .fragment('partials/shared/empty', { empty: { title: 'None' } });
      expect(reply.headers['hx-replace-url']).toBeUndefined();
    });
  });
});
