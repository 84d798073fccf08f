// Sharing: the folders this account shares (members and their roles, add or remove one) and those shared with it
// (leave), and its links (make one, copy it once, revoke). A shared folder's files count against its owner's quota.

import {ApiError, del, get, post, request} from './api.js';
import {folderHash, h, replace, time} from './dom.js';

export async function sharesView(container, app, preset = '') {
  const list = h('div', {id: 'shares'});
  const links = h('div', {id: 'links'});
  const made = h('p', {id: 'made-link', class: 'notice', hidden: true});

  const shareForm = h('form', {class: 'inline', id: 'share-form', onsubmit: async (event) => {
    event.preventDefault();
    const f = shareForm.elements;
    try {
      await post('/shares', {path: f.path.value.trim().replace(/^\/+|\/+$/g, ''), with: f.with.value.trim(),
        role: f.role.value});
      app.notice(`Shared ${f.path.value} with ${f.with.value}.`);
      f.with.value = '';
      await render();
    } catch (error) {
      app.notice(app.describe(error), 'error');
    }
  }},
  h('input', {name: 'path', 'aria-label': 'Folder to share', placeholder: 'Folder, e.g. Project', required: true,
    value: preset}),
  h('input', {name: 'with', 'aria-label': 'Share with (user name)', placeholder: 'User name', required: true}),
  h('select', {name: 'role', 'aria-label': 'Role'}, h('option', {value: 'editor'}, 'can edit'),
    h('option', {value: 'viewer'}, 'can view')),
  h('button', {type: 'submit', class: 'primary'}, 'Share'));

  const linkForm = h('form', {class: 'inline', id: 'link-form', onsubmit: async (event) => {
    event.preventDefault();
    const f = linkForm.elements;
    try {
      const link = await post('/links', {path: f.path.value.trim().replace(/^\/+|\/+$/g, ''),
        access: f.access.value, password: f.password.value || null});
      const url = new URL(link.url, location.href).href;
      replace(made, 'Your link (shown only now): ', h('a', {href: url, id: 'new-link'}, url), ' ',
        h('button', {type: 'button', onclick: () => navigator.clipboard && navigator.clipboard.writeText(url)},
          'Copy'));
      made.hidden = false;
      f.password.value = '';
      await renderLinks();
    } catch (error) {
      app.notice(app.describe(error), 'error');
    }
  }},
  h('input', {name: 'path', 'aria-label': 'File or folder to link', placeholder: 'File or folder', required: true,
    value: preset}),
  h('select', {name: 'access', 'aria-label': 'What visitors may do'}, h('option', {value: 'view'}, 'view'),
    h('option', {value: 'upload'}, 'upload only (file drop)')),
  h('input', {name: 'password', type: 'password', 'aria-label': 'Password (optional)', placeholder: 'Password',
    autocomplete: 'new-password'}),
  h('button', {type: 'submit'}, 'Make link'));

  replace(container,
    h('h1', {}, 'Sharing'),
    h('p', {class: 'muted'}, 'A shared folder appears in each member\'s files; its files count against its '
      + 'owner\'s storage, whoever writes them.'),
    shareForm, list,
    h('h2', {}, 'Links'),
    h('p', {class: 'muted'}, 'Anyone with a link can open it, no account needed. Its address is shown once.'),
    linkForm, made, links);

  async function render() {
    const shares = (await get('/shares')).shares;
    if (shares.length === 0) {
      replace(list, h('p', {class: 'empty muted'}, 'Nothing shared yet.'));
      return;
    }
    replace(list, h('ul', {class: 'share-list'}, shares.map((s) => h('li', {'data-share': s.id},
      h('a', {href: folderHash(s.path)}, h('strong', {}, s.path)), ' ',
      h('span', {class: `role ${s.role}`}, s.role === 'viewer' ? 'read only' : s.role),
      h('span', {class: 'muted'}, s.role === 'owner' ? '' : ` — shared by ${s.owner}`),
      h('ul', {class: 'members'}, s.members.filter((m) => m.role !== 'owner').map((m) => h('li', {},
        `${m.user} (${m.role === 'viewer' ? 'can view' : 'can edit'})`, ' ',
        s.role === 'owner' ? h('button', {type: 'button', class: 'link danger', onclick: async () => {
          await act(() => del(`/shares/${s.id}?user=${encodeURIComponent(m.user)}`), `${m.user} removed.`);
        }}, 'Remove') : null))),
      s.role === 'owner' ? null : h('button', {type: 'button', class: 'danger', onclick: async () => {
        if (confirm(`Leave ${s.path}? It leaves your files; nothing on the server is deleted.`)) {
          await act(() => del(`/shares/${s.id}`), `You left ${s.path}.`);
        }
      }}, 'Leave')))));
  }

  async function renderLinks() {
    const all = (await get('/links')).links;
    if (all.length === 0) {
      replace(links, h('p', {class: 'empty muted'}, 'No links.'));
      return;
    }
    replace(links, h('ul', {class: 'link-list'}, all.map((l) => h('li', {'data-link': l.id},
      h('strong', {}, l.path), ` — ${l.access === 'upload' ? 'upload only' : 'view'}`,
      l.password ? ', password' : '', l.expires_at ? `, until ${time(l.expires_at)}` : '', ' ',
      h('button', {type: 'button', class: 'link danger', onclick: async () => {
        await act(() => request('DELETE', `/links/${encodeURIComponent(l.id)}`), 'Link revoked.');
      }}, 'Revoke')))));
  }

  async function act(action, done) {
    try {
      await action();
      app.notice(done);
      await render();
      await renderLinks();
    } catch (error) {
      app.notice(error instanceof ApiError ? error.message : app.describe(error), 'error');
    }
  }

  await render();
  await renderLinks();
  return {refresh: async () => {
    await render();
    await renderLinks();
  }};
}
