// A link's page, for a visitor without an account: a file to download, a folder to browse (each file, or all as a
// zip), or a file drop to upload into. It asks the link itself what it is; a password, if the link has one, goes in
// a header with every request, so downloads of a protected link are fetched here and saved from memory.

import {h, replace, size, time} from './dom.js';

const token = location.pathname.split('/')[2] || '';
const base = `/s/${encodeURIComponent(token)}`;
const view = document.getElementById('view');
const noticeBox = document.getElementById('notice');
let password = '';

function notice(message, kind = 'info') {
  noticeBox.hidden = !message;
  noticeBox.className = `notice ${kind}`;
  replace(noticeBox, message || '');
}

function headers() {
  return password ? {'X-Link-Password': password, Accept: 'application/json'} : {Accept: 'application/json'};
}

async function open() {
  // HEAD first: a file link's answer is the file itself, which the page need not fetch to show it
  const response = await fetch(base, {method: 'HEAD', headers: headers()});
  if (response.status === 401) return askPassword();
  if (response.status === 404) {
    replace(view, h('h1', {}, 'This link does not work'),
      h('p', {}, 'It may have expired or been revoked. Ask whoever sent it for a new one.'));
    return;
  }
  if (!response.ok) {
    notice(response.status === 429 ? 'Too many wrong passwords; wait a while and try again.'
      : `The server answered ${response.status}; try again later.`, 'error');
    return;
  }
  const type = response.headers.get('Content-Type') || '';
  if (!type.startsWith('application/json')) {
    const name = filename(response) || 'file';
    replace(view, h('h1', {}, name), h('p', {class: 'muted'}, size(Number(response.headers.get('Content-Length')))),
      download('Download', base, name, true));
    return;
  }
  const body = await (await fetch(base, {headers: headers()})).json();
  if (body.access === 'upload') return drop(body.folder);
  folder(body.files);
}

function askPassword() {
  const input = h('input', {id: 'link-password', type: 'password', required: true, autocomplete: 'off'});
  const form = h('form', {class: 'sign-in', onsubmit: async (event) => {
    event.preventDefault();
    password = input.value;
    notice('');
    await open();
    if (document.getElementById('link-password')) notice('That is not the password.', 'error');
  }}, h('h1', {}, 'This link has a password'), h('label', {for: 'link-password'}, 'Password'), input,
  h('button', {type: 'submit', class: 'primary'}, 'Open'));
  replace(view, form);
  input.focus();
}

function folder(files) {
  replace(view,
    h('h1', {}, 'Shared files'),
    h('div', {class: 'toolbar'}, download('Download all as a zip', `${base}/zip`, 'files.zip', true)),
    files.length === 0 ? h('p', {class: 'muted'}, 'No files here.') : h('table', {class: 'files', id: 'link-files'},
      h('thead', {}, h('tr', {}, h('th', {}, 'Name'), h('th', {}, 'Size'), h('th', {}, 'Modified'))),
      h('tbody', {}, files.map((f) => h('tr', {'data-file-id': f.file_id},
        h('td', {'data-label': 'Name'}, download(f.file_id, `${base}/files/${encodeURIComponent(f.file_id)}`,
          f.file_id.split('/').pop(), false)),
        h('td', {'data-label': 'Size'}, size(f.size_bytes)),
        h('td', {'data-label': 'Modified'}, time(f.updated_at)))))));
}

function drop(name) {
  const picker = h('input', {type: 'file', id: 'drop-input', multiple: true});
  const done = h('ul', {class: 'uploads', id: 'dropped'});
  const form = h('form', {onsubmit: async (event) => {
    event.preventDefault();
    for (const file of picker.files) {
      const response = await fetch(`${base}/files/${encodeURIComponent(file.name)}`, {method: 'POST', body: file,
        headers: {...headers(), 'Content-Type': 'application/octet-stream'}});
      const line = response.ok ? `${file.name}: sent as ${(await response.json()).name}`
        : `${file.name}: not sent (${await message(response)})`;
      done.append(h('li', {}, line));
    }
    picker.value = '';
  }}, h('label', {for: 'drop-input'}, 'Files to send'), picker, h('button', {type: 'submit', class: 'primary'},
    'Send'));
  replace(view, h('h1', {}, `Send files to “${name}”`),
    h('p', {class: 'muted'}, 'You can add files here; you cannot see what is already there.'), form, done);
}

/** A download: a plain link, or, when the link has a password, fetched with it and saved from memory. */
function download(label, href, name, primary) {
  if (!password) return h('a', {href, download: name, class: primary ? 'button primary' : 'file-link'}, label);
  return h('button', {type: 'button', class: primary ? 'primary' : 'link', onclick: async () => {
    const response = await fetch(href, {headers: {'X-Link-Password': password}});
    if (!response.ok) {
      notice(await message(response), 'error');
      return;
    }
    const url = URL.createObjectURL(await response.blob());
    const a = h('a', {href: url, download: name});
    document.body.append(a);
    a.click();
    a.remove();
    URL.revokeObjectURL(url);
  }}, label);
}

function filename(response) {
  const disposition = response.headers.get('Content-Disposition') || '';
  const match = disposition.match(/filename\*=UTF-8''([^;]+)/);
  return match ? decodeURIComponent(match[1]) : null;
}

async function message(response) {
  try {
    return (await response.json()).message;
  } catch {
    return `the server answered ${response.status}`;
  }
}

open().catch((error) => notice(`Could not reach the server (${error.message}).`, 'error'));
