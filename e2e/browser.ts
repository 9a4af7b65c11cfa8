// A real browser for the end-to-end tests: the system Chromium driven by playwright-core.
//
// Policy: when Chromium is missing the browser tests are skipped with a clear reason — except in CI
// (CI=true), where a missing browser is a failure, so a broken CI image cannot pass silently.
import fs from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Why no browser can be launched, or undefined when Chromium is there. */
export function browserProblem(): string | undefined {
  try {
    fs.accessSync(CHROMIUM_PATH, fs.constants.X_OK);
    return undefined;
  } catch {
    return `Chromium not found at ${CHROMIUM_PATH} (install it with \`apt-get install chromium\` or set CHROMIUM_PATH); browser tests skipped`;
  }
}

/**
 * The value for `test(name, { skip })`: a reason to skip when Chromium is missing, false otherwise.
 * In CI a missing browser throws instead, failing the test file.
 */
export function browserSkip(): string | false {
  const problem = browserProblem();
  if (!problem) return false;
  if (process.env.CI === 'true') throw new Error(`${problem.replace(/; browser tests skipped$/, '')} — a browser is required in CI`);
  return problem;
}

export async function launchChromium(): Promise<Browser> {
  const problem = browserProblem();
  if (problem) throw new Error(problem);
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/** Polls `check` until it returns true (or throws the last failure after `timeoutMs`). */
export async function eventually(check: () => Promise<boolean> | boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Saves a screenshot of `page` under /tmp for debugging a failure; never throws. */
export async function debugScreenshot(page: Page | undefined, name: string): Promise<string | undefined> {
  if (!page || page.isClosed()) return undefined;
  const file = `/tmp/e2e-${name.replace(/[^\w.-]+/g, '_')}-${Date.now()}.png`;
  try {
    await page.screenshot({ path: file, fullPage: true });
    return file;
  } catch {
    return undefined;
  }
}
