// A command named as a thing, asked whether it would do some good (src/robot/understand/effect-question.ts, round 26's blind batch AY).
import { describe, expect, it } from 'vitest';
import { asksWhatItWouldDo } from '../src/robot/understand/effect-question.js';

describe('asksWhatItWouldDo', () => {
  it('a modal on the command noun, then an effect in its bare form', () => {
    for (const t of ['could a restore of nextcloud fix the slowness or is that overkill?', 'would a restart help?', 'does a rollback of gitlab lose the issues?', 'so would the full backup of ghost slow it down', 'might another restart of wekan clear the cache?']) expect(asksWhatItWouldDo(t), t).toBe(true);
  });
  it('a request, even a polite one, is no such question', () => {
    for (const t of ['could you restore nextcloud?', 'could a restart of ghost be done now?', 'Do one thing, take the backup of gitlab now itself.', 'restore nextcloud, it may fix the slowness', 'can you do a restart of ghost?']) expect(asksWhatItWouldDo(t), t).toBe(false);
  });
});
