// Finding on a phone: a question asked a moment ago is found from the
// search box by Bangla typed in English letters, with the words marked,
// and offered under the box while typing (JavaScript on);
// and a teacher sharing a worksheet is offered its chapter as she types.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { BASE, launch, ownAddress } from './browser.mjs';

const PHONE = { width: 360, height: 740 };
let browser;

before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function signUp(javaScriptEnabled) {
  const context = await browser.newContext({ viewport: PHONE, javaScriptEnabled, deviceScaleFactor: 2, extraHTTPHeaders: ownAddress() });
  const page = await context.newPage();
  await page.goto(`${BASE}/signup`);
  await page.fill('#f-name', 'খুঁজে দেখা শিক্ষক');
  await page.fill('#f-phone', '017' + String(Math.floor(Math.random() * 1e8)).padStart(8, '0'));
  await page.fill('#f-password', 'shikkhok123');
  await page.click('form[action="/signup"] button.primary');
  await page.waitForURL('**/profile/edit?welcome=1');
  return { context, page };
}

async function askedThenFound(javaScriptEnabled) {
  const stamp = 'q' + Date.now().toString(36) + (javaScriptEnabled ? 'j' : 'n');
  const { context, page } = await signUp(javaScriptEnabled);
  await page.goto(`${BASE}/questions/ask`);
  await page.fill('#f-title', `ভগ্নাংশের যোগ শেখাতে কাগজের ফিতা কাজে লাগে? ${stamp}`);
  await page.fill('#f-body', 'চতুর্থ শ্রেণির শিশুরা হর আলাদা হলে গুলিয়ে ফেলে।');
  await page.click('form[action="/questions/ask"] button.primary');
  if (await page.$('input[name=confirmed]')) await page.click('form[action="/questions/ask"] button.primary');
  await page.waitForURL(/\/questions\/\d+$/);
  const questionPath = new URL(page.url()).pathname;

  // The index follows within a second or two.
  let found = false;
  for (let i = 0; i < 20 && !found; i++) {
    await page.goto(`${BASE}/`);
    await page.fill('#site-q', `bhognangsho ${stamp}`);
    await page.press('#site-q', 'Enter');
    await page.waitForURL(/\/search\?q=/);
    found = (await page.$(`ol.results a[href="${questionPath}"]`)) !== null;
    if (!found) await page.waitForTimeout(300);
  }
  assert.ok(found, 'the question is found by Banglish');
  assert.match(await page.innerHTML('ol.results'), /<mark>ভগ্নাংশের<\/mark>|<mark>/);
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 360, `no sideways scrolling on a phone (${width}px)`);
  mkdirSync('screenshots', { recursive: true });
  await page.screenshot({ path: `screenshots/search-${javaScriptEnabled ? 'js' : 'nojs'}.png`, fullPage: true });
  if (javaScriptEnabled) {
    // Suggestions under the box while typing; the arrow key and Enter open one.
    await page.goto(`${BASE}/`);
    await page.click('#site-q');
    await page.keyboard.type(`bhognangsho ${stamp.slice(0, -2)}`, { delay: 40 });
    await page.waitForSelector(`#site-suggestions a[href="${questionPath}"]`, { timeout: 10000 });
    await page.screenshot({ path: 'screenshots/search-suggestions.png' });
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.waitForURL(`**${questionPath}`);
  }
  await context.close();
}

test('a question asked a moment ago is found by Banglish, JavaScript on', () => askedThenFound(true));
test('a question asked a moment ago is found by Banglish, JavaScript off', () => askedThenFound(false));

test('sharing a worksheet offers its chapter as the title is typed', async () => {
  const { context, page } = await signUp(true);
  await page.goto(`${BASE}/contents/new`);
  await page.fill('#f-title', 'চতুর্থ শ্রেণির গণিত: ভগ্নাংশ কার্যপত্র');
  await page.waitForSelector('#chapter-suggestions button', { timeout: 10000 });
  const offered = await page.textContent('#chapter-suggestions');
  assert.match(offered, /ভগ্নাংশ/);
  await page.click('#chapter-suggestions button');
  const chosen = await page.$eval('#f-chapter_id', (s) => s.options[s.selectedIndex].textContent);
  assert.match(chosen, /ভগ্নাংশ/, 'the tap picked it in the list');
  await page.screenshot({ path: 'screenshots/share-chapter-suggested.png', fullPage: true });
  await context.close();
});
