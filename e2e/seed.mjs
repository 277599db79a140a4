// One of each page family, made as people would (the sign-up page, the
// API the app's own pages call): a teacher with a question, a post, an
// idea, a shared lesson video and a journal entry; a course whose activity
// plays that video, with a quiz; the roles signed in. Shared by the width
// journey and the Lighthouse/axe audit (audit.mjs).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BASE, ownAddress, phoneOn } from './browser.mjs';
import { api, call, logIn, placeInChilmari, verifiedAtSchool } from './chilmari.mjs';

const env = process.env;
export const ROLES = {
  author: { phone: env.BATAYON_AUTHOR_PHONE, password: env.BATAYON_AUTHOR_PASSWORD },
  officer: { phone: env.BATAYON_OFFICER_PHONE, password: env.BATAYON_OFFICER_PASSWORD },
  head: { phone: env.BATAYON_HEAD_PHONE, password: env.BATAYON_HEAD_PASSWORD },
  moderator: { phone: env.BATAYON_MODERATOR_PHONE, password: env.BATAYON_MODERATOR_PASSWORD },
  admin: { phone: env.BATAYON_ADMIN_PHONE, password: env.BATAYON_ADMIN_PASSWORD },
};

// A two-second 640×360 lesson video (the player's own width is what once
// made the activity page 669 px wide), made once with ffmpeg.
export function smallVideo() {
  const dir = join(tmpdir(), 'batayon-e2e-media');
  const file = join(dir, 'lesson.mp4');
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true });
    execFileSync('ffmpeg', ['-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc=size=640x360:rate=15:duration=2',
      '-f', 'lavfi', '-i', 'sine=frequency=440:duration=2', '-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-c:a', 'aac',
      '-shortest', file]);
  }
  return readFileSync(file);
}

async function signUp(page, name) {
  const phone = '016' + String(Math.floor(Math.random() * 1e8)).padStart(8, '0');
  await page.goto(`${BASE}/signup`);
  await page.fill('#f-name', name);
  await page.fill('#f-phone', phone);
  await page.fill('#f-password', 'shikkhok123');
  await page.click('form[action="/signup"] button.primary');
  await page.waitForURL('**/profile/edit?welcome=1');
  return { phone, password: 'shikkhok123' };
}

// The first chapter of class 3 mathematics (the curriculum as the API lists it).
async function aChapter() {
  const levels = await call('GET', '/api/v1/curriculum');
  const klass = levels.flatMap((l) => l.classes).find((c) => c.number === 3);
  return klass.subjects.find((s) => s.code === 'math').chapters[0].id;
}

export async function shareVideo(token) {
  const form = new FormData();
  form.append('chapter_id', String(await aChapter()));
  form.append('file', new Blob([smallVideo()], { type: 'video/mp4' }), 'ভগ্নাংশের-পাঠ.mp4');
  form.append('title', `ভগ্নাংশের ভিডিও পাঠ ${Date.now().toString(36)}`);
  form.append('description', 'কাগজ ভাঁজ করে অর্ধেক ও চার ভাগের এক ভাগ দেখানোর দুই মিনিটের পাঠ।');
  form.append('tags', 'ভগ্নাংশ, ভিডিও');
  const r = await fetch(`${BASE}/api/v1/contents`, {
    method: 'POST', body: form, headers: { authorization: `Bearer ${token}`, ...ownAddress() },
  });
  if (!r.ok) assert.fail(`sharing the video: ${r.status} ${await r.text()}`);
  return (await r.json()).id;
}

// A published course by the author whose one module plays the video, with a one-question quiz.
async function videoCourse(contentId) {
  const { token } = await api('/api/v1/auth/login', { login: ROLES.author.phone, password: ROLES.author.password });
  const course = await api('/api/v1/courses', { title: `ভিডিওতে ভগ্নাংশ ${Date.now().toString(36)}`, summary: 'ভিডিও দেখে ভগ্নাংশ।', class_number: 3, subject_code: 'math' }, token);
  const module = await api(`/api/v1/courses/${course.id}/modules`, { title: 'অর্ধেক দেখা', pass_percent: 50, max_attempts: 3, wait_minutes: 0 }, token);
  const activity = await api(`/api/v1/modules/${module.id}/activities`, { kind: 'video', title: 'ভিডিও: কাগজ ভাঁজ', body: 'ভিডিওটি দেখুন।', content_id: contentId }, token);
  await api(`/api/v1/modules/${module.id}/questions`, { kind: 'single', prompt: 'দুই সমান ভাগের একটি কী?', explanation: 'অর্ধেক।', options: [{ body: 'অর্ধেক', correct: true }, { body: 'তিন ভাগের এক', correct: false }] }, token);
  await api(`/api/v1/courses/${course.id}/publish`, {}, token);
  return { course: course.id, activity: activity.id };
}

// The video is ready to play once the worker has made its light renditions.
async function untilPlayable(page, path) {
  for (let i = 0; i < 120; i++) {
    await page.goto(`${BASE}${path}`);
    if (await page.$('video#lesson-media')) return;
    await page.waitForTimeout(500);
  }
  assert.fail(`${path} never showed its video`);
}

/// Signs in each role on a phone of its own and makes one page of each family.
/// Returns { phones: {teacher, head, officer, moderator, author}, paths: [[family, role, path]] }.
export async function seed(browser) {
  for (const [role, who] of Object.entries(ROLES)) assert.ok(who.phone, `the test script makes the ${role}`);
  const teacher = await phoneOn(browser);
  const me = await signUp(teacher.page, 'সব পাতার শিক্ষক');
  await placeInChilmari(teacher.page, true);
  await verifiedAtSchool(me);
  const { token } = await api('/api/v1/auth/login', { login: me.phone, password: me.password });
  const profile = await call('GET', '/api/v1/me', undefined, token);
  const question = await api('/api/v1/questions', { title: 'বর্ষায় ক্লাসে উপস্থিতি কীভাবে বাড়াই?', body: 'চরের স্কুলে বর্ষায় অর্ধেক শিশু আসে না। কী করলে আসবে?', tags: ['উপস্থিতি'] }, token);
  const post = await api('/api/v1/posts', { title: 'বৃষ্টির দিনে গল্পে গল্পে যোগ', body: 'বৃষ্টিতে অর্ধেক শিশু এসেছিল। *ব্যাঙের লাফ* খেলায় যোগ শিখলাম।', category: 'classroom_stories', tags: ['গণিত'], publish: true }, token);
  const idea = await api('/api/v1/ideas', { kind: 'suggestion', scope: 'upazila', title: 'চরের স্কুলে নৌকায় বই পাঠানো', body: 'বর্ষায় উপজেলা থেকে নৌকায় বই ও খাতা পাঠালে পড়া থামবে না।' }, token);
  const content = await shareVideo(token);
  const log = await api('/api/v1/practice-logs', { title: 'কাগজ ভাঁজ করে অর্ধেক', class_number: 2 }, token);

  const { course, activity } = await videoCourse(content);
  await teacher.page.goto(`${BASE}/courses/${course}`);
  await teacher.page.click('form[action$="/enrol"] button');
  await teacher.page.waitForURL(/\/learn\/activities\/\d+$/);
  await untilPlayable(teacher.page, `/learn/activities/${activity}`);
  await teacher.page.click('form[action$="/done"] button');
  await teacher.page.waitForURL(/\/learn\/quizzes\/\d+$/);
  const quiz = new URL(teacher.page.url()).pathname;

  const phones = { teacher };
  for (const role of ['head', 'officer', 'moderator', 'author', 'admin']) {
    phones[role] = await phoneOn(browser);
    await logIn(phones[role].page, ROLES[role]);
  }
  const paths = [
    ['home', 'teacher', '/'],
    ['content', 'teacher', `/contents/${content}`],
    ['question', 'teacher', `/questions/${question.id}`],
    ['post', 'teacher', `/posts/${post.id}`],
    ['idea', 'teacher', `/ideas/${idea.id}`],
    ['course', 'teacher', `/courses/${course}`],
    ['activity', 'teacher', `/learn/activities/${activity}`],
    ['quiz', 'teacher', quiz],
    ['practice journal', 'teacher', '/practice'],
    ['practice entry', 'teacher', `/practice/logs/${log.id}`],
    ['board', 'head', '/practice/school'],
    ['dashboard', 'officer', '/practice/dashboard'],
    ['training', 'officer', '/training'],
    ['course report', 'author', `/learn/reports/courses/${course}`],
    ['authoring', 'author', `/learn/author/courses/${course}`],
    ['recognition', 'teacher', '/recognition'],
    ['recognition review', 'moderator', '/recognition/review'],
    ['reports queue', 'moderator', '/moderation/reports'],
    ['verifications queue', 'moderator', '/moderation/verifications'],
    ['leaderboard', 'teacher', '/recognition/leaderboards'],
    ['verify', 'teacher', '/verify'],
    ['backpack', 'teacher', '/backpack'],
    ['profile', 'teacher', `/teachers/${profile.id}`],
    ['search', 'teacher', '/search?q=%E0%A6%AD%E0%A6%97%E0%A7%8D%E0%A6%A8%E0%A6%BE%E0%A6%82%E0%A6%B6'],
    ['share', 'teacher', '/contents/new'],
    ['notifications', 'teacher', '/notifications'],
    ['feed', 'teacher', '/feed'],
    ['curriculum', 'teacher', '/curriculum'],
    ['questions', 'teacher', '/questions'],
    ['ideas', 'teacher', '/ideas'],
    ['courses', 'teacher', '/courses'],
    ['stories', 'teacher', '/practice/stories'],
    ['circles', 'head', '/practice/circles'],
    ['issuers', 'teacher', '/issuers'],
    ['profile form', 'teacher', '/profile/edit'],
    ['sms costs', 'admin', '/admin/sms'],
    ['offline shelf', 'teacher', '/offline'],
  ].filter(([, , path]) => path);
  return { phones, paths, ids: { course, activity, content } };
}
