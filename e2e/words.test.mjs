// Lists in Bangla text count ১. ২. ৩., not 1. 2. 3.: an ordered list on a
// Bangla page gets Bangla digits from the stylesheet, an English page keeps
// 1. 2., and lists that hide their markers (chapters) keep hiding them.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, launch, phoneOn } from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

// The marker style of a fresh list placed in the page's main column.
const markers = () => {
  const list = document.createElement('ol');
  list.innerHTML = '<li>এক</li><li>দুই</li>';
  document.querySelector('main').append(list);
  const chapters = document.createElement('ol');
  chapters.className = 'chapters';
  document.querySelector('main').append(chapters);
  return [getComputedStyle(list).listStyleType, getComputedStyle(chapters).listStyleType];
};

test('ordered lists number in Bangla digits on Bangla pages only', async () => {
  const { page } = await phoneOn(browser, true);
  await page.goto(`${BASE}/recognition/how`);
  assert.deepEqual(await page.evaluate(markers), ['bengali', 'none']);
  await page.goto(`${BASE}/lang/en?next=/recognition/how`);
  assert.deepEqual(await page.evaluate(markers), ['decimal', 'none']);
});
