// Letting an app sign in (the Nextcloud apps' sign-in through the browser): the app opened this page; the user
// signed in here says yes, and the app then receives a device token of its own, which `token list` shows and
// `token revoke` ends, like any other.

import {ApiError, get, post} from './api.js';
import {h, replace, time} from './dom.js';

export async function grantView(container, token, app) {
  const path = `/index.php/login/v2/grant/${encodeURIComponent(token)}`;
  let pending;
  try {
    pending = await get(path);
  } catch (error) {
    replace(container, h('h1', {}, 'Sign-in not found'),
      h('p', {}, error instanceof ApiError && error.status === 404
        ? 'This sign-in was used already, or is older than 20 minutes. Start it again from the app.'
        : app.describe(error)));
    return null;
  }
  const answer = h('div', {id: 'grant-answer'});
  replace(container,
    h('h1', {}, 'Let an app sign in?'),
    h('p', {}, h('strong', {}, pending.label), ` asked to sign in to your files at ${time(pending.created_at)}.`),
    h('p', {class: 'muted'}, 'It gets a device token of its own: it can read and change all your files, and you can '
      + 'take it back at any time (syncr-server token revoke, or syncr token revoke).'),
    answer,
    h('p', {},
      h('button', {type: 'button', class: 'primary', id: 'grant', onclick: grant}, 'Grant access'), ' ',
      h('a', {href: '#/files/'}, 'Cancel')));

  async function grant() {
    try {
      await post(path, {});
      replace(container, h('h1', {}, 'Access granted'),
        h('p', {}, `${pending.label} is signing in. You can close this page.`));
    } catch (error) {
      replace(answer, h('p', {class: 'notice error'}, error instanceof ApiError && error.status === 404
        ? 'This sign-in was used already, or is older than 20 minutes. Start it again from the app.'
        : app.describe(error)));
    }
  }
  return null;
}
