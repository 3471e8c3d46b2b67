// The rustredis demo in headless Chromium (run by tests/browser/run.sh, which
// starts the stack and sets the environment): log in, reload until both web
// servers answered, kill web1, reload (web2 answers, still logged in), +1,
// 10 concurrent +1 (fetch), the pool's /stats page, log out. Prints one
// PASS/FAIL line per step; exits 1 if a step failed. A session is named by
// its fingerprint ("#" + 12 hex of the id's SHA-256), never by its id.
'use strict';
const { chromium } = require('playwright-core');
const { execFileSync } = require('child_process');
const crypto = require('crypto');
const path = require('path');

const env = (name) => {
  if (!process.env[name]) throw new Error(`${name} is not set (run tests/browser/run.sh)`);
  return process.env[name];
};
const URL = env('DEMO_URL');
const WEB1_PID = env('WEB1_PID');
const SHOT = env('SCREENSHOT');

let n = 0;
let failed = 0;
async function step(what, fn) {
  n += 1;
  let detail;
  let ok = true;
  try {
    detail = await fn();
  } catch (e) {
    ok = false;
    detail = String(e && e.message ? e.message : e).split('\n')[0];
  }
  if (!ok) failed += 1;
  console.log(`${ok ? 'PASS' : 'FAIL'} ${String(n).padStart(2)}  ${what}\n         ${detail}`);
  return ok;
}
/** How rustredis names a session: "#" + the first 12 hex of the id's SHA-256. */
const fingerprint = (id) => `#${crypto.createHash('sha256').update(id).digest('hex').slice(0, 12)}`;
function check(cond, detail) {
  if (!cond) throw new Error(detail);
  return detail;
}

(async () => {
  const context = await chromium.launchPersistentContext(env('PROFILE_DIR'), {
    executablePath: env('CHROMIUM'),
    headless: true,
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
    viewport: { width: 900, height: 720 },
  });
  // Only the demo's own loopback address, nothing else.
  await context.route('**/*', (route) =>
    route.request().url().startsWith(URL) ? route.continue() : route.abort());
  const page = context.pages()[0] || (await context.newPage());
  page.setDefaultTimeout(15000);
  const server = async () => (await page.textContent('#server')).trim();
  const who = async () => ((await page.textContent('#who')) || '').trim();

  try {
    await step('the login form (served through nginx)', async () => {
      const res = await page.goto(URL);
      await page.waitForSelector('#user');
      return check(res.status() === 200, `HTTP ${res.status()} from ${await server()}: login form shown`);
    });

    await step('log in as alice', async () => {
      await page.fill('#user', 'alice');
      await Promise.all([page.waitForNavigation(), page.click('#login-button')]);
      const cookies = await context.cookies(URL);
      const sid = (cookies.find((c) => c.name === 'PHPSESSID') || {}).value;
      const shown = ((await page.textContent('#fingerprint')) || '').trim();
      return check((await who()) === 'alice' && sid && shown === fingerprint(sid),
        `"Logged in as ${await who()}" (page from ${await server()}), cookie PHPSESSID set:`
        + ` session ${sid ? fingerprint(sid) : '(none)'}, the page shows ${shown}`);
    });

    await step('reloads are served by web1 and web2 in turn, alice on both', async () => {
      const seen = [];
      for (let i = 0; i < 6; i++) {
        await page.reload();
        seen.push(`${await server()}:${await who()}`);
      }
      const servers = new Set(seen.map((s) => s.split(':')[0]));
      return check(servers.has('web1') && servers.has('web2') && seen.every((s) => s.endsWith(':alice')),
        seen.join(' '));
    });

    await step('the page lists both web servers among the session\'s requests', async () => {
      const list = (await page.textContent('#seen')).trim().split(/\s+/);
      return check(list.includes('web1') && list.includes('web2'), `answered by: ${list.join(' ')}`);
    });

    await step('kill web1 (SIGKILL to its php-fpm master and workers)', async () => {
      execFileSync('bash', ['-c', 'source scripts/lib/webstack.sh; stop_tree "$1" KILL; ! alive "$1"',
        'kill-web1', WEB1_PID], { cwd: env('ROOT') });
      return `php-fpm master pid ${WEB1_PID} and its workers killed`;
    });

    await step('after the failover every reload comes from web2, alice still logged in', async () => {
      const seen = [];
      for (let i = 0; i < 4; i++) {
        const res = await page.reload();
        seen.push(`${await server()}:${await who()}(${res.status()})`);
      }
      return check(seen.every((s) => s === 'web2:alice(200)'), seen.join(' '));
    });

    await step('counter +1 (button) works on the surviving server', async () => {
      const before = Number(await page.textContent('#count'));
      await Promise.all([page.waitForNavigation(), page.click('#incr')]);
      const after = Number(await page.textContent('#count'));
      return check(after === before + 1, `counter ${before} -> ${after} (page from ${await server()})`);
    });

    await step(`screenshot ${path.basename(SHOT)}`, async () => {
      await page.screenshot({ path: SHOT, fullPage: true });
      return `saved ${SHOT}`;
    });

    await step('10 concurrent +1 from the page (fetch, one session, locking on): exactly +10', async () => {
      const before = Number(await page.textContent('#count'));
      const statuses = await page.evaluate(() => Promise.all(Array.from({ length: 10 }, () =>
        fetch('/?fmt=text', {
          method: 'POST',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
          body: 'action=incr',
        }).then((r) => r.status))));
      await page.reload();
      const after = Number(await page.textContent('#count'));
      return check(after === before + 10 && statuses.every((st) => st === 200),
        `counter ${before} -> ${after} (HTTP ${[...new Set(statuses)].join(',')}; page from ${await server()})`);
    });

    const STATS_SHOT = SHOT.replace(/\.png$/, '-stats.png');
    await step(`the pool's stats page (link "session traffic of this pool"): locks taken; ${path.basename(STATS_SHOT)}`, async () => {
      const [res] = await Promise.all([page.waitForNavigation(), page.click('#stats-link')]);
      const title = ((await page.textContent('#stats h2')) || '').trim();
      const cell = async (id) => ((await page.textContent(`#${id}`)) || '').trim();
      const [scope, taken, waits, p50] = [await cell('scope'), await cell('locks_taken'),
        await cell('lock_waits'), await cell('p50')];
      const label = await page.$eval('#locks_taken', (td) => td.previousElementSibling.textContent.trim());
      const cookie = (await res.allHeaders())['set-cookie'];
      await page.screenshot({ path: STATS_SHOT, fullPage: true });
      const srv = await server();
      await Promise.all([page.waitForNavigation(), page.click('#home-link')]);
      return check(res.status() === 200 && title === `Session traffic of this php-fpm pool (${srv})`
        && scope === 'pool' && label === 'locks taken' && /^[0-9,]+$/.test(taken)
        && Number(taken.replace(/,/g, '')) >= 10 && !cookie,
        `HTTP ${res.status()} "${title}": scope ${scope}, ${label} ${taken}, lock waits ${waits}`
        + ` (median ${p50}), no Set-Cookie; saved ${STATS_SHOT}`);
    });

    await step('log out: back to the login form, cookie cleared', async () => {
      await Promise.all([page.waitForNavigation(), page.click('#logout')]);
      await page.waitForSelector('#user');
      const cookies = await context.cookies(URL);
      const sid = (cookies.find((c) => c.name === 'PHPSESSID') || {}).value || '(none)';
      await page.screenshot({ path: SHOT.replace(/\.png$/, '-logout.png') });
      return check(await page.isVisible('#login-button') && sid === '(none)',
        `login form shown (page from ${await server()}), session cookie: ${sid}`);
    });
  } finally {
    await context.close();
  }
  console.log(failed === 0 ? `\ndemo-browser: all ${n} steps passed` : `\ndemo-browser: ${failed} of ${n} steps FAILED`);
  process.exit(failed === 0 ? 0 : 1);
})().catch((e) => {
  console.error('demo-browser:', e);
  process.exit(1);
});
