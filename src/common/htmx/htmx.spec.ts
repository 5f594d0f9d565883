import { describe, expect, it } from '@jest/globals';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { validateHeaderValue } from 'node:http';
import { asciiJson, asciiUrl, redirect, replaceUrl, trigger } from './htmx.js';

const NAMES = [
  'Siobhán O’Brien',
  'Łukasz Żółć',
  'Ελένη Παπαδοπούλου',
  '李小龍',
  'Дмитрий Шостакович',
  'Flex 💪 Fit',
  'tab\there',
  'nul\u0000del\u007f',
  'half \ud83d pair',
];
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/** Just enough of a Fastify reply to record headers; the helpers only read and write headers. */
function fakeReply(): FastifyReply & { headers: Record<string, string>; statusCode: number } {
  const headers: Record<string, string> = {};
  const reply = {
    headers,
    statusCode: 200,
    getHeader: (name: string) => headers[name.toLowerCase()],
    header(name: string, value: string) {
      validateHeaderValue(name, value);
      headers[name.toLowerCase()] = value;
      return reply;
    },
    status(code: number) {
      reply.statusCode = code;
      return reply;
    },
    send: () => reply,
  };
  return reply as unknown as FastifyReply & { headers: Record<string, string>; statusCode: number };
}

describe('asciiJson', () => {
  it.each(NAMES)('encodes %p as printable ASCII that parses back to the same text', (name) => {
    const encoded = asciiJson({ flash: { kind: 'success', message: `${name} added.` } });
    expect(encoded).toMatch(PRINTABLE_ASCII);
    expect(() => validateHeaderValue('hx-trigger', encoded)).not.toThrow();
    expect(JSON.parse(encoded)).toEqual({ flash: { kind: 'success', message: `${name} added.` } });
  });

  it('escapes non-ASCII as \\u sequences, keeping astral characters as surrogate pairs', () => {
    expect(asciiJson('é’💪')).toBe('"\\u00e9\\u2019\\ud83d\\udcaa"');
  });

  it('leaves plain ASCII exactly as JSON.stringify writes it', () => {
    expect(asciiJson({ clientsChanged: true, flash: { message: 'Tom "T" Jones added.' } })).toBe(
      JSON.stringify({ clientsChanged: true, flash: { message: 'Tom "T" Jones added.' } }),
    );
  });
});

describe('trigger', () => {
  it('writes an ASCII HX-Trigger and merges with events already set', () => {
    const reply = fakeReply();
    trigger(reply, { flash: { kind: 'success', message: '李小龍 added.' } });
    trigger(reply, { clientsChanged: true });
    expect(reply.headers['hx-trigger']).toMatch(PRINTABLE_ASCII);
    expect(JSON.parse(reply.headers['hx-trigger'] ?? '')).toEqual({
      flash: { kind: 'success', message: '李小龍 added.' },
      clientsChanged: true,
    });
  });
});

describe('asciiUrl', () => {
  it('percent-encodes non-ASCII and spaces as UTF-8, leaving encoded URLs alone', () => {
    expect(asciiUrl('/clients?q=Łukasz Żółć')).toBe('/clients?q=%C5%81ukasz%20%C5%BB%C3%B3%C5%82%C4%87');
    expect(asciiUrl('/clients?q=%C5%81ukasz&status=all')).toBe('/clients?q=%C5%81ukasz&status=all');
  });

  it.each(NAMES)('gives a header-safe URL for %p', (name) => {
    const url = asciiUrl(`/clients?q=${name}`);
    expect(url).toMatch(/^[\x21-\x7e]*$/);
    expect(() => validateHeaderValue('location', url)).not.toThrow();
  });

  it('decodes back to the text for well-formed input', () => {
    expect(decodeURIComponent(asciiUrl('/clients?q=Ελένη 💪'))).toBe('/clients?q=Ελένη 💪');
  });
});

describe('redirect and replaceUrl', () => {
  const htmx = { headers: { 'hx-request': 'true' } } as unknown as FastifyRequest;
  const plain = { headers: {} } as unknown as FastifyRequest;

  it('sends HX-Location to htmx and a 303 Location otherwise, both ASCII', () => {
    const hx = fakeReply();
    redirect(htmx, hx, '/clients?q=Дмитрий');
    expect(hx.statusCode).toBe(200);
    expect(hx.headers['hx-location']).toBe('/clients?q=%D0%94%D0%BC%D0%B8%D1%82%D1%80%D0%B8%D0%B9');
    const prg = fakeReply();
    redirect(plain, prg, '/clients?q=Дмитрий');
    expect(prg.statusCode).toBe(303);
    expect(prg.headers.location).toBe('/clients?q=%D0%94%D0%BC%D0%B8%D1%82%D1%80%D0%B8%D0%B9');
  });

  it('writes HX-Replace-Url as ASCII', () => {
    const reply = fakeReply();
    replaceUrl(reply, '/clients?q=Siobhán');
    expect(reply.headers['hx-replace-url']).toBe('/clients?q=Siobh%C3%A1n');
  });
});
