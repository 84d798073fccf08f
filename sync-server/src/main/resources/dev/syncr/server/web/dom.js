// Building the page from data: every name a user chose goes in as text (textContent), never as markup, so a file
// called "<img src=x onerror=alert(1)>.txt" is shown as exactly that and runs nothing.

/** h('a', {href: '#/x', class: 'y', onclick: f}, 'text', child…) */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') {
      el.addEventListener(key.slice(2), value);
    } else if (key === 'class') {
      el.className = value;
    } else if (value === true) {
      el.setAttribute(key, '');
    } else {
      el.setAttribute(key, String(value));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === undefined || child === null || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

export function replace(parent, ...children) {
  parent.replaceChildren();
  append(parent, children);
}

const UNITS = ['B', 'KB', 'MB', 'GB', 'TB'];

export function size(bytes) {
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < UNITS.length - 1) {
    value /= 1000;
    unit++;
  }
  return unit === 0 ? `${bytes} B` : `${value.toFixed(value < 10 ? 1 : 0)} ${UNITS[unit]}`;
}

export function time(iso) {
  if (!iso) return '';
  const date = new Date(iso);
  return date.toLocaleString(undefined, {dateStyle: 'medium', timeStyle: 'short'});
}

/** The URL path of a file's API resource: its whole id as one segment, so "a/metadata" is never an action. */
export function filePath(id, suffix = '') {
  return `/files/${encodeURIComponent(id)}${suffix}`;
}

/** The page address of a folder ("docs/2026/" → "#/files/docs/2026/"), each name encoded on its own. */
export function folderHash(folder) {
  return '#/files/' + folder.split('/').filter((s) => s).map((s) => encodeURIComponent(s) + '/').join('');
}
