// Browser test of user groups at work: an administrator adds a Clerk, the
// Clerk signs in, chooses their own password and sees only what the Clerk
// group allows. Needs a running instance (SLATE_URL, SLATE_ADMIN_EMAIL,
// SLATE_ADMIN_PASSWORD, as ./dev test sets them).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const BASE = (process.env.SLATE_URL || 'http://127.0.0.1:8080').replace(/\/+$/, '');
const EMAIL = process.env.SLATE_ADMIN_EMAIL || 'admin@example.com';
const PASSWORD = process.env.SLATE_ADMIN_PASSWORD;
const CHROMIUM = process.env.SLATE_CHROMIUM || '/usr/bin/chromium';
const SCREENSHOTS = join(here, 'screenshots');

// What the seeded Clerk group may open, and what it may not.
const CLERK_SEES = ['Customers', 'Accounts', 'Settlements'];
const CLERK_DOES_NOT_SEE = ['Statements', 'Lanes', 'Staff', 'Groups', 'Audit log', 'Settings'];

let browser;

before(async () => {
  assert.ok(PASSWORD, 'SLATE_ADMIN_PASSWORD must be set');
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  mkdirSync(SCREENSHOTS, { recursive: true });
});

after(async () => {
  await browser?.close();
});

async function signIn(page, email, password) {
  await page.goto(`${BASE}/login`);
  await page.fill('#email', email);
  await page.fill('#password', password);
  await Promise.all([page.waitForNavigation(), page.click('button[type="submit"]')]);
}

async function signOut(page) {
  await Promise.all([page.waitForNavigation(), page.click('header button:has-text("Sign out")')]);
}

test('an administrator adds a Clerk, who sees only what Clerks may do', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const stamp = `${Date.now()}${process.pid}`;
  const clerkEmail = `clerk${stamp}@example.com`;
  const temporary = 'temporary pass 123';
  const own = 'my very own pass 456';
  try {
    // The administrator adds the Clerk.
    await signIn(page, EMAIL, PASSWORD);
    await page.click('nav a:has-text("Staff")');
    await page.click('a[href="/staff/new"]');
    await page.fill('#email', clerkEmail);
    await page.fill('#name', `Clerk ${stamp}`);
    await page.selectOption('#group_id', { label: 'Clerk' });
    await page.fill('#password', temporary);
    await Promise.all([page.waitForNavigation(), page.click('button:has-text("Add staff member")')]);
    assert.equal(page.url().includes('/staff'), true, `after adding: ${page.url()}`);
    await page.goto(`${BASE}/staff`);
    assert.ok((await page.textContent('main')).includes(clerkEmail), 'the Clerk is in the staff list');
    await signOut(page);

    // The Clerk signs in with the temporary password and must choose their own.
    await signIn(page, clerkEmail, temporary);
    assert.ok(page.url().endsWith('/profile/password'), `first sign-in lands on ${page.url()}`);
    await page.fill('#current_password', temporary);
    await page.fill('#new_password', own);
    await page.fill('#confirm_password', own);
    await Promise.all([page.waitForNavigation(), page.click('button:has-text("Change password")')]);
    await page.goto(`${BASE}/dashboard`);
    assert.ok(page.url().endsWith('/dashboard'), `dashboard after the change: ${page.url()}`);

    // The navigation offers what Clerks may open and nothing else.
    const nav = await page.$$eval('header nav a', (links) => links.map((a) => a.textContent.trim()));
    for (const name of CLERK_SEES) assert.ok(nav.includes(name), `${name} is offered: ${nav}`);
    for (const name of CLERK_DOES_NOT_SEE) assert.ok(!nav.includes(name), `${name} is hidden: ${nav}`);
    await page.screenshot({ path: join(SCREENSHOTS, 'clerk-dashboard.png'), fullPage: true });

    // A page the group does not allow answers 403 with a plain message.
    const res = await page.goto(`${BASE}/staff`);
    assert.equal(res.status(), 403);
    assert.ok((await page.textContent('main')).includes('Your user group does not allow this.'));
    await page.goto(`${BASE}/dashboard`);
    await signOut(page);
  } finally {
    await context.close();
  }
});
