import { afterAll, beforeAll } from '@jest/globals';
import { chromium, type Browser, type Page } from 'playwright-core';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-quic',
];

export type TestPage = Page & { consoleErrors: string[] };

export interface TestBrowser {
  browser: Browser;
  /** A page in a context of its own: fresh cookies, as a different person's browser would have. */
  newPage: () => Promise<TestPage>;
  close: () => Promise<void>;
}

/** Debian's Chromium, headless, with a throwaway profile; never a downloaded browser. */
export async function launchBrowser(options: { javaScriptEnabled?: boolean } = {}): Promise<TestBrowser> {
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
  return {
    browser,
    newPage: async () => {
      const context = await browser.newContext({
        javaScriptEnabled: options.javaScriptEnabled ?? true,
        viewport: { width: 1280, height: 800 },
      });
      const page = (await context.newPage()) as TestPage;
      // Fail fast with Playwright's own message (which says what it waited for) rather than Jest's timeout.
      page.setDefaultTimeout(8_000);
      page.consoleErrors = [];
      page.on('console', (message) => {
        if (message.type() === 'error') page.consoleErrors.push(message.text());
      });
      page.on('pageerror', (error) => page.consoleErrors.push(error.message));
      // Closing the page retires its context. Ignore a refusal: the browser may be closing too, and an unhandled
      // rejection here would fail whichever test happens to be running.
      page.on('close', () => void context.close().catch(() => undefined));
      return page;
    },
    close: () => browser.close(),
  };
}

export type { Page };

/**
 * One app on a loopback port and one Chromium for a describe block, started before its tests and stopped
 * after. Read `env.t` and `env.browser` inside tests (they are set once beforeAll has run).
 */
export function useBrowserApp(options: { javaScriptEnabled?: boolean } = {}): {
  t: Awaited<ReturnType<typeof import('./test-app.js').listenTestApp>>;
  browser: TestBrowser;
} {
  const env = {} as ReturnType<typeof useBrowserApp>;
  beforeAll(async () => {
    const { listenTestApp } = await import('./test-app.js');
    env.t = await listenTestApp();
    env.browser = await launchBrowser(options);
  });
  afterAll(async () => {
    await env.browser?.close();
    await env.t?.close();
  });
  return env;
}
