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

  it('leaves out a ticket or issue number, never a value of the command', () => {
    expect(plainShorthand('Per ticket 5561, please retry dead letters 12,13', v)).toBe('Per ticket , please retry dead letters 12,13');
    expect(plainShorthand('Ticket n°4410 : redémarre ghost', v)).toBe('Ticket  : redémarre ghost');
    expect(plainShorthand('scale wekan to 3', v)).toBe('scale wekan to 3');
  });

  it('reads an app typed with a dash inside, or split in two and misspelt, as one word', () => {
    expect(plainShorthand('restore Next-Cloud from yesterday', v)).toBe('restore NextCloud from yesterday');
    expect(plainShorthand('deploy Wee Kan', v)).toBe('deploy weekan');
    // two words the step knows stay two ("check in")
    expect(plainShorthand('restart the check-in page', v)).toBe('restart the check-in page');
  });
});
