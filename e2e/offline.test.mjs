// A teacher in a haor upazila at the union parishad's Wi-Fi, on a 360 px
// phone: she keeps a video lesson and a course module for offline, goes
// home (Chromium's offline emulation), reads both, watches the video from
// the phone and answers the quiz; her answers wait on the phone and arrive
// exactly once when she is back in range. Signing out leaves nothing kept.
// The home page is installable as an app.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { BASE, launch, phoneOn } from './browser.mjs';
import { api, call } from './chilmari.mjs';
import { shareVideo } from './seed.mjs';

// A classroom photo (a green picture will do), made with ffmpeg.
function photo() {
  const file = join(tmpdir(), `batayon-class-${process.pid}.png`);
  execFileSync('ffmpeg', ['-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'color=c=green:s=64x48', '-frames:v', '1', file]);
  return readFileSync(file);
}
const AUTHOR = { phone: process.env.BATAYON_AUTHOR_PHONE, password: process.env.BATAYON_AUTHOR_PASSWORD };
let browser;

before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

// A published course whose one module plays `video` and asks one question.
async function courseWithVideo(video) {
  const { token } = await api('/api/v1/auth/login', { login: AUTHOR.phone, password: AUTHOR.password });
  const course = await api('/api/v1/courses', { title: `হাওরের ভগ্নাংশ ${Date.now().toString(36)}`, summary: 'ভিডিও দেখে ভগ্নাংশ।', class_number: 3, subject_code: 'math' }, token);
  const module = await api(`/api/v1/courses/${course.id}/modules`, { title: 'অর্ধেক চেনা', pass_percent: 50, max_attempts: 3, wait_minutes: 0 }, token);
  const activity = await api(`/api/v1/modules/${module.id}/activities`, { kind: 'video', title: 'ভিডিও: কাগজ ভাঁজ', body: 'ভিডিওটি দেখে কাগজ ভাঁজ করুন।', content_id: video }, token);
  await api(`/api/v1/modules/${module.id}/questions`, { kind: 'single', prompt: 'দুই সমান ভাগের একটি কী?', explanation: 'অর্ধেক।', options: [{ body: 'অর্ধেক', correct: true }, { body: 'তিন ভাগের এক', correct: false }] }, token);
  await api(`/api/v1/courses/${course.id}/publish`, {}, token);
  return { course: course.id, module: module.id, activity: activity.id };
}

async function keep(page, path) {
  for (let i = 0; i < 120; i++) {
    await page.goto(`${BASE}${path}`);
    const button = await page.$('button.save-offline:not([hidden])');
    if (button) {
      const label = await button.textContent();
      assert.match(label, /\([০-৯.]+ (KB|MB)\)/, `the size shows before keeping: ${label}`);
      await button.click();
      await page.waitForFunction((b) => /✓/.test(b.textContent), button, { timeout: 30000 });
      return;
    }
    await page.waitForTimeout(500);
  }
  assert.fail(`${path} never offered to keep it`);
}

test('kept at the Wi-Fi, read and answered at home, sent once back in range, gone at sign-out', async () => {
  const phone = '013' + String(Math.floor(Math.random() * 1e8)).padStart(8, '0');
  await api('/api/v1/auth/register', { name: 'হাওরের শিক্ষিকা', phone, password: 'shikkhok123' });
  const { token } = await api('/api/v1/auth/login', { login: phone, password: 'shikkhok123' });
  const video = await shareVideo(token);
  const c = await courseWithVideo(video);

  const { context, page } = await phoneOn(browser);
  await page.goto(`${BASE}/login`);
  await page.fill('#f-login', phone);
  await page.fill('#f-password', 'shikkhok123');
  await page.click('form[action="/login"] button.primary');
  await page.waitForURL(`${BASE}/`);
  await page.evaluate(() => navigator.serviceWorker.ready);
  await call('PUT', `/api/v1/courses/${c.course}/enrolment`, undefined, token);

  const log = await call('POST', '/api/v1/practice-logs', { title: 'কাগজ ভাঁজ করে অর্ধেক', class_number: 3 }, token);
  await page.goto(`${BASE}/practice/logs/${log.id}`);
  await keep(page, `/contents/${video}`);
  await keep(page, `/courses/${c.course}`);
  const videoUrl = await page.evaluate(() => {
    const kept = JSON.parse(localStorage.getItem('batayon-saved-index'));
    return kept.flatMap((e) => e.urls).find((u) => u.includes('/renditions/video_'));
  });
  assert.ok(videoUrl, 'the smallest video is among what was kept');

  await context.setOffline(true);
  await page.goto(`${BASE}/contents/${video}`);
  assert.ok(await page.$('.offline-note'), 'the page says it is the phone’s copy');
  assert.equal(await page.evaluate(async (u) => (await fetch(u, { headers: { Range: 'bytes=0-99' } })).status, videoUrl), 206,
    'the video plays from the phone');
  await page.goto(`${BASE}/learn/activities/${c.activity}`);
  assert.match(await page.textContent('main'), /ভিডিওটি দেখে কাগজ ভাঁজ করুন/);
  await page.goto(`${BASE}/learn/quizzes/${c.module}`);
  await page.check('#quiz input[type=radio] >> nth=0');
  await page.click('#quiz button.primary');
  await page.waitForFunction(() => JSON.parse(localStorage.getItem('batayon-pending-attempts') || '[]').length === 1);
  assert.notEqual((await page.textContent('#quiz-status')).trim(), '', 'she is told it waits');
  // A try logged with a photo, and a comment, with no network: to the outbox.
  await page.goto(`${BASE}/practice/logs/${log.id}`);
  await page.fill('#f-what', 'কাগজ ভাঁজ করে অর্ধেক দেখালাম');
  await page.fill('#f-response', 'সবাই নিজের কাগজ ভাঁজ করল');
  await page.setInputFiles('#f-photo', { name: 'class.png', mimeType: 'image/png', buffer: photo() });
  await page.click(`form[action="/practice/logs/${log.id}/log"] button.primary`);
  await page.waitForSelector('.outbox-note');
  await page.goto(`${BASE}/contents/${video}`);
  await page.fill('#f-body', 'অফলাইনে দেখলাম, খুব কাজের ভিডিও');
  await page.locator('form', { has: page.locator('#f-body') }).locator('button').last().click();
  await page.waitForSelector('.outbox-note');
  await page.goto(`${BASE}/offline`);
  await page.waitForSelector('#outbox:not([hidden]) #outbox-list li');
  const waiting = await page.textContent('#outbox-list');
  assert.match(waiting, /অনুশীলনের লগ/, 'the try waits in the outbox');
  assert.match(waiting, /মন্তব্য/, 'the comment too');
  assert.match(waiting, /কুইজের উত্তর/, 'and the quiz answers');
  const shelf = await page.textContent('#offline-list');
  assert.match(shelf, /অর্ধেক চেনা/, 'the module is on the shelf');
  assert.equal(await page.$$eval('#offline-list li', (l) => l.length), 2);
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 360, `the shelf fits the phone (${width} px)`);

  await context.setOffline(false);
  await page.goto(`${BASE}/learn/quizzes/${c.module}`);
  await page.waitForURL(/\/result$/, { timeout: 30000 });
  await page.goto(`${BASE}/learn/quizzes/${c.module}`);
  await page.waitForTimeout(1000);
  const attempts = await call('GET', `/api/v1/quizzes/${c.module}/attempts`, undefined, token);
  const list = attempts.items ?? attempts;
  assert.equal(list.length, 1, 'the answers arrived exactly once');
  await page.goto(`${BASE}/offline`);
  await page.waitForFunction(() => /পাঠানোর অপেক্ষায় কিছু নেই/.test(document.getElementById('outbox-list')?.textContent ?? ''),
    null, { timeout: 30000 });
  const entry = await call('GET', `/api/v1/practice-logs/${log.id}`, undefined, token);
  assert.equal(entry.what_done, 'কাগজ ভাঁজ করে অর্ধেক দেখালাম', 'the try arrived');
  assert.ok(entry.photo_url, 'with its photo');
  const comments = await call('GET', `/api/v1/contents/${video}/comments`, undefined, token);
  const mine = (comments.items ?? comments).filter((c) => c.body === 'অফলাইনে দেখলাম, খুব কাজের ভিডিও');
  assert.equal(mine.length, 1, 'the comment arrived exactly once');

  await page.goto(`${BASE}/curriculum`);
  await page.click('details.menu summary');
  await page.click('form[action="/logout"] button');
  await page.waitForURL(`${BASE}/`);
  await page.waitForLoadState('load');
  // Whatever the phone keeps now (the worker may already keep the signed-out
  // home page again), none of it is hers.
  const left = await page.evaluate(async () => {
    const hers = [];
    for (const name of await caches.keys()) {
      const cache = await caches.open(name);
      for (const request of await cache.keys()) {
        const text = await (await cache.match(request)).text();
        if (name === 'batayon-saved' || text.includes('name="batayon-user"')) hers.push(`${name} ${request.url}`);
      }
    }
    return { hers, index: localStorage.getItem('batayon-saved-index'), pending: localStorage.getItem('batayon-pending-attempts') };
  });
  assert.deepEqual(left, { hers: [], index: null, pending: null }, 'nothing of hers is left on the phone');
  await context.close();
});

test('another account signing in on the phone finds nothing of the first', async () => {
  const first = '014' + String(Math.floor(Math.random() * 1e8)).padStart(8, '0');
  const second = '014' + String(Math.floor(Math.random() * 1e8)).padStart(8, '0');
  for (const phone of [first, second]) await api('/api/v1/auth/register', { name: 'শিক্ষিকা', phone, password: 'shikkhok123' });
  const { token } = await api('/api/v1/auth/login', { login: first, password: 'shikkhok123' });
  const video = await shareVideo(token);
  const { context, page } = await phoneOn(browser);
  const signIn = async (phone) => {
    await page.goto(`${BASE}/login`);
    await page.fill('#f-login', phone);
    await page.fill('#f-password', 'shikkhok123');
    await page.click('form[action="/login"] button.primary');
    await page.waitForURL(`${BASE}/`);
  };
  await signIn(first);
  await page.evaluate(() => navigator.serviceWorker.ready);
  await keep(page, `/contents/${video}`);
  await page.goto(`${BASE}/practice`);
  // Her session ends without the sign-out button (a shared phone, a
  // session that expired); the next teacher signs in.
  await context.clearCookies();
  await signIn(second);
  await page.goto(`${BASE}/curriculum`);
  const left = await page.evaluate(async () => ({
    saved: (await caches.keys()).includes('batayon-saved'),
    index: localStorage.getItem('batayon-saved-index'),
  }));
  assert.deepEqual(left, { saved: false, index: null }, 'the first teacher’s kept lesson is gone');
  await context.close();
});

test('the home page is installable as an app', async () => {
  // A profile of its own: an incognito window is never installable.
  const profile = mkdtempSync(join(tmpdir(), 'batayon-install-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu'],
    viewport: { width: 360, height: 740 },
  });
  const page = context.pages()[0] ?? await context.newPage();
  await page.goto(`${BASE}/`);
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.reload();
  const cdp = await context.newCDPSession(page);
  const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
  assert.deepEqual(installabilityErrors, [], JSON.stringify(installabilityErrors));
  const manifest = await (await fetch(`${BASE}/manifest.webmanifest`)).json();
  assert.equal(manifest.name, 'বাতায়ন');
  await context.close();
});
