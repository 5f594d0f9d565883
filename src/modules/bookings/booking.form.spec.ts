import { describe, expect, it } from '@jest/globals';
import { durationOptions, parseBookingForm, parseRescheduleForm } from './booking.form.js';

const base = {
  clientId: '3f0e2b1c-5d4a-4e7b-9c2d-1a2b3c4d5e6f',
  date: '2026-12-01',
  time: '09:00',
  durationMinutes: '60',
};

describe('parseBookingForm', () => {
  it('turns local date and time into UTC and the duration into minutes', () => {
    const parsed = parseBookingForm({ ...base, price: '45.50', notes: 'Legs' }, 'America/New_York', 'USD');
    expect(parsed).toEqual({
      ok: true,
      value: expect.objectContaining({
        startTime: new Date('2026-12-01T14:00:00Z'),
        durationMinutes: 60,
        priceMinor: 4550,
        notes: 'Legs',
      }),
    });
  });

  it('keeps 09:00 local across the spring change in London', () => {
    const before = parseBookingForm({ ...base, date: '2026-03-28' }, 'Europe/London', 'GBP');
    const after = parseBookingForm({ ...base, date: '2026-03-30' }, 'Europe/London', 'GBP');
    expect(before.ok && before.value.startTime.toISOString()).toBe('2026-03-28T09:00:00.000Z');
    expect(after.ok && after.value.startTime.toISOString()).toBe('2026-03-30T08:00:00.000Z');
  });

  it('uses the custom length when "custom" is chosen', () => {
    const parsed = parseBookingForm({ ...base, durationMinutes: 'custom', customMinutes: '75' }, 'UTC', 'GBP');
    expect(parsed.ok && parsed.value.durationMinutes).toBe(75);
  });

  it('reports every bad field', () => {
    const parsed = parseBookingForm(
      { clientId: '', date: 'soon', time: '25:00', durationMinutes: 'custom', customMinutes: '2', price: 'ten' },
      'UTC',
      'GBP',
    );
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && Object.keys(parsed.errors).sort()).toEqual([
      'clientId',
      'customMinutes',
      'date',
      'price',
      'time',
    ]);
  });

  it('refuses a time the clocks skip', () => {
    const parsed = parseBookingForm({ ...base, date: '2026-03-29', time: '01:30' }, 'Europe/London', 'GBP');
    expect(!parsed.ok && parsed.errors.time?.[0]).toMatch(/doesn’t exist/);
  });
});

describe('parseRescheduleForm', () => {
  it('reads the new time and length', () => {
    const parsed = parseRescheduleForm({ date: '2026-12-02', time: '10:15', durationMinutes: '45' }, 'Europe/London');
    expect(parsed).toEqual({
      ok: true,
      value: expect.objectContaining({ startTime: new Date('2026-12-02T10:15:00Z'), durationMinutes: 45 }),
    });
  });
});

describe('durationOptions', () => {
  it('selects custom for an uncommon length', () => {
    expect(durationOptions('75').find((option) => option.selected)?.value).toBe('custom');
    expect(durationOptions('45').find((option) => option.selected)?.value).toBe('45');
  });
});
