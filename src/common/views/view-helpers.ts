import type HandlebarsNamespace from 'handlebars';

type Handlebars = typeof HandlebarsNamespace;

/**
 * Helpers stay tiny on purpose: formatting belongs in each module's *.views.ts, so templates only need
 * comparisons and a JSON encoder for attributes such as hx-headers.
 */
export function registerViewHelpers(handlebars: Handlebars): void {
  handlebars.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  handlebars.registerHelper('not', (a: unknown) => !a);
  handlebars.registerHelper('or', (...args: unknown[]) => args.slice(0, -1).some(Boolean));
  handlebars.registerHelper('and', (...args: unknown[]) => args.slice(0, -1).every(Boolean));
  // Escaped by Handlebars afterwards, so it is safe inside an attribute value.
  handlebars.registerHelper('json', (value: unknown) => JSON.stringify(value ?? null));
  handlebars.registerHelper('year', () => new Date().getUTCFullYear());
  // Builds a context object inline, e.g. {{> shared/empty empty=(object title='No clients yet')}}.
  handlebars.registerHelper('object', (options: { hash: Record<string, unknown> }) => options.hash);
  // Ids for shared/form-field: "field-email", "help-email", "errors-email"; with a prefix "client-email",
  // "client-email-help", "client-email-errors" (the ids the clients forms always had).
  handlebars.registerHelper('fieldId', (prefix: unknown, name: unknown, ...rest: unknown[]) => {
    const part = rest.length > 1 && typeof rest[0] === 'string' ? rest[0] : '';
    if (typeof prefix === 'string' && prefix)
      return part ? `${prefix}-${String(name)}-${part}` : `${prefix}-${String(name)}`;
    return `${part || 'field'}-${String(name)}`;
  });
  handlebars.registerHelper('concat', (...args: unknown[]) => args.slice(0, -1).map(String).join(''));
}
