import type { Page } from '@playwright/test';

/**
 * What went wrong in the page while a test drove it: uncaught errors, console errors, and any
 * Content Security Policy violation (Chromium reports those on the console). A test ends by
 * expecting the list to be empty.
 */
export function pageProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' || /Content Security Policy/i.test(message.text())) problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(String(error)));
  return problems;
}
