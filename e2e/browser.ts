// A real browser for the end-to-end tests: the system Chromium driven by playwright-core.
//
// Policy: when Chromium is missing the browser tests are skipped with a clear reason — except in CI
// (CI=true), where a missing browser is a failure, so a broken CI image cannot pass silently.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { RunOptions } from 'axe-core';

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

/** A pattern that finds `text` as it is (a catalogue message inside a page's text, for `assert.match`). */
export const literally = (text: string) => new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));

/** A form field by its id (every field's id is its name; password inputs have no textbox role to find them by). */
export const field = (page: Page, id: string) => page.locator(`#${id}`);

/** How long a navigation waits for the accessibility check of the page it leaves. */
const AXE_WAIT_MS = 15_000;

const AXE_SOURCE = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** What every page is held to: WCAG 2.1 A and AA, and axe's best practices. */
export const AXE_OPTIONS: RunOptions = {
  runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
  resultTypes: ['violations'],
};

/** What a page's check reports: its violations, or why it could not run. */
interface AxeReport {
  url: string;
  violations?: Array<{ id: string; impact?: string | null; help: string; targets: string[] }>;
  error?: string;
}

/** One line per violated rule and element: rule id, impact, target and the page's URL. */
function describeReport({ url, violations = [], error }: AxeReport): string[] {
  const lines = violations.flatMap((v) => v.targets.map((t) => `axe ${v.id} (${v.impact ?? 'unknown'}) at ${t} on ${url}: ${v.help}`));
  return error ? [...lines, `axe could not check ${url}: ${error}`] : lines;
}

const AXE_BINDING = '__e2eAccessibility';

/** Source text run in the page: one axe violation as an AxeReport keeps it. */
const VIOLATION_IN_REPORT = "(v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')) })";

/**
 * The script that checks each top-level http(s) document once it has loaded, in the page itself:
 * added by CDP as an init script, so the page's CSP does not apply to it (and does still apply to
 * the page's own scripts). It says when a check starts and what it found through a binding.
 */
const AXE_IN_PAGE = `${AXE_SOURCE}
;(() => {
  if (window.top !== window || !/^https?:$/.test(location.protocol)) return;
  const report = window[${JSON.stringify(AXE_BINDING)}];
  const id = Math.random().toString(36).slice(2);
  window.addEventListener('load', () => {
    report({ id, started: true });
    const url = location.href;
    window.axe.run(document, ${JSON.stringify(AXE_OPTIONS)}).then(
      (r) => report({ id, url, violations: r.violations.map(${VIOLATION_IN_REPORT}) }),
      (e) => report({ id, url, error: String(e) }),
    );
  }, { once: true });
})();`;

/** Runs axe-core on the document `page` shows now (by evaluation, for pages that hold no navigation). */
async function axeReport(page: Page, url: string): Promise<AxeReport> {
  try {
    await page.evaluate(AXE_SOURCE);
    // Source text: the transpiler's helpers do not exist in the page.
    const violations = await page.evaluate(`window.axe.run(document, ${JSON.stringify(AXE_OPTIONS)}).then((r) => r.violations.map(${VIOLATION_IN_REPORT}))`);
    return { url, violations: violations as AxeReport['violations'] };
  } catch (err) {
    return { url, error: (err as Error).message.split('\n')[0] };
  }
}

/**
 * The browser of one e2e test file: each page gets a fresh context (Japanese locale, short
 * timeouts), and what a user would not see but the pages must not have — script errors, CSP
 * violations, sub-resources that fail to load — is collected in `problems`. Error statuses of
 * documents are expected in these tests and are not problems.
 */
export class E2eBrowser {
  readonly problems: string[] = [];
  /** The URL of every document axe-core has checked, in order. */
  readonly checked: string[] = [];
  private readonly contexts: BrowserContext[] = [];
  /** For each page, waits for the accessibility checks of what it has shown so far. */
  private readonly checks = new Map<Page, () => Promise<void>>();

  private constructor(private readonly browser: Browser) {}

  static async launch(): Promise<E2eBrowser> {
    return new E2eBrowser(await launchChromium());
  }

  async newPage(options: { javaScriptEnabled?: boolean; viewport?: { width: number; height: number } } = {}): Promise<Page> {
    const context = await this.browser.newContext({ locale: 'ja-JP', ...options });
    // A click that navigates waits for the accessibility check of the page it leaves, which on a long
    // page (the audit log) and a loaded machine can take several seconds: actions get the navigation's
    // allowance too.
    context.setDefaultTimeout(20000);
    context.setDefaultNavigationTimeout(20000);
    this.contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (err) => this.problems.push(`script error: ${err.message}`));
    page.on('console', (msg) => {
      if (msg.type() === 'error' && !msg.text().startsWith('Failed to load resource')) this.problems.push(`console: ${msg.text()}`);
    });
    page.on('requestfailed', (req) => {
      // A navigation (a quick form submit) aborts the loads of the page it leaves (its icon, its
      // stylesheets); that is not a broken resource.
      if (req.resourceType() !== 'document' && req.failure()?.errorText === 'net::ERR_ABORTED') return;
      this.problems.push(`request failed: ${req.url()} ${req.failure()?.errorText ?? ''}`);
    });
    page.on('response', (res) => {
      if (res.status() >= 400 && res.request().resourceType() !== 'document') this.problems.push(`${res.status()} for ${res.url()}`);
    });
    if (options.javaScriptEnabled === false) this.checkEveryDocumentWithoutScripts(page);
    else await this.checkEveryDocument(page);
    return page;
  }

  /**
   * Every document the page loads is checked by axe-core in the page once it has loaded (AXE_IN_PAGE),
   * and a navigation of the page is held until the checks running in it have finished, so a quick
   * click cannot skip a page. (A document left before it finished loading was never shown whole and
   * is not checked.)
   */
  private async checkEveryDocument(page: Page): Promise<void> {
    const running = new Map<string, { done: Promise<void>; finish: () => void }>();
    await page.exposeBinding(AXE_BINDING, (_source, message: AxeReport & { id: string; started?: true }) => {
      if (message.started) {
        let finish = () => {};
        const done = new Promise<void>((resolve) => (finish = resolve));
        running.set(message.id, { done, finish });
        return;
      }
      this.checked.push(message.url);
      this.problems.push(...describeReport(message));
      running.get(message.id)?.finish();
      running.delete(message.id);
    });
    await page.addInitScript(AXE_IN_PAGE);
    // A document that is gone (a history navigation brought back another without a request) has no
    // check left to wait for.
    page.on('framenavigated', (frame) => {
      if (frame !== page.mainFrame()) return;
      for (const r of running.values()) r.finish();
      running.clear();
    });
    // Bounded: a check whose document went away without reporting must fail the walk, not hang it.
    const settled = async () => {
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), AXE_WAIT_MS)));
      const outcome = await Promise.race([Promise.all([...running.values()].map((r) => r.done)), late]);
      clearTimeout(timer);
      if (outcome === 'late') {
        this.problems.push(`accessibility check did not finish within ${AXE_WAIT_MS} ms on ${page.url()}`);
        for (const r of running.values()) r.finish();
        running.clear();
      }
    };
    this.checks.set(page, async () => {
      if (page.isClosed()) return;
      await page.waitForLoadState('load').catch(() => {});
      await settled();
    });
    await page.route('**/*', async (route) => {
      const request = route.request();
      if (request.isNavigationRequest() && request.frame() === page.mainFrame()) await settled();
      await route.fallback().catch(() => {});
    });
  }

  private mirror: Promise<Page> | undefined;
  private mirrorTurn: Promise<void> = Promise.resolve();

  /**
   * axe cannot run where the page's JavaScript is off (timers never fire). With no script to change
   * it, a document is what the server sent: each one is shown at its own URL in a page of another
   * context with JavaScript on and checked there, a CSP of `script-src 'none'` keeping the document's
   * own scripts from running in it.
   */
  private checkEveryDocumentWithoutScripts(page: Page): void {
    const checks: Promise<void>[] = [];
    page.on('response', (res) => {
      const request = res.request();
      if (!request.isNavigationRequest() || request.frame() !== page.mainFrame() || (res.status() >= 300 && res.status() < 400)) return;
      const html = res.text();
      checks.push(
        (this.mirrorTurn = this.mirrorTurn.then(async () => {
          const report = await html.then(
            (body) => this.checkInMirror(res.url(), body),
            (err: Error) => ({ url: res.url(), error: `its HTML could not be read (${err.message.split('\n')[0]})` }),
          );
          this.checked.push(report.url);
          this.problems.push(...describeReport(report));
        })),
      );
    });
    this.checks.set(page, () => Promise.all(checks).then(() => {}));
  }

  private async checkInMirror(url: string, html: string): Promise<AxeReport> {
    this.mirror ??= this.browser.newContext({ locale: 'ja-JP' }).then((context) => (this.contexts.push(context), context.newPage()));
    const mirror = await this.mirror;
    await mirror.route(
      (u) => u.href === url,
      (route) => route.fulfill({ contentType: 'text/html; charset=utf-8', headers: { 'content-security-policy': "script-src 'none'" }, body: html }),
      { times: 1 },
    );
    await mirror.goto(url);
    return axeReport(mirror, url);
  }

  /** Waits for the accessibility checks of the documents the pages show now. */
  async checkAccessibility(): Promise<void> {
    await Promise.all([...this.checks.values()].map((check) => check()));
  }

  /**
   * Runs `body`; on failure saves a screenshot of each page under /tmp and names them in the error.
   * Afterwards, asserts that the pages had no problems.
   */
  async walk(name: string, pages: () => Array<Page | undefined>, body: () => Promise<void>): Promise<void> {
    try {
      await body();
      await this.checkAccessibility();
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
    assert.deepEqual(this.problems.splice(0), [], 'no script errors, CSP violations, broken sub-resources or accessibility violations');
  }

  async close(): Promise<void> {
    for (const c of this.contexts) await c.close().catch(() => {});
    await this.browser.close();
  }
}
