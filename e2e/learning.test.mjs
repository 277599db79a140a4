// A course on a phone, end to end: a course author builds and publishes
// a course through the forms; a teacher enrols, does the activity, takes
// the quiz, opens her certificate, takes a place in a face-to-face batch
// and is marked present from her pass; another takes the quiz with the
// network cut, and it is sent when the connection returns.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { BASE, launch, phoneOn } from './browser.mjs';

const AUTHOR = { phone: process.env.BATAYON_AUTHOR_PHONE, password: process.env.BATAYON_AUTHOR_PASSWORD };
const OFFICER = { phone: process.env.BATAYON_OFFICER_PHONE, password: process.env.BATAYON_OFFICER_PASSWORD };
let browser;
let courseUrl;

before(async () => {
  browser = await launch();
  mkdirSync('screenshots', { recursive: true });
});
after(async () => { await browser?.close(); });

function phone(javaScriptEnabled = true) {
  return phoneOn(browser, javaScriptEnabled);
}

async function signUp(page, name) {
  await page.goto(`${BASE}/signup`);
  await page.fill('#f-name', name);
  await page.fill('#f-phone', '017' + String(Math.floor(Math.random() * 1e8)).padStart(8, '0'));
  await page.fill('#f-password', 'shikkhok123');
  await page.click('form[action="/signup"] button.primary');
  await page.waitForURL('**/profile/edit?welcome=1');
}

async function logIn(page, who) {
  await page.goto(`${BASE}/login`);
  await page.fill('#f-login', who.phone);
  await page.fill('#f-password', who.password);
  await page.click('form[action="/login"] button.primary');
  await page.waitForURL(`${BASE}/`);
}

async function theCourse() {
  if (courseUrl) return courseUrl;
  assert.ok(AUTHOR.phone, 'the test script creates a course author (BATAYON_AUTHOR_PHONE)');
  const { context, page } = await phone();
  await logIn(page, AUTHOR);
  await page.goto(`${BASE}/learn/author`);
  await page.fill('#f-title', `ভগ্নাংশ হাতে-কলমে ${Date.now().toString(36)}`);
  await page.fill('#f-summary', 'কাগজ ভাঁজ করে ভগ্নাংশ শেখানোর ছোট কোর্স।');
  await page.click('form[action="/learn/author"] button.primary');
  await page.waitForURL(/\/learn\/author\/courses\/\d+$/);
  const editUrl = page.url();
  await page.fill('#m-title', 'অর্ধেক চেনা');
  await page.fill('#m-pass', '৫০');
  await page.click('#module button.primary');
  await page.waitForURL(/#module$/);
  // The new module's forms: a classroom task and one question.
  await page.click('details[id^="activity-"] summary');
  await page.selectOption('select[id^="a-kind-"]', 'practice');
  await page.fill('input[id^="a-title-"]', 'ক্লাসে কাগজ ভাঁজ');
  await page.fill('textarea[id^="a-body-"]', 'শিশুরা জোড়ায় কাগজ ভাঁজ করে অর্ধেক দেখাবে।');
  await page.click('details[id^="activity-"] form button');
  await page.waitForURL(/#activity-\d+$/);
  await page.click('details[id^="question-"] summary');
  await page.fill('textarea[id^="q-prompt-"]', 'একটি কাগজ দুই সমান ভাগ করলে প্রতিটি ভাগ কী?');
  await page.fill('input[name="option1"]', 'অর্ধেক');
  await page.check('input[name="correct"][value="1"]');
  await page.fill('input[name="option2"]', 'এক-তৃতীয়াংশ');
  await page.fill('textarea[id^="q-expl-"]', 'দুই সমান ভাগের প্রতিটি অর্ধেক।');
  await page.click('details[id^="question-"] form button');
  await page.waitForURL(/#question-\d+$/);
  await page.click('form[action$="/publish"] button');
  await page.waitForURL(/#publish$/);
  assert.match(await page.textContent('#course h1'), /প্রকাশিত/);
  await page.screenshot({ path: 'screenshots/course-author.png', fullPage: true });
  courseUrl = editUrl.replace('/learn/author/courses/', '/courses/');
  await context.close();
  return courseUrl;
}

test('a teacher enrols, does the activity, passes the quiz and opens her certificate (no JavaScript)', async () => {
  const url = await theCourse();
  const { context, page } = await phone(false);
  await signUp(page, 'সুমি আক্তার');
  await page.goto(url);
  assert.match(await page.textContent('main'), /এই মডিউল:/, 'the data cost shows before starting');
  await page.click('form[action$="/enrol"] button');
  await page.waitForURL(/\/learn\/activities\/\d+$/);
  await page.click('form[action$="/done"] button');
  await page.waitForURL(/\/learn\/quizzes\/\d+$/);
  await page.check('label:has-text("অর্ধেক") input');
  await page.screenshot({ path: 'screenshots/course-quiz.png', fullPage: true });
  await page.click('#quiz button.primary');
  await page.waitForURL(/\/result$/);
  assert.match(await page.textContent('main'), /অভিনন্দন/);
  await page.click('#next');
  await page.waitForURL(/\/certificates\/[A-Z0-9]{10}$/);
  assert.match(await page.textContent('#certificate'), /সুমি আক্তার/);
  assert.ok(await page.$('#certificate svg'), 'a QR code');
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 360, `no sideways scrolling (${width}px)`);
  await page.screenshot({ path: 'screenshots/certificate.png', fullPage: true });
  // Anyone can open it, signed out.
  const certificate = page.url();
  const { context: stranger, page: other } = await phone(false);
  await other.goto(certificate);
  assert.match(await other.textContent('#certificate'), /সুমি আক্তার/);
  await stranger.close();

  // The officer opens a batch for the course; she takes a place and shows
  // her pass; the trainer (the officer here) marks her present by its code.
  assert.ok(OFFICER.phone, 'the test script creates an education officer (BATAYON_OFFICER_PHONE)');
  const { context: office, page: officer } = await phone(true);
  await logIn(officer, OFFICER);
  await officer.goto(`${BASE}/training`);
  const courseId = url.split('/').pop();
  await officer.selectOption('#t-course', courseId);
  await officer.fill('#t-title', `চিলমারী ইউআরসি ব্যাচ ${Date.now().toString(36)}`);
  await officer.fill('#t-venue', 'উপজেলা রিসোর্স সেন্টার, চিলমারী');
  await officer.fill('#t-start', '2026-12-06');
  await officer.click('#new-batch button.primary');
  await officer.waitForURL(/\/training\/\d+$/);
  const batchUrl = officer.url();
  await page.goto(batchUrl);
  await page.click('form[action$="/join"] button');
  await page.waitForURL(batchUrl);
  await page.click('a[href$="/pass"]');
  assert.ok(await page.$('#pass svg'), 'her QR pass');
  const code = (await page.textContent('#pass strong')).trim();
  await page.screenshot({ path: 'screenshots/training-pass.png', fullPage: true });
  await officer.goto(`${batchUrl}/attendance?day=1`);
  await officer.fill('#a-code', code);
  await officer.click('form:has(#a-code) button');
  await officer.waitForSelector('p.notice');
  assert.match(await officer.textContent('p.notice'), /সুমি আক্তার/);
  assert.ok(await officer.$('input[name="present"]:checked'), 'ticked in the checklist too');
  await officer.screenshot({ path: 'screenshots/training-attendance.png', fullPage: true });
  await office.close();
  await context.close();
});

test('a quiz taken with the network cut is sent when the connection returns, counted once', async () => {
  const url = await theCourse();
  const { context, page } = await phone(true);
  await signUp(page, 'নদীর পাড়ের শিক্ষক');
  await page.goto(url);
  await page.click('form[action$="/enrol"] button');
  await page.waitForURL(/\/learn\/activities\/\d+$/);
  await page.click('form[action$="/done"] button');
  await page.waitForURL(/\/learn\/quizzes\/\d+$/);
  const quizPath = new URL(page.url()).pathname;
  await context.setOffline(true);
  await page.check('label:has-text("অর্ধেক") input');
  await page.click('#quiz button.primary');
  await page.waitForFunction(() => /সংযোগ নেই/.test(document.getElementById('quiz-status').textContent));
  const kept = await page.evaluate(() => JSON.parse(localStorage.getItem('batayon-pending-attempts')).length);
  assert.equal(kept, 1, 'the attempt waits on the phone');
  await page.screenshot({ path: 'screenshots/quiz-offline.png', fullPage: true });
  await context.setOffline(false);
  await page.waitForURL(/\/result$/, { timeout: 15000 });
  assert.match(await page.textContent('main'), /অভিনন্দন/);
  const attempts = await page.evaluate(async (path) => {
    const r = await fetch(`/api/v1/quizzes/${path.split('/').pop()}/attempts`, { headers: { Accept: 'application/json' } });
    return (await r.json()).length;
  }, quizPath);
  assert.equal(attempts, 1, 'counted once');
  await context.close();
});
