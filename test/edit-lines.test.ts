import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createShellAdapter } from '../adapters/shell/index.js';
import { addedLines } from '../src/robot/edit-lines.js';

describe('the lines an edited post adds, for a terminal', () => {
  it('a step appended under the header', () => {
    expect(addedLines(['summoning x…', '• a', '• b'], ['summoning x…', '• a', '• b', '• c'])).toEqual(['• c']);
  });
  it('a sliding window of steps: only the step that came in', () => {
    expect(addedLines(['h', '• 1', '• 2', '• 3'], ['h', '• 2', '• 3', '• 4'])).toEqual(['• 4']);
  });
  it('a step whose text repeats an earlier one is still shown', () => {
    expect(addedLines(['h', '• wait', '• dump'], ['h', '• wait', '• dump', '• wait'])).toEqual(['• wait']);
  });
  it('the result replacing the progress: all of it', () => {
    expect(addedLines(['h', '• 1'], [':white_check_mark: done', '| table |'])).toEqual([':white_check_mark: done', '| table |']);
  });
  it('an edit that shows nothing new adds nothing', () => {
    expect(addedLines(['h', '• 1', '• 2'], ['h', '• 1', '• 2'])).toEqual([]);
    expect(addedLines(['h', '• 1', '• 2'], ['h', '• 2'])).toEqual([]);
  });
});

describe('the shell adapter prints a progress post as a log', () => {
  it('each step once, then the result', async () => {
    const output = new PassThrough();
    let printed = '';
    output.on('data', (d: Buffer) => (printed += d.toString()));
    const shell = createShellAdapter({ input: new PassThrough(), output, login: 'ops' });
    const post = await shell.reply({} as never, { text: 'backing up wekan…' });
    await post.update({ text: 'backing up wekan…\n• dumping' });
    await post.update({ text: 'backing up wekan…\n• dumping\n• archiving' });
    await post.update({ text: ':white_check_mark: done' });
    expect(printed).toBe('backing up wekan…\n• dumping\n• archiving\n:white_check_mark: done\n');
  });
});

describe('the shell adapter says how to answer buttons in their language', () => {
  it('a confirmation and a question, in English and in French (the robot puts the language in the buttons)', async () => {
    const output = new PassThrough();
    let printed = '';
    output.on('data', (d: Buffer) => (printed += d.toString()));
    const shell = createShellAdapter({ input: new PassThrough(), output, login: 'ops' });
    const button = (label: string, context: Record<string, string>) => ({ id: label, label, style: 'default' as const, context });
    await shell.reply({} as never, { text: 'sure?', buttons: [button('Yes', { proposal: 'p', decision: 'yes' })] });
    await shell.reply({} as never, { text: 'sûr ?', buttons: [button('Oui', { proposal: 'p', decision: 'yes', lang: 'fr' })] });
    await shell.reply({} as never, { text: 'which?', buttons: [button('ghost', { question: 'q', answer: 'ghost' })] });
    await shell.reply({} as never, { text: 'laquelle ?', buttons: [button('ghost', { question: 'q', answer: 'ghost', lang: 'fr' })] });
    expect(printed).toBe('sure?\n  [Yes]  (type yes or no)\nsûr ?\n  [Oui]  (tapez oui ou non)\nwhich?\n  [ghost]  (type one)\nlaquelle ?\n  [ghost]  (tapez-en une)\n');
  });
});
