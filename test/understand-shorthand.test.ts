// How a message is made plain before it is read: code spans, slash prefixes, --help, app names dictated in two
// words or shortened, versions dictated in words. The app vocabulary is the shipped catalog's.
import { describe, expect, it } from 'vitest';
import { explainCatalogNames } from '../src/explain.js';
import { plainShorthand } from '../src/robot/understand/shorthand.js';

const apps = explainCatalogNames([]);
const v = { apps, commands: new Set(['status', 'restart', 'restore', 'help', 'summon']), known: (w: string) => ['up', 'ok', 'px'].includes(w) };

describe('plainShorthand', () => {
  it('joins an app name dictated in two words, with or without its dash', () => {
    expect(plainShorthand('restore next cloud from yesterday', v)).toBe('restore nextcloud from yesterday');
    expect(plainShorthand('restart Uptime Kuma please', v)).toBe('restart uptime-kuma please');
    expect(plainShorthand('status of paperless ngx?', v)).toBe('status of paperless-ngx?');
  });

  it('expands two consonants that fit one app only, and no other short word', () => {
    expect(plainShorthand('bkp nc, then wp', v)).toBe('bkp nextcloud, then wordpress');
    expect(plainShorthand('restart mm', v)).toBe('restart mattermost');
    // "gt" fits gitea and gitlab; "ps", "px" and a path are left as typed
    expect(plainShorthand('restart gt ps px /srv/gl', v)).toBe('restart gt ps px /srv/gl');
  });

  it('reads a whole command line in a code span, not one talked about', () => {
    expect(plainShorthand('```restart wekan```', v)).toBe('restart wekan');
    expect(plainShorthand('- `status gl` pls', v)).toBe('status gitlab pls');
    expect(plainShorthand('`restart wekan` is what fixed it', v)).toBe('`restart wekan` is what fixed it');
  });

  it('drops a chat slash prefix and reads --help as help', () => {
    expect(plainShorthand('/summon status wekan', v)).toBe('status wekan');
    expect(plainShorthand('/summon wekan', v)).toBe('summon wekan');
    expect(plainShorthand('summoner --help', v)).toBe('help');
    expect(plainShorthand('restore --help', v)).toBe('help restore');
  });

  it('reads a version dictated in words as typed', () => {
    expect(plainShorthand('update word press to version six point seven point one', v)).toBe('update wordpress to version 6.7.1');
    expect(plainShorthand('update ghost, point taken', v)).toBe('update ghost, point taken');
  });
});
