// A real browser for the end-to-end tests: the system Chromium driven by playwright-core.
//
// Policy: when Chromium is missing the browser tests are skipped with a clear reason — except in CI
// (CI=true), where a missing browser is a failure, so a broken CI image cannot pass silently.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

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

/**
 * The browser of one e2e test file: each page gets a fresh context (Japanese locale, short
 * timeouts), and what a user would not see but the pages must not have — script errors, CSP
 * violations, sub-resources that fail to load — is collected in `problems`. Error statuses of
 * documents are expected in these tests and are not problems.
 */
/** A form field by its id (every field's id is its name; password inputs have no textbox role to find them by). */
export const field = (page: Page, id: string) => page.locator(`#${id}`);

export class E2eBrowser {
  readonly problems: string[] = [];
  private readonly contexts: BrowserContext[] = [];

  private constructor(private readonly browser: Browser) {}

  static async launch(): Promise<E2eBrowser> {
    return new E2eBrowser(await launchChromium());
  }

  async newPage(options: { javaScriptEnabled?: boolean; viewport?: { width: number; height: number } } = {}): Promise<Page> {
    const context = await this.browser.newContext({ locale: 'ja-JP', ...options });
    context.setDefaultTimeout(8000);
    context.setDefaultNavigationTimeout(10000);
    this.contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (err) => this.problems.push(`script error: ${err.message}`));
    page.on('console', (msg) => {
      if (msg.type() === 'error' && !msg.text().startsWith('Failed to load resource')) this.problems.push(`console: ${msg.text()}`);
    });
    page.on('requestfailed', (req) => {
      // A navigation (a quick form submit) aborts the icon's load; that is not a broken resource.
      if (req.url().endsWith('/favicon.svg') && req.failure()?.errorText === 'net::ERR_ABORTED') return;
      this.problems.push(`request failed: ${req.url()} ${req.failure()?.errorText ?? ''}`);
    });
    page.on('response', (res) => {
      if (res.status() >= 400 && res.request().resourceType() !== 'document') this.problems.push(`${res.status()} for ${res.url()}`);
    });
    return page;
  }

  /**
   * Runs `body`; on failure saves a screenshot of each page under /tmp and names them in the error.
   * Afterwards, asserts that the pages had no problems.
   */
  async walk(name: string, pages: () => Array<Page | undefined>, body: () => Promise<void>): Promise<void> {
    try {
      await body();
    } catch (err) {
      this.problems.length = 0;
      const shots = [];
      for (const [i, p] of pages().entries()) {
        const file = await debugScreenshot(p, `${name}-${i}`);
        if (file) shots.push(file);
      }
      if (shots.length) {
        const note = `debug screenshots: ${shots.join(', ')}`;
        console.error(note);
        if (err instanceof Error) err.stack = `${err.stack ?? err.message}\n(${note})`;
      }
      throw err;
    }
    assert.deepEqual(this.problems.splice(0), [], 'no script errors, CSP violations or broken sub-resources');
  }

  async close(): Promise<void> {
    for (const c of this.contexts) await c.close().catch(() => {});
    await this.browser.close();
  }
}
