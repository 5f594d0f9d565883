import type { Page } from 'playwright-core';

/** Signs in through the real login form and waits for the page the app lands on (/dashboard, or `next`). */
export async function signIn(
  page: Page,
  baseUrl: string,
  credentials: { email: string; password: string },
  next?: string,
): Promise<void> {
  await page.goto(`${baseUrl}/login${next ? `?next=${encodeURIComponent(next)}` : ''}`);
  await page.getByLabel('Email').fill(credentials.email);
  await page.getByLabel('Password').fill(credentials.password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.waitForURL(`${baseUrl}${next ?? '/dashboard'}`);
}

/** The page's horizontal overflow in pixels; anything above 0 means sideways scrolling. */
export function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}
