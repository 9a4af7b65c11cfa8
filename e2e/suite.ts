// The set-up every browser test file needs: a test platform and Chromium, started before the file's
// tests and closed after them; `skip` when Chromium is missing (see browserSkip).
import { after, before } from 'node:test';
import { startTestPlatform, type TestPlatform } from '../src/testing/platform.ts';
import { browserSkip, E2eBrowser } from './browser.ts';

export interface BrowserSuite {
  skip: string | false;
  platform(): TestPlatform;
  browser(): E2eBrowser;
}

export interface BrowserSuiteOptions {
  /** How the file's platform is started (a clock of its own, settings from the environment). */
  platform?: Parameters<typeof startTestPlatform>[0];
  /**
   * What the file needs once the platform is up and before Chromium starts (a relying party of its
   * own); the function it returns is awaited before the platform closes. In this hook and not one
   * of the file's: Node 20 does not wait for one `before` hook before starting the next.
   */
  setUp?: (platform: TestPlatform) => Promise<(() => Promise<void>) | void>;
}

export function browserSuite(options: BrowserSuiteOptions = {}): BrowserSuite {
  const skip = browserSkip();
  let platform: TestPlatform | undefined;
  let browser: E2eBrowser | undefined;
  let tearDown: (() => Promise<void>) | undefined;
  before(async () => {
    if (skip) return;
    platform = await startTestPlatform(options.platform);
    tearDown = (await options.setUp?.(platform)) ?? undefined;
    browser = await E2eBrowser.launch();
  });
  after(async () => {
    await browser?.close();
    await tearDown?.();
    await platform?.close();
  });
  return { skip, platform: () => platform!, browser: () => browser! };
}
