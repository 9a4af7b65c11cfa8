// Measurements of how a page is laid out, for faults axe cannot see: a select too narrow for its
// choice, an empty band above a card's heading, a line of text touching the card above it, a
// timetable wider than its box or with a time range broken across lines.
import type { Locator, Page } from 'playwright-core';

/** A select's width and the width its widest choice needs (the select's own size without the page's
 * CSS width). Narrower than that, Chromium cuts the chosen text. */
export async function selectWidths(select: Locator): Promise<{ width: number; needed: number }> {
  return select.evaluate((el) => {
    const copy = el.cloneNode(true) as HTMLSelectElement;
    copy.removeAttribute('id');
    copy.style.cssText = 'position:absolute;visibility:hidden;width:auto;min-width:0;max-width:none';
    el.parentElement!.appendChild(copy);
    const needed = copy.getBoundingClientRect().width;
    copy.remove();
    return { width: el.getBoundingClientRect().width, needed };
  });
}

/** How far below the top of its container's padding box content begins (0: no empty band). */
export async function bandAbove(container: Locator, child: Locator): Promise<number> {
  const top = await child.evaluate((el) => el.getBoundingClientRect().top);
  return container.evaluate((el, childTop) => {
    const style = getComputedStyle(el);
    return childTop - (el.getBoundingClientRect().top + parseFloat(style.borderTopWidth) + parseFloat(style.paddingTop));
  }, top);
}

/** The space between the bottom of one element and the top of the next below it. */
export async function gapBetween(upper: Locator, lower: Locator): Promise<number> {
  const bottom = await upper.evaluate((el) => el.getBoundingClientRect().bottom);
  return lower.evaluate((el, upperBottom) => el.getBoundingClientRect().top - upperBottom, bottom);
}

/** The page's timetables as laid out: how far the widest is wider than its box, and how many time
 * ranges (「09:00–12:00」) are broken across lines. */
export async function timetableLayout(page: Page): Promise<{ tables: number; overflow: number; brokenRanges: number; ranges: number }> {
  return page.evaluate(() => {
    const boxes = [...document.querySelectorAll<HTMLElement>('.values-table-scroll')].filter((b) => b.querySelector('.timetable-view'));
    const ranges = [...document.querySelectorAll<HTMLElement>('.timetable-view .time-range')];
    return {
      tables: boxes.length,
      overflow: Math.max(0, ...boxes.map((b) => b.scrollWidth - b.clientWidth)),
      brokenRanges: ranges.filter((r) => r.getClientRects().length > 1).length,
      ranges: ranges.length,
    };
  });
}
