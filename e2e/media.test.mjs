// The phone's microphone and camera, with Chromium's fake devices (a beep
// and a test pattern, permission granted as a teacher would tap "Allow"):
// a teacher records a voice note in her journal entry and it reaches the
// server; the trainer's attendance page loads its scanner and its camera
// starts. The site allows both devices for itself on those pages only.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { BASE, PHONE, ownAddress } from './browser.mjs';
import { courseWithTask, logIn } from './chilmari.mjs';

const OFFICER = { phone: process.env.BATAYON_OFFICER_PHONE, password: process.env.BATAYON_OFFICER_PASSWORD };
let browser;

before(async () => {
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking',
      '--disable-component-update', '--no-first-run', '--disable-sync',
      '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'],
  });
});
after(async () => { await browser?.close(); });

async function phone() {
  const context = await browser.newContext({ viewport: PHONE, deviceScaleFactor: 2, extraHTTPHeaders: ownAddress() });
  return { context, page: await context.newPage() };
}

function allowsForSelf(response, device) {
  const policy = response.headers()['permissions-policy'] ?? '';
  assert.match(policy, new RegExp(`${device}=\\(self\\)`), `${response.url()} allows the ${device}: ${policy}`);
}

test('a teacher records a voice note in her journal and it reaches the server', async () => {
  const { context, page } = await phone();
  await page.goto(`${BASE}/signup`);
  await page.fill('#f-name', 'কণ্ঠে লেখা শিক্ষক');
  await page.fill('#f-phone', '017' + String(Math.floor(Math.random() * 1e8)).padStart(8, '0'));
  await page.fill('#f-password', 'shikkhok123');
  await page.click('form[action="/signup"] button.primary');
  await page.waitForURL('**/profile/edit?welcome=1');
  await page.goto(`${BASE}/practice/plan`);
  await page.fill('input[name=title]', 'গান গেয়ে নামতা');
  await page.selectOption('select[name=class_number]', '2');
  await page.click('form[action="/practice/plan"] button.primary');
  await page.waitForURL(/\/practice\/logs\/\d+$/);
  const entryUrl = page.url();
  allowsForSelf(await page.reload(), 'microphone');

  await page.waitForSelector('#recorder:not([hidden])');
  await page.click('#recorder button');
  await page.waitForFunction(() => /\S/.test(document.querySelector('#recorder [role=status]').textContent));
  const denied = await page.getAttribute('#recorder', 'data-denied');
  assert.notEqual(await page.textContent('#recorder [role=status]'), denied, 'the microphone may be used');
  await page.waitForTimeout(2500);
  await page.click('#recorder button');
  await page.waitForFunction(() => document.getElementById('f-voice').files.length === 1);
  assert.ok(await page.$('#recorder audio:not([hidden])'), 'she can play it back before sending');

  await page.fill('#f-what', 'শিশুরা গান গেয়ে দুইয়ের নামতা বলল।');
  await page.fill('#f-response', 'সবাই তালি দিয়ে গাইল।');
  await page.fill('#f-reflection', 'সুরে নামতা মনে থাকে।');
  await page.fill('#f-change', 'পরের বার তিনের নামতা।');
  await page.click('#log button.primary');
  await page.waitForURL(entryUrl);
  const src = await page.getAttribute('audio[src$="/voice"]', 'src');
  assert.ok(src, 'the entry lists her voice note');
  const served = await page.request.get(new URL(src, BASE).href);
  assert.equal(served.status(), 200, 'the voice note is served to her');
  assert.match(served.headers()['content-type'], /^audio\//);
  assert.ok((await served.body()).length > 1000, 'with sound in it');
  const seconds = await page.$eval('audio[src$="/voice"]', (audio) => new Promise((resolve) => {
    audio.onloadedmetadata = () => resolve(audio.duration);
    audio.onerror = () => resolve(-1);
    audio.preload = 'metadata';
    audio.load();
  }));
  assert.ok(seconds >= 1, `the phone plays it back (${seconds} s)`);
  await context.close();
});

test('the attendance page loads its scanner and the camera starts', async () => {
  assert.ok(OFFICER.phone, 'the test script creates an education officer (BATAYON_OFFICER_PHONE)');
  const { course } = await courseWithTask();
  const { context, page } = await phone();
  // Chromium on a desktop has no BarcodeDetector: a stand-in that finds no
  // code lets the scanner start the camera as it does on an Android phone.
  await context.addInitScript(() => {
    if (!('BarcodeDetector' in window)) {
      window.BarcodeDetector = class { detect() { return Promise.resolve([]); } };
    }
  });
  await logIn(page, OFFICER);
  await page.goto(`${BASE}/training`);
  await page.selectOption('#t-course', String(course));
  await page.fill('#t-title', `ক্যামেরা ব্যাচ ${Date.now().toString(36)}`);
  await page.fill('#t-venue', 'উপজেলা রিসোর্স সেন্টার, চিলমারী');
  await page.fill('#t-start', '2026-12-06');
  await page.click('#new-batch button.primary');
  await page.waitForURL(/\/training\/\d+$/);
  const attendance = await page.goto(`${page.url()}/attendance?day=1`);
  allowsForSelf(attendance, 'camera');

  const scripts = await page.$$eval('script', (all) => all.map((s) => [s.hasAttribute('src'), s.getAttribute('src')]));
  for (const [has, src] of scripts) {
    if (has) assert.ok(src && src.trim(), 'no script link is empty');
  }
  const scanner = scripts.map(([, src]) => src).find((src) => src && /attend/.test(src));
  assert.ok(scanner, `the scanner's script is linked: ${JSON.stringify(scripts)}`);
  const loaded = await page.request.get(new URL(scanner, BASE).href);
  assert.equal(loaded.status(), 200, `${scanner} loads`);

  await page.waitForSelector('#scanner:not([hidden])');
  await page.click('#scanner button');
  await page.waitForFunction(() => {
    const video = document.querySelector('#scanner video');
    return (!video.hidden && video.readyState >= 2) || document.querySelector('#scanner li');
  }, null, { timeout: 10000 });
  const said = await page.$$eval('#scanner li', (all) => all.map((li) => li.textContent));
  assert.deepEqual(said, [], 'the camera started without a refusal');
  assert.ok(await page.$eval('#scanner video', (v) => !v.hidden && v.videoWidth > 0), 'the camera shows its picture');
  await context.close();
});
