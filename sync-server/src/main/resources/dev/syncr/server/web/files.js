// A folder: its subfolders and files (ids with "/" are folders), sortable and filterable; upload by button or by
// dropping files, with a progress bar each; download, history, rename or move, delete. Every change names the
// version the page showed, so a page that is out of date gets a clear message instead of overwriting.

import {ApiError, del, get, listUnder, post} from './api.js';
import {filePath, folderHash, h, replace, size, time} from './dom.js';
import {upload} from './upload.js';

const COLUMNS = [
  ['name', 'Name'], ['size', 'Size'], ['modified', 'Modified'], ['version', 'Version'], ['by', 'Changed by']];

export async function filesView(container, folder, app) {
  let files = [];
  let sort = {key: 'name', direction: 1};
  let editing = 0;
  const filter = h('input', {type: 'search', id: 'filter', placeholder: 'Filter by name',
    'aria-label': 'Filter by name', oninput: () => renderTable()});
  // the label below is the visible, focusable control; the input itself stays out of the tab order
  const picker = h('input', {type: 'file', id: 'upload-input', multiple: true, class: 'visually-hidden', tabindex: '-1',
    onchange: () => {
      uploadAll([...picker.files]);
      picker.value = '';
    }});
  const showDeleted = h('input', {type: 'checkbox', id: 'show-deleted', onchange: () => refresh(true)});
  const uploads = h('ul', {class: 'uploads', id: 'uploads', 'aria-label': 'Uploads'});
  const table = h('div', {id: 'listing'});
  const newFolder = h('form', {class: 'inline', hidden: true, onsubmit: (event) => {
    event.preventDefault();
    const name = newFolder.elements.name.value.trim().replace(/^\/+|\/+$/g, '');
    if (name) location.hash = folderHash(folder + name);
  }}, h('input', {name: 'name', 'aria-label': 'New folder name', placeholder: 'Folder name'}),
  h('button', {type: 'submit'}, 'Open'));

  replace(container,
    breadcrumb(folder),
    h('div', {class: 'toolbar'},
      filter,
      h('label', {for: 'upload-input', class: 'button primary', tabindex: '0', role: 'button',
        onkeydown: (event) => {
          if (event.key === 'Enter' || event.key === ' ') {
            event.preventDefault();
            picker.click();
          }
        }}, 'Upload files'),
      picker,
      h('button', {type: 'button', onclick: () => {
        newFolder.hidden = !newFolder.hidden;
        if (!newFolder.hidden) newFolder.elements.name.focus();
      }}, 'New folder'),
      newFolder,
      h('label', {class: 'check'}, showDeleted, ' Show deleted files')),
    h('p', {class: 'hint muted'}, 'Drop files anywhere on this page to upload them into this folder.'),
    uploads,
    table);

  container.ondragover = (event) => {
    event.preventDefault();
    container.classList.add('dropping');
  };
  container.ondragleave = () => container.classList.remove('dropping');
  container.ondrop = (event) => {
    event.preventDefault();
    container.classList.remove('dropping');
    uploadAll([...event.dataTransfer.files]);
  };

  /** The shared folders in this account's files, by path: a folder row says so, and which may only be read. */
  let mounts = new Map();

  async function load() {
    const [listed, shares] = await Promise.all([listUnder(folder, showDeleted.checked),
      get('/shares').then((answer) => answer.shares, () => [])]);
    files = listed;
    mounts = new Map(shares.map((s) => [s.path, s]));
  }

  /** What the table shows, to redraw it only when that changed (a redraw under the pointer loses a click). */
  function shown() {
    return JSON.stringify([files, [...mounts.keys()]]);
  }

  /** The folder's own files and its immediate subfolders (with how many files each holds, at any depth). */
  function entries() {
    const folders = new Map();
    const own = [];
    for (const file of files) {
      const rest = file.file_id.slice(folder.length);
      const slash = rest.indexOf('/');
      if (slash < 0) {
        own.push(file);
      } else {
        const name = rest.slice(0, slash);
        const entry = folders.get(name) || {name, count: 0, size: 0, modified: ''};
        entry.count++;
        entry.size += file.size_bytes;
        if (file.updated_at > entry.modified) entry.modified = file.updated_at;
        folders.set(name, entry);
      }
    }
    return {folders: [...folders.values()], own};
  }

  function compare(a, b) {
    const value = (x) => ({name: x.name, size: x.size, modified: x.modified, version: x.version || 0,
      by: x.by || ''})[sort.key];
    const [va, vb] = [value(a), value(b)];
    const order = typeof va === 'number' ? va - vb : String(va).localeCompare(String(vb));
    return order * sort.direction;
  }

  function renderTable() {
    const {folders, own} = entries();
    const needle = filter.value.trim().toLowerCase();
    const match = (name) => !needle || name.toLowerCase().includes(needle);
    const folderRows = folders.filter((f) => match(f.name))
      .map((f) => ({...f, folder: true})).sort(compare);
    const fileRows = own.map((f) => ({name: f.file_id.slice(folder.length), size: f.deleted ? 0 : f.size_bytes,
      modified: f.updated_at, version: f.version, by: f.updated_by, file: f}))
      .filter((f) => match(f.name)).sort(compare);
    if (folderRows.length + fileRows.length === 0) {
      replace(table, h('p', {class: 'empty muted'}, files.length === 0 && !needle
        ? (folder ? 'This folder is empty. Upload files to create it.' : 'No files yet. Upload some to begin.')
        : 'Nothing here matches the filter.'));
      return;
    }
    const head = h('tr', {}, COLUMNS.map(([key, label]) => h('th', {scope: 'col',
      'aria-sort': sort.key === key ? (sort.direction > 0 ? 'ascending' : 'descending') : 'none'},
    h('button', {type: 'button', class: 'sort', onclick: () => {
      sort = {key, direction: sort.key === key ? -sort.direction : 1};
      renderTable();
    }}, label, sort.key === key ? (sort.direction > 0 ? ' ▲' : ' ▼') : ''))),
    h('th', {scope: 'col'}, h('span', {class: 'visually-hidden'}, 'Actions')));
    replace(table, h('table', {class: 'files'}, h('thead', {}, head),
      h('tbody', {}, folderRows.map(folderRow), fileRows.map(fileRow))));
  }

  function folderRow(entry) {
    const shared = mounts.get(folder + entry.name);
    return h('tr', {class: 'folder'},
      h('td', {'data-label': 'Name'}, h('a', {href: folderHash(folder + entry.name), class: 'folder-link'}, entry.name),
        shared ? h('span', {class: `role ${shared.role}`, title: shared.role === 'owner' ? 'You share this folder'
          : `Shared by ${shared.owner}; its files count against their storage`},
        shared.role === 'viewer' ? 'shared, read only' : 'shared') : null),
      h('td', {'data-label': 'Size'}, size(entry.size)),
      h('td', {'data-label': 'Modified'}, time(entry.modified)),
      h('td', {'data-label': 'Files', colspan: 2}, `${entry.count} file${entry.count === 1 ? '' : 's'}`),
      h('td', {class: 'actions'}, !shared || shared.role === 'owner'
        ? h('a', {href: '#/shares/' + encodeURIComponent(folder + entry.name)}, 'Share') : null));
  }

  function fileRow(row) {
    const file = row.file;
    if (file.deleted) {
      return h('tr', {'data-file-id': file.file_id, class: 'deleted'},
        h('td', {'data-label': 'Name', class: 'name'}, h('del', {}, row.name), ' (deleted)'),
        h('td', {'data-label': 'Size'}, ''),
        h('td', {'data-label': 'Deleted'}, time(file.updated_at)),
        h('td', {'data-label': 'Version'}, String(file.version)),
        h('td', {'data-label': 'Changed by'}, file.updated_by || ''),
        h('td', {class: 'actions'}, h('a', {href: '#/history/' + encodeURIComponent(file.file_id)},
          'History and restore')));
    }
    const name = h('td', {'data-label': 'Name', class: 'name'},
      h('a', {href: filePath(file.file_id, '/download'), download: row.name, class: 'file-link'}, row.name));
    const actions = h('td', {class: 'actions'},
      h('a', {href: '#/history/' + encodeURIComponent(file.file_id)}, 'History'),
      h('button', {type: 'button', class: 'link', onclick: () => rename(file, name)}, 'Rename'),
      deleteButton(file));
    return h('tr', {'data-file-id': file.file_id}, name,
      h('td', {'data-label': 'Size'}, size(file.size_bytes)),
      h('td', {'data-label': 'Modified'}, time(file.updated_at)),
      h('td', {'data-label': 'Version'}, String(file.version)),
      h('td', {'data-label': 'Changed by'}, file.updated_by || ''),
      actions);
  }

  /**
   * Two clicks: "Delete", then "Confirm delete". While it waits for the second, the list is not redrawn under the
   * user's pointer; the delete still names the version shown, so a change made meanwhile is reported, not lost.
   */
  function deleteButton(file) {
    let armed = false;
    const disarm = async () => {
      if (!armed) return;
      armed = false;
      editing = Math.max(0, editing - 1);
      await refresh();
    };
    const button = h('button', {type: 'button', class: 'link danger', onblur: disarm, onclick: async () => {
      if (!armed) {
        armed = true;
        editing++;
        replace(button, 'Confirm delete');
        button.focus();
        return;
      }
      armed = false;
      editing = Math.max(0, editing - 1);
      try {
        await del(filePath(file.file_id, `?expected_version=${file.version}`));
        app.notice(`Deleted ${file.file_id}. Its history keeps every version.`);
      } catch (error) {
        app.notice(stale(error, file, 'deleted'), 'error');
      }
      await refresh(true);
    }}, 'Delete');
    return button;
  }

  function rename(file, cell) {
    editing++;
    const input = h('input', {value: file.file_id, 'aria-label': 'New name (use / for folders)', size: 40});
    const done = async () => {
      editing = Math.max(0, editing - 1);
      await refresh(true);
    };
    replace(cell, h('form', {class: 'inline', onsubmit: async (event) => {
      event.preventDefault();
      const to = input.value.trim();
      if (!to || to === file.file_id) return done();
      try {
        await post(filePath(file.file_id, '/move'), {to, expected_version: file.version});
        await done();
        app.notice(`Moved ${file.file_id} to ${to}.`); // once the list shows it
        return;
      } catch (error) {
        app.notice(stale(error, file, 'moved'), 'error');
      }
      await done();
    }}, input, h('button', {type: 'submit'}, 'Save'),
    h('button', {type: 'button', onclick: done}, 'Cancel')));
    input.focus();
  }

  function stale(error, file, verb) {
    if (error instanceof ApiError && (error.code === 'version_conflict' || error.code === 'not_found')) {
      return `${file.file_id} was changed on another device since this page showed it (version ${file.version}`
        + `, now ${error.body.current_version ?? 'gone'}). Nothing was ${verb}; the list now shows the latest.`;
    }
    return app.describe(error);
  }

  async function uploadAll(selected) {
    for (const file of selected) {
      const id = folder + file.name;
      const bar = h('progress', {max: '1', value: '0', 'aria-label': `Uploading ${file.name}`});
      const state = h('span', {class: 'state'}, 'waiting');
      const item = h('li', {'data-upload': id}, h('span', {class: 'name'}, file.name), bar, state);
      uploads.append(item);
      const existing = files.find((f) => f.file_id === id);
      try {
        const result = await upload(file, id, existing ? existing.version : 0, (fraction, phase) => {
          bar.value = fraction;
          replace(state, `${phase} ${Math.round(fraction * 100)}%`);
        });
        bar.value = 1;
        replace(state, result.status === 'unchanged' ? 'done (unchanged)' : 'done');
        item.classList.add('done');
      } catch (error) {
        item.classList.add('failed');
        if (error instanceof ApiError && error.body.conflict) {
          replace(state, `changed elsewhere meanwhile: kept as ${error.body.conflict.copy_id}`);
          await app.refreshBadge();
        } else {
          replace(state, 'failed: ' + app.describe(error));
        }
      }
      await refresh(true);
    }
  }

  async function refresh(force = false) {
    if (editing && !force) return;
    const before = shown();
    await load();
    if (force || shown() !== before) renderTable();
  }

  await load();
  renderTable();
  return {refresh};
}

function breadcrumb(folder) {
  const parts = folder.split('/').filter((s) => s);
  const items = [h('li', {}, parts.length ? h('a', {href: '#/files/'}, 'All files') : h('span', {}, 'All files'))];
  parts.forEach((part, i) => {
    const path = parts.slice(0, i + 1).join('/');
    items.push(h('li', {}, i === parts.length - 1
      ? h('span', {'aria-current': 'location'}, part)
      : h('a', {href: folderHash(path)}, part)));
  });
  return h('nav', {class: 'breadcrumb', 'aria-label': 'Folder'}, h('ol', {}, items));
}
