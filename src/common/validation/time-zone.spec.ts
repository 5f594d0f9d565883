import { describe, expect, it } from '@jest/globals';
import { isTimeZone, timeZoneOptions } from './validators.js';

describe('isTimeZone', () => {
  it('accepts the current IANA spellings browsers report, even where ICU lists an older one', () => {
    for (const zone of ['Asia/Kolkata', 'Europe/Kyiv', 'America/Nuuk', 'Asia/Ho_Chi_Minh', 'Europe/London', 'UTC']) {
      expect(isTimeZone(zone)).toBe(true);
    }
  });

  it('refuses offsets, POSIX rules, junk and unknown places', () => {
    for (const zone of [
      '+05:30',
      'EST5EDT',
      'Mars/Olympus_Mons',
      'europe/london',
      '',
      'Europe/London\u0000',
      'x'.repeat(80),
      42,
      null,
    ]) {
      expect(isTimeZone(zone)).toBe(false);
    }
  });

  it('lists the selected zone when ICU spells it differently, so a select keeps it', () => {
    expect(timeZoneOptions('Asia/Kolkata')).toContain('Asia/Kolkata');
    expect(timeZoneOptions()[0]).toBe('UTC');
  });
});
