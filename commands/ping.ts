import { defineCommand } from '../src/robot/command.js';

export default defineCommand({
  name: 'ping',
  summary: 'check that I am listening',
  description: 'Answers pong, with how long the message took to reach me when the chat says when it was sent.',
  examples: ['ping'],
  phrases: {
    en: ["are you there", "can you hear me", "do you hear me", "reachable", "are you reachable", "are you alive", "you there", "still alive", "anybody home", "awake", "anyone there", "anybody there", "is the bot alive", "bot alive", "are you listening", "listening", "you up", "are you up", "still there", "you still there", "bot working", "bot is working", "are you working", "you are there", "bot responding", "are you responding", "answer me", "bot is alive", "bot is there", "receiving my messages"],
    fr: ["vous m'entendez", "tu es la", "joignable", "etes joignable", "es joignable", "t'es la", "es-tu la", "tu m'entends", "t'es vivant", "reveille", "quelqu'un", "y a quelqu'un", "quelqu'un est la", "toujours vivant", "encore vivant", "etes-vous la", "vous etes la", "etes-vous bien la", "t la", "t'es toujours la", "tu es toujours la", "es-tu toujours la", "le bot fonctionne", "bot fonctionne", "tu fonctionnes", "tu reponds", "bot repond", "reponds", "reponds-moi", "bot etre la", "bot est la", "le bot est la", "recois mes messages"],
  },
  args: [] as const,
  sideEffects: false,
  async run(ctx) {
    return ctx.t.pong();
  },
});
