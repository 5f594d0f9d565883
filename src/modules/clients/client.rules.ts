import { isEmail, normaliseEmail } from '../../common/validation/validators.js';
import { CLIENT_LIMITS } from './clients.types.js';

/** The editable fields of a client, as both doors hand them to the service. */
export interface ClientFields {
  name?: string;
  email?: string | null;
  phone?: string | null;
  notes?: string | null;
}

/** Contact fields after normalising: optional ones are a non-empty string or null. */
export interface NormalisedClientFields {
  name?: string;
  email?: string | null;
  phone?: string | null;
  notes?: string | null;
}

// Loose on purpose: people write numbers many ways ("+44 (0)7700 900123", "555-0100 ext. 12"). We only refuse
// what cannot be a phone number at all.
const PHONE_SHAPE = /^\+?[\d\s().\-/]+((\s*(x|ext\.?)\s*)\d{1,6})?$/i;

function optional(value: string | null | undefined, tidy: (text: string) => string): string | null | undefined {
  if (value === undefined) return undefined;
  if (value === null) return null;
  const tidied = tidy(String(value));
  return tidied === '' ? null : tidied;
}

/** Trims, collapses spaces in names, lower-cases emails, and turns empty optional fields into null. */
export function normaliseClientFields(fields: ClientFields): NormalisedClientFields {
  const result: NormalisedClientFields = {};
  if (fields.name !== undefined)
    result.name = String(fields.name ?? '')
      .trim()
      .replace(/\s+/g, ' ');
  const email = optional(fields.email, (text) => normaliseEmail(text));
  if (email !== undefined) result.email = email;
  const phone = optional(fields.phone, (text) => text.trim().replace(/\s+/g, ' '));
  if (phone !== undefined) result.phone = phone;
  const notes = optional(fields.notes, (text) => text.replace(/\r\n?/g, '\n').trim());
  if (notes !== undefined) result.notes = notes;
  return result;
}

/** Control characters (other than tab and line breaks) have no place in a name. */
function hasControlCharacters(text: string): boolean {
  return [...text].some((char) => {
    const code = char.charCodeAt(0);
    return (code < 0x20 && char !== '\t' && char !== '\n' && char !== '\r') || code === 0x7f;
  });
}

export function isPhoneNumber(value: string): boolean {
  const digits = value.replace(/\D/g, '').length;
  return PHONE_SHAPE.test(value) && digits >= 5 && digits <= 20;
}

/**
 * Every problem with normalised client fields, per field, in words a trainer can act on. `requireName` is true
 * for a new client (an update may leave the name out, but never blank it).
 */
export function clientFieldProblems(fields: NormalisedClientFields, requireName: boolean): Record<string, string[]> {
  const problems: Record<string, string[]> = {};
  const add = (field: string, message: string) => (problems[field] = [...(problems[field] ?? []), message]);
  const { name, email, phone, notes } = fields;
  if (name === undefined ? requireName : name === '') add('name', 'Enter the client’s name.');
  else if (name !== undefined && name.length > CLIENT_LIMITS.name)
    add('name', `Use at most ${CLIENT_LIMITS.name} characters.`);
  else if (name !== undefined && hasControlCharacters(name)) add('name', 'Use letters, numbers and punctuation only.');
  if (email) {
    if (email.length > CLIENT_LIMITS.email) add('email', `Use at most ${CLIENT_LIMITS.email} characters.`);
    else if (!isEmail(email)) add('email', 'Enter an email address like sam@example.com, or leave it empty.');
  }
  if (phone) {
    if (phone.length > CLIENT_LIMITS.phone) add('phone', `Use at most ${CLIENT_LIMITS.phone} characters.`);
    else if (!isPhoneNumber(phone)) add('phone', 'Enter a phone number such as +44 7700 900123, or leave it empty.');
  }
  if (notes && notes.length > CLIENT_LIMITS.notes) {
    add(
      'notes',
      `Notes can be up to ${CLIENT_LIMITS.notes.toLocaleString('en-GB')} characters; these are ${notes.length.toLocaleString('en-GB')}.`,
    );
  }
  return problems;
}
