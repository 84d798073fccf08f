// Following the change feed: a long-poll that answers as soon as anything is committed in this account, so the page
// shows another device's change within about a second. After an error it waits, longer each time, and tries again.

import {get} from './api.js';

export function follow(onChange) {
  let stopped = false;
  let controller = null;
  (async () => {
    let cursor = (await get('/changes/latest')).cursor;
    let backoff = 1000;
    while (!stopped) {
      try {
        controller = new AbortController();
        const answer = await get(`/changes/longpoll?cursor=${cursor}&timeout=25`, {signal: controller.signal});
        backoff = 1000;
        if (answer.changes) {
          cursor = answer.cursor;
          await onChange();
        }
      } catch (error) {
        if (stopped) return;
        await new Promise((resolve) => setTimeout(resolve, backoff));
        backoff = Math.min(backoff * 2, 30000);
      }
    }
  })().catch(() => {});
  return () => {
    stopped = true;
    if (controller) controller.abort();
  };
}
