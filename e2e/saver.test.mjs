// Data saver on a 360 px phone: a teacher turns it on from the footer; a
// video lesson's page then brings its small poster and says what playing
// costs, and not one byte of video comes before she taps play. A phone
// whose browser sends Save-Data: on gets the same without touching anything.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, launch, phoneOn } from './browser.mjs';
import { api } from './chilmari.mjs';
import { shareVideo } from './seed.mjs';

let browser;
let lesson;

before(async () => {
  browser = await launch();
  const phone = '015' + String(Math.floor(Math.random() * 1e8)).padStart(8, '0');
  await api('/api/v1/auth/register', { name: 'ভিডিও শিক্ষিকা', phone, password: 'shikkhok123' });
  const { token } = await api('/api/v1/auth/login', { login: phone, password: 'shikkhok123' });
  lesson = `/contents/${await shareVideo(token)}`;
});
after(async () => { await browser?.close(); });

// Every request for a video version, as the phone made them.
function videoRequests(page) {
  const seen = [];
  page.on('request', (r) => { if (r.url().includes('/renditions/video_')) seen.push(r.url()); });
  return seen;
}

// The worker makes the light versions in a few seconds.
async function untilPlayable(page) {
  for (let i = 0; i < 120; i++) {
    await page.goto(`${BASE}${lesson}`);
    if (await page.$('a.saver-play')) return;
    await page.waitForTimeout(500);
  }
  assert.fail(`${lesson} never offered its video`);
}

test('with data saver on, no video byte comes before she taps play', async () => {
  const { context, page } = await phoneOn(browser);
  await page.goto(`${BASE}/`);
  await page.click('.saver-switch a');
  await page.waitForURL(`${BASE}/`);
  assert.match(await page.textContent('.saver-switch'), /ডেটা সাশ্রয় চালু:/);
  const seen = videoRequests(page);
  await untilPlayable(page);
  assert.equal(await page.$('video'), null, 'no player before the tap');
  const label = await page.textContent('a.saver-play');
  assert.match(label, /ভিডিও চালান \([০-৯.]+ (KB|MB)\)/, `it says what playing costs: ${label}`);
  await page.waitForTimeout(1500);
  assert.deepEqual(seen, [], 'no video requested before the tap');
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 360, `the page fits the phone (${width} px)`);

  await page.click('a.saver-play');
  await page.waitForSelector('video#player');
  for (let i = 0; i < 40 && seen.length === 0; i++) await page.waitForTimeout(250);
  assert.ok(seen.length > 0, 'the tap brings the video');
  assert.ok(seen.every((u) => u.includes('video_240p')), `only the smallest version: ${seen}`);
  await context.close();
});

test('a browser that sends Save-Data gets the light page by itself, and can turn it off', async () => {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, extraHTTPHeaders: { 'Save-Data': 'on' } });
  const page = await context.newPage();
  const seen = videoRequests(page);
  await page.goto(`${BASE}${lesson}`);
  assert.ok(await page.$('a.saver-play'), 'the poster and its price');
  assert.equal(await page.$('video'), null);
  await page.click('.saver-switch a');
  await page.waitForURL(`${BASE}${lesson}`);
  assert.ok(await page.$('video'), 'switched off here, the player is back');
  assert.deepEqual(seen, [], 'the player itself waits for a tap (preload none)');
  await context.close();
});
