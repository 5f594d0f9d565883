import fc from 'fast-check';

/**
 * Hostile values shared by the API and web fuzzers. Huge and deeply nested values are placeholders expanded
 * only when a request is sent, so thousands of generated requests stay small in memory.
 */

/** The seed for this run: fixed in CI, random with FUZZ_SEED=random, replayed with FUZZ_SEED=<n>. */
export function fuzzSeed(): number {
  const raw = process.env.FUZZ_SEED;
  if (raw === 'random') return (Date.now() ^ Math.floor(Math.random() * 0x7fffffff)) | 0;
  if (raw && /^-?\d+$/.test(raw)) return Number(raw) | 0;
  return 20_261_126;
}

/** Names people really have, in the scripts that broke headers before (issue 9, defect 1). */
export const REAL_NAMES = [
  'Siobhán O’Brien',
  'Łukasz Żółć',
  'Ελένη Παπαδοπούλου',
  '李小龍',
  'Дмитрий Шостакович',
  'محمد الأحمد',
  'שרה כהן',
];

/** One code point from each Unicode plane that has assigned or private-use characters, plus plane 3. */
const PLANES: Array<[number, number]> = [
  [0x20, 0xd7ff],
  [0xe000, 0xfffd],
  [0x10000, 0x1ffff],
  [0x20000, 0x2ffff],
  [0x30000, 0x3ffff],
  [0xe0000, 0xeffff],
  [0xf0000, 0xffffd],
  [0x100000, 0x10fffd],
];

const planeChar = fc.oneof(
  ...PLANES.map(([from, to]) => fc.integer({ min: from, max: to }).map((cp) => String.fromCodePoint(cp))),
);

/** Strings that break naive code: lone surrogates, RTL overrides, combining marks, zero-width, NULs. */
const NASTY_FRAGMENTS = [
  '\uD800',
  '\uDFFF',
  'a\uDBFFb',
  '\u202Eevil\u202C',
  'مرحبا بالعالم',
  'e\u0301\u0308\u0327\u0334\u0336',
  'Z\u0351\u0352\u0353\u0354\u0355\u0356\u0357\u0358',
  '\u200B\u200C\u200D\uFEFF',
  '\u0000',
  'x\u0000y',
  '\u0001\u0007\u001b[31m',
  '\r\n\r\nSet-Cookie: a=b',
  '😀👩‍👩‍👧‍👦🏳️‍🌈',
  '\u{1D518}\u{1D52B}\u{1D526}',
  '\u{10FFFF}\u{E0001}',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "'; drop table clients; --",
  '{{constructor.constructor("alert(1)")()}}',
  '%00%C0%AE',
  '../../etc/passwd',
];

export const unicodeString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...NASTY_FRAGMENTS, ...REAL_NAMES),
  fc.array(planeChar, { minLength: 1, maxLength: 24 }).map((chars) => chars.join('')),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 40 }),
  fc.tuple(fc.constantFrom(...REAL_NAMES), fc.constantFrom(...NASTY_FRAGMENTS)).map(([a, b]) => `${a}${b}`),
);

/** Dates that do not exist or cannot be stored (issue 9, defect 11). */
export const IMPOSSIBLE_DATES = [
  '2026-13-01',
  '2026-02-30',
  '2026-00-10',
  '2026-12-32',
  '99999-01-01',
  '2026-13-01T00:00:00Z',
  '2026-02-30T10:00:00Z',
  '2026-02-29T10:00:00Z',
  '99999-01-01T00:00:00Z',
  '+099999-01-01T00:00:00Z',
  '-000001-01-01T00:00:00Z',
  '0000-01-01T00:00:00Z',
  '2026-06-01T25:00:00Z',
  '2026-06-01T10:61:00Z',
  '2026-06-01T10:00:00+25:00',
  '2026-06-01T10:00:00.0000000000000001Z',
  '275760-09-13T00:00:01Z',
  '1e400',
  'tomorrow',
  '2026-W13-1',
  '',
];

export const impossibleDate: fc.Arbitrary<string> = fc.constantFrom(...IMPOSSIBLE_DATES);

/** A plausible instant: mostly the next two years, sometimes the past. */
export const plausibleInstant: fc.Arbitrary<string> = fc
  .integer({ min: -30, max: 730 })
  .chain((days) => fc.tuple(fc.constant(days), fc.integer({ min: 0, max: 95 })))
  .map(([days, quarter]) => {
    const date = new Date(Date.UTC(2027, 0, 1) + days * 86_400_000 + quarter * 900_000);
    return date.toISOString();
  });

export const plausibleDate: fc.Arbitrary<string> = plausibleInstant.map((iso) => iso.slice(0, 10));

/** Placeholders: expanded by expandPlaceholders() when the request is serialised. */
export const HUGE = '~~FUZZ-HUGE:';
export const DEEP = '~~FUZZ-DEEP:';

/** A string of `size` characters (under the 1 MB body limit once the request is encoded). */
export const hugeString: fc.Arbitrary<string> = fc
  .constantFrom(5_000, 70_000, 300_000, 900_000)
  .map((size) => `${HUGE}${size}`);

/** A value nested `depth` levels deep, as arrays or objects (issue 9, defect 8). */
export const deepValue: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom(64, 600, 5_000, 20_000), fc.constantFrom('array', 'object'))
  .map(([depth, shape]) => `${DEEP}${shape}:${depth}`);

/** A JSON text with placeholders turned into the real huge or deep values. */
export function expandPlaceholders(json: string): string {
  if (!json.includes('~~FUZZ-')) return json;
  return json.replace(
    /"~~FUZZ-(HUGE|DEEP):(?:(array|object):)?(\d+)"/g,
    (_match, kind: string, shape: string | undefined, n: string) => {
      const size = Number(n);
      if (kind === 'HUGE') return `"${'A'.repeat(size)}"`;
      return shape === 'object'
        ? `${'{"a":'.repeat(size)}1${'}'.repeat(size)}`
        : `${'['.repeat(size)}${']'.repeat(size)}`;
    },
  );
}

/** A form or query value with the same placeholders expanded (deep values become bracket soup). */
export function expandText(value: string): string {
  if (value.startsWith(HUGE)) return 'A'.repeat(Math.min(Number(value.slice(HUGE.length)), 200_000));
  if (value.startsWith(DEEP)) {
    const depth = Math.min(Number(value.split(':').pop()), 5_000);
    return `${'['.repeat(depth)}${']'.repeat(depth)}`;
  }
  return value;
}

/** encodeURIComponent that survives lone surrogates (sent as the overlong bytes a fuzzer would send). */
export function encodeComponent(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return value
      .split('')
      .map((ch) => {
        const code = ch.charCodeAt(0);
        if (code >= 0xd800 && code <= 0xdfff) return '%ED%A0%80';
        try {
          return encodeURIComponent(ch);
        } catch {
          return '%ED%A0%80';
        }
      })
      .join('');
  }
}

/** Any junk scalar or structure, for wrong-type mutations. */
export const junkValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(
    null,
    true,
    false,
    0,
    -1,
    1e308,
    -1e308,
    0.5,
    Number.MAX_SAFE_INTEGER + 2,
    '',
    ' ',
    '0',
    'null',
    'true',
    [],
    {},
    [null],
    { $ne: null },
    { $gt: '' },
  ),
  fc.integer(),
  fc.double({ noNaN: true }),
  unicodeString,
  fc.array(fc.oneof(fc.integer(), unicodeString), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 6 }), fc.oneof(fc.integer(), fc.string({ maxLength: 6 })), { maxKeys: 3 }),
  impossibleDate,
  hugeString,
  deepValue,
);

/** Keys that attack prototype handling or simply should not be there. */
export const extraKey: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '__proto__',
    'constructor',
    'prototype',
    'trainerId',
    'id',
    'userId',
    'role',
    'createdAt',
    '$where',
    'toString',
  ),
  fc.string({ minLength: 1, maxLength: 12 }),
);

/** Path ids that are not ids: junk, router-breaking bytes, too long (issue 9, defects 13 and 14). */
export const JUNK_IDS = [
  'abc',
  '1',
  '-1',
  '0',
  'null',
  'undefined',
  '%C0%AE',
  '%00',
  '%2e%2e',
  '..',
  '%E2%80%AE',
  '%ED%A0%80',
  '%F0%9F%98%80',
  '%25',
  '%',
  'a'.repeat(199),
  'a'.repeat(201),
  'a'.repeat(600),
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  '6A1F2C3D-4E5F-4A6B-8C7D-9E0F1A2B3C4D',
  '{6a1f2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d}',
  '6a1f2c3d4e5f4a6b8c7d9e0f1a2b3c4d',
  "1'%20OR%20'1'='1",
  '%3Cscript%3E',
];
