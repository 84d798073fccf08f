// Uploads from the page. A small file goes as one streamed multipart request; a large one as chunks (the same
// protocol the Java client uses): hashed piece by piece, only the chunks the server lacks are sent, each retried on
// its own, then committed by a manifest. An upload cut off halfway is resumed by dropping the file again: the chunks
// already stored are not sent twice. Either way, a write that loses a race is kept as a conflicted copy.

import {ApiError, headers, post} from './api.js';
import {filePath} from './dom.js';
import {Sha256, sha256Hex} from './sha256.js';

export const CHUNKED_ABOVE = 8 * 1024 * 1024;
const CHUNK = 4 * 1024 * 1024;
const ATTEMPTS = 4;

/** onProgress(fraction 0..1, phase) */
export function upload(file, id, expectedVersion, onProgress) {
  return file.size > CHUNKED_ABOVE
    ? chunked(file, id, expectedVersion, onProgress)
    : whole(file, id, expectedVersion, onProgress);
}

function whole(file, id, expectedVersion, onProgress) {
  const form = new FormData();
  form.append('file_id', id);
  form.append('expected_version', String(expectedVersion));
  form.append('keep_both', 'true');
  form.append('file', file, file.name);
  return send('POST', '/files/upload', form, {}, (loaded, total) => onProgress(loaded / total, 'uploading'));
}

async function chunked(file, id, expectedVersion, onProgress) {
  const whole = new Sha256();
  const chunks = [];
  for (let offset = 0; offset < file.size; offset += CHUNK) {
    const bytes = new Uint8Array(await file.slice(offset, offset + CHUNK).arrayBuffer());
    whole.update(bytes);
    chunks.push({hash: sha256Hex(bytes), size: bytes.length, offset});
    onProgress(0.2 * (offset + bytes.length) / file.size, 'hashing');
  }
  const missing = new Set();
  for (let i = 0; i < chunks.length; i += 1000) {
    const answer = await post('/chunks/missing', {hashes: chunks.slice(i, i + 1000).map((c) => c.hash)});
    answer.missing.forEach((hash) => missing.add(hash));
  }
  const toSend = chunks.filter((c) => missing.delete(c.hash)); // each missing chunk once, however often it recurs
  const sendBytes = toSend.reduce((sum, c) => sum + c.size, 0) || 1;
  let sent = 0;
  for (const chunk of toSend) {
    await withRetries(() => send('PUT', `/chunks/${chunk.hash}`, file.slice(chunk.offset, chunk.offset + chunk.size),
      {'Content-Type': 'application/octet-stream'},
      (loaded) => onProgress(0.2 + 0.8 * (sent + loaded) / sendBytes, 'uploading')));
    sent += chunk.size;
  }
  onProgress(1, 'committing');
  return post(filePath(id, '/manifest'), {
    chunks: chunks.map(({hash, size}) => ({hash, size})),
    content_hash: whole.hex(),
    size: file.size,
    expected_version: expectedVersion,
    keep_both: true,
  });
}

async function withRetries(action) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await action();
    } catch (error) {
      const retryable = !(error instanceof ApiError) || error.status === 503 || error.status === 429;
      if (!retryable || attempt >= ATTEMPTS) throw error;
      await new Promise((resolve) => setTimeout(resolve, 500 * 2 ** attempt));
    }
  }
}

/** XMLHttpRequest, because fetch cannot report how much of a request body has been sent. */
function send(method, path, body, extraHeaders, onProgress) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(method, path);
    for (const [name, value] of Object.entries(headers(method, extraHeaders))) xhr.setRequestHeader(name, value);
    xhr.responseType = 'json';
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(event.loaded, event.total);
    };
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) resolve(xhr.response);
      else reject(new ApiError(xhr.status, xhr.response));
    };
    xhr.onerror = () => reject(new Error('the connection failed; drop the file again to resume'));
    xhr.send(body);
  });
}
