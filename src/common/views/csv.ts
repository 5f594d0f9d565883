/** A CSV cell: text is escaped, numbers are written as they are. */
export type CsvCell = string | number | null;

/** Text that a spreadsheet would run as a formula (or a DDE call) when it starts with one of these. */
const FORMULA_START = /^[=+\-@\t\r]/;

/** RFC 4180 needs quotes around a field holding the separator, a quote or a line break. */
const NEEDS_QUOTES = /[",\r\n]/;

/** The UTF-8 byte order mark: Excel reads the file as UTF-8 only with it (otherwise "Siobhán" turns to mojibake). */
export const CSV_BOM = '\ufeff';

/**
 * One field. Text starting with =, +, -, @, a tab or a carriage return gets a leading apostrophe so spreadsheets
 * show it as text instead of evaluating it (OWASP's CSV injection advice); then it is quoted when it has to be,
 * doubling inner quotes. Numbers come from our own figures, never from input, and stay numbers: a refund's
 * "-45.00" must sum in a spreadsheet.
 */
export function csvField(cell: CsvCell): string {
  if (cell === null) return '';
  if (typeof cell === 'number') return Number.isFinite(cell) ? String(cell) : '';
  const safe = FORMULA_START.test(cell) ? `'${cell}` : cell;
  return NEEDS_QUOTES.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** A whole document: the BOM, a header row, then the rows, each line ended by CRLF (RFC 4180). */
export function toCsv(header: readonly string[], rows: ReadonlyArray<readonly CsvCell[]>): string {
  const lines = [header, ...rows].map((row) => row.map(csvField).join(','));
  return `${CSV_BOM}${lines.map((line) => `${line}\r\n`).join('')}`;
}

/** A filename safe in Content-Disposition: lower-case ASCII letters, digits, dots and hyphens only. */
export function asciiFilename(name: string): string {
  const cleaned = name
    .normalize('NFKD')
    .replace(/[^\x20-\x7e]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9.]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return cleaned || 'export';
}
