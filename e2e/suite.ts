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

export function browserSuite(): BrowserSuite {
  const skip = browserSkip();
  let platform: TestPlatform | undefined;
  let browser: E2eBrowser | undefined;
  before(async () => {
    if (skip) return;
    platform = await startTestPlatform();
    browser = await E2eBrowser.launch();
  });
  after(async () => {
    await browser?.close();
    await platform?.close();
  });
  return { skip, platform: () => platform!, browser: () => browser! };
}
