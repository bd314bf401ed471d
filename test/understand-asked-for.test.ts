// The sign a reading that would act needs before it runs (asked-for.ts): a word that asks, a clause that opens on a
// verb, or the command's words alone. Read through the whole step, with the shipped catalog's apps.
import { describe, expect, it } from 'vitest';
import { explainCatalogNames, explainText } from '../src/explain.js';

const apps = explainCatalogNames([]);
const now = Date.parse('2026-12-02T09:30:00Z');
const read = (text: string) => explainText(text, { apps, now: () => now });

describe('a reading that would act', () => {
  it('runs when the message asks for it: an imperative, a word that asks, or the command alone', () => {
    expect(read('give the registry a bounce').canonical).toBe('restart registry');
    expect(read('tu peux relancer wekan ?').canonical).toBe('restart wekan');
    expect(read('nc bkp').canonical).toBe('backup nextcloud');
    expect(read('Je vous demande de restaurer Nextcloud avec la sauvegarde d\'hier, un dossier a été effacé').canonical).toBe('restore nextcloud 2026-12-01');
  });

  it('is offered as a question, never run, when nothing in the message asks for it', () => {
    for (const text of ['est-ce que scaler wekan à 5 ça aiderait ?', 'La sauvegarde de le gitlab a été faite hier par Marc.', 'Est-ce que scale wekan à 5 would help?']) {
      const e = read(text);
      expect(e.command, text).toBeNull();
      expect(e.ask, text).toBeTruthy();
    }
  });

  it('is asked about when the message holds two requests that act', () => {
    const e = read('sauvegarde ghost, puis mets-le à jour et redémarre mattermost');
    expect(e.command).toBeNull();
    expect(e.ask).toContain('`backup`');
  });

  it('is read on the last sentence after a story, unless a sentence before frames it', () => {
    expect(read('Disk on the backup volume is at 91 %, retention did not run for wordpress. Prune wordpress.').canonical).toBe('prune wordpress');
    expect(read('The old runbook said this. Update gitlab.').command).toBeNull();
  });
});
