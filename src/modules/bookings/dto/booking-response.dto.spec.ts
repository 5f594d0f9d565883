import { describe, expect, it } from '@jest/globals';
import fastJson from 'fast-json-stringify';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BookingStatus } from '../booking-status.js';
import { BookingPageDto, toBookingPage } from './booking-response.dto.js';
import { PROJECT_ROOT } from '../../../common/paths.js';
import { dtoJsonSchema } from '../../../common/serialization/dto-json-schema.js';

const session = (overrides: Record<string, unknown> = {}) => ({
  id: '6f1d0c7e-8a55-4b1e-9a47-0c2f3c1d9e10',
  client: { id: '0b0e7f5c-3f0e-4a5d-9d0a-6f5f3e2d1c0b', name: 'Siobhán O’Brien "Łukasz" Ελένη 李小龍 \u2028' },
  clientPackage: null,
  startTime: new Date('2031-03-04T09:00:00.000Z'),
  endTime: new Date('2031-03-04T10:00:00.000Z'),
  status: BookingStatus.Confirmed,
  priceMinor: 4500,
  currency: 'GBP',
  paid: false,
  notes: 'Knee\n"rehab" </script>',
  cancelledAt: null,
  cancelledBy: null,
  cancellationReason: null,
  createdAt: new Date('2031-01-01T00:00:00.000Z'),
  updatedAt: new Date('2031-01-02T00:00:00.000Z'),
  ...overrides,
});

describe('BookingPageDto response serializer', () => {
  const stringify = fastJson(dtoJsonSchema(BookingPageDto) as Parameters<typeof fastJson>[0]);

  it('serializes the bookings page to the same bytes as JSON.stringify', () => {
    const page = toBookingPage({
      items: [
        session(),
        session({ priceMinor: null, clientPackage: { id: '1c7e0f3a-6d2b-4f1e-8a9c-2b3d4e5f6a7b' } }),
        session({
          status: BookingStatus.Cancelled,
          cancelledAt: new Date('2031-03-03T08:00:00.000Z'),
          cancelledBy: 'client',
          cancellationReason: 'Ill 🤒',
          notes: null,
        }),
      ],
      nextCursor: 'WyIyMDMxLTAzLTA0VDA5OjAwOjAwLjAwMFoiLCI2ZjFkIl0',
    });
    expect(stringify(page)).toBe(JSON.stringify(page));
    const last = toBookingPage({ items: [], nextCursor: null });
    expect(stringify(last)).toBe(JSON.stringify(last));
  });

  it('has the properties of the committed OpenAPI schema, in the same order', () => {
    const openapi = JSON.parse(readFileSync(join(PROJECT_ROOT, 'test/contract/openapi.json'), 'utf8')) as {
      components: { schemas: Record<string, { properties: Record<string, unknown> }> };
    };
    const schema = dtoJsonSchema(BookingPageDto);
    expect(Object.keys(schema.properties ?? {})).toEqual(
      Object.keys(openapi.components.schemas.BookingPageDto.properties),
    );
    expect(Object.keys(schema.properties?.items?.items?.properties ?? {})).toEqual(
      Object.keys(openapi.components.schemas.BookingResponseDto.properties),
    );
  });
});
