// The page's shell: who is signed in, which view the address names (#/files/…, #/history/…, #/conflicts…), the
// conflict badge, and the change feed that refreshes whatever is on screen when another device changes something.

import {ApiError, del, get, onSessionEnded, post, setCsrf} from './api.js';
import {h, replace} from './dom.js';
import {follow} from './live.js';
import {filesView} from './files.js';
import {historyView} from './history.js';
import {conflictView, conflictsView} from './conflicts.js';
import {sharesView} from './shares.js';
import {grantView} from './grant.js';

const view = document.getElementById('view');
const nav = document.getElementById('nav');
const badge = document.getElementById('conflict-badge');
const noticeBox = document.getElementById('notice');
let current = null;
let stopFollowing = null;
let routing = Promise.resolve();
let flashed = '';

export const app = {
  /** A message at the top of the page; kind 'error' for what went wrong and what to do about it. */
  notice(message, kind = 'info') {
    noticeBox.hidden = !message;
    noticeBox.className = `notice ${kind}`;
    replace(noticeBox, message || '');
  },
  /** A notice for the view the page is about to go to (a plain notice is cleared when the view changes). */
  flash(message) {
    flashed = message;
  },
  describe(error) {
    if (error instanceof ApiError) return error.message;
    return `Could not reach the server (${error.message}). Check the connection and try again.`;
  },
  /** Storage used, and of what quota: refreshed with the badge, since both change when files do. */
  async refreshStorage() {
    const box = document.getElementById('storage');
    try {
      const account = await get('/account');
      const used = size(account.usage_bytes);
      replace(box, account.quota_bytes == null ? `${used} used` : `${used} of ${size(account.quota_bytes)} used`);
    } catch {
      replace(box, '');
    }
  },
  async refreshBadge() {
    try {
      const open = (await get('/conflicts')).conflicts.length;
      badge.hidden = open === 0;
      replace(badge, String(open));
      badge.setAttribute('aria-label', `${open} open`);
    } catch {
      badge.hidden = true;
    }
  },
};

function parse(hash) {
  const path = hash.replace(/^#/, '') || '/files/';
  const segments = path.split('/').slice(1).map((segment) => {
    try {
      return decodeURIComponent(segment);
    } catch {
      return segment;
    }
  });
  switch (segments[0]) {
    case 'history': return {name: 'history', id: segments.slice(1).join('/')};
    case 'conflicts': return segments[1] ? {name: 'conflict', id: segments[1]} : {name: 'conflicts'};
    case 'shares': return {name: 'shares', preset: segments.slice(1).join('/')};
    case 'grant': return {name: 'grant', token: segments[1] || ''};
    default: {
      const folder = segments.slice(1).filter((s) => s !== '').join('/');
      return {name: 'files', folder: folder ? folder + '/' : ''};
    }
  }
}

async function route() {
  const target = parse(location.hash);
  app.notice(flashed);
  flashed = '';
  for (const link of nav.querySelectorAll('a')) link.removeAttribute('aria-current');
  const tab = target.name === 'files' || target.name === 'history' || target.name === 'grant' ? 'nav-files'
    : target.name === 'shares' ? 'nav-shares' : 'nav-conflicts';
  document.getElementById(tab).setAttribute('aria-current', 'page');
  replace(view);
  try {
    switch (target.name) {
      case 'history': current = await historyView(view, target.id, app); break;
      case 'conflicts': current = await conflictsView(view, app); break;
      case 'conflict': current = await conflictView(view, target.id, app); break;
      case 'shares': current = await sharesView(view, app, target.preset); break;
      case 'grant': current = await grantView(view, target.token, app); break;
      default: current = await filesView(view, target.folder, app);
    }
  } catch (error) {
    current = null;
    app.notice(app.describe(error), 'error');
  }
}

function signIn() {
  nav.hidden = true;
  document.body.dataset.state = 'signed-out';
  const user = h('input', {id: 'username', name: 'username', autocomplete: 'username', required: true});
  const password = h('input', {id: 'password', name: 'password', type: 'password',
    autocomplete: 'current-password', required: true});
  const form = h('form', {class: 'sign-in', id: 'sign-in', onsubmit: async (event) => {
    event.preventDefault();
    try {
      await post('/auth/session', {username: user.value, password: password.value});
      password.value = '';
      await start();
    } catch (error) {
      app.notice(error instanceof ApiError && error.status === 401
        ? 'Wrong user name or password.' : app.describe(error), 'error');
      password.select();
    }
  }},
  h('h1', {}, 'Sign in to Syncr'),
  h('label', {for: 'username'}, 'User name'), user,
  h('label', {for: 'password'}, 'Password'), password,
  h('button', {type: 'submit', class: 'primary'}, 'Sign in'));
  replace(view, form);
  user.focus();
}

async function signOut() {
  try {
    await del('/auth/session');
  } catch (error) {
    app.notice(app.describe(error), 'error');
    return;
  }
  if (stopFollowing) stopFollowing();
  setCsrf(null);
  app.notice('You are signed out.');
  signIn();
}

async function start() {
  const session = await get('/auth/session');
  if (!session.signed_in && !session.open) {
    signIn();
    return;
  }
  setCsrf(session.csrf || null);
  document.body.dataset.state = 'signed-in';
  nav.hidden = false;
  replace(document.getElementById('who'), session.signed_in ? session.user : 'local mode (no accounts)');
  document.getElementById('sign-out').hidden = !session.signed_in;
  app.notice('');
  if (stopFollowing) stopFollowing();
  stopFollowing = follow(async () => {
    await app.refreshBadge();
    await app.refreshStorage();
    if (current && current.refresh) await current.refresh();
  });
  await app.refreshBadge();
  await app.refreshStorage();
  await route();
}

/** A size for people: 1.5 GiB, 300 KiB, 12 B. */
function size(bytes) {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${bytes} B` : `${value.toFixed(1)} ${units[unit]}`;
}

// signed out in another tab, or the token revoked (syncr-server token revoke): back to the sign-in form
onSessionEnded(() => {
  if (stopFollowing) stopFollowing();
  setCsrf(null);
  signIn();
  app.notice('Your session has ended. Sign in again.', 'error');
});

window.addEventListener('hashchange', () => {
  if (document.body.dataset.state === 'signed-in') routing = routing.then(route);
});
document.getElementById('sign-out').addEventListener('click', signOut);
start().catch((error) => app.notice(app.describe(error), 'error'));
