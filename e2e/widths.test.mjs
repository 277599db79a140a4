// Every page family fits a 360-px phone: no sideways scrolling, even when a
// teacher writes a long unbroken word (a web address, a run of letters).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, launch, phoneOn } from './browser.mjs';
import { seed } from './seed.mjs';
import { axeViolations, described } from './axe.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function widthOf(page, path) {
  const r = await page.goto(`${BASE}${path}`);
  assert.ok(r.status() < 400, `${path} answers ${r.status()}`);
  return page.evaluate(() => document.documentElement.scrollWidth);
}

test('no page family scrolls sideways at 360 px, with a long unbroken word in it', async () => {
  const { context, page } = await phoneOn(browser, false);
  const phone = `0178${String(Date.now()).slice(-7)}`;
  await page.goto(`${BASE}/signup`);
  await page.fill('#f-name', 'লম্বা শব্দের শিক্ষক');
  await page.fill('#f-phone', phone);
  await page.fill('#f-password', 'shikkhok123');
  await page.click('form[action="/signup"] button.primary');
  await page.waitForURL('**/profile/edit?welcome=1');

  const longWord = 'সংখ্যারকার্ড'.repeat(12);
  await page.goto(`${BASE}/practice/plan`);
  await page.fill('input[name=title]', longWord);
  await page.selectOption('select[name=class_number]', '2');
  await page.click('form[action="/practice/plan"] button.primary');
  await page.waitForURL('**/practice/logs/*');
  const entry = new URL(page.url()).pathname;

  const signedIn = [entry, '/practice', '/', '/feed', '/questions', '/posts', '/ideas', '/courses',
    '/recognition', '/recognition/leaderboards', '/search?q=gonit', '/backpack', '/issuers', '/verify',
    '/profile/edit', '/my/posts'];
  for (const path of signedIn) {
    const width = await widthOf(page, path);
    assert.ok(width <= 360, `${path} is ${width} px wide at 360`);
  }
  await context.close();

  const anonymous = await phoneOn(browser, false);
  for (const path of ['/', '/login', '/signup', '/questions', '/courses', '/recognition', '/search?q=gonit']) {
    const width = await widthOf(anonymous.page, path);
    assert.ok(width <= 360, `${path} (signed out) is ${width} px wide at 360`);
  }
  await anonymous.context.close();
});

// axe too, on both databases: no violation at all, down to a skipped
// heading level (the audit's budget, in scripts/page-audit with Lighthouse,
// is no serious or critical one).
test('every page family fits 360 px for each role: a lesson video, the quiz, the dashboards and the queues', async () => {
  const { phones, paths } = await seed(browser);
  const found = [];
  for (const [family, role, path] of paths) {
    const width = await widthOf(phones[role].page, path);
    assert.ok(width <= 360, `${family} (${path}, as ${role}) is ${width} px wide at 360`);
    found.push(...(await axeViolations(phones[role].page)).map((v) => `${family} ${path}: ${described(v)}`));
  }
  assert.deepEqual(found, [], 'no axe violation');
  for (const { context } of Object.values(phones)) await context.close();
});
