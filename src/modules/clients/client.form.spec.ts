import { describe, expect, it } from '@jest/globals';
import { parseActionContext, parseClientForm, parseListQuery } from './client.form.js';

describe('parseClientForm', () => {
  it('trims and tidies what was typed, and turns empty optional fields into null', () => {
    const form = parseClientForm({
      name: '  Sam   Taylor ',
      email: ' Sam@Example.COM ',
      phone: '',
      notes: '  Left knee.\r\nNo lunges.  ',
    });
    expect(form.errors).toEqual({});
    expect(form.input).toEqual({
      name: 'Sam Taylor',
      email: 'sam@example.com',
      phone: null,
      notes: 'Left knee.\nNo lunges.',
    });
  });

  it('keeps the typed values for re-display, even when they are wrong', () => {
    const form = parseClientForm({ name: '', email: 'sam@', phone: 'ring me', notes: 'x' });
    expect(form.values).toEqual({ name: '', email: 'sam@', phone: 'ring me', notes: 'x' });
  });

  it('reports every problem at once, per field', () => {
    const form = parseClientForm({ name: '   ', email: 'not-an-email', phone: 'ring me', notes: 'n'.repeat(5001) });
    expect(Object.keys(form.errors).sort()).toEqual(['email', 'name', 'notes', 'phone']);
    expect(form.errors.name).toEqual(['Enter the client’s name.']);
    expect(form.errors.notes?.[0]).toContain('5,000');
  });

  it.each([
    ['a name of 200 characters', { name: 'a'.repeat(200) }, {}],
    ['a name of 201 characters', { name: 'a'.repeat(201) }, { name: ['Use at most 200 characters.'] }],
    ['notes of exactly 5,000 characters', { name: 'Sam', notes: 'n'.repeat(5000) }, {}],
    [
      'a name with a control character',
      { name: 'Sam\u0007' },
      { name: ['Use letters, numbers and punctuation only.'] },
    ],
    [
      'an email with no domain dot',
      { name: 'Sam', email: 'sam@localhost' },
      { email: [expect.stringContaining('email address')] },
    ],
  ])('accepts or refuses %s', (_label, body, errors) => {
    expect(parseClientForm(body).errors).toEqual(errors);
  });

  it.each(['+44 7700 900123', '(555) 010-0199', '555-0100 ext. 12', '+1.555.010.0199', '07700900123'])(
    'accepts the phone number %s',
    (phone) => {
      expect(parseClientForm({ name: 'Sam', phone }).errors).toEqual({});
    },
  );

  it.each(['ring me', '123', '+44 7700 900123 mobile', '1'.repeat(21), 'a'.repeat(41)])(
    'refuses the phone number %s',
    (phone) => {
      expect(parseClientForm({ name: 'Sam', phone }).errors.phone).toHaveLength(1);
    },
  );

  it('reads only the four known fields, so nothing else can reach the service', () => {
    const form = parseClientForm({ name: 'Sam', status: 'archived', trainer: 'someone-else', id: 'x', _csrf: 'token' });
    expect(Object.keys(form.input).sort()).toEqual(['email', 'name', 'notes', 'phone']);
    expect(Object.keys(form.values).sort()).toEqual(['email', 'name', 'notes', 'phone']);
  });

  it('treats hand-crafted nested values as empty, and repeated keys as the last one', () => {
    const form = parseClientForm({ name: ['First', 'Second'], email: { $ne: '' } });
    expect(form.input.name).toBe('Second');
    expect(form.input.email).toBeNull();
  });
});

describe('parseListQuery', () => {
  it('defaults to the first page of active clients', () => {
    expect(parseListQuery({})).toEqual({ q: '', status: 'active', page: 1, sort: { key: 'name', dir: 'asc' } });
    expect(parseListQuery(undefined)).toEqual({ q: '', status: 'active', page: 1, sort: { key: 'name', dir: 'asc' } });
  });

  it('reads a search, a status and a page', () => {
    expect(parseListQuery({ q: ' sam ', status: 'archived', page: '3' })).toMatchObject({
      q: 'sam',
      status: 'archived',
      page: 3,
    });
    expect(parseListQuery({ status: 'all' }).status).toBe('all');
  });

  it('reads a whitelisted sort, defaulting the direction to the column’s natural one', () => {
    expect(parseListQuery({ sort: 'last-visit' }).sort).toEqual({ key: 'lastVisit', dir: 'desc' });
    expect(parseListQuery({ sort: 'credits', dir: 'asc' }).sort).toEqual({ key: 'credits', dir: 'asc' });
    expect(parseListQuery({ sort: 'name', dir: 'desc' }).sort).toEqual({ key: 'name', dir: 'desc' });
    expect(parseListQuery({ sort: 'email; drop table clients', dir: 'desc' }).sort).toEqual({
      key: 'name',
      dir: 'asc',
    });
  });

  it.each([
    [{ status: 'deleted' }, { status: 'active' }],
    [{ page: '-2' }, { page: 1 }],
    [{ page: '0' }, { page: 1 }],
    [{ page: 'two' }, { page: 1 }],
    [{ page: '9999999999' }, { page: 1 }],
    [{ q: ['a', 'b'] }, { q: 'a' }],
    [{ q: 'x'.repeat(300) }, { q: 'x'.repeat(200) }],
  ])('falls back safely for %p', (query, expected) => {
    expect(parseListQuery(query)).toMatchObject(expected);
  });
});

describe('parseActionContext', () => {
  it('knows the client page and the list filters, and defaults to the active list', () => {
    expect(parseActionContext({ origin: 'detail', view: 'all' })).toEqual({ origin: 'detail', view: 'all' });
    expect(parseActionContext({ origin: 'elsewhere', view: 'everything' })).toEqual({ origin: 'list', view: 'active' });
    expect(parseActionContext(null)).toEqual({ origin: 'list', view: 'active' });
  });
});
