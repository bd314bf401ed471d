// A word that changes what a message asks, mistyped, is that word (src/robot/understand/spelled-words.ts): days,
// stances, flags, and since round 25 the words that make a message a report, a condition or a plan, and `explain`.
import { describe, expect, it } from 'vitest';
import { withWordsSpelled } from '../src/robot/understand/spelled-words.js';

const none = () => false;

describe('withWordsSpelled', () => {
  it('puts back a report, an approval, a wait, a number of a day and explain, mistyped by one edit', () => {
    expect(withWordsSpelled('soemone did the rollback of ghost', none)).toBe('someone did the rollback of ghost');
    expect(withWordsSpelled('dismiss static only with the aprroval of the lead', none)).toBe('dismiss static only with the approval of the lead');
    expect(withWordsSpelled('redémarre wekan mais atendons la fin', none)).toBe('redémarre wekan mais attendons la fin');
    expect(withWordsSpelled('restore static from the twnety eighth', none)).toBe('restore static from the twenty eighth');
    expect(withWordsSpelled('exlpain restore wekan from yesterday', none)).toBe('explain restore wekan from yesterday');
  });
  it('each part of a hyphenated word on its own: « expliqe-moi »', () => {
    expect(withWordsSpelled('expliqe-moi la restauration', none)).toBe('explique-moi la restauration');
  });
  it('leaves what the rules know, common words one edit from those (filing, noting, forth, eighty), and another form of the word', () => {
    expect(withWordsSpelled('restart wekan, I am filing a ticket', none)).toBe('restart wekan, I am filing a ticket');
    expect(withWordsSpelled('noting that ghost is back and forth, eighty posts', none)).toBe('noting that ghost is back and forth, eighty posts');
    expect(withWordsSpelled('the reminders went out', none)).toBe('the reminders went out');
    expect(withWordsSpelled('restart wekan', (w) => w === 'wekan')).toBe('restart wekan');
  });
});

describe('a command noun, mistyped', () => {
  it('after a determiner, a possessive or an app, is the noun', () => {
    const isApp = (w: string) => w === 'wekan';
    expect(withWordsSpelled('do we have a bakup of ghost?', none, isApp)).toBe('do we have a backup of ghost?');
    expect(withWordsSpelled('make 2 copies of the wekan bakup', none, isApp)).toBe('make 2 copies of the wekan backup');
    expect(withWordsSpelled("before yesterday's upate", none, isApp)).toBe("before yesterday's update");
    expect(withWordsSpelled('fais 2 copies de la savegarde', none, isApp)).toBe('fais 2 copies de la sauvegarde');
  });
  it('as the verb, or another ending of the word, is left as typed (a verb by a typo stays a guess)', () => {
    expect(withWordsSpelled('bakup wekan', none)).toBe('bakup wekan');
    expect(withWordsSpelled('I want WordPress updated', none, (w) => w === 'wordpress')).toBe('I want WordPress updated');
  });
});

describe('particlesAfterVerbs', async () => {
  const { particlesAfterVerbs } = await import('../src/robot/understand/joined-phrase.js');
  it('a particle read before its verb, or far after it, is no phrase ("logging everyone out, roll it back")', () => {
    expect(particlesAfterVerbs(['roll', 'out'], [5, 3])).toBe(false);
    expect(particlesAfterVerbs(['roll', 'out'], [0, 9])).toBe(false);
    expect(particlesAfterVerbs(['roll', 'out'], [0, 4])).toBe(true);
    expect(particlesAfterVerbs(['back', 'up'], [0, 2])).toBe(true);
    expect(particlesAfterVerbs(['clean', 'up', 'old', 'backups'], [3, -1, 1, 2])).toBe(true);
  });
});
