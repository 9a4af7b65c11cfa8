// Measurements of how a page is laid out, for faults axe cannot see: a select too narrow for its
// choice, an empty band above a card's heading, a line of text touching the card above it.
import type { Locator } from 'playwright-core';

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

/** How many lines an element's text takes (its height over its line height). */
export async function linesOf(el: Locator): Promise<number> {
  return el.evaluate((e) => {
    const style = getComputedStyle(e);
    const line = parseFloat(style.lineHeight) || parseFloat(style.fontSize) * 1.5;
    const height = e.getBoundingClientRect().height - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom);
    return Math.round(height / line);
  });
}
