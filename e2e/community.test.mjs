// Questions and answers in a phone's browser: a teacher asks at night,
// a colleague answers, the asker accepts, and the helper's reputation
// shows it. Run with JavaScript on and off: every step is a plain form.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { BASE, launch, ownAddress } from './browser.mjs';

const PHONE = { width: 360, height: 740 };
let browser;

before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

function newPhoneNumber() {
  return '018' + String(Math.floor(Math.random() * 1e8)).padStart(8, '0');
}

async function signUp(javaScriptEnabled, name) {
  const context = await browser.newContext({ viewport: PHONE, javaScriptEnabled, deviceScaleFactor: 2, extraHTTPHeaders: ownAddress() });
  const page = await context.newPage();
  await page.goto(`${BASE}/signup`);
  await page.fill('#f-name', name);
  await page.fill('#f-phone', newPhoneNumber());
  await page.fill('#f-password', 'shikkhok123');
  await page.click('form[action="/signup"] button.primary');
  await page.waitForURL('**/profile/edit?welcome=1');
  return { context, page };
}

async function askAnswerAccept(javaScriptEnabled) {
  const stamp = Date.now().toString(36);
  const asker = await signUp(javaScriptEnabled, 'রাতের প্রশ্নকারী');
  await asker.page.click('header details.menu > summary');
  await asker.page.click('header nav a[href="/questions"]');
  await asker.page.click('a[href="/questions/ask"]');
  await asker.page.fill('#f-title', `স্মার্ট টিভিতে পেনড্রাইভের ভিডিও চলছে না ${stamp}`);
  await asker.page.fill('#f-body', 'ক্লাসের টিভিতে পেনড্রাইভ লাগালে **ফাইল দেখা যায়**, কিন্তু ভিডিও চলে না।');
  await asker.page.fill('#f-tags', 'টিভি, আইসিটি');
  await asker.page.click('form[action="/questions/ask"] button.primary');
  if (await asker.page.$('input[name=confirmed]')) {
    // Questions like it were shown first: post anyway.
    await asker.page.click('form[action="/questions/ask"] button.primary');
  }
  await asker.page.waitForURL(/\/questions\/\d+$/);
  const questionUrl = asker.page.url();
  assert.match(await asker.page.innerHTML('#question .post'), /<strong>ফাইল দেখা যায়<\/strong>/);

  const helper = await signUp(javaScriptEnabled, 'ভোরের সাহায্যকারী');
  const helperId = (await helper.page.getAttribute('header nav a[href^="/teachers/"]', 'href')).split('/').pop();
  await helper.page.goto(questionUrl);
  await helper.page.fill('#f-body', 'ভিডিওটি MP4 (H.264) করে নিন; অনেক টিভি MKV চালায় না। VLC দিয়ে রূপান্তর করা যায়।');
  await helper.page.click('form[action$="/answers"] button.primary');
  await helper.page.waitForURL(/#answer-\d+$/);
  const answerId = helper.page.url().split('#answer-').pop();
  assert.equal(await helper.page.$(`form[action="/answers/${answerId}/accept"]`), null, 'only the asker sees accept');

  await asker.page.goto(`${BASE}/notifications`);
  assert.match(await asker.page.textContent('main'), /নতুন উত্তর/);
  await asker.page.goto(questionUrl);
  await asker.page.click(`form[action="/answers/${answerId}/accept"] button`);
  await asker.page.waitForURL(new RegExp(`#answer-${answerId}$`));
  assert.match(await asker.page.textContent(`#answer-${answerId}`), /গৃহীত উত্তর/);
  const width = await asker.page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 360, `no sideways scrolling at 360 px (page is ${width} px wide)`);
  mkdirSync('screenshots', { recursive: true });
  await asker.page.screenshot({ path: `screenshots/question-360-js-${javaScriptEnabled ? 'on' : 'off'}.png`, fullPage: true });

  // The asker sees the helper's reputation change: 15 for the accepted answer.
  await asker.page.goto(`${BASE}/teachers/${helperId}/reputation`);
  assert.match(await asker.page.textContent('.big'), /১৫/);
  assert.match(await asker.page.textContent('.history'), /উত্তর গৃহীত/);
  await asker.context.close();
  await helper.context.close();
}

test('ask at night, answered by morning, accepted (JavaScript on)', async () => {
  await askAnswerAccept(true);
});

test('the same with JavaScript off', async () => {
  await askAnswerAccept(false);
});

test('write a post with JavaScript off: save a draft, preview, publish', async () => {
  const { context, page } = await signUp(false, 'ব্লগ লেখিকা');
  await page.goto(`${BASE}/posts/new`);
  await page.fill('#f-title', 'বৃষ্টির দিনে ক্লাসে গল্পে গল্পে যোগ');
  await page.fill('#f-body', 'অর্ধেক লেখা');
  await page.click('button[value=draft]');
  await page.waitForURL(/\/posts\/\d+\/edit\?saved=1$/);
  assert.equal(await page.inputValue('#f-body'), 'অর্ধেক লেখা', 'the draft is kept on the server');
  await page.fill('#f-body', 'বৃষ্টিতে অর্ধেক শিশু এসেছিল। তাদের নিয়ে *ব্যাঙের লাফ* খেলায় যোগ শিখলাম: দুই লাফ আর তিন লাফে পাঁচ।');
  await page.click('button[value=preview]');
  await page.waitForURL(/preview=1/);
  assert.match(await page.innerHTML('#preview .post'), /<em>ব্যাঙের লাফ<\/em>/);
  await page.click('button[value=publish]');
  await page.waitForURL(/\/posts\/\d+$/);
  assert.match(await page.textContent('h1'), /বৃষ্টির দিনে/);
  await page.goto(`${BASE}/posts`);
  assert.match(await page.textContent('main'), /বৃষ্টির দিনে ক্লাসে গল্পে গল্পে যোগ/);
  await context.close();
});

test('with JavaScript on, a post being written is saved without pressing anything', async () => {
  const { context, page } = await signUp(true, 'অটোসেভ লেখক');
  await page.goto(`${BASE}/posts/new`);
  await page.fill('#f-title', 'লোডশেডিংয়ের আগে লেখা');
  await page.fill('#f-body', 'এই লাইনটি কোনো বোতাম না চেপেই সার্ভারে পৌঁছাবে।');
  await page.waitForURL(/\/posts\/\d+\/edit$/, { timeout: 15000 });
  await page.waitForFunction(() => document.getElementById('autosave-status').textContent.length > 0);
  // A fresh tab (the phone restarted after the power cut) finds the draft.
  const again = await context.newPage();
  await again.goto(`${BASE}/my/posts`);
  assert.match(await again.textContent('main'), /লোডশেডিংয়ের আগে লেখা/);
  await context.close();
});
