// Tests name a message by its catalogue id, never by its wording: does this page show it? A page
// escapes the text it shows (@kitajs/html), so the message is looked for escaped the same way.
import assert from 'node:assert/strict';
import { escapeHtml } from '@kitajs/html';

/** The message as it appears in a page's HTML. */
export const inHtml = (message: string): string => escapeHtml(message);

export function assertShows(html: string, message: string, why?: string): void {
  assert.ok(html.includes(inHtml(message)), why ?? `the page does not show 「${message}」`);
}

export function assertDoesNotShow(html: string, message: string, why?: string): void {
  assert.ok(!html.includes(inHtml(message)), why ?? `the page shows 「${message}」`);
}
