// A file's history: every version with its time, client and size; any version can be downloaded, and restored with
// one click (as a new version on top, so restoring never loses the versions after it).

import {ApiError, get, post} from './api.js';
import {filePath, folderHash, h, replace, size, time} from './dom.js';

export async function historyView(container, id, app) {
  const list = h('div', {id: 'history'});
  const folder = id.includes('/') ? id.slice(0, id.lastIndexOf('/') + 1) : '';
  replace(container,
    h('p', {}, h('a', {href: folderHash(folder)}, '← Back to the folder')),
    h('h1', {}, 'History of ', h('span', {class: 'file-name'}, id)),
    list);

  async function render() {
    const history = await get(filePath(id, '/versions'));
    const versions = history.versions;
    const head = versions[0];
    const before = history.renamed_from;
    replace(list, before ? h('p', {id: 'renamed-from'}, 'Renamed from ',
      h('a', {href: '#/history/' + encodeURIComponent(before.file_id)}, before.file_id),
      ` (its version ${before.version}): the versions before the rename are there.`) : null,
    h('table', {class: 'files history'},
      h('thead', {}, h('tr', {}, ['Version', 'Time', 'Client', 'Size', ''].map((label) =>
        h('th', {scope: 'col'}, label)))),
      h('tbody', {}, versions.map((v) => h('tr', {'data-version': v.version},
        h('td', {'data-label': 'Version'}, String(v.version), v.version === head.version ? ' (current)' : '',
          v.merged_from ? ` merged v${v.merged_from.base} + v${v.merged_from.head}` : ''),
        h('td', {'data-label': 'Time'}, time(v.created_at)),
        h('td', {'data-label': 'Client'}, v.client_id || ''),
        h('td', {'data-label': 'Size'}, v.deleted ? 'deleted' : size(v.size_bytes)),
        h('td', {class: 'actions'}, v.deleted ? '' : [
          h('a', {href: filePath(id, `/versions/${v.version}/download`)}, 'Download'),
          v.version === head.version ? '' : h('button', {type: 'button', class: 'link',
            onclick: () => restore(v.version, head.version)}, 'Restore'),
        ]))))));
  }

  async function restore(version, expected) {
    try {
      const result = await post(filePath(id, '/restore'), {version, expected_version: expected});
      app.notice(`Restored version ${version} of ${id} as version ${result.version}.`);
    } catch (error) {
      app.notice(error instanceof ApiError && error.code === 'version_conflict'
        ? `${id} changed on another device meanwhile (now version ${error.body.current_version}); nothing was `
          + 'restored. The list now shows the latest; restore again if you still want it.'
        : app.describe(error), 'error');
    }
    await render();
  }

  await render();
  return {refresh: render};
}
