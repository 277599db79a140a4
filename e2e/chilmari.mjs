// Shared by the journeys at the char school in Chilmari (practice,
// microcredentials): signing in, the API, a course with a classroom task,
// placing a person at the school, and a moderator verifying her there.
import assert from 'node:assert/strict';
import { BASE, ownAddress } from './browser.mjs';

export const SCHOOL_EIIN = '910001';
const AUTHOR = { phone: process.env.BATAYON_AUTHOR_PHONE, password: process.env.BATAYON_AUTHOR_PASSWORD };
const MODERATOR = { phone: process.env.BATAYON_MODERATOR_PHONE, password: process.env.BATAYON_MODERATOR_PASSWORD };

export async function logIn(page, who) {
  await page.goto(`${BASE}/login`);
  await page.fill('#f-login', who.phone);
  await page.fill('#f-password', who.password);
  await page.click('form[action="/login"] button.primary');
  await page.waitForURL(`${BASE}/`);
}

export async function call(method, path, body, token) {
  const headers = { 'content-type': 'application/json', ...ownAddress() };
  if (token) headers.authorization = `Bearer ${token}`;
  const r = await fetch(BASE + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  if (!r.ok) assert.fail(`${method} ${path}: ${r.status} ${await r.text()}`);
  return r.status === 204 ? null : r.json();
}

export function api(path, body, token) {
  return call('POST', path, body ?? {}, token);
}

// A published one-module course whose task is tried in class (built by the author through the API).
export async function courseWithTask() {
  const { token } = await api('/api/v1/auth/login', { login: AUTHOR.phone, password: AUTHOR.password });
  const course = await api('/api/v1/courses', { title: `আনন্দে ভগ্নাংশ ${Date.now().toString(36)}`, summary: 'দ্বিতীয় শ্রেণির ভগ্নাংশ।', class_number: 2, subject_code: 'math' }, token);
  const module = await api(`/api/v1/courses/${course.id}/modules`, { title: 'অর্ধেক চেনা', pass_percent: 50, max_attempts: 3, wait_minutes: 0 }, token);
  const task = await api(`/api/v1/modules/${module.id}/activities`, { kind: 'practice', title: 'কাগজ ভাঁজ করে অর্ধেক', body: 'শিশুরা জোড়ায় কাগজ ভাঁজ করে অর্ধেক বানাবে, তারপর বলবে দুই ভাগ সমান কি না।' }, token);
  await api(`/api/v1/courses/${course.id}/publish`, {}, token);
  return { course: course.id, task: task.id };
}

// Her profile names Kurigram, Chilmari and (for teachers) the school and
// her post there, which puts her in the moderators' queue.
export async function placeInChilmari(page, school) {
  await page.goto(`${BASE}/profile/edit`);
  await page.selectOption('#f-district_id', { label: 'কুড়িগ্রাম' });
  await page.selectOption('#f-upazila_id', { label: 'চিলমারী' });
  if (school) {
    await page.fill('#f-institution', SCHOOL_EIIN);
    await page.fill('#f-designation', 'শিক্ষক');
  }
  await page.click('form[action="/profile/edit"] button.primary');
  await page.waitForLoadState();
}


// A moderator verifies her at the school (once): a school's journals, board
// and circle are for the teachers verified there, not those who name it.
export async function verifiedAtSchool(who) {
  assert.ok(MODERATOR.phone, 'the test script makes a moderator (BATAYON_MODERATOR_PHONE)');
  const { token } = await api('/api/v1/auth/login', { login: who.phone, password: who.password });
  const me = await call('GET', '/api/v1/me/profile', undefined, token);
  if (me.verification === 'verified') return;
  assert.equal(me.verification, 'pending', 'her profile names the school and her post');
  const desk = await api('/api/v1/auth/login', { login: MODERATOR.phone, password: MODERATOR.password });
  await api(`/api/v1/moderation/verifications/${me.id}`, { decision: 'verify' }, desk.token);
}
