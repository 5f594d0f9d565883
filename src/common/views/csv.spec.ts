import { describe, expect, it } from '@jest/globals';
import { asciiFilename, CSV_BOM, csvField, toCsv } from './csv.js';

describe('csvField', () => {
  it.each([
    ['=HYPERLINK("http://evil.test")', `"'=HYPERLINK(""http://evil.test"")"`],
    ['+44 7700 900123', "'+44 7700 900123"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1:A2)', "'@SUM(A1:A2)"],
    ['\tcmd', "'\tcmd"],
    ['\rcmd', `"'\rcmd"`],
  ])('neutralises the formula start of %j', (input, expected) => {
    expect(csvField(input)).toBe(expected);
  });

  it('quotes separators, quotes and line breaks, and leaves plain text alone', () => {
    expect(csvField('O’Brien, Siobhán')).toBe('"O’Brien, Siobhán"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('李小龍')).toBe('李小龍');
  });

  it('writes numbers as numbers (negative ones too) and null as an empty field', () => {
    expect(csvField(-45)).toBe('-45');
    expect(csvField(0.125)).toBe('0.125');
    expect(csvField(null)).toBe('');
    expect(csvField(Number.NaN)).toBe('');
  });
});

describe('toCsv', () => {
  it('starts with the BOM and ends every line with CRLF', () => {
    expect(toCsv(['Name', 'Sessions'], [['Ελένη', 3]])).toBe(`${CSV_BOM}Name,Sessions\r\nΕλένη,3\r\n`);
  });
});

describe('asciiFilename', () => {
  it('keeps only lower-case ASCII letters, digits, dots and hyphens', () => {
    expect(asciiFilename('Łukasz’s Révenue 2026-03.csv')).toBe('ukaszs-revenue-2026-03.csv');
    expect(asciiFilename('李小龍')).toBe('export');
  });
});
