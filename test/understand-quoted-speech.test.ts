// Someone else's words quoted in a message (a user's complaint, a client's email, a ticket) are theirs: the one typing
// asks around them, or asks nothing. A quote with no speaker is the asker's own.
import { describe, expect, it } from 'vitest';
import { withoutQuotedSpeech } from '../src/robot/understand/quoted-speech.js';
import { readLine as got } from './helpers/utterances.js';

describe('withoutQuotedSpeech', () => {
  it('takes out a quote and its frame: a labelled speaker, a verb of saying before it or after it', () => {
    expect(withoutQuotedSpeech('ticket 4412 from dana: "wekan board won\'t load" is wekan up?')).toBe('is wekan up?');
    expect(withoutQuotedSpeech('customer wrote "can you get it back?" ok, restore nextcloud from yesterday')).toBe('ok, restore nextcloud from yesterday');
    expect(withoutQuotedSpeech('« je veux wordpress comme le 25/11 » dit le client → restaure wordpress du 25/11')).toBe('restaure wordpress du 25/11');
    expect(withoutQuotedSpeech('rapport complet stp, un client me demande « votre plateforme va bien ? »')).toBe('rapport complet stp,');
  });

  it('leaves a quote without a speaker, and a thing that only shows words', () => {
    expect(withoutQuotedSpeech('can you run "backup gitlab" for me')).toBeUndefined();
    expect(withoutQuotedSpeech('the audit says "restore nextcloud latest" was run twice last week')).toBeUndefined();
    expect(withoutQuotedSpeech('« restore ghost » demande une confirmation ou pas ?')).toBeUndefined();
    expect(withoutQuotedSpeech('restart wekan')).toBeUndefined();
  });
});

describe('a message quoting someone else', () => {
  it('reads the asker’s own request, never the quoted one', () => {
    expect(got('user in chat: "can u restore wekan to last friday?" do we even have a friday backup for wekan?')).toBe('backups wekan');
    expect(got('fwd from a client: "why is mattermost not loading??? FIX IT" — restart mattermost please')).toBe('restart mattermost');
    expect(got('customer: "please update mattermost, the desktop app says server too old" ok, update mattermost')).toBe('update mattermost');
    expect(got('client : « supprimez static, on a plus besoin du site » → ok retire static mais garde les données')).toBe('dismiss static');
  });

  it('asks nothing when only the quote asks', () => {
    expect(got('client : « restaurez nextcloud d\'hier » ← il me l\'a écrit à moi, le bot t\'occupe pas de ça')).toBe('?');
    expect(got('user wrote "delete my wordpress site, we\'re done" — not our call, leave it alone')).toBe('?');
    expect(got('client: "restore wekan to friday"')).toBe('?');
    expect(got('can you run "backup gitlab" for me')).toBe('backup gitlab');
  });
});
