// Punctuation said to a phone's dictation (src/robot/understand/spoken-punctuation.ts): typed as the mark where a
// dictation puts it, left as words where they are words.
import { describe, expect, it } from 'vitest';
import { spokenPunctuation } from '../src/robot/understand/spoken-punctuation.js';

describe('spokenPunctuation', () => {
  it('types the marks said aloud', () => {
    expect(spokenPunctuation('update word press question mark')).toBe('update word press?');
    expect(spokenPunctuation("t'es là summoner point d'interrogation")).toBe("t'es là summoner?");
    expect(spokenPunctuation('restart ghost now exclamation mark')).toBe('restart ghost now!');
    expect(spokenPunctuation('the backup failed again last night period')).toBe('the backup failed again last night.');
    expect(spokenPunctuation('restaure wekan à hier point')).toBe('restaure wekan à hier.');
    expect(spokenPunctuation('restart ghost comma it is down')).toBe('restart ghost, it is down');
  });

  it('leaves the same words alone where they are words', () => {
    for (const said of ['what is our retention period', 'the grace period', 'on fait le point', 'remets-le au point', 'update ghost to six virgule sept', 'version 6 comma 7', 'stop the period'])
      expect(spokenPunctuation(said)).toBe(said);
    expect(spokenPunctuation('restart wekan')).toBe('restart wekan');
  });
});
