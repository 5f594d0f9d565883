import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import Handlebars from 'handlebars';
import { VIEWS_DIR } from '../paths.js';
import { registerViewHelpers } from './view-helpers.js';

export type ViewContext = Record<string, unknown>;

function listTemplates(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) return listTemplates(full);
    return name.endsWith('.hbs') ? [full] : [];
  });
}

/**
 * Every template under views/ compiled once, at boot. Templates are addressed by their path without the
 * extension ("pages/clients/list", "partials/shared/flash"); everything under partials/ is also a partial.
 */
export class ViewEngine {
  private readonly handlebars = Handlebars.create();
  private readonly templates = new Map<string, Handlebars.TemplateDelegate>();

  constructor(viewsDir: string = VIEWS_DIR) {
    registerViewHelpers(this.handlebars);
    for (const file of listTemplates(viewsDir)) {
      const name = relative(viewsDir, file)
        .split(sep)
        .join('/')
        .replace(/\.hbs$/, '');
      const source = readFileSync(file, 'utf8');
      const template = this.handlebars.compile(source, { strict: false, noEscape: false });
      this.templates.set(name, template);
      if (name.startsWith('partials/')) this.handlebars.registerPartial(name.slice('partials/'.length), template);
    }
  }

  has(name: string): boolean {
    return this.templates.has(name);
  }

  /** Renders one template on its own: a fragment, an email, or a page body before the layout wraps it. */
  render(name: string, context: ViewContext = {}): string {
    const template = this.templates.get(name);
    if (!template) throw new Error(`Unknown template "${name}"`);
    return template(context);
  }

  /** Renders a page inside views/layout.hbs (or a layout of the caller's choosing). */
  renderPage(name: string, context: ViewContext = {}, layout = 'layout'): string {
    const body = this.render(name, context);
    return this.render(layout, { ...context, body: new Handlebars.SafeString(body) });
  }
}
