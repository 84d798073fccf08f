// Conflicts: the open ones in a list, and one conflict with the two versions side by side (differing lines
// highlighted), resolved with one click: keep the original, keep the copy, keep both, or edit and save a merge.

import {ApiError, get, post, text} from './api.js';
import {filePath, h, replace, time} from './dom.js';
import {sideBySide} from './diff.js';

export async function conflictsView(container, app) {
  const list = h('div', {id: 'conflicts'});
  replace(container, h('h1', {}, 'Conflicts'), list);

  async function render() {
    const conflicts = (await get('/conflicts')).conflicts;
    if (conflicts.length === 0) {
      replace(list, h('p', {class: 'empty muted'}, 'No open conflicts. Everything is in sync.'));
      return;
    }
    replace(list, h('ul', {class: 'conflict-list'}, conflicts.map((c) => h('li', {'data-conflict': c.id},
      h('a', {href: `#/conflicts/${c.id}`}, h('strong', {}, c.file_id)),
      h('span', {class: 'muted'}, ` — ${c.client_id || 'a device'}'s edit kept as `),
      h('span', {}, c.copy_id),
      h('span', {class: 'muted'}, `, ${time(c.created_at)}`)))));
  }

  await render();
  return {refresh: render};
}

export async function conflictView(container, id, app) {
  let busy = false;

  async function render() {
    if (busy) return;
    const conflict = await get(`/conflicts/${encodeURIComponent(id)}`);
    const original = await head(conflict.file_id);
    const copy = await head(conflict.copy_id);
    const [left, right] = await Promise.all([
      original ? text(filePath(conflict.file_id, '/download')) : '',
      copy ? text(filePath(conflict.copy_id, '/download')) : '']);
    const body = [
      h('p', {}, h('a', {href: '#/conflicts'}, '← All conflicts')),
      h('h1', {}, 'Conflict on ', h('span', {class: 'file-name'}, conflict.file_id)),
      h('p', {class: 'muted'}, `Both sides edited version ${conflict.base_version}. `,
        `The original kept its name (now version ${original ? original.version : 'deleted'}); `,
        `${conflict.client_id || 'the other device'}'s edit was kept as `, h('span', {}, conflict.copy_id), '.'),
    ];
    if (conflict.status !== 'open') {
      body.push(h('p', {class: 'notice info'}, `Resolved (${conflict.resolution}) by ${conflict.resolved_by || ''}`
        + ` ${time(conflict.resolved_at)}.`));
      replace(container, body);
      return;
    }
    const actions = h('div', {class: 'toolbar resolve'},
      h('button', {type: 'button', onclick: () => resolve('original')}, 'Keep original'),
      h('button', {type: 'button', onclick: () => resolve('copy')}, 'Keep copy'),
      h('button', {type: 'button', onclick: () => resolve('both')}, 'Keep both'),
      left !== null && right !== null
        ? h('button', {type: 'button', onclick: () => edit(left)}, 'Edit and save a merge') : '');
    body.push(actions);
    body.push(left !== null && right !== null
      ? compare(conflict, left, right)
      : h('p', {}, 'These versions are not text, so they cannot be shown side by side. Download them to compare: ',
        h('a', {href: filePath(conflict.file_id, '/download')}, 'original'), ' · ',
        h('a', {href: filePath(conflict.copy_id, '/download')}, 'copy')));
    const editor = h('form', {id: 'merge-editor', hidden: true, onsubmit: async (event) => {
      event.preventDefault();
      await resolve('content', editor.elements.merged.value);
    }}, h('label', {for: 'merged'}, 'The merged text'),
    h('textarea', {id: 'merged', name: 'merged', rows: 16}),
    h('button', {type: 'submit', class: 'primary'}, 'Save the merge'));
    body.push(editor);
    replace(container, body);

    function edit(initial) {
      busy = true;
      editor.hidden = false;
      if (!editor.elements.merged.value) editor.elements.merged.value = initial;
      editor.elements.merged.focus();
    }

    async function resolve(keep, content) {
      busy = true;
      try {
        const request = {keep};
        if (keep === 'copy' || keep === 'content') request.expected_version = original ? original.version : 0;
        if (keep === 'content') request.content = content;
        await post(`/conflicts/${encodeURIComponent(id)}/resolve`, request);
        app.flash(`Resolved: ${{original: 'kept the original', copy: 'kept the copy', both: 'kept both files',
          content: 'saved the merge'}[keep]}.`);
        await app.refreshBadge();
        location.hash = '#/conflicts';
      } catch (error) {
        busy = false;
        app.notice(error instanceof ApiError && error.code === 'version_conflict'
          ? 'The original changed on another device meanwhile; the comparison now shows it. Choose again.'
          : app.describe(error), 'error');
        await render();
      }
    }
  }

  await render();
  return {refresh: render};
}

async function head(id) {
  try {
    const metadata = await get(filePath(id, '/metadata'));
    return metadata.deleted ? null : metadata;
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return null;
    throw error;
  }
}

function compare(conflict, left, right) {
  const rows = sideBySide(left, right);
  const cell = (number, line, kind) => [
    h('td', {class: 'line-no'}, number === null ? '' : String(number)),
    h('td', {class: `code ${kind}`}, line === null ? '' : line)];
  return h('div', {class: 'compare-wrap'}, h('table', {class: 'compare', id: 'compare'},
    h('thead', {}, h('tr', {},
      h('th', {colspan: 2, scope: 'col'}, 'Original: ', conflict.file_id),
      h('th', {colspan: 2, scope: 'col'}, 'Copy: ', conflict.copy_id))),
    h('tbody', {}, rows.map((row) => h('tr', {class: row.kind},
      cell(row.leftNo, row.left, row.kind === 'same' ? '' : 'left-diff'),
      cell(row.rightNo, row.right, row.kind === 'same' ? '' : 'right-diff'))))));
}
