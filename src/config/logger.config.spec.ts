import { describe, expect, it } from '@jest/globals';
import { pino } from 'pino';
import { Writable } from 'node:stream';
import { loggerParams, REDACTED_PATHS } from './logger.config.js';

type PinoHttpOptions = { transport?: { target?: string }; redact?: { paths: string[] }; level?: string };

function httpOptions(nodeEnv: 'development' | 'production' | 'test'): PinoHttpOptions {
  return loggerParams({ LOG_LEVEL: 'info', NODE_ENV: nodeEnv }).pinoHttp as PinoHttpOptions;
}

describe('loggerParams', () => {
  it('prints human-readable logs in development, through pino-pretty', () => {
    expect(httpOptions('development').transport?.target).toBe('pino-pretty');
  });

  it('keeps plain JSON in production and in tests', () => {
    expect(httpOptions('production').transport).toBeUndefined();
    expect(httpOptions('test').transport).toBeUndefined();
  });

  it('redacts credentials in every environment (before any transport sees the record)', () => {
    for (const env of ['development', 'production', 'test'] as const) {
      expect(httpOptions(env).redact?.paths).toEqual(REDACTED_PATHS);
    }
  });

  it('production lines are single JSON objects with the secrets censored', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString('utf8'));
        done();
      },
    });
    const { redact, level } = httpOptions('production');
    pino({ redact: { paths: redact?.paths ?? [], censor: '[redacted]' }, level }, sink).info(
      { req: { headers: { authorization: 'Bearer secret-token' } }, body: { password: 'hunter2' } },
      'request completed',
    );
    const record = JSON.parse(lines[0]) as { req: { headers: { authorization: string } }; body: { password: string } };
    expect(record.req.headers.authorization).toBe('[redacted]');
    expect(record.body.password).toBe('[redacted]');
  });
});
