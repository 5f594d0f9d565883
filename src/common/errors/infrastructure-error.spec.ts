import { describe, expect, it } from '@jest/globals';
import { ConnectionException, UniqueConstraintViolationException } from '@mikro-orm/core';
import { BadRequestException } from '@nestjs/common';
import { DomainError } from './domain-error.js';
import { toErrorResponse } from './error-response.js';
import { isInfrastructureError } from './infrastructure-error.js';

function withCode(message: string, code: string): Error {
  return Object.assign(new Error(message), { code });
}

describe('isInfrastructureError', () => {
  it.each([
    ['MikroORM ConnectionException', new ConnectionException(new Error('connect ECONNREFUSED'))],
    ['connection refused', withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED')],
    ['connection reset', withCode('read ECONNRESET', 'ECONNRESET')],
    ['pg: connection terminated', new Error('Connection terminated unexpectedly')],
    ['pg: connect timeout', new Error('Connection terminated due to connection timeout')],
    ['pg-pool exhausted', new Error('timeout exceeded when trying to connect')],
    ['SQLSTATE 08006 connection failure', withCode('connection failure', '08006')],
    ['SQLSTATE 57P01 admin shutdown', withCode('terminating connection due to administrator command', '57P01')],
    ['SQLSTATE 57P03 cannot connect now', withCode('the database system is starting up', '57P03')],
    ['SQLSTATE 53300 too many connections', withCode('sorry, too many clients already', '53300')],
    ['ioredis offline', new Error("Stream isn't writeable and enableOfflineQueue options is false")],
    ['ioredis closed', new Error('Connection is closed.')],
    ['ioredis command timeout', new Error('Command timed out')],
    [
      'ioredis MaxRetriesPerRequestError',
      Object.assign(new Error('Reached the max retries per request limit (which is 1).'), {
        name: 'MaxRetriesPerRequestError',
      }),
    ],
    [
      'a wrapped cause',
      new Error('could not load the session', { cause: withCode('connect ECONNREFUSED', 'ECONNREFUSED') }),
    ],
    [
      'an AggregateError of addresses',
      new AggregateError([withCode('connect ECONNREFUSED ::1:6379', 'ECONNREFUSED')], 'connect failed'),
    ],
  ])('recognises %s', (_label, error) => {
    expect(isInfrastructureError(error)).toBe(true);
  });

  it.each([
    ['a domain error', new DomainError('not_found', 'not_found', 'Not found')],
    ['a unique violation', new UniqueConstraintViolationException(withCode('duplicate key value', '23505'))],
    ['a bad request', new BadRequestException('nope')],
    ['a plain bug', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['a string', 'ECONNREFUSED'],
    ['nothing', undefined],
  ])('does not mistake %s for an outage', (_label, error) => {
    expect(isInfrastructureError(error)).toBe(false);
  });

  it('recognises the error a real refused PostgreSQL connection raises', async () => {
    const { default: pg } = await import('pg');
    // Port 1 on loopback: nothing listens there, so the kernel refuses at once.
    const client = new pg.Client({
      connectionString: 'postgres://nobody@127.0.0.1:1/none',
      connectionTimeoutMillis: 2_000,
    });
    const error = await client.connect().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isInfrastructureError(error)).toBe(true);
  });
});

describe('toErrorResponse for outages', () => {
  it('answers 503 service_unavailable with a retry hint', () => {
    expect(toErrorResponse(withCode('connect ECONNREFUSED', 'ECONNREFUSED'))).toMatchObject({
      status: 503,
      code: 'service_unavailable',
      extra: { retryAfterSeconds: 5 },
      expected: true,
      unavailable: true,
    });
  });
});
